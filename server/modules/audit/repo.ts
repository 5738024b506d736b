import { sql } from 'kysely';
import type { Tx } from '../../db/client';
import { userIdByUsername } from '../accounts/repo';

export interface AuditSearch {
  /** Username or account id of whoever acted. */
  actor?: string;
  /** An action, or a family of actions by its prefix ending in a dot (`dossier.`). */
  action?: string;
  /** Account id, username or registry person id whose data the entry concerns. */
  subject?: string;
  /** The subject's ID number (declared or verified on an account, or in the desk's registry). */
  idNumber?: string;
  dossierCode?: string;
  /** Vietnam calendar days, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONE = '00000000-0000-0000-0000-000000000000';

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>[number];

/** One page of a tenant's audit entries matching the filters, newest first, with the total. */
export async function searchAudit(db: Tx, tenantId: string, q: AuditSearch) {
  let query = db.selectFrom('audit_log as a').leftJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as su', 'su.id', 'a.subject_user_id').leftJoin('people as sp', 'sp.id', 'a.subject_person_id')
    .where('a.tenant_id', '=', tenantId);
  if (q.actor) {
    const id = UUID.test(q.actor) ? q.actor : (await userIdByUsername(db, tenantId, q.actor)) ?? NONE;
    query = query.where('a.actor_id', '=', id);
  }
  if (q.action) query = q.action.endsWith('.') ? query.where('a.action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`) : query.where('a.action', '=', q.action);
  if (q.subject) {
    const id = UUID.test(q.subject) ? q.subject : (await userIdByUsername(db, tenantId, q.subject)) ?? NONE;
    // A walk-in linked to an account concerns both: entries about the registry record count for the account.
    query = query.where((eb) => eb.or([
      eb('a.subject_user_id', '=', id), eb('a.subject_person_id', '=', id),
      eb('a.subject_person_id', 'in', eb.selectFrom('people').select('id').where('user_id', '=', id)),
    ]));
  }
  if (q.idNumber) {
    const n = q.idNumber.replace(/\D/g, '');
    query = query.where((eb) => eb.or([
      eb('a.subject_user_id', 'in', eb.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id_number', '=', n)),
      eb('a.subject_person_id', 'in', eb.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('id_number', '=', n)),
    ]));
  }
  if (q.dossierCode) query = query.where(sql`a.data->>'dossierCode'`, '=', q.dossierCode.trim().toUpperCase()).where(sql<boolean>`a.data ? 'dossierCode'`);
  if (q.from) query = query.where('a.at', '>=', new Date(`${q.from}T00:00:00+07:00`));
  if (q.to) query = query.where('a.at', '<', new Date(Date.parse(`${q.to}T00:00:00+07:00`) + 86_400_000));
  return query.select([
    'a.seq', 'a.at', 'a.actor_id', 'a.actor_name', 'actor.username as actor_username', 'a.action', 'a.target_type', 'a.target_id',
    'a.subject_user_id', 'su.full_name as subject_user_name', 'a.subject_person_id', 'sp.full_name as subject_person_name',
    'a.ip', 'a.request_id', 'a.data', sql<number>`count(*) over ()`.as('total'),
  ]).orderBy('a.at', 'desc').orderBy('a.seq', 'desc').limit(q.limit).offset(q.offset).execute();
}
