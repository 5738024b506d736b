import { randomUUID, createHash } from 'node:crypto';
import {
  addWorkingMinutes, dueAt as computeDue, effectiveStart, parseClock, vnDate, workingMinutesBetween, type WorkCalendar,
} from '../../../common/calendar';
import type { Db } from '../../db/client';
import type { DossierStatus, Role } from '../../db/types';
import type { Actor } from '../../platform/auth';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { FileStorage } from '../../platform/storage';
import { sniffContentType } from '../../platform/storage';
import type { CalendarProvider } from '../calendar/service';
import { availableActions, decide, type Decision, rolesThatAct } from '../workflow/engine';
import { actorContext, canRead } from './policy';
import { keepInStore, storeOf } from '../documents/store';
import { formValidator, validateForm } from './form-validation';
import { type DossierRow, type Tx, findDossier, listFiles, nextDailySequence } from './repo';

/** Work done before a decision commits (e.g. signing the e-result): what to write in the transaction, and how to undo. */
export type DecisionHook = (d: DossierRow, actor: Actor, now: number) => Promise<{ write: (trx: Tx) => Promise<void>; undo: () => Promise<void> } | null>;

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
export async function loadReadable(db: Tx, actor: Actor, id: string): Promise<DossierRow> {
  if (!UUID.test(id)) throw dossierNotFound();
  const d = await findDossier(db, id);
  if (!d || !canRead(actor, d)) throw dossierNotFound();
  return d;
}

/** Where the next action is expected: the (unit, role) whose inbox shows the dossier. */
function assignee(d: { unit_id: string; receiving_unit_id: string }, def: DossierRow['definition'], status: DossierStatus, stepKey: string | null) {
  const roles = rolesThatAct(def, { status, stepKey, supplementStage: null });
  const role: Role | null = roles[0] ?? null;
  if (!role) return { assignee_unit_id: null, assignee_role: null };
  return { assignee_unit_id: role === 'desk' ? d.receiving_unit_id : d.unit_id, assignee_role: role };
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
      assignee_unit_id: unit.id, assignee_role: 'desk',
      submitted_at: new Date(now), complete_at: new Date(now), created_at: new Date(now), updated_at: new Date(now),
    }).returning('id').executeTakeFirstOrThrow();
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
export function actionsFor(actor: Actor, d: DossierRow) {
  return availableActions(d.definition, {
    status: d.status, stepKey: d.step_key, supplementStage: d.supplement_stage, extensionCount: d.extension_count,
  }, actorContext(actor, d));
}

/** Moves an instant by the working time that passed between `pausedAt` and `now` (a pause carries the remaining time). */
function carryOver(deadline: Date | null, pausedAt: Date, now: number, cal: WorkCalendar): Date | null {
  if (!deadline || pausedAt >= deadline) return deadline;
  const remaining = workingMinutesBetween(pausedAt.getTime(), deadline.getTime(), cal);
  return new Date(addWorkingMinutes(effectiveStart(now, cal), remaining, cal));
}

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
        const step = d.definition.steps.find((x) => x.key === decision.toStep);
        changes.step_due_at = step && step.quotaHours > 0 ? new Date(addWorkingMinutes(now, step.quotaHours * 60, cal)) : null;
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
    }
  }
  return changes;
}

export interface ActionInput {
  version: number; comment?: string | null; idempotencyKey?: string | null; newDueAt?: string | null;
  returnMethod?: 'desk' | 'post' | 'online' | null; recipientName?: string | null;
}

/**
 * Applies one action in one transaction: the dossier row (version-checked), one event, outbox rows.
 * 409 when the version is stale, 403 when the caller may not, 422 when the action is not valid now.
 */
export async function performAction(deps: DossierDeps, actor: Actor, id: string, action: string, input: ActionInput) {
  const { db } = deps;
  const before = await loadReadable(db, actor, id);
  if (input.idempotencyKey) {
    const seen = await db.selectFrom('dossier_events').select('id').where('dossier_id', '=', before.id)
      .where('idempotency_key', '=', hashKey(actor, input.idempotencyKey)).executeTakeFirst();
    if (seen) return before;
  }
  if (input.version !== before.version) {
    throw conflict('stale_version', 'Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại hồ sơ rồi thực hiện lại.');
  }
  const ctx = actorContext(actor, before);
  const snap = { status: before.status, stepKey: before.step_key, supplementStage: before.supplement_stage, extensionCount: before.extension_count };
  const decision = decide(before.definition, snap, action, ctx, input.comment);
  if (!decision.ok) {
    if (decision.code === 'forbidden') throw forbidden('Bạn không có quyền thực hiện thao tác này với hồ sơ ở bước hiện tại.');
    if (decision.code === 'comment_required') {
      throw invalid('comment_required', 'Vui lòng nhập lý do / nội dung cho thao tác này.', [{ path: '/comment', message: 'Bắt buộc nhập nội dung.' }]);
    }
    throw invalid('action_not_available', `Thao tác "${action}" không thực hiện được khi hồ sơ đang ở trạng thái hiện tại.`);
  }
  const now = deps.now();
  const clock = clockChanges(before, decision, now, await deps.calendar.forUnit(before.unit_id), input);
  const role = decision.action.kind === 'other' && ctx.isApplicant ? 'applicant'
    : ([...ctx.unitRoles].find((r) => ['desk', 'specialist', 'leader'].includes(r)) ?? 'applicant');
  const extra = decision.toStatus === 'result_ready' && deps.onResultReady ? await deps.onResultReady(before, actor, now) : null;
  try {
  await db.transaction().execute(async (trx) => {
    await extra?.write(trx);
    const updated = await trx.updateTable('dossiers').set({
      status: decision.toStatus, step_key: decision.toStep, supplement_stage: decision.supplementStage,
      ...assignee(before, before.definition, decision.toStatus, decision.toStep),
      ...clock, version: before.version + 1, updated_at: new Date(now),
    }).where('id', '=', before.id).where('version', '=', before.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw conflict('stale_version', 'Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại hồ sơ rồi thực hiện lại.');
    }
    await trx.insertInto('dossier_events').values({
      tenant_id: before.tenant_id, dossier_id: before.id, action, from_status: before.status, to_status: decision.toStatus,
      from_step: before.step_key, to_step: decision.toStep, actor_id: actor.userId, actor_role: role, at: new Date(now),
      comment: input.comment?.trim() || null,
      data: JSON.stringify({
        label: decision.action.label,
        ...(clock.due_at instanceof Date ? { dueAt: clock.due_at.toISOString() } : {}),
        ...(clock.original_due_at instanceof Date ? { previousDueAt: (before.due_at ?? clock.original_due_at).toISOString() } : {}),
        ...(clock.step_due_at instanceof Date ? { stepDueAt: clock.step_due_at.toISOString() } : {}),
        ...(input.returnMethod ? { returnMethod: input.returnMethod, recipientName: input.recipientName ?? null } : {}),
      }),
      idempotency_key: input.idempotencyKey ? hashKey(actor, input.idempotencyKey) : null,
    }).execute();
    await trx.insertInto('outbox').values({
      tenant_id: before.tenant_id, topic: 'dossier.status_changed',
      payload: JSON.stringify({
        dossierId: before.id, code: before.code, action, fromStatus: before.status, toStatus: decision.toStatus,
        applicantId: before.applicant_id,
      }),
    }).execute();
  });
  } catch (err) {
    await extra?.undo();
    throw err;
  }
  return loadReadable(db, actor, id);
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
  if (d.applicant_id !== actor.userId && !['submitted', 'awaiting_supplement'].includes(d.status) && actorContext(actor, d).unitRoles.size === 0) {
    throw forbidden();
  }
  if (file.data.length === 0) throw invalid('empty_file', 'Tệp tải lên đang trống.');
  const type = sniffContentType(file.data.subarray(0, 16));
  if (!type) throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Chỉ chấp nhận tệp PDF, JPEG hoặc PNG.');
  const fileId = randomUUID();
  const key = `${d.tenant_id}/${vnDate(deps.now()).slice(0, 7)}/${fileId}`;
  await deps.storage.put(key, file.data);
  try {
    const name = file.filename.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'tep-dinh-kem';
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('dossier_files').values({
        id: fileId, tenant_id: d.tenant_id, dossier_id: d.id, name, label: file.label?.slice(0, 200) || null, content_type: type,
        size: file.data.length, sha256, storage_key: key, uploaded_by: actor.userId,
      }).returning(['id', 'name', 'label', 'content_type', 'size', 'created_at']).executeTakeFirstOrThrow();
      // Digitised once: kept in the applicant's store, offered again in their next dossier.
      await keepInStore(trx, d.tenant_id, { userId: d.applicant_id, personId: d.person_id }, {
        name: file.label?.trim() || name, contentType: type, size: file.data.length, sha256, storageKey: key, dossierId: d.id,
      });
      return row;
    });
  } catch (err) {
    await deps.storage.remove(key);
    throw err;
  }
}

/** A file of a readable dossier. */
export async function findFile(deps: DossierDeps, actor: Actor, id: string, fileId: string) {
  const d = await loadReadable(deps.db, actor, id);
  if (!UUID.test(fileId)) throw notFound('file_not_found', 'Không tìm thấy tệp.');
  const files = await listFiles(deps.db, d.id);
  const f = files.find((x) => x.id === fileId);
  if (!f) throw notFound('file_not_found', 'Không tìm thấy tệp.');
  return f;
}

/** Attaches a document from the applicant's store to their dossier, without a new copy. */
export async function reuseStored(deps: DossierDeps, actor: Actor, id: string, documentId: string, label: string | null) {
  const d = await loadReadable(deps.db, actor, id);
  if (!UPLOAD_STATUSES.has(d.status)) throw invalid('dossier_closed', 'Hồ sơ đã kết thúc, không thể đính kèm thêm tệp.');
  if (d.applicant_id !== actor.userId && actorContext(actor, d).unitRoles.size === 0) throw forbidden();
  const owner = { userId: d.applicant_id, personId: d.person_id };
  const doc = UUID.test(documentId) ? (await storeOf(deps.db, d.tenant_id, owner)).find((x) => x.id === documentId) : undefined;
  if (!doc) throw notFound('document_not_found', 'Không tìm thấy giấy tờ trong kho của người nộp hồ sơ này.');
  return deps.db.insertInto('dossier_files').values({
    tenant_id: d.tenant_id, dossier_id: d.id, name: doc.name, label: label?.slice(0, 200) || doc.name, content_type: doc.content_type,
    size: Number(doc.size), sha256: doc.sha256, storage_key: doc.storage_key, uploaded_by: actor.userId,
  }).returning(['id', 'name', 'label', 'content_type', 'size', 'created_at']).executeTakeFirstOrThrow();
}
