import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of the web app and the API docs (one policy: both are served by us).
 * - scripts only from our origin, no inline script or event-handler attributes; `'unsafe-eval'` because
 *   the e-form renderer (react-jsonschema-form with Ajv) compiles each form's JSON Schema into a
 *   validation function at run time — the one concession (README, Security);
 * - `style-src 'unsafe-inline'`: Ant Design's CSS-in-JS and Swagger UI inject `<style>` elements;
 * - images and fonts from us or `data:` (icons, QR codes), `blob:` images (previews of chosen files);
 * - nothing may frame the app (`frame-ancestors 'none'`, also `X-Frame-Options: DENY`), no plugins,
 *   forms post only to us; `upgrade-insecure-requests` when served over HTTPS.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'", "'unsafe-eval'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'upgrade-insecure-requests': https ? [] : null,
  };
}

/**
 * Routes whose answers hold nothing personal and may be kept by browsers and proxies: the public
 * catalog, units and the working calendar. Every other `/api/v1` answer is `Cache-Control: no-store`
 * unless the route set its own; a new route is private until it is listed here.
 */
const CACHEABLE_ROUTES = new Set([
  '/api/v1/procedures', '/api/v1/procedures/:code', '/api/v1/fields', '/api/v1/units',
  '/api/v1/calendar/days', '/api/v1/calendar/deadline',
]);

/**
 * Security headers on every answer (@fastify/helmet: CSP, frame-ancestors, nosniff, Referrer-Policy
 * `no-referrer`, HSTS over HTTPS, cross-origin isolation of resources) and `no-store` on API answers
 * that may carry personal or account data.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(opts.https) },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control') && !CACHEABLE_ROUTES.has(req.routeOptions.url ?? '')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
