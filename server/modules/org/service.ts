import type { AppDeps } from '../../deps';
import { requireAdmin, type Actor } from '../../platform/auth';
import { presentAdminUnit, presentUnit } from './present';
import { listUnits } from './repo';

/** The units of the caller's tenant (every tenant's for an anonymous caller). */
export async function units(deps: Pick<AppDeps, 'db'>, actor: Actor | null) {
  return { items: (await listUnits(deps.db, actor?.tenantId)).map(presentUnit) };
}

/** The tenant's units with their contact details, for its admin. */
export async function adminUnits(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  requireAdmin(actor, 'Chỉ quản trị viên mới xem được mục này.');
  return { items: (await listUnits(deps.db, actor.tenantId)).map(presentAdminUnit) };
}
