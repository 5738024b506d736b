import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requestEntry } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import { AuditQuery, Entry } from './schema';
import { searchAuditLog, verifyAuditLog } from './service';

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
