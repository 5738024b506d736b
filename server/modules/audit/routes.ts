import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { verifyAuditChain } from '../../platform/audit';
import { requestEntry } from '../../platform/audit-http';
import { isAdmin, requireActor } from '../../platform/auth';
import { forbidden } from '../../platform/errors';
import { Offset, problemResponses } from '../../platform/openapi';
import { searchAudit } from './repo';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 100 })),
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{9,13}$' })),
  dossierCode: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});
const Entry = Type.Object({
  seq: Type.Integer(), at: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.String(), name: Nullable(Type.String()), username: Nullable(Type.String()) }), Type.Null()]),
  action: Type.String(), targetType: Nullable(Type.String()), targetId: Nullable(Type.String()),
  subject: Type.Union([Type.Object({ userId: Nullable(Type.String()), personId: Nullable(Type.String()), name: Nullable(Type.String()) }), Type.Null()]),
  ip: Nullable(Type.String()), requestId: Nullable(Type.String()), data: Type.Record(Type.String(), Type.Unknown()),
});

/** The audit log for admins: search it, and check that its chain is intact. */
export async function auditRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  const requireAdmin = (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới xem được nhật ký kiểm toán.');
    return actor;
  };

  app.get('/api/v1/admin/audit', {
    schema: {
      tags: ['admin'], summary: 'Tra cứu nhật ký kiểm toán (quản trị, truy cập dữ liệu cá nhân của cán bộ)', querystring: AuditQuery,
      response: { 200: Type.Object({ items: Type.Array(Entry), total: Type.Integer() }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    const rows = await searchAudit(db, actor.tenantId, req.query);
    // Searching the log is itself recorded — which filters, not the ID number searched for.
    const { limit: _l, offset: _o, idNumber, ...filters } = req.query;
    await deps.audit!.record({
      ...requestEntry(req, actor), action: 'audit.search', targetType: 'audit_log', targetId: null,
      data: { filters: { ...filters, ...(idNumber ? { idNumber: 'given' } : {}) }, results: rows[0] ? Number(rows[0].total) : 0 },
    });
    return {
      total: rows[0] ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        seq: Number(r.seq), at: r.at.toISOString(),
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, username: r.actor_username } : null,
        action: r.action, targetType: r.target_type, targetId: r.target_id,
        subject: r.subject_user_id || r.subject_person_id
          ? { userId: r.subject_user_id, personId: r.subject_person_id, name: r.subject_user_name ?? r.subject_person_name } : null,
        ip: r.ip, requestId: r.request_id, data: r.data,
      })),
    };
  });

  app.get('/api/v1/admin/audit/verify', {
    schema: {
      tags: ['admin'], summary: 'Kiểm tra chuỗi băm của nhật ký kiểm toán (phát hiện sửa, xóa âm thầm)',
      response: {
        200: Type.Object({
          ok: Type.Boolean(), entries: Type.Integer(), headHash: Type.String(),
          brokenAt: Type.Union([Type.Object({ seq: Type.Integer(), reason: Type.String() }), Type.Null()]),
        }),
        ...problemResponses(401, 403),
      },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    return verifyAuditChain(db, actor.tenantId);
  });
}
