import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requestEntry } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { Offset, problemResponses } from '../../platform/openapi';
import { searchAuditLog, verifyAuditLog } from './service';

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
  app.get('/api/v1/admin/audit', {
    schema: {
      tags: ['admin'], summary: 'Tra cứu nhật ký kiểm toán (quản trị, truy cập dữ liệu cá nhân của cán bộ)', querystring: AuditQuery,
      response: { 200: Type.Object({ items: Type.Array(Entry), total: Type.Integer() }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const page = await searchAuditLog(deps, actor, req.query);
    // Searching the log is itself recorded — which filters, not the ID number searched for.
    const { limit: _l, offset: _o, idNumber, ...filters } = req.query;
    await deps.audit!.record({
      ...requestEntry(req, actor), action: 'audit.search', targetType: 'audit_log', targetId: null,
      data: { filters: { ...filters, ...(idNumber ? { idNumber: 'given' } : {}) }, results: page.total },
    });
    return page;
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
  }, async (req) => verifyAuditLog(deps, requireActor(req)));
}
