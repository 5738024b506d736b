import type { WorkCalendar } from '../../../common/calendar';
import { vnDate } from '../../../common/calendar';
import { quotaHours } from '../../../common/workflow';
import type { ApplicantSnapshot, Authorised, ChecklistItem } from '../../db/types';
import { conflict, forbidden, invalid } from '../../platform/errors';
import { type Decision, type EngineContext, type Rejection, decide, decideIntake } from '../workflow/engine';
import { type ClockBase, type ClockInput, carryOver, clockChanges, dueIn } from './clock';
import { SYSTEM_ACTOR } from './policy';
import { type DossierRow, type OpenTaskRef, type Tx, findDossier, findForDecision, nextDailySequence, openTasks } from './repo';

// The one write path of a dossier. Every change — an online submission, the desk's reception, an
// officer's or applicant's action, a timer, a liên thông leg starting or ending, an origin that stops —
// is first decided by the engine (workflow/engine.ts) and then written here, in the caller's
// transaction: the row (inserted, or updated with a version check), the tasks closed and opened, the
// legs started (each a dossier decided and committed the same way), one event, one outbox message, and
// the origin's continuation when a leg ends.

export type Calendars = (unitId: string | null) => WorkCalendar;

/** Who caused the change: an account, or the system (null). */
export interface Performer { userId: string | null; idempotencyKey?: string | null }

/** What came with the command besides the decision: the comment and what the clock needs. */
export interface CommitInput extends ClockInput { comment?: string | null }

/** What a new dossier is made of, beside what the intake decision decides. */
export interface NewDossier {
  tenantId: string;
  procedure: {
    id: string; version: number; formVersion: number; cutOff: string; processingAmount: string | number;
    processingUnit: 'day' | 'hour'; fees: readonly { amount: number | string }[];
  };
  workflowId: string;
  unit: { id: string; agencyCode: string };
  receivingUnitId: string;
  applicantId: string | null;
  personId: string | null;
  applicant: ApplicantSnapshot;
  authorised: Authorised | null;
  formData: unknown;
  channel: ClockBase['channel'];
  checklist: ChecklistItem[];
  sets: number;
  returnPlace: string | null;
  /** A liên thông leg: the origin dossier and its transfer task; the leg carries the origin's code. */
  origin: { dossierId: string; taskId: string; code: string | null; unitName: string } | null;
  /** Facts for the creation event (e.g. the channel). */
  eventData?: Record<string, unknown>;
}

/** A dossier that exists (its row as read under its lock), or one to create. */
export type Target = { row: DossierRow } | { create: NewDossier };

/** What was written for the target dossier. */
export interface Committed {
  id: string;
  code: string | null;
  /** The columns written (for an existing row, merge them into what was read). */
  set: Record<string, unknown>;
}

export const stale = () => conflict('stale_version', 'Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại hồ sơ rồi thực hiện lại.');

/** The API error for a refusal of the engine. */
export function rejectionError(code: Rejection['code'], action: string) {
  if (code === 'forbidden') return forbidden('Bạn không có quyền thực hiện thao tác này với hồ sơ ở bước hiện tại.');
  if (code === 'comment_required') {
    return invalid('comment_required', 'Vui lòng nhập lý do / nội dung cho thao tác này.', [{ path: '/comment', message: 'Bắt buộc nhập nội dung.' }]);
  }
  if (code === 'invalid_definition') return invalid('workflow_broken', 'Quy trình của hồ sơ này không đi tiếp được (bước tiếp theo không tồn tại). Báo quản trị viên kiểm tra quy trình.');
  return invalid('action_not_available', `Thao tác "${action}" không thực hiện được khi hồ sơ đang ở trạng thái hiện tại.`);
}

/** The dossier code `<agency e-ID>-YYMMDD-<daily sequence>` (Circular 03/2025 art. 13), gap-free in the transaction. */
export async function assignCode(trx: Tx, unit: { id: string; agencyCode: string }, at: number): Promise<string> {
  const day = vnDate(at);
  const n = await nextDailySequence(trx, unit.id, day);
  return `${unit.agencyCode}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(n).padStart(4, '0')}`;
}

/** The total fee of a procedure, which a workflow branch may test. */
export const feeTotal = (fees: readonly { amount: number | string }[]) => fees.reduce((sum, f) => sum + (Number(f.amount) || 0), 0);

/** The dossier as the engine sees it. */
export function engineView(d: DossierRow, tasks: readonly OpenTaskRef[]) {
  return {
    snap: {
      status: d.status, nodeKey: d.step_key, supplementStage: d.supplement_stage, extensionCount: d.extension_count,
      answered: Number(d.answered), isLeg: d.origin_dossier_id !== null,
      tasks: tasks.map((t) => ({ id: t.id, nodeKey: t.node_key, kind: t.kind, unitId: t.unit_id, role: t.role, userId: t.assignee_id })),
    },
    ctx: { unitId: d.unit_id, receivingUnitId: d.receiving_unit_id, formData: d.form_data, feeTotal: feeTotal(d.procedure_fees) } as EngineContext,
  };
}

/** Locks a dossier's row for the rest of the transaction; its version, or undefined when it does not exist. */
export async function lockDossier(trx: Tx, id: string, opts: { skipLocked?: boolean } = {}): Promise<number | undefined> {
  let q = trx.selectFrom('dossiers').select('version').where('id', '=', id).forUpdate();
  if (opts.skipLocked) q = q.skipLocked();
  return (await q.executeTakeFirst())?.version;
}

/** Opens tasks, each with a due date from its quota on its own unit's calendar. */
async function insertTasks(trx: Tx, cals: Calendars, tenantId: string, dossierId: string, specs: Decision['open'], now: number) {
  const rows: { id: string; due_at: Date | null }[] = [];
  for (const t of specs) {
    rows.push(await trx.insertInto('dossier_tasks').values({
      tenant_id: tenantId, dossier_id: dossierId, node_key: t.nodeKey, kind: t.kind, unit_id: t.unitId, role: t.role,
      assignee_id: t.userId, quota_hours: t.quota ? quotaHours(t.quota) : null, opened_at: new Date(now), due_at: dueIn(t.quota, now, cals(t.unitId)),
    }).returning(['id', 'due_at']).executeTakeFirstOrThrow());
  }
  return rows;
}

/** The clock facts of a new dossier, before its first decision. */
function newClockBase(n: NewDossier): ClockBase {
  return {
    channel: n.channel, submitted_at: null, complete_at: null, cut_off: n.procedure.cutOff, processing_amount: n.procedure.processingAmount,
    processing_unit: n.procedure.processingUnit, due_at: null, step_due_at: null, original_due_at: null, paused_at: null,
    extension_count: 0, origin_dossier_id: n.origin?.dossierId ?? null,
  };
}

/**
 * Writes a decision about `target` in `trx`. Throws 409 `stale_version` when an existing row changed since
 * it was read (the caller reads it under `lockDossier`, so this is a last guard), 422 when the command
 * lacks what an effect needs (an extension's date, how the result was returned).
 */
export async function commitDecision(
  trx: Tx, cals: Calendars, target: Target, decision: Decision, by: Performer, input: CommitInput, now: number,
): Promise<Committed> {
  const before = 'row' in target ? target.row : null;
  const facts = 'create' in target ? target.create : null;
  const unitId = before?.unit_id ?? facts!.unit.id;
  const clock = clockChanges(before ?? newClockBase(facts!), decision, now, cals(unitId), input);
  const moved = { status: decision.toStatus, step_key: decision.toNode, supplement_stage: decision.supplementStage };

  let id: string;
  let code: string | null;
  let set: Record<string, unknown>;
  if (before) {
    set = { ...moved, ...clock, version: before.version + 1, updated_at: new Date(now) };
    const updated = await trx.updateTable('dossiers').set(set).where('id', '=', before.id).where('version', '=', before.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw stale();
    id = before.id;
    code = before.code;
  } else {
    const n = facts!;
    code = n.origin ? n.origin.code : decision.effects.includes('assign_code') ? await assignCode(trx, n.unit, now) : null;
    set = {
      tenant_id: n.tenantId, code, procedure_id: n.procedure.id, procedure_version: n.procedure.version, form_version: n.procedure.formVersion,
      workflow_id: n.workflowId, unit_id: n.unit.id, receiving_unit_id: n.receivingUnitId, applicant_id: n.applicantId, person_id: n.personId,
      applicant: JSON.stringify(n.applicant), authorised: n.authorised ? JSON.stringify(n.authorised) : null, form_data: JSON.stringify(n.formData),
      channel: n.channel, checklist: JSON.stringify(n.checklist), sets: n.sets, return_place: n.returnPlace,
      origin_dossier_id: n.origin?.dossierId ?? null, origin_task_id: n.origin?.taskId ?? null,
      created_at: new Date(now), updated_at: new Date(now), ...moved, ...clock,
    };
    id = (await trx.insertInto('dossiers').values(set as never).returning('id').executeTakeFirstOrThrow()).id;
    if (n.origin) await trx.updateTable('dossier_tasks').set({ child_dossier_id: id }).where('id', '=', n.origin.taskId).execute();
  }

  for (const c of decision.close) {
    // A liên thông leg whose transfer task is cancelled or expires stops with it (and its own legs).
    if (c.outcome === 'cancelled' || c.outcome === 'expired') await stopLegOf(trx, cals, c.taskId, now);
    const closed = await trx.updateTable('dossier_tasks').set({
      status: c.outcome, closed_at: new Date(now), closed_by: by.userId,
      comment: c.taskId === decision.taskId ? input.comment?.trim() || null : null,
    }).where('id', '=', c.taskId).where('status', '=', 'open').executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) throw stale();
  }
  // Resuming after a wait carries each open task's remaining time, like the dossier's.
  if (before && decision.effects.includes('resume_clock') && before.paused_at) {
    for (const t of await openTasks(trx, before.id)) {
      if (t.due_at) {
        await trx.updateTable('dossier_tasks').set({ due_at: carryOver(t.due_at, before.paused_at, now, cals(t.unit_id)) }).where('id', '=', t.id).execute();
      }
    }
  }
  const tenantId = before?.tenant_id ?? facts!.tenantId;
  const opened = await insertTasks(trx, cals, tenantId, id, decision.open, now);
  for (const [i, t] of decision.open.entries()) {
    if (t.kind === 'transfer' && decision.spawn) await startLeg(trx, cals, { id, code, before, facts }, opened[i]!, decision.spawn, now);
  }

  const onBehalfOf = decision.onBehalfOf
    ? (await trx.selectFrom('users').select('full_name').where('id', '=', decision.onBehalfOf).executeTakeFirst())?.full_name ?? null : null;
  await trx.insertInto('dossier_events').values({
    tenant_id: tenantId, dossier_id: id, action: decision.action.action, from_status: before?.status ?? null, to_status: decision.toStatus,
    from_step: before?.step_key ?? null, to_step: decision.toNode, actor_id: by.userId, actor_role: decision.actorRole, at: new Date(now),
    comment: input.comment?.trim() || null,
    data: JSON.stringify({
      label: decision.action.label,
      ...(facts?.eventData ?? {}),
      ...(facts && code ? { code } : {}),
      ...(clock.due_at instanceof Date ? { dueAt: clock.due_at.toISOString() } : {}),
      ...(clock.original_due_at instanceof Date && before ? { previousDueAt: (before.due_at ?? clock.original_due_at).toISOString() } : {}),
      ...(clock.step_due_at instanceof Date ? { stepDueAt: clock.step_due_at.toISOString() } : {}),
      ...(input.returnMethod ? { returnMethod: input.returnMethod, recipientName: input.recipientName ?? null } : {}),
      ...(decision.via.length ? { via: decision.via } : {}),
      ...(decision.taskId ? { taskId: decision.taskId } : {}),
      ...(onBehalfOf ? { onBehalfOf: decision.onBehalfOf, onBehalfOfName: onBehalfOf } : {}),
    }),
    idempotency_key: by.idempotencyKey ?? null,
  }).execute();
  const applicantId = before ? before.applicant_id : facts!.applicantId;
  const originId = before?.origin_dossier_id ?? facts?.origin?.dossierId ?? null;
  await trx.insertInto('outbox').values({
    tenant_id: tenantId, topic: 'dossier.status_changed',
    payload: JSON.stringify({
      dossierId: id, code, action: decision.action.action, fromStatus: before?.status ?? null, toStatus: decision.toStatus,
      applicantId, ...(originId ? { originDossierId: originId } : {}),
    }),
  }).execute();

  // A leg ended: the origin dossier continues (same transaction, its own lock, version check and event).
  if (decision.effects.includes('leg_done') && before?.origin_dossier_id) {
    const version = await lockDossier(trx, before.origin_dossier_id);
    const found = version === undefined ? undefined : await findForDecision(trx, before.origin_dossier_id);
    if (found) {
      const origin = found.row;
      const view = engineView(origin, found.tasks);
      const outcome = decision.toStatus === 'refused' ? 'refusal' : 'result';
      const cont = decide(origin.definition, view.snap, { action: 'leg_completed', taskId: before.origin_task_id, outcome }, SYSTEM_ACTOR, view.ctx);
      if (!cont.ok) throw rejectionError(cont.code, 'leg_completed');
      await commitDecision(trx, cals, { row: origin }, cont, { userId: null }, {}, now);
    }
  }
  return { id, code, set };
}

/** Starts a liên thông leg: a new dossier at the other unit, on its published workflow, decided by the engine like any intake. */
async function startLeg(
  trx: Tx, cals: Calendars, origin: { id: string; code: string | null; before: DossierRow | null; facts: NewDossier | null },
  task: { id: string; due_at: Date | null }, leg: NonNullable<Decision['spawn']>, now: number,
) {
  const o = origin.before ?? (await findDossier(trx, origin.id))!;
  const wf = await trx.selectFrom('workflows').select(['id', 'definition']).where('procedure_id', '=', o.procedure_id)
    .where('unit_id', '=', leg.unitId).where('status', '=', 'published').executeTakeFirst();
  const unit = await trx.selectFrom('units').select(['name', 'agency_code']).where('id', '=', leg.unitId).executeTakeFirst();
  if (!wf || !unit) {
    throw invalid('transfer_no_workflow', `${unit?.name ?? 'Đơn vị liên thông'} chưa ban hành quy trình cho thủ tục này; chưa thể chuyển liên thông.`);
  }
  const ctx: EngineContext = { unitId: leg.unitId, receivingUnitId: leg.unitId, formData: o.form_data, feeTotal: feeTotal(o.procedure_fees) };
  const decision = decideIntake(wf.definition, { kind: 'leg' }, SYSTEM_ACTOR, ctx);
  if (!decision.ok) throw rejectionError(decision.code, 'transfer');
  await commitDecision(trx, cals, {
    create: {
      tenantId: o.tenant_id,
      procedure: {
        id: o.procedure_id, version: o.procedure_version, formVersion: o.form_version, cutOff: o.cut_off,
        processingAmount: o.processing_amount, processingUnit: o.processing_unit, fees: o.procedure_fees,
      },
      workflowId: wf.id, unit: { id: leg.unitId, agencyCode: unit.agency_code }, receivingUnitId: leg.unitId,
      applicantId: o.applicant_id, personId: o.person_id, applicant: o.applicant, authorised: o.authorised, formData: o.form_data,
      channel: o.channel, checklist: o.checklist, sets: o.sets, returnPlace: o.return_place,
      origin: { dossierId: o.id, taskId: task.id, code: o.code, unitName: o.unit_name },
      eventData: { label: `Nhận hồ sơ liên thông từ ${o.unit_name}`, originDossierId: o.id, dueAt: (task.due_at ?? new Date(now)).toISOString() },
    },
  }, decision, { userId: null }, { legDueAt: task.due_at }, now);
}

/** The origin's transfer task closes without the leg's answer: the leg (and its own legs) stop. */
async function stopLegOf(trx: Tx, cals: Calendars, taskId: string, now: number): Promise<void> {
  const task = await trx.selectFrom('dossier_tasks').select(['child_dossier_id']).where('id', '=', taskId).executeTakeFirst();
  if (!task?.child_dossier_id) return;
  if ((await lockDossier(trx, task.child_dossier_id)) === undefined) return;
  const found = await findForDecision(trx, task.child_dossier_id);
  if (!found) return;
  const child = found.row;
  const view = engineView(child, found.tasks);
  const decision = decide(child.definition, view.snap, { action: 'origin_ended' }, SYSTEM_ACTOR, view.ctx);
  if (!decision.ok) return; // already over
  await commitDecision(trx, cals, { row: child }, decision, { userId: null }, {}, now);
}
