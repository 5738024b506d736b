import { type Expression, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../db/client';
import type { OfficerRole } from '../../../common/workflow';

// The inbox's read model: open tasks of the dossiers (tables of the dossiers module, read here joined with
// their procedure, units, workflow and holder) for the (unit, role) pairs a person holds. Nothing here writes.

/** The filters of an inbox page. */
export interface InboxQuery {
  scope?: 'all' | 'mine' | 'pool' | 'team'; procedureCode?: string; status?: string; due?: 'soon' | 'overdue'; q?: string;
  sort?: 'due' | 'submitted'; limit: number; offset: number;
}
type RolePair = { unitId: string; role: OfficerRole };

function base(db: Tx, tenantId: string, roles: readonly RolePair[], q: InboxQuery) {
  const pairs = roles.filter((r) => r.role);
  let query = db.selectFrom('dossier_tasks as t')
    .innerJoin('dossiers as d', 'd.id', 't.dossier_id')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .where('t.tenant_id', '=', tenantId).where('t.status', '=', 'open').where('t.kind', '<>', 'transfer')
    .where('d.status', '<>', 'awaiting_supplement')
    .where((eb) => eb.or(pairs.length
      ? pairs.map((p) => eb.and([eb('t.unit_id', '=', p.unitId), eb('t.role', '=', p.role)])) as Expression<SqlBool>[]
      : [eb.val(false)]));
  if (q.procedureCode) query = query.where('p.code', '=', q.procedureCode);
  if (q.status) query = query.where('d.status', '=', q.status as never);
  const text = q.q?.trim();
  if (text) {
    query = query.where((eb) => eb.or([
      eb('d.code', 'ilike', `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
      sql<SqlBool>`lower(f_unaccent(d.applicant->>'fullName')) LIKE '%' || lower(f_unaccent(${text})) || '%'`,
    ]));
  }
  return query;
}

const due = sql<Date | null>`coalesce(t.due_at, d.due_at)`;

/**
 * One page of open tasks for the role pairs (`listRoles`), filtered by scope (`mine`: held by one of `mine`;
 * `pool`: held by no one; `all`: either; `team`: any), with the total; and the counts of each tab over
 * `countRoles`. "Due soon" is between now and `soon`.
 */
export async function inboxPage(
  db: Tx, tenantId: string, listRoles: readonly RolePair[], countRoles: readonly RolePair[], mine: string[], q: InboxQuery, now: Date, soon: Date,
) {
  let list = base(db, tenantId, listRoles, q);
  if (q.scope === 'mine') list = list.where('t.assignee_id', 'in', mine);
  else if (q.scope === 'pool') list = list.where('t.assignee_id', 'is', null);
  else if (q.scope !== 'team') list = list.where((eb) => eb.or([eb('t.assignee_id', 'is', null), eb('t.assignee_id', 'in', mine)]));
  if (q.due === 'overdue') list = list.where(due, '<', now);
  if (q.due === 'soon') list = list.where(due, '>=', now).where(due, '<=', soon);
  const rows = await list
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .innerJoin('units as tu', 'tu.id', 't.unit_id')
    .innerJoin('workflows as w', 'w.id', 'd.workflow_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .select([
      'd.id', 'd.code', 'd.status', 'd.version', 'd.step_key', 'd.submitted_at', 'd.due_at', 'd.completed_at', 'd.original_due_at',
      'd.step_due_at', 'd.unit_id', 'd.origin_dossier_id', 'p.code as procedure_code', 'p.name as procedure_name', 'u.name as unit_name', 'w.definition',
      't.id as task_id', 't.node_key', 't.kind as task_kind', 't.unit_id as task_unit_id', 'tu.name as task_unit_name', 't.role as task_role',
      't.assignee_id', 'a.full_name as assignee_name', 't.due_at as task_due_at',
      sql<string>`d.applicant->>'fullName'`.as('applicant_name'), sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy(q.sort === 'submitted' ? sql`d.submitted_at` : sql`coalesce(t.due_at, d.due_at) asc nulls last`)
    .orderBy('d.submitted_at').orderBy('t.id')
    .limit(q.limit).offset(q.offset).execute();

  const counts = await base(db, tenantId, countRoles, q)
    .select([
      sql<number>`count(*) FILTER (WHERE t.assignee_id IS NULL OR t.assignee_id = ANY(${mine}::uuid[]))::int`.as('all'),
      sql<number>`count(*) FILTER (WHERE t.assignee_id = ANY(${mine}::uuid[]))::int`.as('mine'),
      sql<number>`count(*) FILTER (WHERE t.assignee_id IS NULL)::int`.as('pool'),
      sql<number>`count(*) FILTER (WHERE (t.assignee_id IS NULL OR t.assignee_id = ANY(${mine}::uuid[])) AND ${due} >= ${now} AND ${due} <= ${soon})::int`.as('dueSoon'),
      sql<number>`count(*) FILTER (WHERE (t.assignee_id IS NULL OR t.assignee_id = ANY(${mine}::uuid[])) AND ${due} < ${now})::int`.as('overdue'),
    ]).executeTakeFirstOrThrow();
  return { rows, counts, total: rows[0] ? Number(rows[0].total) : 0 };
}
export type InboxRow = Awaited<ReturnType<typeof inboxPage>>['rows'][number];
