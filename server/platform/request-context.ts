import type { FastifyRequest } from 'fastify';

/** Where a request comes from, for throttling, the sessions list and the audit log. */
export interface RequestContext { ip: string; userAgent: string | null; requestId: string }

/** Where a request comes from (the client address is the proxy's word only for configured proxies). */
export const requestContext = (req: FastifyRequest): RequestContext => ({
  ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null, requestId: req.id,
});
