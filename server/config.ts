import { isIP } from 'node:net';
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
  /** A session unused this long ends (enforced on the server). */
  sessionIdleMinutes: number;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (addresses, CIDR ranges, or `loopback`, `linklocal`,
   * `uniquelocal`); `false`: none, the client address is the TCP peer.
   */
  trustProxy: string[] | false;
  /** Failed sign-ins in a row that lock an account (unknown usernames alike). */
  loginLockAfter: number;
  /** The longest lock; each further failure doubles the delay up to this. */
  loginLockMaxMinutes: number;
  /** Failed sign-ins one client address may make per 15 minutes (successful ones are not counted). */
  loginAddressLimit: number;
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

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: unset or `false` trusts no proxy; otherwise a comma-separated list of addresses or ranges. */
function trustProxy(env: NodeJS.ProcessEnv): string[] | false {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || /^(0|false|no|off)$/i.test(raw)) return false;
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) {
    const [addr = '', prefix, extra] = e.split('/');
    const family = isIP(addr);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!(PROXY_RANGES.has(e) || (family !== 0 && prefixOk && extra === undefined))) {
      throw new ConfigError(`TRUST_PROXY must list the proxies' addresses or ranges (e.g. "10.0.0.5" or "10.0.0.0/24,loopback"), got "${e}": `
        + 'trusting every sender would let any client choose its own address through X-Forwarded-For');
    }
  }
  return entries;
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
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 60, 1, 30 * 24 * 60),
    trustProxy: trustProxy(env),
    loginLockAfter: int(env, 'LOGIN_LOCK_AFTER', 5, 1, 100),
    loginLockMaxMinutes: int(env, 'LOGIN_LOCK_MAX_MINUTES', 60, 1, 24 * 60),
    loginAddressLimit: int(env, 'LOGIN_ADDRESS_LIMIT', 100, 1),
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
