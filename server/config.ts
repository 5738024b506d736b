import path from 'node:path';
import { projectRoot } from './platform/paths';

/** Every setting MotCua reads, validated once at boot. `process.env` is read nowhere else. */
export interface Config {
  /** `production` turns off the demo seed unless SEED_DEMO asks for it. */
  production: boolean;
  port: number;
  host: string;
  /** Root for the embedded PostgreSQL cluster and uploaded files. */
  dataDir: string;
  /** External PostgreSQL; when unset an embedded server is started in `dataDir/postgres`. */
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Mark cookies `Secure` (behind HTTPS). */
  secureCookies: boolean;
  maxUploadBytes: number;
  loginRateLimitPerMinute: number;
  lookupRateLimitPerMinute: number;
  logLevel: string;
  /** Seed the demo province (public passwords) when the database is empty. Default: on, off in production. */
  seedDemo: boolean;
  /** Built web app served at `/`. */
  webDir: string;
  /** Seconds a public catalog search result may be reused (0 = off). */
  searchCacheSeconds: number;
  /** Public address of the portal, printed in QR codes on receipts. */
  publicUrl: string;
  /** Master key for secrets at rest (32 bytes, hex or base64); unset: a key file in dataDir. */
  secretKey: string | undefined;
  /** Bearer token for `GET /metrics`; unset: metrics only from loopback. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Reads and validates the configuration from an environment (defaults to `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = projectRoot();
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const production = env.NODE_ENV === 'production';
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters without spaces');
  }
  return {
    production,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || path.join(root, 'data')),
    databaseUrl,
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    sessionHours: int(env, 'SESSION_HOURS', 12, 1, 24 * 30),
    secureCookies: bool(env, 'SECURE_COOKIES', false),
    maxUploadBytes: int(env, 'MAX_UPLOAD_MB', 10, 1, 1024) * 1024 * 1024,
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT', 20, 1),
    lookupRateLimitPerMinute: int(env, 'LOOKUP_RATE_LIMIT', 60, 1),
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: bool(env, 'SEED_DEMO', !production),
    webDir: path.resolve(env.WEB_DIR || path.join(root, 'dist', 'web')),
    searchCacheSeconds: int(env, 'SEARCH_CACHE_SECONDS', 30, 0, 3600),
    secretKey: env.SECRET_KEY || undefined,
    metricsToken,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
  };
}
