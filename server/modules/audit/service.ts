import type { AppDeps } from '../../deps';
import { verifyAuditChain } from '../../platform/audit';
import { requireAdmin, type Actor } from '../../platform/auth';
import { presentEntry } from './present';
import { searchAudit, type AuditSearch } from './repo';

const ADMIN_ONLY = 'Chỉ quản trị viên mới xem được nhật ký kiểm toán.';

/** One page of the tenant's audit log matching the filters, newest first, with the total. */
export async function searchAuditLog(deps: Pick<AppDeps, 'db'>, actor: Actor, q: AuditSearch) {
  requireAdmin(actor, ADMIN_ONLY);
  const rows = await searchAudit(deps.db, actor.tenantId, q);
  return { total: rows[0] ? Number(rows[0].total) : 0, items: rows.map(presentEntry) };
}

/** Recomputes the tenant's hash chain: intact, or where it breaks. */
export async function verifyAuditLog(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  requireAdmin(actor, ADMIN_ONLY);
  return verifyAuditChain(deps.db, actor.tenantId);
}
