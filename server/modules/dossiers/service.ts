import { randomUUID, createHash } from 'node:crypto';
import { vnDate } from '../../../common/calendar';
import type { Db } from '../../db/client';
import type { DecisionHook } from '../../deps';
import type { DossierStatus } from '../../db/types';
import type { Actor } from '../../platform/auth';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors';
import type { FileStorage } from '../../platform/storage';
import { sniffContentType } from '../../platform/storage';
import { safeFileName, safeLabel } from '../../platform/files';
import type { CalendarProvider } from '../calendar/provider';
import { availableActions, decide, decideIntake, type EngineContext } from '../workflow/engine';
import { commitDecision, engineView, feeTotal, lockDossier, rejectionError, stale } from './commit';
import { actorContext, canRead, officerRoles, ownRoles, SYSTEM_ACTOR } from './policy';
import { keepInStore, storeOf } from '../store/repo';
import { appendAudit, type AuditRecorder } from '../../platform/audit';
import { auditRead } from '../../platform/audit-http';
import type { FastifyRequest } from 'fastify';
import { formValidator, validateForm } from './form-validation';
import { type DossierRow, type Tx, findDossier, findForDecision, listFiles, openTasks } from './repo';

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
  return readable(db, actor, d, now);
}

/** The dossier when the actor may read it (in their own right or through a delegation), else 404. */
async function readable(db: Tx, actor: Actor, d: DossierRow, now: number): Promise<DossierRow> {
  if (!canRead(actor, { ...d, taskUnits: d.task_units })) {
    const delegated = (await officerRoles(db, actor, now)).filter((r) => r.onBehalfOf).map((r) => r.unitId);
    if (!canRead(actor, { ...d, taskUnits: d.task_units }, delegated)) throw dossierNotFound();
  }
  return d;
}

export { engineView, feeTotal };

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
  const workflow = await db.selectFrom('workflows').select(['id', 'definition']).where('procedure_id', '=', proc.id)
    .where('unit_id', '=', unit.id).where('status', '=', 'published').executeTakeFirst();
  if (!workflow) throw invalid('no_workflow', 'Cơ quan chưa ban hành quy trình giải quyết thủ tục này; chưa thể nhận hồ sơ trực tuyến.');

  const v = formValidator(`${proc.id}:${proc.form_version}`, proc.form_schema);
  const errors = validateForm(v, proc.form_schema, input.formData);
  if (errors.length) throw invalid('invalid_form_data', `Biểu mẫu chưa hợp lệ: ${errors.map((e) => e.message).join(' ')}`, errors);

  const user = await db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const now = deps.now();
  // Only a citizen's or a business's own account applies online (an officer applies with a citizen account).
  const ctx: EngineContext = { unitId: unit.id, receivingUnitId: unit.id, formData: input.formData, feeTotal: feeTotal(proc.fees) };
  const decision = decideIntake(workflow.definition, { kind: 'submit' }, { userId: actor.userId, isApplicant: actor.kind !== 'officer', roles: [] }, ctx);
  if (!decision.ok) {
    if (decision.code === 'forbidden') throw forbidden('Hồ sơ trực tuyến được nộp bằng tài khoản của công dân, tổ chức.');
    throw rejectionError(decision.code, 'submit');
  }
  const cals = await deps.calendar.snapshot();
  const { id } = await db.transaction().execute((trx) => commitDecision(trx, cals, {
    create: {
      tenantId: actor.tenantId,
      procedure: {
        id: proc.id, version: proc.version, formVersion: proc.form_version, cutOff: proc.cut_off, processingAmount: proc.processing_amount,
        processingUnit: proc.processing_unit, fees: proc.fees,
      },
      workflowId: workflow.id, unit: { id: unit.id, agencyCode: unit.agency_code }, receivingUnitId: unit.id,
      applicantId: actor.userId, personId: null,
      applicant: {
        fullName: user.full_name, idNumber: user.id_number, taxCode: user.tax_code, phone: user.phone, email: user.email,
        address: user.address, birthDate: user.birth_date,
      },
      authorised: null, formData: input.formData, channel: 'online', checklist: [], sets: 1, returnPlace: null, origin: null,
    },
  }, decision, { userId: actor.userId }, {}, now));
  return loadReadable(db, actor, id);
}

/** What the caller may do now with the dossier. */
export async function actionsFor(deps: DossierDeps, actor: Actor, d: DossierRow) {
  const now = deps.now();
  const { snap, ctx } = engineView(d, await openTasks(deps.db, d.id));
  return availableActions(d.definition, snap, await actorContext(deps.db, actor, d, now), ctx);
}

export interface ActionInput {
  version: number; comment?: string | null; idempotencyKey?: string | null; newDueAt?: string | null;
  returnMethod?: 'desk' | 'post' | 'online' | null; recipientName?: string | null; taskId?: string | null;
}

/**
 * Applies one action in one transaction: the dossier's row is locked first, then read with its tasks, so
 * the engine decides on one consistent state and a colleague's action that won the race makes this one a
 * 409 (never a 422). The commit writes the row, its tasks, a leg when one starts, the origin when a leg
 * ends, one event each and outbox rows. 403 when the caller may not, 422 when the action is not valid now.
 */
export async function performAction(deps: DossierDeps, actor: Actor, id: string, action: string, input: ActionInput) {
  const { db } = deps;
  const now = deps.now();
  if (!UUID.test(id)) throw dossierNotFound();
  const key = input.idempotencyKey ? hashKey(actor, input.idempotencyKey) : null;
  const cals = await deps.calendar.snapshot();
  const command = { action, taskId: input.taskId ?? null, comment: input.comment ?? null };
  let undo: (() => Promise<void>) | undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      const version = await lockDossier(trx, id);
      if (version === undefined) throw dossierNotFound();
      const found = (await findForDecision(trx, id))!;
      const before = await readable(trx, actor, found.row, now);
      if (key) {
        const seen = await trx.selectFrom('dossier_events').select('id').where('dossier_id', '=', before.id).where('idempotency_key', '=', key).executeTakeFirst();
        if (seen) return before; // the same request again: already applied
      }
      if (version !== input.version) throw stale();
      const { snap, ctx } = engineView(before, found.tasks);
      // Most actions are taken in one's own right; delegations are looked up only when that is not enough.
      let decision = decide(before.definition, snap, command, { userId: actor.userId, isApplicant: before.applicant_id === actor.userId, roles: ownRoles(actor) }, ctx);
      if (!decision.ok && decision.code === 'forbidden') decision = decide(before.definition, snap, command, await actorContext(trx, actor, before, now), ctx);
      if (!decision.ok) throw rejectionError(decision.code, action);
      // Approving with a result: the e-result is signed with the unit's certificate as part of the decision.
      const extra = decision.toStatus === 'result_ready' && deps.onResultReady ? await deps.onResultReady(before, actor, now) : null;
      undo = extra?.undo;
      await extra?.write(trx);
      const { set } = await commitDecision(trx, cals, { row: before }, decision, { userId: actor.userId, idempotencyKey: key }, input, now);
      // The row as committed, without reading it again; a leg that ended moved other rows, not this one's columns.
      const opened = decision.open.map((t) => t.unitId);
      return { ...before, ...set, task_units: [...new Set([...before.task_units, ...opened])] } as DossierRow;
    });
  } catch (err) {
    await undo?.();
    throw err;
  }
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
      // Another process may be on it: skip it rather than wait.
      if ((await lockDossier(trx, dossier_id, { skipLocked: true })) === undefined) return;
      const found = await findForDecision(trx, dossier_id);
      if (!found || found.row.status !== 'in_progress') return;
      const d = found.row;
      const view = engineView(d, found.tasks);
      const decision = decide(d.definition, view.snap, { action: 'expire_consultation' }, SYSTEM_ACTOR, view.ctx);
      if (!decision.ok) return;
      await commitDecision(trx, cals, { row: d }, decision, { userId: null }, {}, now);
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
