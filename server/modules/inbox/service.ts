import { addWorkingMinutes, type WorkCalendar } from '../../../common/calendar';
import type { AppDeps } from '../../deps';
import type { Actor } from '../../platform/auth';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import {
  delegationsOf, holdsRoleAt, insertDelegation, officerRolePairsAt, officersAt, revokeDelegationBy,
} from '../accounts/repo';
import { officerRoles } from '../dossiers/policy';
import { claimTask, findTask, setTaskHolder } from '../dossiers/repo';
import { performAction } from '../dossiers/service';
import { presentDelegation, presentInboxItem } from './present';
import { inboxPage, type InboxQuery } from './repo';

// The officers' inbox: open tasks for the (unit, role) pairs a person holds — their own and delegated —
// with claim, release, (re)assignment by a leader, bulk actions, and delegation while absent. Each use case
// resolves the caller's roles now (own and delegated) and checks them before anything else.

type InboxDeps = Pick<AppDeps, 'db' | 'now' | 'calendar'>;
type Roles = Awaited<ReturnType<typeof officerRoles>>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Due soon = within one working day from now. */
export function dueSoonLimit(now: number, cal: WorkCalendar): Date {
  return new Date(addWorkingMinutes(now, 8 * 60, cal));
}

/** The caller's inbox: a page of tasks waiting for them or their groups, with the counts of each tab. */
export async function inbox(deps: InboxDeps, actor: Actor, q: InboxQuery) {
  const t = deps.now();
  const roles = await officerRoles(deps.db, actor, t);
  const cals = await deps.calendar.snapshot();
  const mine = [actor.userId, ...roles.map((r) => r.onBehalfOf).filter((x): x is string => !!x)];
  // Leaders also see (for reassignment) what their units' officers hold: scope "team".
  const leaderUnits = roles.filter((r) => r.role === 'leader').map((r) => r.unitId);
  const listRoles = q.scope !== 'team' ? roles
    : (await officerRolePairsAt(deps.db, leaderUnits)).map((r) => ({ unitId: r.unit_id!, role: r.role as 'desk' }));
  const { rows, counts, total } = await inboxPage(
    deps.db, actor.tenantId, listRoles, roles, mine, q, new Date(t), dueSoonLimit(t, cals(roles[0]?.unitId ?? null)),
  );
  return { items: rows.map((r) => presentInboxItem(r, t, cals(r.task_unit_id))), total, counts };
}

async function openTask(deps: InboxDeps, actor: Actor, id: string) {
  const t = UUID.test(id) ? await findTask(deps.db, actor.tenantId, id) : undefined;
  if (!t) throw notFound('task_not_found', 'Không tìm thấy công việc.');
  if (t.status !== 'open') throw conflict('task_closed', 'Công việc này đã được xử lý xong.');
  return t;
}

const rolesNow = (deps: InboxDeps, actor: Actor): Promise<Roles> => officerRoles(deps.db, actor, deps.now());

/** Takes a task from the pool: exactly one officer wins; the other gets 409. */
export async function claim(deps: InboxDeps, actor: Actor, id: string): Promise<void> {
  const roles = await rolesNow(deps, actor);
  const t = await openTask(deps, actor, id);
  if (!roles.some((r) => r.unitId === t.unit_id && r.role === t.role)) throw forbidden('Bạn không có vai trò xử lý công việc này tại đơn vị.');
  if (t.assignee_id === actor.userId) return;
  if (!(await claimTask(deps.db, id, actor.userId))) throw conflict('task_taken', 'Công việc này vừa được cán bộ khác nhận xử lý.');
}

/** Puts a task back in its group's pool: its holder, or a leader of its unit. */
export async function release(deps: InboxDeps, actor: Actor, id: string): Promise<void> {
  const roles = await rolesNow(deps, actor);
  const t = await openTask(deps, actor, id);
  const leader = roles.some((r) => r.unitId === t.unit_id && r.role === 'leader');
  if (t.assignee_id !== actor.userId && !leader) throw forbidden('Chỉ người đang giữ công việc hoặc lãnh đạo đơn vị mới trả công việc về nhóm.');
  await setTaskHolder(deps.db, id, null);
}

/** A leader of the task's unit gives it to an officer who holds the task's role there. */
export async function assign(deps: InboxDeps, actor: Actor, id: string, userId: string): Promise<void> {
  const roles = await rolesNow(deps, actor);
  const t = await openTask(deps, actor, id);
  if (!roles.some((r) => r.unitId === t.unit_id && r.role === 'leader')) throw forbidden('Chỉ lãnh đạo đơn vị mới giao lại công việc.');
  const ok = UUID.test(userId) && await holdsRoleAt(deps.db, userId, t.unit_id, [t.role!], true);
  if (!ok) throw invalid('assignee_invalid', 'Cán bộ được chọn không có vai trò xử lý bước này tại đơn vị.', [{ path: '/userId', message: 'Cán bộ không phù hợp.' }]);
  await setTaskHolder(deps.db, id, userId);
}

/** One action on many dossiers, each in its own transaction: what happened to each. */
export async function bulkAction(
  deps: Parameters<typeof performAction>[0], actor: Actor, input: { action: string; comment?: string | null; items: { dossierId: string; version: number }[] },
) {
  const items = [];
  for (const it of input.items) {
    try {
      const d = await performAction(deps, actor, it.dossierId, input.action, { version: it.version, comment: input.comment ?? null });
      items.push({ dossierId: it.dossierId, ok: true, status: d.status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      items.push({ dossierId: it.dossierId, ok: false, code: err.code, detail: err.detail ?? err.title });
    }
  }
  return { items };
}

/** Officers of a unit (for assignment and delegation pickers): visible to the unit's own officers. */
export async function officersOf(deps: InboxDeps, actor: Actor, unitId: string) {
  const roles = await rolesNow(deps, actor);
  if (!UUID.test(unitId) || !roles.some((r) => r.unitId === unitId)) throw forbidden('Bạn không thuộc đơn vị này.');
  const byUser = new Map<string, { id: string; fullName: string; roles: string[] }>();
  for (const r of await officersAt(deps.db, unitId)) {
    const u = byUser.get(r.id) ?? { id: r.id, fullName: r.full_name, roles: [] };
    u.roles.push(r.role);
    byUser.set(r.id, u);
  }
  return { items: [...byUser.values()] };
}

/** The delegations the caller gave or received, not revoked. */
export async function listDelegations(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  return { items: (await delegationsOf(deps.db, actor.tenantId, actor.userId)).map(presentDelegation) };
}

/** A leader hands their role at a unit to a colleague of that unit for a period (absence); its id. */
export async function delegate(deps: Pick<AppDeps, 'db'>, actor: Actor, input: { toUserId: string; unitId: string; startsAt: string; endsAt: string; note?: string | null }) {
  const own = actor.roles.find((r) => r.unitId === input.unitId && r.role === 'leader');
  if (!own) throw forbidden('Chỉ lãnh đạo của đơn vị mới ủy quyền xử lý tại đơn vị đó.');
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends) || ends <= starts) {
    throw invalid('period_invalid', 'Thời gian ủy quyền không hợp lệ: ngày kết thúc phải sau ngày bắt đầu.', [{ path: '/endsAt', message: 'Phải sau ngày bắt đầu.' }]);
  }
  if (input.toUserId === actor.userId) throw invalid('delegate_self', 'Không thể tự ủy quyền cho chính mình.', [{ path: '/toUserId', message: 'Chọn người khác.' }]);
  const colleague = UUID.test(input.toUserId) && await holdsRoleAt(deps.db, input.toUserId, input.unitId, ['specialist', 'leader', 'desk']);
  if (!colleague) throw invalid('delegate_invalid', 'Người được ủy quyền phải là cán bộ của cùng đơn vị.', [{ path: '/toUserId', message: 'Không thuộc đơn vị.' }]);
  const id = await insertDelegation(deps.db, {
    tenantId: actor.tenantId, fromUserId: actor.userId, toUserId: input.toUserId, unitId: input.unitId,
    startsAt: new Date(starts), endsAt: new Date(ends), note: input.note?.trim() || null,
  });
  return { id };
}

/** The delegating leader revokes a delegation (404 for anyone else's). */
export async function revokeDelegation(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<void> {
  if (!UUID.test(id) || !(await revokeDelegationBy(deps.db, actor.tenantId, actor.userId, id, new Date()))) {
    throw notFound('delegation_not_found', 'Không tìm thấy ủy quyền (hoặc bạn không phải người ủy quyền).');
  }
}
