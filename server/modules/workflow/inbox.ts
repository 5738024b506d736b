import { type Expression, type SqlBool, sql } from 'kysely';
import { addWorkingMinutes, type WorkCalendar } from '../../../common/calendar';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { ActorContext } from './engine';

// The officers' inbox: open tasks for the (unit, role) pairs a person holds — their own and delegated —
// with claim, release, (re)assignment by a leader, and delegation while absent.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InboxQuery {
  scope?: 'all' | 'mine' | 'pool' | 'team'; procedureCode?: string; status?: string; due?: 'soon' | 'overdue'; q?: string;
  sort?: 'due' | 'submitted'; limit: number; offset: number;
}

/** Due soon = within one working day from now. */
export function dueSoonLimit(now: number, cal: WorkCalendar): Date {
  return new Date(addWorkingMinutes(now, 8 * 60, cal));
}

function base(db: Tx, tenantId: string, roles: ActorContext['roles'], q: InboxQuery) {
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

export async function inbox(db: Tx, actor: Actor, roles: ActorContext['roles'], q: InboxQuery, now: number, cal: WorkCalendar) {
  const me = actor.userId;
  const onBehalf = roles.map((r) => r.onBehalfOf).filter((x): x is string => !!x);
  const mine = [me, ...onBehalf];
  const leaderUnits = roles.filter((r) => r.role === 'leader').map((r) => r.unitId);
  const soon = dueSoonLimit(now, cal);
  const nowDate = new Date(now);
  // Leaders also see (for reassignment) what their units' officers hold: scope "team".
  const teamRoles = q.scope !== 'team' ? roles
    : !leaderUnits.length ? []
      : (await db.selectFrom('user_roles').select(['unit_id', 'role']).where('unit_id', 'in', leaderUnits)
        .where('role', 'in', ['desk', 'specialist', 'leader']).distinct().execute()).map((r) => ({ unitId: r.unit_id!, role: r.role as 'desk' }));
  let list = base(db, actor.tenantId, teamRoles, q);
  if (q.scope === 'mine') list = list.where('t.assignee_id', 'in', mine);
  else if (q.scope === 'pool') list = list.where('t.assignee_id', 'is', null);
  else if (q.scope !== 'team') list = list.where((eb) => eb.or([eb('t.assignee_id', 'is', null), eb('t.assignee_id', 'in', mine)]));
  if (q.due === 'overdue') list = list.where(due, '<', nowDate);
  if (q.due === 'soon') list = list.where(due, '>=', nowDate).where(due, '<=', soon);
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

  const counts = await base(db, actor.tenantId, roles, q)
    .select([
      sql<number>`count(*) FILTER (WHERE t.assignee_id IS NULL OR t.assignee_id = ANY(${mine}::uuid[]))::int`.as('all'),
      sql<number>`count(*) FILTER (WHERE t.assignee_id = ANY(${mine}::uuid[]))::int`.as('mine'),
      sql<number>`count(*) FILTER (WHERE t.assignee_id IS NULL)::int`.as('pool'),
      sql<number>`count(*) FILTER (WHERE (t.assignee_id IS NULL OR t.assignee_id = ANY(${mine}::uuid[])) AND ${due} >= ${nowDate} AND ${due} <= ${soon})::int`.as('dueSoon'),
      sql<number>`count(*) FILTER (WHERE (t.assignee_id IS NULL OR t.assignee_id = ANY(${mine}::uuid[])) AND ${due} < ${nowDate})::int`.as('overdue'),
    ]).executeTakeFirstOrThrow();
  return { rows, counts, total: rows[0] ? Number(rows[0].total) : 0 };
}
export type InboxRow = Awaited<ReturnType<typeof inbox>>['rows'][number];

async function taskFor(db: Tx, tenantId: string, id: string) {
  if (!UUID.test(id)) throw notFound('task_not_found', 'Không tìm thấy công việc.');
  const t = await db.selectFrom('dossier_tasks').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!t) throw notFound('task_not_found', 'Không tìm thấy công việc.');
  if (t.status !== 'open') throw conflict('task_closed', 'Công việc này đã được xử lý xong.');
  return t;
}

/** Takes a task from the pool: exactly one officer wins; the other gets 409. */
export async function claim(db: Db, actor: Actor, roles: ActorContext['roles'], id: string) {
  const t = await taskFor(db, actor.tenantId, id);
  if (!roles.some((r) => r.unitId === t.unit_id && r.role === t.role)) throw forbidden('Bạn không có vai trò xử lý công việc này tại đơn vị.');
  if (t.assignee_id === actor.userId) return;
  const r = await db.updateTable('dossier_tasks').set({ assignee_id: actor.userId })
    .where('id', '=', id).where('status', '=', 'open').where('assignee_id', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict('task_taken', 'Công việc này vừa được cán bộ khác nhận xử lý.');
}

export async function release(db: Db, actor: Actor, roles: ActorContext['roles'], id: string) {
  const t = await taskFor(db, actor.tenantId, id);
  const leader = roles.some((r) => r.unitId === t.unit_id && r.role === 'leader');
  if (t.assignee_id !== actor.userId && !leader) throw forbidden('Chỉ người đang giữ công việc hoặc lãnh đạo đơn vị mới trả công việc về nhóm.');
  await db.updateTable('dossier_tasks').set({ assignee_id: null }).where('id', '=', id).where('status', '=', 'open').execute();
}

/** A leader of the task's unit gives it to an officer who holds the task's role there. */
export async function assign(db: Db, actor: Actor, roles: ActorContext['roles'], id: string, userId: string) {
  const t = await taskFor(db, actor.tenantId, id);
  if (!roles.some((r) => r.unitId === t.unit_id && r.role === 'leader')) throw forbidden('Chỉ lãnh đạo đơn vị mới giao lại công việc.');
  const ok = UUID.test(userId) && await db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.id')
    .where('r.user_id', '=', userId).where('r.unit_id', '=', t.unit_id).where('r.role', '=', t.role!).where('u.active', '=', true).executeTakeFirst();
  if (!ok) throw invalid('assignee_invalid', 'Cán bộ được chọn không có vai trò xử lý bước này tại đơn vị.', [{ path: '/userId', message: 'Cán bộ không phù hợp.' }]);
  await db.updateTable('dossier_tasks').set({ assignee_id: userId }).where('id', '=', id).where('status', '=', 'open').execute();
}

/** Officers of a unit (for assignment and delegation pickers): visible to the unit's own officers. */
export async function officersOf(db: Tx, actor: Actor, roles: ActorContext['roles'], unitId: string) {
  if (!UUID.test(unitId) || !roles.some((r) => r.unitId === unitId)) throw forbidden('Bạn không thuộc đơn vị này.');
  const rows = await db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.full_name', 'r.role']).where('r.unit_id', '=', unitId).where('u.active', '=', true)
    .where('r.role', 'in', ['desk', 'specialist', 'leader']).orderBy('u.full_name').execute();
  const byUser = new Map<string, { id: string; fullName: string; roles: string[] }>();
  for (const r of rows) {
    const u = byUser.get(r.id) ?? { id: r.id, fullName: r.full_name, roles: [] };
    u.roles.push(r.role);
    byUser.set(r.id, u);
  }
  return [...byUser.values()];
}

export async function listDelegations(db: Tx, actor: Actor) {
  const rows = await db.selectFrom('delegations as g')
    .innerJoin('users as f', 'f.id', 'g.from_user_id').innerJoin('users as t', 't.id', 'g.to_user_id').innerJoin('units as u', 'u.id', 'g.unit_id')
    .select(['g.id', 'g.role', 'g.starts_at', 'g.ends_at', 'g.note', 'g.revoked_at', 'g.unit_id', 'u.name as unit_name',
      'f.id as from_id', 'f.full_name as from_name', 't.id as to_id', 't.full_name as to_name'])
    .where('g.tenant_id', '=', actor.tenantId)
    .where((eb) => eb.or([eb('g.from_user_id', '=', actor.userId), eb('g.to_user_id', '=', actor.userId)]))
    .where('g.revoked_at', 'is', null)
    .orderBy('g.starts_at', 'desc').execute();
  return rows.map((g) => ({
    id: g.id, role: g.role, unitId: g.unit_id, unitName: g.unit_name, from: { id: g.from_id, fullName: g.from_name }, to: { id: g.to_id, fullName: g.to_name },
    startsAt: g.starts_at.toISOString(), endsAt: g.ends_at.toISOString(), note: g.note,
  }));
}

/** A leader hands their role at a unit to a colleague of that unit for a period (absence). */
export async function delegate(db: Db, actor: Actor, input: { toUserId: string; unitId: string; startsAt: string; endsAt: string; note?: string | null }) {
  const own = actor.roles.find((r) => r.unitId === input.unitId && r.role === 'leader');
  if (!own) throw forbidden('Chỉ lãnh đạo của đơn vị mới ủy quyền xử lý tại đơn vị đó.');
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends) || ends <= starts) {
    throw invalid('period_invalid', 'Thời gian ủy quyền không hợp lệ: ngày kết thúc phải sau ngày bắt đầu.', [{ path: '/endsAt', message: 'Phải sau ngày bắt đầu.' }]);
  }
  if (input.toUserId === actor.userId) throw invalid('delegate_self', 'Không thể tự ủy quyền cho chính mình.', [{ path: '/toUserId', message: 'Chọn người khác.' }]);
  const colleague = UUID.test(input.toUserId) && await db.selectFrom('user_roles').select('id').where('user_id', '=', input.toUserId)
    .where('unit_id', '=', input.unitId).where('role', 'in', ['specialist', 'leader', 'desk']).executeTakeFirst();
  if (!colleague) throw invalid('delegate_invalid', 'Người được ủy quyền phải là cán bộ của cùng đơn vị.', [{ path: '/toUserId', message: 'Không thuộc đơn vị.' }]);
  const row = await db.insertInto('delegations').values({
    tenant_id: actor.tenantId, from_user_id: actor.userId, to_user_id: input.toUserId, unit_id: input.unitId, role: 'leader',
    starts_at: new Date(starts), ends_at: new Date(ends), note: input.note?.trim() || null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function revokeDelegation(db: Db, actor: Actor, id: string) {
  if (!UUID.test(id)) throw notFound('delegation_not_found', 'Không tìm thấy ủy quyền.');
  const r = await db.updateTable('delegations').set({ revoked_at: new Date() }).where('id', '=', id).where('tenant_id', '=', actor.tenantId)
    .where('from_user_id', '=', actor.userId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw notFound('delegation_not_found', 'Không tìm thấy ủy quyền (hoặc bạn không phải người ủy quyền).');
}
