import type { Actor } from '../../platform/auth';
import { isAdmin } from '../../platform/auth';
import type { Role } from '../../db/types';
import type { ActorContext } from '../workflow/engine';

const OFFICER_ROLES: ReadonlySet<Role> = new Set(['desk', 'specialist', 'leader']);

interface DossierScope { tenant_id: string; applicant_id: string | null; unit_id: string; receiving_unit_id: string }

/** Who may see a dossier: its applicant, officers of the units it is at, and the tenant's admins. */
export function canRead(actor: Actor, d: DossierScope): boolean {
  if (d.tenant_id !== actor.tenantId) return false;
  if (d.applicant_id === actor.userId) return true;
  if (isAdmin(actor)) return true;
  return actor.roles.some((r) => OFFICER_ROLES.has(r.role) && r.unitId !== null && (r.unitId === d.unit_id || r.unitId === d.receiving_unit_id));
}

/** The actor as the workflow engine sees them for this dossier: desk rights at the receiving unit,
 *  processing rights at the competent unit. */
export function actorContext(actor: Actor, d: DossierScope): ActorContext {
  const unitRoles = new Set<Role>();
  for (const r of actor.roles) {
    if (r.role === 'desk' && r.unitId === d.receiving_unit_id) unitRoles.add('desk');
    if ((r.role === 'specialist' || r.role === 'leader') && r.unitId === d.unit_id) unitRoles.add(r.role);
  }
  return { isApplicant: d.applicant_id === actor.userId, unitRoles };
}
