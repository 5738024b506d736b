import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import type { Actor } from './auth';
import type { AuditEntry, AuditRecorder } from './audit';

// How requests reach the audit log.
// - Administration: every successful write (POST, PUT, PATCH, DELETE) to a route under /api/v1/admin/
//   is recorded as `admin.write` by a hook that `auditAdministration` attaches to each such route as it is
//   registered — a new admin route is audited without anyone remembering to. The entry names the route
//   and its parameters (never the body: it may hold passphrases or personal data); a handler adds what
//   the change meant with `noteAudit` (a procedure's new version, a certificate's serial number…).
//   The entry is written after the handler's transaction committed and before the answer is sent; if
//   it cannot be written the caller gets a 500, so no change is reported done without its entry.
// - Reads of another person's data by officers: the route calls `auditRead` after the access check and
//   before sending the data (coalesced per officer and target for a few minutes).
// - Changes whose meaning matters to an auditor (identity verification, consent, reuse of a stored
//   document) append their entry inside their own transaction (`appendAudit`).

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const ADMIN_PREFIX = '/api/v1/admin/';

declare module 'fastify' {
  interface FastifyRequest {
    /** What an administrative change meant, added to its `admin.write` entry. */
    auditNote: Record<string, unknown> | null;
    /** The handler wrote its own entry in its transaction: no generic `admin.write` besides. */
    auditDone: boolean;
  }
}

/** Adds to the audit entry of this administrative request (ids, codes, versions — never personal data). */
export function noteAudit(req: FastifyRequest, data: Record<string, unknown>): void {
  req.auditNote = { ...(req.auditNote ?? {}), ...data };
}

/** Says that the handler recorded this change itself (in its own transaction, with its own action name). */
export function markAudited(req: FastifyRequest): void {
  req.auditDone = true;
}

/** The actor and request fields every entry made for a request carries. */
export function requestEntry(req: FastifyRequest, actor: Actor): Pick<AuditEntry, 'tenantId' | 'actorId' | 'actorName' | 'ip' | 'requestId'> {
  return { tenantId: actor.tenantId, actorId: actor.userId, actorName: actor.fullName, ip: req.ip, requestId: String(req.id) };
}

/**
 * Records every successful write to an admin route. Register before the routes: the hook is attached to
 * each matching route as it is added (the routes of every plugin registered afterwards included).
 */
export function auditAdministration(app: FastifyInstance, recorder: AuditRecorder): void {
  app.decorateRequest('auditNote', null);
  app.decorateRequest('auditDone', false);
  const onSend: onSendHookHandler = async (req: FastifyRequest, reply: FastifyReply, payload) => {
    if (!req.actor || reply.statusCode >= 400 || req.auditDone) return payload;
    const route = req.routeOptions.url ?? req.url;
    await recorder.record({
      ...requestEntry(req, req.actor), action: 'admin.write', targetType: 'route', targetId: `${req.method} ${route}`,
      data: { params: (req.params ?? {}) as Record<string, unknown>, status: reply.statusCode, ...(req.auditNote ?? {}) },
    });
    return payload;
  };
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.url.startsWith(ADMIN_PREFIX) || !methods.some((m) => WRITES.has(m))) return;
    const own = route.onSend ? [route.onSend].flat() : [];
    route.onSend = [...own, onSend];
    route.config = { ...(route.config ?? {}), audited: 'admin.write' } as typeof route.config;
  });
}

/**
 * Records that an officer (or admin) read another person's data, before it is sent. The entry names what
 * was read and whose data it is (ids, codes); repeated reads of the same thing are coalesced.
 */
export function auditRead(
  recorder: AuditRecorder, req: FastifyRequest, actor: Actor,
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'subjectUserId' | 'subjectPersonId' | 'data'>,
): Promise<void> {
  return recorder.record({ ...requestEntry(req, actor), ...entry }, { coalesce: true });
}
