import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import type { Config } from './config';
import type { Db } from './db/client';
import { registerAuth, sessionCookieName } from './platform/auth';
import { registerErrorHandling } from './platform/errors';
import type { FileStorage } from './platform/storage';
import type { CalendarProvider } from './modules/calendar/service';
import { accountsRoutes } from './modules/accounts/routes';
import { accountSecurityRoutes } from './modules/accounts/security-routes';
import { catalogRoutes } from './modules/catalog/routes';
import { orgRoutes } from './modules/org/routes';
import { dossierRoutes } from './modules/dossiers/routes';
import { calendarRoutes } from './modules/calendar/routes';
import { catalogAdminRoutes } from './modules/catalog/admin-routes';
import { deskRoutes } from './modules/desk/routes';
import { documentRoutes } from './modules/documents/routes';
import { workflowRoutes } from './modules/workflow/routes';
import { signOnApproval } from './modules/documents/result';
import { loadMasterKey, secretBox, type SecretBox } from './platform/secrets';
import type { DecisionHook } from './modules/dossiers/service';
import { createSearchCache, type SearchCache } from './modules/catalog/search-cache';

export interface AppDeps {
  config: Config;
  db: Db;
  storage: FileStorage;
  calendar: CalendarProvider;
  /** The clock (ms since epoch); injectable for tests of legal time. */
  now: () => number;
  /** Public catalog search results (made by buildApp when not given). */
  searchCache?: SearchCache;
  /** Secrets at rest (made by buildApp from the configured master key when not given). */
  secrets?: SecretBox;
  /** Signs the e-result when a dossier is decided (set by buildApp). */
  onResultReady?: DecisionHook;
}

function ajvFor(coerce: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

/** Personal data never reaches the logs in clear. */
const REDACT = [
  'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  'body.password', 'body.idNumber', 'body.phone', 'body.address',
];

/** A URL as it may be logged: personal identifiers in the query string are masked. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:idNumber|taxCode|phone|email)=)[^&]*/gi, '$1***');
}

/** Builds the HTTP application: platform plugins first, then each module's routes. */
export async function buildApp(given: AppDeps, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const secrets = given.secrets ?? secretBox(loadMasterKey(given.config.secretKey, given.config.dataDir));
  const deps: AppDeps = {
    ...given, secrets, searchCache: given.searchCache ?? createSearchCache(given.config.searchCacheSeconds),
    onResultReady: given.onResultReady ?? signOnApproval({ db: given.db, storage: given.storage, secrets }),
  };
  const app = Fastify({
    logger: opts.logger ?? {
      level: deps.config.logLevel, redact: REDACT,
      serializers: {
        // ID numbers may travel in query strings (desk look-ups): never log them in clear.
        req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
          method: req.method, url: redactUrl(req.url), host: req.hostname, remoteAddress: req.ip,
        }),
      },
    },
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For is believed only from the configured proxies: anyone else could pick their own address.
    trustProxy: deps.config.trustProxy,
  });

  // Bodies are validated strictly (no type coercion); query strings and params are coerced.
  const bodyAjv = ajvFor(false);
  const otherAjv = ajvFor(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema));

  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 5 }, throwFileSizeLimit: true });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'MotCua API', version: '1.0.0',
        description: 'Hệ thống thông tin một cửa điện tử liên thông — API tích hợp. Lỗi trả về dạng application/problem+json với `code` ổn định.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(deps.config.secureCookies) }, csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
      security: [{ session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerAuth(app, deps);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => accountsRoutes(scope, deps));
  await app.register(async (scope) => accountSecurityRoutes(scope, deps));
  await app.register(async (scope) => catalogRoutes(scope, deps));
  await app.register(async (scope) => orgRoutes(scope, deps));
  await app.register(async (scope) => dossierRoutes(scope, deps));
  await app.register(async (scope) => calendarRoutes(scope, deps));
  await app.register(async (scope) => catalogAdminRoutes(scope, deps));
  await app.register(async (scope) => deskRoutes(scope, deps));
  await app.register(async (scope) => documentRoutes(scope, deps));
  await app.register(async (scope) => workflowRoutes(scope, deps));

  // The web app (built by Vite): static files, and index.html for client-side routes.
  const indexHtml = path.join(deps.config.webDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: deps.config.webDir, wildcard: false, index: false });
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const rel = decodeURIComponent(req.url.split('?')[0]!).replace(/^\/+/, '');
      if (rel.startsWith('api/')) {
        return reply.status(404).type('application/problem+json').send({
          type: 'about:blank', status: 404, title: 'Không tìm thấy', detail: 'Đường dẫn không tồn tại.', code: 'route_not_found',
        });
      }
      const file = path.join(deps.config.webDir, rel);
      if (rel && file.startsWith(deps.config.webDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        if (rel.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(rel);
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
  return app;
}
