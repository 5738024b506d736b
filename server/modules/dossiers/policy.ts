import type { Actor } from '../../platform/auth';
import { isAdmin } from '../../platform/auth';
import type { Role } from '../../db/types';
import type { OfficerRole } from '../../../common/workflow';
import type { ActorContext } from '../workflow/engine';
import type { Tx } from './repo';
import { delegatedRoles } from '../accounts/repo';

const OFFICER_ROLES: ReadonlySet<Role> = new Set(['desk', 'specialist', 'leader']);

export interface DossierScope {
  tenant_id: string; applicant_id: string | null; unit_id: string; receiving_unit_id: string;
  /** Units that hold or held a task on it (consulted units, liên thông legs) and, for a leg, its origin's unit. */
  taskUnits?: readonly string[];
}

/** Who may see a dossier: its applicant, officers of the units it is or was at (read-only once their part
 *  is done), and the tenant's admins. */
export function canRead(actor: Actor, d: DossierScope, delegatedUnits: readonly string[] = []): boolean {
  if (d.tenant_id !== actor.tenantId) return false;
  if (d.applicant_id === actor.userId) return true;
  if (isAdmin(actor)) return true;
  const units = new Set([d.unit_id, d.receiving_unit_id, ...(d.taskUnits ?? [])]);
  return actor.roles.some((r) => OFFICER_ROLES.has(r.role) && r.unitId !== null && units.has(r.unitId))
    || delegatedUnits.some((u) => units.has(u));
}

/** The officer roles the actor holds themselves (from the session, no query). */
export function ownRoles(actor: Actor): ActorContext['roles'] {
  return actor.roles.filter((r) => r.unitId && OFFICER_ROLES.has(r.role)).map((r) => ({ unitId: r.unitId!, role: r.role as OfficerRole, onBehalfOf: null }));
}

/** The officer roles the actor holds now: their own, and those delegated to them for a period. */
export async function officerRoles(db: Tx, actor: Actor, now: number): Promise<ActorContext['roles']> {
  const own = ownRoles(actor);
  const delegated = await delegatedRoles(db, actor.userId, new Date(now));
  return [...own, ...delegated.map((g) => ({ unitId: g.unit_id, role: g.role, onBehalfOf: g.from_user_id }))];
}

/** The actor as the workflow engine sees them. */
export async function actorContext(db: Tx, actor: Actor, d: DossierScope, now: number): Promise<ActorContext> {
  return { userId: actor.userId, isApplicant: d.applicant_id === actor.userId, roles: await officerRoles(db, actor, now) };
}

export const SYSTEM_ACTOR: ActorContext = { userId: null, isApplicant: false, isSystem: true, roles: [] };
