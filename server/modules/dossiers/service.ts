import { randomUUID, createHash } from 'node:crypto';
import {
  addWorkingMinutes, dueAt as computeDue, effectiveStart, parseClock, vnDate, workingMinutesBetween, type WorkCalendar,
} from '../../../common/calendar';
import type { Db } from '../../db/client';
import type { DecisionHook } from '../../deps';
import type { DossierStatus } from '../../db/types';
import type { Actor } from '../../platform/auth';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { FileStorage } from '../../platform/storage';
import { sniffContentType } from '../../platform/storage';
import { safeFileName, safeLabel } from '../../platform/files';
import type { CalendarProvider } from '../calendar/provider';
import { type ActorContext, availableActions, decide, type Decision, type EngineContext, type Rejection, type Snapshot, startAt, type TaskSpec } from '../workflow/engine';
import { type Quota, quotaHours } from '../../../common/workflow';
import { actorContext, canRead, officerRoles, ownRoles, SYSTEM_ACTOR } from './policy';
import { keepInStore, storeOf } from '../store/repo';
import { appendAudit, type AuditRecorder } from '../../platform/audit';
import { auditRead } from '../../platform/audit-http';
import type { FastifyRequest } from 'fastify';
import { formValidator, validateForm } from './form-validation';
import { type DossierRow, type Tx, findDossier, listFiles, nextDailySequence, openTasks } from './repo';

export interface DossierDeps {
  db: Db;
  calendar: CalendarProvider;
  storage: FileStorage;
  now: () => number;
  /** Called when a dossier is decided with a result (result_ready). */
  onResultReady?: DecisionHook;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dossierNotFound = () => notFound('dossier_not_found', 'Không tìm thấy hồ sơ, hoặc bạn không có quyền xem hồ sơ này.');

/** Loads a dossier the actor may read; anything else is 404 (its existence is not revealed). */
export async function loadReadable(db: Tx, actor: Actor, id: string, now: number = Date.now()): Promise<DossierRow> {
  if (!UUID.test(id)) throw dossierNotFound();
  const d = await findDossier(db, id);
  if (!d) throw dossierNotFound();
  if (!canRead(actor, { ...d, taskUnits: d.task_units })) {
    const delegated = (await officerRoles(db, actor, now)).filter((r) => r.onBehalfOf).map((r) => r.unitId);
    if (!canRead(actor, { ...d, taskUnits: d.task_units }, delegated)) throw dossierNotFound();
  }
  return d;
}

/** The procedure's total fee, which a workflow branch may test. */
export const feeTotal = (fees: readonly { amount: number | string }[]) => fees.reduce((sum, f) => sum + (Number(f.amount) || 0), 0);

/** The dossier as the engine sees it. */
export function engineView(d: DossierRow, tasks: Awaited<ReturnType<typeof openTasks>>): { snap: Snapshot; ctx: EngineContext } {
  return {
    snap: {
      status: d.status, nodeKey: d.step_key, supplementStage: d.supplement_stage, extensionCount: d.extension_count,
      answered: Number(d.answered), isLeg: d.origin_dossier_id !== null,
      tasks: tasks.map((t) => ({ id: t.id, nodeKey: t.node_key, kind: t.kind, unitId: t.unit_id, role: t.role, userId: t.assignee_id })),
    },
    ctx: {
      unitId: d.unit_id, receivingUnitId: d.receiving_unit_id, formData: d.form_data,
      feeTotal: feeTotal(d.procedure_fees),
    },
  };
}

/** Builds the dossier code `<agency e-ID>-YYMMDD-<daily sequence>` (Circular 03/2025 art. 13). */
export async function assignCode(trx: Tx, unit: { id: string; agency_code: string }, at: number): Promise<string> {
  const day = vnDate(at);
  const n = await nextDailySequence(trx, unit.id, day);
  return `${unit.agency_code}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(n).padStart(4, '0')}`;
}

export interface SubmitInput { procedureCode: string; unitId: string; formData: unknown }

/** An applicant submits a dossier online: validated against the procedure's e-form, coded at once. */
export async function submitDossier(deps: DossierDeps, actor: Actor, input: SubmitInput) {
  const { db } = deps;
  const proc = await db.selectFrom('procedures').selectAll().where('code', '=', input.procedureCode)
    .where('published', '=', true).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
  if (!proc) throw invalid('procedure_not_found', `Không có thủ tục mã "${input.procedureCode}" đang được cung cấp.`, [{ path: '/procedureCode', message: 'Thủ tục không tồn tại.' }]);
  if (proc.online_level === 'info') throw invalid('not_online', 'Thủ tục này chưa cung cấp dịch vụ nộp hồ sơ trực tuyến.');
  const unit = UUID.test(input.unitId)
    ? await db.selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id')
      .select(['u.id', 'u.agency_code', 'u.tenant_id']).where('pu.procedure_id', '=', proc.id).where('u.id', '=', input.unitId).executeTakeFirst()
    : undefined;
  if (!unit) throw invalid('unit_not_serving', 'Cơ quan được chọn không giải quyết thủ tục này.', [{ path: '/unitId', message: 'Cơ quan không giải quyết thủ tục này.' }]);
  const workflow = await db.selectFrom('workflows').select(['id']).where('procedure_id', '=', proc.id)
    .where('unit_id', '=', unit.id).where('status', '=', 'published').executeTakeFirst();
  if (!workflow) throw invalid('no_workflow', 'Cơ quan chưa ban hành quy trình giải quyết thủ tục này; chưa thể nhận hồ sơ trực tuyến.');

  const v = formValidator(`${proc.id}:${proc.form_version}`, proc.form_schema);
  const errors = validateForm(v, proc.form_schema, input.formData);
  if (errors.length) throw invalid('invalid_form_data', `Biểu mẫu chưa hợp lệ: ${errors.map((e) => e.message).join(' ')}`, errors);

  const user = await db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const now = deps.now();
  const id = await db.transaction().execute(async (trx) => {
    const code = await assignCode(trx, unit, now);
    const d = await trx.insertInto('dossiers').values({
      tenant_id: actor.tenantId, code, procedure_id: proc.id, procedure_version: proc.version, form_version: proc.form_version, workflow_id: workflow.id,
      unit_id: unit.id, receiving_unit_id: unit.id, applicant_id: actor.userId,
      applicant: JSON.stringify({
        fullName: user.full_name, idNumber: user.id_number, taxCode: user.tax_code, phone: user.phone, email: user.email,
        address: user.address, birthDate: user.birth_date,
      }),
      form_data: JSON.stringify(input.formData), channel: 'online', status: 'submitted',
      submitted_at: new Date(now), complete_at: new Date(now), created_at: new Date(now), updated_at: new Date(now),
    }).returning('id').executeTakeFirstOrThrow();
    // The desk's reception is the first task.
    await trx.insertInto('dossier_tasks').values({
      tenant_id: actor.tenantId, dossier_id: d.id, kind: 'desk', unit_id: unit.id, role: 'desk', opened_at: new Date(now),
    }).execute();
    await trx.insertInto('dossier_events').values({
      tenant_id: actor.tenantId, dossier_id: d.id, action: 'submit', from_status: null, to_status: 'submitted',
      actor_id: actor.userId, actor_role: 'applicant', at: new Date(now), data: JSON.stringify({ label: 'Nộp hồ sơ trực tuyến', code }),
    }).execute();
    await trx.insertInto('outbox').values({
      tenant_id: actor.tenantId, topic: 'dossier.status_changed',
      payload: JSON.stringify({ dossierId: d.id, code, action: 'submit', fromStatus: null, toStatus: 'submitted' }),
    }).execute();
    return d.id;
  });
  return loadReadable(db, actor, id);
}

/** What the caller may do now with the dossier. */
export async function actionsFor(deps: DossierDeps, actor: Actor, d: DossierRow) {
  const now = deps.now();
  const { snap, ctx } = engineView(d, await openTasks(deps.db, d.id));
  return availableActions(d.definition, snap, await actorContext(deps.db, actor, d, now), ctx);
}

/** Moves an instant by the working time that passed between `pausedAt` and `now` (a pause carries the remaining time). */
function carryOver(deadline: Date | null, pausedAt: Date, now: number, cal: WorkCalendar): Date | null {
  if (!deadline || pausedAt >= deadline) return deadline;
  const remaining = workingMinutesBetween(pausedAt.getTime(), deadline.getTime(), cal);
  return new Date(addWorkingMinutes(effectiveStart(now, cal), remaining, cal));
}

const dueIn = (quota: Quota | null, now: number, cal: WorkCalendar) =>
  (quota && quotaHours(quota) > 0 ? new Date(addWorkingMinutes(now, quotaHours(quota) * 60, cal)) : null);

/** The clock and date columns an action changes. */
function clockChanges(
  d: DossierRow, decision: Decision, now: number, cal: WorkCalendar, input: ActionInput,
): Record<string, Date | null | number> {
  const changes: Record<string, Date | null | number> = {};
  for (const effect of decision.effects) {
    switch (effect) {
      case 'start_clock': {
        // Online: the clock runs from when the complete dossier was recorded; walk-in: from acceptance.
        const recorded = d.channel === 'direct' ? now : (d.complete_at ?? d.submitted_at ?? new Date(now)).getTime();
        const start = effectiveStart(recorded, cal, parseClock(d.cut_off));
        changes.received_at = new Date(now);
        changes.effective_start = new Date(start);
        changes.due_at = new Date(computeDue(start, Number(d.processing_amount), d.processing_unit, cal));
        break;
      }
      case 'enter_step': {
        // The step's own deadline: the quota of the node entered (each consulted unit's task has the same).
        const main = decision.open.find((t) => t.kind !== 'desk');
        changes.step_due_at = dueIn(main?.quota ?? null, now, cal);
        break;
      }
      case 'pause_clock':
        changes.paused_at = new Date(now);
        break;
      case 'resume_clock':
        // Waiting for the applicant stops the clock: the remaining working time is carried over.
        if (d.paused_at) {
          changes.due_at = carryOver(d.due_at, d.paused_at, now, cal);
          changes.step_due_at = carryOver(d.step_due_at, d.paused_at, now, cal);
        }
        changes.paused_at = null;
        break;
      case 'extend': {
        const next = input.newDueAt ? Date.parse(input.newDueAt) : Number.NaN;
        if (Number.isNaN(next)) {
          throw invalid('new_due_required', 'Vui lòng chọn ngày hẹn trả kết quả mới.', [{ path: '/newDueAt', message: 'Bắt buộc chọn ngày hẹn mới.' }]);
        }
        if (!d.due_at || next <= d.due_at.getTime() || next <= now) {
          throw invalid('new_due_too_early', 'Ngày hẹn trả mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.', [{ path: '/newDueAt', message: 'Ngày hẹn mới phải sau ngày hẹn hiện tại.' }]);
        }
        changes.original_due_at = d.original_due_at ?? d.due_at;
        changes.due_at = new Date(next);
        changes.extension_count = d.extension_count + 1;
        break;
      }
      case 'mark_complete':
        changes.complete_at = new Date(now);
        break;
      case 'decided':
      case 'ended':
        changes.completed_at = new Date(now);
        changes.step_due_at = null;
        break;
      case 'returned': {
        if (d.origin_dossier_id) { changes.returned_at = new Date(now); break; }
        if (!input.returnMethod) {
          throw invalid('return_method_required', 'Chọn hình thức trả kết quả (tại Bộ phận một cửa, qua bưu chính hoặc trực tuyến).', [{ path: '/returnMethod', message: 'Bắt buộc chọn hình thức trả kết quả.' }]);
        }
        if (input.returnMethod !== 'online' && !input.recipientName?.trim()) {
          throw invalid('recipient_required', 'Ghi họ tên người nhận kết quả.', [{ path: '/recipientName', message: 'Bắt buộc ghi người nhận kết quả.' }]);
        }
        changes.returned_at = new Date(now);
        (changes as Record<string, unknown>).return_method = input.returnMethod;
        (changes as Record<string, unknown>).recipient_name = input.recipientName?.trim() || null;
        break;
      }
      case 'leg_done':
        break;
    }
  }
  return changes;
}

export interface ActionInput {
  version: number; comment?: string | null; idempotencyKey?: string | null; newDueAt?: string | null;
  returnMethod?: 'desk' | 'post' | 'online' | null; recipientName?: string | null; taskId?: string | null;
}

const stale = () => conflict('stale_version', 'Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại hồ sơ rồi thực hiện lại.');

function rejectionError(code: Rejection['code'], action: string): AppError {
  if (code === 'forbidden') return forbidden('Bạn không có quyền thực hiện thao tác này với hồ sơ ở bước hiện tại.');
  if (code === 'comment_required') {
    return invalid('comment_required', 'Vui lòng nhập lý do / nội dung cho thao tác này.', [{ path: '/comment', message: 'Bắt buộc nhập nội dung.' }]);
  }
  if (code === 'invalid_definition') return invalid('workflow_broken', 'Quy trình của hồ sơ này không đi tiếp được (bước tiếp theo không tồn tại). Báo quản trị viên kiểm tra quy trình.');
  return invalid('action_not_available', `Thao tác "${action}" không thực hiện được khi hồ sơ đang ở trạng thái hiện tại.`);
}

/**
 * Applies one action in one transaction: the dossier row (version-checked), its tasks, a liên thông leg
 * when one starts, the origin dossier when a leg ends, one event each, outbox rows.
 * 409 when the version is stale, 403 when the caller may not, 422 when the action is not valid now.
 */
export async function performAction(deps: DossierDeps, actor: Actor, id: string, action: string, input: ActionInput) {
  const { db } = deps;
  const now = deps.now();
  const before = await loadReadable(db, actor, id, now);
  if (input.idempotencyKey) {
    const seen = await db.selectFrom('dossier_events').select('id').where('dossier_id', '=', before.id)
      .where('idempotency_key', '=', hashKey(actor, input.idempotencyKey)).executeTakeFirst();
    if (seen) return before;
  }
  if (input.version !== before.version) throw stale();
  const tasks = await openTasks(db, before.id);
  const { snap, ctx } = engineView(before, tasks);
  const command = { action, taskId: input.taskId ?? null, comment: input.comment ?? null };
  // Most actions are taken in one's own right; delegations are looked up only when that is not enough.
  let actorCtx: ActorContext = { userId: actor.userId, isApplicant: before.applicant_id === actor.userId, roles: ownRoles(actor) };
  let decision = decide(before.definition, snap, command, actorCtx, ctx);
  if (!decision.ok && decision.code === 'forbidden') {
    actorCtx = await actorContext(db, actor, before, now);
    decision = decide(before.definition, snap, command, actorCtx, ctx);
  }
  if (!decision.ok) {
    // The dossier row and its tasks are read one after the other: a colleague's action committed in between
    // shows tasks of a newer version than the row. That is a stale version (409), not a refusal.
    const current = await db.selectFrom('dossiers').select('version').where('id', '=', before.id).executeTakeFirst();
    if (current && current.version !== before.version) throw stale();
    throw rejectionError(decision.code, action);
  }
  const extra = decision.toStatus === 'result_ready' && deps.onResultReady ? await deps.onResultReady(before, actor, now) : null;
  const cals = await deps.calendar.snapshot();
  let written: Partial<DossierRow>;
  try {
    written = await db.transaction().execute(async (trx) => {
      await extra?.write(trx);
      return applyDecision(trx, cals, before, decision, { userId: actor.userId, idempotencyKey: input.idempotencyKey ? hashKey(actor, input.idempotencyKey) : null }, input, now);
    });
  } catch (err) {
    await extra?.undo();
    throw err;
  }
  // The row as committed, without reading it again; a leg that ended moved other rows, not this one's columns.
  const opened = decision.open.map((t) => t.unitId);
  return { ...before, ...written, task_units: [...new Set([...before.task_units, ...opened])] } as DossierRow;
}

interface Performer { userId: string | null; idempotencyKey?: string | null }

/** Writes a decision: dossier row (version-checked), tasks, leg, event, outbox; then continues the origin when a leg ends. */
export type Calendars = (unitId: string | null) => WorkCalendar;

export async function applyDecision(
  trx: Tx, cals: Calendars, before: DossierRow, decision: Decision, by: Performer, input: ActionInput, now: number,
): Promise<Partial<DossierRow>> {
  const cal = cals(before.unit_id);
  const clock = clockChanges(before, decision, now, cal, input);
  const set = {
    status: decision.toStatus, step_key: decision.toNode, supplement_stage: decision.supplementStage, ...clock, version: before.version + 1, updated_at: new Date(now),
  };
  const updated = await trx.updateTable('dossiers').set(set).where('id', '=', before.id).where('version', '=', before.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw stale();

  for (const c of decision.close) {
    if (c.outcome === 'cancelled' || c.outcome === 'expired') await endLegsOf(trx, c.taskId, now);
    const closed = await trx.updateTable('dossier_tasks').set({
      status: c.outcome, closed_at: new Date(now), closed_by: by.userId,
      comment: c.taskId === decision.taskId ? input.comment?.trim() || null : null,
    }).where('id', '=', c.taskId).where('status', '=', 'open').executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) throw stale();
  }
  // Resuming after a wait carries each open task's remaining time, like the dossier's.
  if (decision.effects.includes('resume_clock') && before.paused_at) {
    for (const t of await openTasks(trx, before.id)) {
      if (t.due_at) {
        await trx.updateTable('dossier_tasks').set({ due_at: carryOver(t.due_at, before.paused_at, now, cals(t.unit_id)) })
          .where('id', '=', t.id).execute();
      }
    }
  }
  const opened = await insertTasks(trx, cals, before.tenant_id, before.id, decision.open, now);
  for (const [i, t] of decision.open.entries()) {
    if (t.kind === 'transfer' && decision.spawn) await spawnLeg(trx, cals, before, opened[i]!, decision.spawn, now);
  }

  const onBehalfOf = decision.onBehalfOf
    ? (await trx.selectFrom('users').select('full_name').where('id', '=', decision.onBehalfOf).executeTakeFirst())?.full_name ?? null : null;
  await trx.insertInto('dossier_events').values({
    tenant_id: before.tenant_id, dossier_id: before.id, action: decision.action.action, from_status: before.status, to_status: decision.toStatus,
    from_step: before.step_key, to_step: decision.toNode, actor_id: by.userId, actor_role: decision.actorRole, at: new Date(now),
    comment: input.comment?.trim() || null,
    data: JSON.stringify({
      label: decision.action.label,
      ...(clock.due_at instanceof Date ? { dueAt: clock.due_at.toISOString() } : {}),
      ...(clock.original_due_at instanceof Date ? { previousDueAt: (before.due_at ?? clock.original_due_at).toISOString() } : {}),
      ...(clock.step_due_at instanceof Date ? { stepDueAt: clock.step_due_at.toISOString() } : {}),
      ...(input.returnMethod ? { returnMethod: input.returnMethod, recipientName: input.recipientName ?? null } : {}),
      ...(decision.via.length ? { via: decision.via } : {}),
      ...(decision.taskId ? { taskId: decision.taskId } : {}),
      ...(onBehalfOf ? { onBehalfOf: decision.onBehalfOf, onBehalfOfName: onBehalfOf } : {}),
    }),
    idempotency_key: by.idempotencyKey ?? null,
  }).execute();
  await trx.insertInto('outbox').values({
    tenant_id: before.tenant_id, topic: 'dossier.status_changed',
    payload: JSON.stringify({
      dossierId: before.id, code: before.code, action: decision.action.action, fromStatus: before.status, toStatus: decision.toStatus,
      applicantId: before.applicant_id, ...(before.origin_dossier_id ? { originDossierId: before.origin_dossier_id } : {}),
    }),
  }).execute();

  // A leg ended: the origin dossier continues (same transaction, its own version check and event).
  if (decision.effects.includes('leg_done') && before.origin_dossier_id) {
    const origin = await findDossier(trx, before.origin_dossier_id);
    if (!origin) return set as Partial<DossierRow>;
    const view = engineView(origin, await openTasks(trx, origin.id));
    const outcome = decision.toStatus === 'refused' ? 'refusal' : 'result';
    const cont = decide(origin.definition, view.snap, { action: 'leg_completed', taskId: before.origin_task_id, outcome }, SYSTEM_ACTOR, view.ctx);
    if (!cont.ok) throw rejectionError(cont.code, 'leg_completed');
    await applyDecision(trx, cals, origin, cont, { userId: null }, { version: origin.version }, now);
  }
  return set as Partial<DossierRow>;
}

/** The origin stopped (e.g. withdrawn) while a leg was running: the leg and its own legs stop too. */
async function endLegsOf(trx: Tx, taskId: string, now: number): Promise<void> {
  const task = await trx.selectFrom('dossier_tasks').select(['child_dossier_id']).where('id', '=', taskId).executeTakeFirst();
  if (!task?.child_dossier_id) return;
  const child = await trx.selectFrom('dossiers').select(['id', 'tenant_id', 'status', 'step_key', 'version']).where('id', '=', task.child_dossier_id)
    .forUpdate().executeTakeFirst();
  if (!child || ['returned', 'refused', 'withdrawn', 'rejected'].includes(child.status)) return;
  const open = await trx.selectFrom('dossier_tasks').select('id').where('dossier_id', '=', child.id).where('status', '=', 'open').execute();
  for (const t of open) {
    await endLegsOf(trx, t.id, now);
    await trx.updateTable('dossier_tasks').set({ status: 'cancelled', closed_at: new Date(now) }).where('id', '=', t.id).execute();
  }
  await trx.updateTable('dossiers').set({
    status: 'withdrawn', completed_at: new Date(now), step_due_at: null,
    version: child.version + 1, updated_at: new Date(now),
  }).where('id', '=', child.id).execute();
  await trx.insertInto('dossier_events').values({
    tenant_id: child.tenant_id, dossier_id: child.id, action: 'origin_ended', from_status: child.status, to_status: 'withdrawn',
    from_step: child.step_key, to_step: child.step_key, actor_id: null, actor_role: 'system', at: new Date(now),
    data: JSON.stringify({ label: 'Hồ sơ gốc đã dừng giải quyết; dừng xử lý liên thông' }),
  }).execute();
}

/** Opens tasks, each with a due date from its quota on its own unit's calendar. */
export async function insertTasks(trx: Tx, cals: Calendars, tenantId: string, dossierId: string, specs: TaskSpec[], now: number) {
  const rows: { id: string; due_at: Date | null }[] = [];
  for (const t of specs) {
    const cal = cals(t.unitId);
    rows.push(await trx.insertInto('dossier_tasks').values({
      tenant_id: tenantId, dossier_id: dossierId, node_key: t.nodeKey, kind: t.kind, unit_id: t.unitId, role: t.role,
      assignee_id: t.userId, quota_hours: t.quota ? quotaHours(t.quota) : null, opened_at: new Date(now), due_at: dueIn(t.quota, now, cal),
    }).returning(['id', 'due_at']).executeTakeFirstOrThrow());
  }
  return rows;
}

/** Starts a liên thông leg: a child dossier at the other unit, with the origin's code, that unit's
 *  published workflow for the procedure, and the leg's own deadline. */
async function spawnLeg(
  trx: Tx, cals: Calendars, origin: DossierRow, task: { id: string; due_at: Date | null }, leg: NonNullable<Decision['spawn']>, now: number,
) {
  const wf = await trx.selectFrom('workflows').select(['id', 'definition']).where('procedure_id', '=', origin.procedure_id)
    .where('unit_id', '=', leg.unitId).where('status', '=', 'published').executeTakeFirst();
  if (!wf) {
    const unit = await trx.selectFrom('units').select('name').where('id', '=', leg.unitId).executeTakeFirst();
    throw invalid('transfer_no_workflow', `${unit?.name ?? 'Đơn vị liên thông'} chưa ban hành quy trình cho thủ tục này; chưa thể chuyển liên thông.`);
  }
  const ctx: EngineContext = { unitId: leg.unitId, receivingUnitId: leg.unitId, formData: origin.form_data, feeTotal: feeTotal(origin.procedure_fees) };
  const start = startAt(wf.definition, ctx, true);
  if (!start.ok) throw rejectionError(start.code, 'transfer');
  const cal = cals(leg.unitId);
  const child = await trx.insertInto('dossiers').values({
    tenant_id: origin.tenant_id, code: origin.code, procedure_id: origin.procedure_id, procedure_version: origin.procedure_version,
    form_version: origin.form_version, workflow_id: wf.id, unit_id: leg.unitId, receiving_unit_id: leg.unitId,
    applicant_id: origin.applicant_id, person_id: origin.person_id, applicant: JSON.stringify(origin.applicant),
    form_data: JSON.stringify(origin.form_data), channel: origin.channel, status: 'in_progress', step_key: start.toNode,
    submitted_at: new Date(now), complete_at: new Date(now), received_at: new Date(now), effective_start: new Date(now),
    due_at: task.due_at ?? dueIn(leg.quota, now, cal), step_due_at: dueIn(start.open[0]?.quota ?? null, now, cal),
    origin_dossier_id: origin.id, origin_task_id: task.id, created_at: new Date(now), updated_at: new Date(now),
  }).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('dossier_tasks').set({ child_dossier_id: child.id }).where('id', '=', task.id).execute();
  const opened = await insertTasks(trx, cals, origin.tenant_id, child.id, start.open, now);
  // A leg may itself start with a liên thông leg (a third unit or level).
  for (const [i, t] of start.open.entries()) {
    if (t.kind === 'transfer' && start.spawn) {
      const row = await findDossier(trx, child.id);
      await spawnLeg(trx, cals, row!, opened[i]!, start.spawn, now);
    }
  }
  await trx.insertInto('dossier_events').values({
    tenant_id: origin.tenant_id, dossier_id: child.id, action: 'transfer_in', from_status: null, to_status: 'in_progress', to_step: start.toNode,
    actor_id: null, actor_role: 'system', at: new Date(now),
    data: JSON.stringify({ label: `Nhận hồ sơ liên thông từ ${origin.unit_name}`, originDossierId: origin.id, dueAt: (task.due_at ?? new Date(now)).toISOString() }),
  }).execute();
}

/** Issues the timers that are due: a reminder to the outbox for each task past its due date (once), and
 *  consultations whose quota expired join with the answers given. Safe with many processes: rows are
 *  locked with SKIP LOCKED. Returns how many dossiers moved. */
export async function runDueTimers(deps: DossierDeps): Promise<number> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const overdue = await trx.selectFrom('dossier_tasks as t').innerJoin('dossiers as d', 'd.id', 't.dossier_id')
      .select(['t.id', 't.tenant_id', 't.dossier_id', 't.node_key', 't.kind', 't.unit_id', 't.role', 't.assignee_id', 't.due_at', 'd.code'])
      .where('t.status', '=', 'open').where('t.reminded_at', 'is', null).where('t.due_at', '<=', new Date(now))
      .where('d.status', 'in', ['in_progress', 'submitted', 'result_ready'])
      .orderBy('t.due_at').limit(500).forUpdate('t').skipLocked().execute();
    for (const t of overdue) {
      await trx.insertInto('outbox').values({
        tenant_id: t.tenant_id, topic: 'task.overdue',
        payload: JSON.stringify({ taskId: t.id, dossierId: t.dossier_id, code: t.code, nodeKey: t.node_key, kind: t.kind, unitId: t.unit_id, role: t.role, assigneeId: t.assignee_id, dueAt: t.due_at?.toISOString() }),
      }).execute();
    }
    if (overdue.length) await trx.updateTable('dossier_tasks').set({ reminded_at: new Date(now) }).where('id', 'in', overdue.map((t) => t.id)).execute();
  });
  // Only dossiers being processed: a paused one waits (its time is carried over when it resumes).
  const due = await deps.db.selectFrom('dossier_tasks as t').innerJoin('dossiers as d', 'd.id', 't.dossier_id').select('t.dossier_id').distinct()
    .where('t.status', '=', 'open').where('t.kind', '=', 'consultation').where('t.due_at', '<=', new Date(now))
    .where('d.status', '=', 'in_progress').limit(100).execute();
  let moved = 0;
  const cals = await deps.calendar.snapshot();
  for (const { dossier_id } of due) {
    await deps.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('dossiers').select('id').where('id', '=', dossier_id).forUpdate().skipLocked().executeTakeFirst();
      if (!locked) return;
      const d = await findDossier(trx, dossier_id);
      if (!d || d.status !== 'in_progress') return;
      const view = engineView(d, await openTasks(trx, d.id));
      const decision = decide(d.definition, view.snap, { action: 'expire_consultation' }, SYSTEM_ACTOR, view.ctx);
      if (!decision.ok) return;
      await applyDecision(trx, cals, d, decision, { userId: null }, { version: d.version }, now);
      moved++;
    });
  }
  return moved;
}

const isOfficerOf = (actor: Actor, d: DossierRow) => {
  const units = new Set([d.unit_id, d.receiving_unit_id, ...d.task_units]);
  return actor.roles.some((r) => r.unitId !== null && units.has(r.unitId) && r.role !== 'admin');
};

/** Whether the actor is an officer of a unit working on the dossier now: its receiving or competent unit, or a
 *  unit with an open task on it (a consulted unit until it has answered, the unit of a running liên thông leg). */
async function worksOn(db: Tx, actor: Actor, d: DossierRow): Promise<boolean> {
  const units = new Set([d.unit_id, d.receiving_unit_id, ...(await openTasks(db, d.id)).map((t) => t.unit_id)]);
  return actor.roles.some((r) => r.unitId !== null && units.has(r.unitId) && r.role !== 'admin');
}

const hashKey = (actor: Actor, key: string) => createHash('sha256').update(`${actor.userId}:${key}`).digest('hex');

const UPLOAD_STATUSES: ReadonlySet<DossierStatus> = new Set(['submitted', 'awaiting_supplement', 'in_progress', 'result_ready']);

/** Attaches a file: type checked by content, stored first, then recorded; a failed record removes the file. */
export async function attachFile(
  deps: DossierDeps, actor: Actor, id: string, file: { filename: string; data: Buffer; label?: string | null },
) {
  const d = await loadReadable(deps.db, actor, id);
  if (!UPLOAD_STATUSES.has(d.status)) {
    throw invalid('dossier_closed', 'Hồ sơ đã kết thúc, không thể đính kèm thêm tệp.');
  }
  // The applicant and the officers of the units working on it now; an admin, or a unit whose part is done,
  // reads it but adds nothing (a file attached here also lands in the applicant's store of documents).
  if (d.applicant_id !== actor.userId && !(await worksOn(deps.db, actor, d))) {
    throw forbidden('Chỉ người nộp hồ sơ và cán bộ của đơn vị đang giải quyết hồ sơ mới đính kèm được tệp.');
  }
  if (file.data.length === 0) throw invalid('empty_file', 'Tệp tải lên đang trống.');
  const type = sniffContentType(file.data.subarray(0, 16));
  if (!type) throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Chỉ chấp nhận tệp PDF, JPEG hoặc PNG.');
  const fileId = randomUUID();
  const key = `${d.tenant_id}/${vnDate(deps.now()).slice(0, 7)}/${fileId}`;
  await deps.storage.put(key, file.data);
  try {
    const name = safeFileName(file.filename, 'tep-dinh-kem');
    const label = safeLabel(file.label);
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('dossier_files').values({
        id: fileId, tenant_id: d.tenant_id, dossier_id: d.id, name, label, content_type: type,
        size: file.data.length, sha256, storage_key: key, uploaded_by: actor.userId,
      }).returning(['id', 'name', 'label', 'content_type', 'size', 'created_at']).executeTakeFirstOrThrow();
      // Digitised once: kept in the applicant's store, offered again in their next dossier.
      // A walk-in's documents belong to its registry record (an account sees them once its number is verified).
      await keepInStore(trx, d.tenant_id, { userId: d.person_id ? null : d.applicant_id, personId: d.person_id }, {
        name: label ? safeFileName(label, name) : name, contentType: type, size: file.data.length, sha256, storageKey: key, dossierId: d.id,
      });
      return row;
    });
  } catch (err) {
    await deps.storage.remove(key);
    throw err;
  }
}

/** A file of a readable dossier (the applicant sees result files only as `visibleFiles` says). */
export async function findFile(deps: DossierDeps, actor: Actor, id: string, fileId: string) {
  const d = await loadReadable(deps.db, actor, id);
  if (!UUID.test(fileId)) throw notFound('file_not_found', 'Không tìm thấy tệp.');
  const files = await visibleFiles(deps.db, actor, d, await listFiles(deps.db, d.id));
  const f = files.find((x) => x.id === fileId);
  if (!f) throw notFound('file_not_found', 'Không tìm thấy tệp.');
  return { d, f };
}

/**
 * The files a reader may see. Officers and admins see all; the applicant sees the result document only
 * once the dossier is approved (result ready or returned) and, where the competent unit signs its results
 * (it has a certificate), only the signed copy — never a draft uploaded while it was being processed.
 */
export async function visibleFiles<F extends { kind: string }>(db: Tx, actor: Actor, d: DossierRow, files: F[]): Promise<F[]> {
  if (d.applicant_id !== actor.userId || isOfficerOf(actor, d) || !files.some((f) => f.kind !== 'attachment')) return files;
  const approved = d.status === 'result_ready' || d.status === 'returned';
  const signed = files.some((f) => f.kind === 'signed_result');
  const unitSigns = approved && !signed
    && !!(await db.selectFrom('unit_certificates').select('unit_id').where('unit_id', '=', d.unit_id).executeTakeFirst());
  const show = approved && (signed || !unitSigns);
  return files.filter((f) => f.kind === 'attachment' || (show && (!signed || f.kind === 'signed_result')));
}

// --- The applicant's store, used for their dossier. The applicant uses their own store freely. An officer
// may list or reuse it only for a dossier of their own unit (receiving or competent), only after recording
// that the applicant, present, agreed for this dossier; each list and each reuse is audited.

const CONSENT = 'store_consent';
const consentRequired = () => forbidden('Cần ghi nhận người nộp đồng ý cho dùng lại giấy tờ trong kho cho hồ sơ này trước.');

/** The role in which the actor works on the dossier at its receiving or competent unit, or null. */
function unitRoleOf(actor: Actor, d: DossierRow): string | null {
  return actor.roles.find((r) => r.unitId !== null && (r.unitId === d.unit_id || r.unitId === d.receiving_unit_id)
    && ['desk', 'specialist', 'leader'].includes(r.role))?.role ?? null;
}

async function hasConsent(db: Tx, dossierId: string): Promise<boolean> {
  return !!(await db.selectFrom('dossier_events').select('id').where('dossier_id', '=', dossierId).where('action', '=', CONSENT).executeTakeFirst());
}

/** Who may use the dossier's applicant store, and whether it is the applicant themselves. */
async function storeAccess(db: Tx, actor: Actor, d: DossierRow): Promise<{ own: boolean }> {
  if (d.applicant_id === actor.userId && !isOfficerOf(actor, d)) return { own: true };
  if (!unitRoleOf(actor, d)) throw forbidden('Chỉ cán bộ của đơn vị tiếp nhận hoặc giải quyết hồ sơ mới dùng được kho giấy tờ của người nộp.');
  if (!await hasConsent(db, d.id)) throw consentRequired();
  return { own: false };
}

/**
 * Records that someone other than the applicant (an officer, an admin) read the dossier or part of it
 * (`dossier.read`, `dossier.file.read`, `dossier.form.read`, `dossier.result.read`); the applicant
 * reading their own dossier is not recorded. Repeated reads are coalesced (`auditRead`).
 */
export async function auditDossierRead(
  deps: { audit?: AuditRecorder }, req: FastifyRequest, actor: Actor, d: DossierRow, action: string,
  extra: { targetType?: string; targetId?: string; data?: Record<string, unknown> } = {},
): Promise<void> {
  if (d.applicant_id === actor.userId) return;
  const subject = dossierSubject(d);
  await auditRead(deps.audit!, req, actor, {
    action, targetType: extra.targetType ?? 'dossier', targetId: extra.targetId ?? d.id, ...subject, data: { ...subject.data, ...extra.data },
  });
}

/** The audit subject and dossier fields of an entry about a dossier. */
export const dossierSubject = (d: Pick<DossierRow, 'id' | 'code' | 'applicant_id' | 'person_id'>) => ({
  subjectUserId: d.applicant_id, subjectPersonId: d.person_id, data: { dossierCode: d.code, dossierId: d.id },
});

/**
 * Records, as a dossier event and an audit entry, that the applicant (present at the desk, or having
 * agreed in writing) consents to the unit's officers using their stored documents for this dossier.
 * Idempotent: a second call returns the consent already recorded.
 */
export async function recordStoreConsent(deps: DossierDeps, actor: Actor, id: string, comment: string | null, meta: { ip: string; requestId: string }) {
  const d = await loadReadable(deps.db, actor, id);
  const role = unitRoleOf(actor, d);
  if (!role) throw forbidden('Chỉ cán bộ của đơn vị tiếp nhận hoặc giải quyết hồ sơ mới ghi nhận được sự đồng ý của người nộp.');
  if (!UPLOAD_STATUSES.has(d.status)) throw invalid('dossier_closed', 'Hồ sơ đã kết thúc, không thể đính kèm thêm tệp.');
  if (!d.applicant_id && !d.person_id) throw invalid('no_store', 'Người nộp hồ sơ này chưa có kho giấy tờ.');
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    // One consent per dossier, even when two officers record it at once.
    await trx.selectFrom('dossiers').select('id').where('id', '=', d.id).forUpdate().execute();
    const seen = await trx.selectFrom('dossier_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.at', 'e.actor_id', 'u.full_name']).where('e.dossier_id', '=', d.id).where('e.action', '=', CONSENT).executeTakeFirst();
    if (seen) return { recordedAt: seen.at.toISOString(), recordedBy: { id: seen.actor_id, fullName: seen.full_name } };
    await trx.insertInto('dossier_events').values({
      tenant_id: d.tenant_id, dossier_id: d.id, action: CONSENT, from_status: d.status, to_status: d.status, from_step: d.step_key,
      to_step: d.step_key, actor_id: actor.userId, actor_role: role, at: new Date(now), comment: comment?.trim() || null,
      data: JSON.stringify({ label: 'Người nộp đồng ý cho dùng lại giấy tờ đã số hóa trong kho cho hồ sơ này' }),
    }).execute();
    await appendAudit(trx, {
      tenantId: d.tenant_id, actorId: actor.userId, actorName: actor.fullName, action: 'store.consent', targetType: 'dossier', targetId: d.id,
      ip: meta.ip, requestId: meta.requestId, ...dossierSubject(d),
    }, new Date(now));
    return { recordedAt: new Date(now).toISOString(), recordedBy: { id: actor.userId, fullName: actor.fullName } };
  });
}

/** The store of the dossier's applicant, for the applicant or (after consent) the unit's officers. */
export async function storeForDossier(deps: DossierDeps, actor: Actor, id: string) {
  const d = await loadReadable(deps.db, actor, id);
  const access = await storeAccess(deps.db, actor, d);
  const docs = await storeOf(deps.db, d.tenant_id, { userId: d.applicant_id, personId: d.person_id });
  return { d, docs, own: access.own };
}

/** Attaches a document from the applicant's store to their dossier, without a new copy. */
export async function reuseStored(deps: DossierDeps, actor: Actor, id: string, documentId: string, label: string | null, meta: { ip: string; requestId: string }) {
  const d = await loadReadable(deps.db, actor, id);
  if (!UPLOAD_STATUSES.has(d.status)) throw invalid('dossier_closed', 'Hồ sơ đã kết thúc, không thể đính kèm thêm tệp.');
  const access = await storeAccess(deps.db, actor, d);
  const owner = { userId: d.applicant_id, personId: d.person_id };
  const doc = UUID.test(documentId) ? (await storeOf(deps.db, d.tenant_id, owner)).find((x) => x.id === documentId) : undefined;
  if (!doc) throw notFound('document_not_found', 'Không tìm thấy giấy tờ trong kho của người nộp hồ sơ này.');
  return deps.db.transaction().execute(async (trx) => {
    const f = await trx.insertInto('dossier_files').values({
      tenant_id: d.tenant_id, dossier_id: d.id, name: safeFileName(doc.name, 'tep-dinh-kem'), label: safeLabel(label) ?? safeLabel(doc.name), content_type: doc.content_type,
      size: Number(doc.size), sha256: doc.sha256, storage_key: doc.storage_key, uploaded_by: actor.userId,
    }).returning(['id', 'name', 'label', 'content_type', 'size', 'created_at']).executeTakeFirstOrThrow();
    if (!access.own) {
      const subject = dossierSubject(d);
      await appendAudit(trx, {
        tenantId: d.tenant_id, actorId: actor.userId, actorName: actor.fullName, action: 'store.reuse', targetType: 'stored_document',
        targetId: doc.id, ip: meta.ip, requestId: meta.requestId, ...subject, data: { ...subject.data, fileId: f.id },
      }, new Date(deps.now()));
    }
    return f;
  });
}
