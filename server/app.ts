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
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App, AppDeps } from './deps';
import { registerAuth, sessionCookieName } from './platform/auth';
import { databaseUnavailable, frameworkErrors, registerErrorHandling } from './platform/errors';
import { registerSecurityHeaders } from './platform/http-security';
import { registerInputGuard } from './platform/input-guard';
import { loggerOptions } from './platform/logging';
import { createMetrics, registerMetrics } from './platform/metrics';
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
import { ensureDefaultWorkflows } from './modules/workflow/service';
import { inboxRoutes } from './modules/inbox/routes';
import { storeRoutes } from './modules/store/routes';
import { feeRoutes } from './modules/fees/routes';
import { signOnApproval } from './modules/documents/result';
import { loadMasterKey, secretBox } from './platform/secrets';
import { createSearchCache } from './modules/catalog/search-cache';
import { auditRecorder } from './platform/audit';
import { auditAdministration } from './platform/audit-http';
import { identityRoutes } from './modules/identity/routes';
import { auditRoutes } from './modules/audit/routes';


function ajvFor(coerce: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

/**
 * Builds the HTTP application: platform plugins first, then each module's routes. Logs go to stdout, or
 * to `opts.logStream` (tests read them), with personal data kept out (`platform/logging.ts`); `logger: false` silences them.
 */
export async function buildApp(given: AppDeps, opts: { logger?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const secrets = given.secrets ?? secretBox(loadMasterKey(given.config.secretKey, given.config.dataDir));
  const deps: AppDeps = {
    ...given, secrets, searchCache: given.searchCache ?? createSearchCache(given.config.searchCacheSeconds),
    onResultReady: given.onResultReady ?? signOnApproval({ db: given.db, storage: given.storage, secrets }),
    audit: given.audit ?? auditRecorder(given.db, given.now),
    onUnitsAssigned: given.onUnitsAssigned ?? ensureDefaultWorkflows,
  };
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(deps.config.logLevel, opts.logStream),
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For is believed only from the configured proxies: anyone else could pick their own address.
    trustProxy: deps.config.trustProxy,
    frameworkErrors,
  });

  // Bodies are validated strictly (no type coercion); query strings and params are coerced.
  const bodyAjv = ajvFor(false);
  const otherAjv = ajvFor(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema));

  registerErrorHandling(app);
  await registerSecurityHeaders(app, { https: deps.config.secureCookies });
  registerInputGuard(app);
  registerMetrics(app, createMetrics(deps.db, deps.now), deps.config.metricsToken);
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
  auditAdministration(app, deps.audit!);

  // Liveness: the process answers. Readiness: it can serve, the database included (load balancers and
  // orchestrators send traffic only while ready; they restart only what is not live).
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (deps.databaseDown?.()) throw databaseUnavailable();
    await sql`select 1`.execute(deps.db);
    reply.header('cache-control', 'no-store');
    return { status: 'ready' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Each module's routes in their own scope, typed by their schemas (TypeBox type provider).
  const modules: ((scope: App, deps: AppDeps) => Promise<void>)[] = [
    accountsRoutes, accountSecurityRoutes, catalogRoutes, orgRoutes, dossierRoutes, calendarRoutes, catalogAdminRoutes, deskRoutes,
    documentRoutes, workflowRoutes, inboxRoutes, storeRoutes, feeRoutes, identityRoutes, auditRoutes,
  ];
  for (const routes of modules) await app.register(async (scope) => routes(scope.withTypeProvider<TypeBoxTypeProvider>(), deps));

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
