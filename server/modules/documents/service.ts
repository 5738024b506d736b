import { createHash } from 'node:crypto';
import { classify, vnDate } from '../../../common/calendar';
import type { Db, Tx } from '../../db/client';
import type { AppDeps } from '../../deps';
import { requireAdmin, type Actor } from '../../platform/auth';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors';
import { sniffContentType } from '../../platform/storage';
import type { CalendarProvider } from '../calendar/provider';
import { leaderNameOf } from '../accounts/repo';
import { normalizeDocuments } from '../catalog/present';
import { fieldNameByCode, procedureForForms } from '../catalog/repo';
import {
  codeOfSignedResult, currentResult, eventActions, listEvents, receivedBetween, receptionOrder, type DossierRow,
} from '../dossiers/repo';
import { loadReadable, visibleFiles } from '../dossiers/service';
import { listFees } from '../fees/repo';
import { findUnit, unitHeading } from '../org/repo';
import { FORM_TITLES, renderForm, templateSetFor } from './forms';
import { trackingBookXlsx } from './forms/tracking-book-xlsx';
import type { ControlRow, FormContext, FormNo, FormUnit, TemplateSet, TrackingBookRow } from './forms/types';
import { presentCert, presentSettings } from './present';
import { certificateOf, formSettingsOf, upsertFormSettings } from './repo';
import { saveCertificate, uploadResult } from './result';
import { verifyPdf } from './signing';

// Gathers what each official form prints from the dossier, its events and the unit's template data.

const ROLE_VI: Record<string, string> = {
  desk: 'Bộ phận một cửa', specialist: 'Chuyên viên', leader: 'Lãnh đạo', applicant: 'Người nộp hồ sơ', admin: 'Quản trị',
};

/** The unit's template lines: what the admin set, or sensible defaults from the unit tree. */
export async function formUnit(db: Tx, unitId: string): Promise<FormUnit> {
  const u = await unitHeading(db, unitId);
  const s = await formSettingsOf(db, unitId);
  const short = (name: string) => name.replace(/^Ủy ban nhân dân/i, 'UBND').toUpperCase();
  const place = /(phường|xã|đặc khu|tỉnh)\s+(.+)$/i.exec(u.name)?.[2] ?? u.tenant_name.replace(/^Tỉnh\s+/i, '');
  return {
    parentName: s?.parent_name ?? short(u.level_code === 'commune' ? u.name : (u.parent_name ?? u.name)),
    deskName: s?.desk_name ?? 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
    agencyName: u.name,
    place: s?.place ?? place,
    numberSuffix: s?.number_suffix ?? undefined,
    phone: u.phone ?? undefined,
    address: u.address ?? undefined,
    contactName: s?.contact_name ?? undefined,
    contactPhone: s?.contact_phone ?? u.phone ?? undefined,
  };
}

/** "Quyển số / Số thứ tự": the book is per receiving unit, field and year; the number is the order of reception. */
async function trackingPosition(db: Tx, d: DossierRow) {
  if (!d.received_at) return null;
  const year = vnDate(d.received_at.getTime()).slice(0, 4);
  const { fieldCode, seq } = await receptionOrder(db, { id: d.id, receiving_unit_id: d.receiving_unit_id, received_at: d.received_at }, new Date(`${year}-01-01T00:00:00+07:00`));
  return { bookNo: `${year}/${fieldCode}`, seq };
}

/** Which forms apply to a dossier now. */
export async function availableForms(db: Tx, d: DossierRow): Promise<Record<Exclude<FormNo, '07'>, boolean>> {
  const actions = await eventActions(db, d.id);
  return {
    '01': d.received_at !== null && d.code !== null,
    '02': actions.has('request_supplement'),
    '03': actions.has('reject'),
    '04': actions.has('extend'),
    '05': d.status === 'withdrawn',
    '06': d.received_at !== null,
  };
}

/** The data of one form for one dossier. */
export async function dossierFormContext(
  db: Db, calendar: CalendarProvider, d: DossierRow, issuedAt: Date, publicUrl: string,
): Promise<FormContext> {
  // A consent to reuse stored documents is recorded as an event but hands the dossier to no one.
  const events = (await listEvents(db, d.id)).filter((e) => e.action !== 'store_consent');
  const proc = await procedureForForms(db, d.procedure_id);
  const [deskUnit, competent, fees, cal] = await Promise.all([
    formUnit(db, d.receiving_unit_id), formUnit(db, d.unit_id), listFees(db, d.id), calendar.forUnit(d.unit_id),
  ]);
  const last = (action: string) => [...events].reverse().find((e) => e.action === action);
  const accepted = events.find((e) => e.action === 'accept');
  const leaderName = await leaderNameOf(db, d.unit_id);
  const documents = d.checklist.length
    ? d.checklist.filter((c) => c.provided).map((c) => ({ name: c.name, originals: c.originals, copies: c.copies }))
    : normalizeDocuments(proc.documents).map((x) => ({ name: x.name, originals: x.originals, copies: x.copies }));

  // The control sheet is a view of the audit trail: each event hands the dossier from the previous actor to the next.
  const control: ControlRow[] = [];
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1]!;
    const cur = events[i]!;
    const stepDue = typeof prev.data.stepDueAt === 'string' ? Date.parse(prev.data.stepDueAt) : null;
    control.push({
      giver: `${prev.actor_name ?? ''} (${ROLE_VI[prev.actor_role ?? ''] ?? prev.actor_role ?? ''})`,
      receiver: `${cur.actor_name ?? ''} (${ROLE_VI[cur.actor_role ?? ''] ?? cur.actor_role ?? ''})`,
      at: cur.at,
      verdict: stepDue ? classify(stepDue, cur.at.getTime(), cur.at.getTime(), cal) as ControlRow['verdict'] : null,
      note: typeof cur.data.label === 'string' ? cur.data.label : cur.action,
    });
  }
  const supplement = last('request_supplement');
  const refusal = last('reject');
  const extension = last('extend');
  const stop = last('withdraw');
  const paid = fees.reduce((s, f) => s + Number(f.amount), 0);
  return {
    unit: { ...deskUnit, agencyName: competent.agencyName },
    issuedAt,
    officerName: accepted?.actor_name ?? refusal?.actor_name ?? supplement?.actor_name ?? '',
    headName: extension?.actor_name ?? leaderName ?? undefined,
    dossier: {
      code: d.code ?? '', procedureName: d.procedure_name, fieldName: proc.field_name,
      competentUnitName: competent.agencyName, receivingUnitName: deskUnit.agencyName,
      applicant: {
        fullName: d.applicant.fullName, idNumber: d.applicant.idNumber ?? d.applicant.taxCode, address: d.applicant.address,
        phone: d.applicant.phone, email: d.applicant.email, isOrganisation: !d.applicant.idNumber && !!d.applicant.taxCode,
      },
      authorised: d.authorised,
      receivedAt: d.received_at, dueAt: d.due_at, processingTimeText: proc.processing_text, documents, sets: d.sets,
      returnPlace: d.return_place ?? 'Tại Bộ phận tiếp nhận và trả kết quả',
      fees: fees.map((f) => ({ name: f.name, amount: Number(f.amount) })),
      trackingBook: await trackingPosition(db, d),
      lookupUrl: `${publicUrl}/tra-cuu/${encodeURIComponent(d.code ?? '')}`,
    },
    ...(supplement ? { supplement: { items: (supplement.comment ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean), reason: 'Hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định.' } } : {}),
    ...(refusal ? { refusal: { reason: refusal.comment ?? '' } } : {}),
    ...(extension ? {
      apology: {
        reason: extension.comment ?? '', recipient: d.applicant.fullName,
        newDueAt: new Date(typeof extension.data.dueAt === 'string' ? extension.data.dueAt : (d.due_at ?? issuedAt)),
      },
    } : {}),
    ...(stop ? {
      stop: {
        requestedAt: stop.at, reason: stop.comment ?? 'Theo đề nghị của người nộp hồ sơ',
        feesNote: paid ? `Phí, lệ phí đã nộp: ${paid.toLocaleString('vi-VN')} đồng; việc hoàn trả thực hiện theo quy định của pháp luật về phí, lệ phí.` : 'Không phát sinh phí, lệ phí.',
      },
    } : {}),
    control,
  };
}

/** Mẫu 07: the tracking book of a desk for a field and a period, numbered in order of reception. */
export async function trackingBookContext(db: Db, unitId: string, fieldCode: string | undefined, from: string, to: string, issuedAt: Date): Promise<FormContext> {
  // Liên thông legs were not received at a desk: the book lists each citizen's submission once.
  const rows = await receivedBetween(db, unitId, fieldCode, new Date(`${from}T00:00:00+07:00`), new Date(Date.parse(`${to}T00:00:00+07:00`) + 86_400_000));
  const field = fieldCode ? (await fieldNameByCode(db, fieldCode)) ?? fieldCode : 'Tất cả lĩnh vực';
  const METHOD: Record<string, string> = { desk: 'Trực tiếp', post: 'Bưu chính', online: 'Trực tuyến' };
  const book: TrackingBookRow[] = rows.map((r, i) => ({
    seq: i + 1, code: r.code ?? '', procedureName: r.procedure_name, applicantName: r.applicant.fullName,
    addressPhone: [r.applicant.address, r.applicant.phone].filter(Boolean).join(' — '), competentUnitName: r.unit_name,
    receivedAt: r.received_at, dueAt: r.due_at, returnedAt: r.returned_at, returnMethod: r.return_method ? METHOD[r.return_method] ?? r.return_method : '',
  }));
  const unit = await formUnit(db, unitId);
  return {
    unit, issuedAt, officerName: '',
    dossier: {
      code: '', procedureName: '', fieldName: field, competentUnitName: unit.agencyName, receivingUnitName: unit.agencyName,
      applicant: { fullName: '', idNumber: null, address: null, phone: null, email: null }, receivedAt: null, dueAt: null,
      processingTimeText: '', documents: [], sets: 1, returnPlace: '', lookupUrl: '',
    },
    trackingBook: { field, from: new Date(`${from}T00:00:00+07:00`), to: new Date(`${to}T00:00:00+07:00`), bookNo: `${from.slice(0, 4)}/${fieldCode ?? 'TAT-CA'}`, rows: book },
  };
}

// --- Use cases behind the routes

type DocDeps = Pick<AppDeps, 'db' | 'calendar' | 'now' | 'config'>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The forms of a readable dossier's template set, and which apply now. */
export async function formsOf(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string) {
  const d = await loadReadable(deps.db, actor, id);
  const set = templateSetFor(d.received_at);
  const avail = await availableForms(deps.db, d);
  return {
    set,
    items: (Object.keys(avail) as (keyof typeof avail)[])
      .filter((no) => FORM_TITLES[set][no] !== undefined)
      .map((no) => ({ no, title: FORM_TITLES[set][no]!, available: avail[no] })),
  };
}

/** One form of a readable dossier as a PDF (422 when it does not apply now, 404 when the set has no such form). */
export async function dossierFormPdf(deps: DocDeps, actor: Actor, id: string, no: Exclude<FormNo, '07'>, requested?: TemplateSet) {
  const d = await loadReadable(deps.db, actor, id);
  const avail = await availableForms(deps.db, d);
  if (!avail[no]) throw invalid('form_not_applicable', `Mẫu ${no} chưa áp dụng cho hồ sơ ở tình trạng hiện tại.`);
  const set: TemplateSet = requested ?? templateSetFor(d.received_at);
  if (FORM_TITLES[set][no] === undefined) throw notFound('form_not_in_set', `Bộ mẫu ${set} không có mẫu ${no}.`);
  const pdf = await renderForm(no, await dossierFormContext(deps.db, deps.calendar, d, new Date(deps.now()), deps.config.publicUrl), set);
  return { d, pdf, name: `mau-${no}-${d.code ?? d.id}.pdf` };
}

/** Mẫu 07 of one of the caller's desks for a period, as PDF or .xlsx, with how many dossiers it lists. */
export async function trackingBook(
  deps: DocDeps, actor: Actor, q: { unitId?: string; field?: string; from: string; to: string; format: 'pdf' | 'xlsx' },
) {
  const desks = actor.roles.filter((r) => r.role === 'desk' && r.unitId).map((r) => r.unitId!);
  const unitId = q.unitId ?? desks[0];
  if (!unitId || !desks.includes(unitId)) throw forbidden('Chỉ Bộ phận một cửa của đơn vị mới xem được sổ theo dõi hồ sơ.');
  if (q.to < q.from) throw invalid('invalid_period', 'Ngày kết thúc phải sau ngày bắt đầu.');
  const ctx = await trackingBookContext(deps.db, unitId, q.field, q.from, q.to, new Date(deps.now()));
  const name = `so-theo-doi-ho-so-${q.from}-${q.to}`;
  const file = q.format === 'xlsx'
    ? { contentType: XLSX, name: `${name}.xlsx`, data: await trackingBookXlsx(ctx), inline: false }
    : { contentType: 'application/pdf', name: `${name}.pdf`, data: await renderForm('07', ctx, 'tt03-2025'), inline: true };
  return { unitId, rows: ctx.trackingBook?.rows.length ?? 0, file };
}

/** A unit of the admin's tenant (404 otherwise), after checking the caller is an admin. */
async function adminUnit(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string) {
  requireAdmin(actor, 'Chỉ quản trị viên mới sửa được mẫu biểu của đơn vị.');
  const unit = await findUnit(deps.db, id, actor.tenantId);
  if (!unit) throw notFound('unit_not_found', 'Không tìm thấy đơn vị.');
  return unit;
}


/** The heading lines, place and contact a unit's printed forms carry (what is set, or the defaults). */
export async function unitFormSettings(deps: Pick<AppDeps, 'db'>, actor: Actor, unitId: string) {
  const unit = await adminUnit(deps, actor, unitId);
  return presentSettings(await formUnit(deps.db, unit.id));
}

/** The admin sets a unit's form lines. */
export async function setUnitFormSettings(deps: Pick<AppDeps, 'db'>, actor: Actor, unitId: string, input: {
  parentName: string; deskName: string; place: string; numberSuffix?: string; contactName?: string; contactPhone?: string;
}) {
  const unit = await adminUnit(deps, actor, unitId);
  await upsertFormSettings(deps.db, unit, {
    parent_name: input.parentName.trim(), desk_name: input.deskName.trim(), place: input.place.trim(),
    number_suffix: input.numberSuffix?.trim() || null, contact_name: input.contactName?.trim() || null, contact_phone: input.contactPhone?.trim() || null,
  });
  return presentSettings(await formUnit(deps.db, unit.id));
}


/** What the unit's signing certificate says of itself (never the key); 404 when it has none. */
export async function unitCertificate(deps: Pick<AppDeps, 'db'>, actor: Actor, unitId: string) {
  const unit = await adminUnit(deps, actor, unitId);
  const c = await certificateOf(deps.db, unit.id);
  if (!c) throw notFound('certificate_not_found', 'Đơn vị chưa có chứng thư số.');
  return presentCert(c);
}

/** The admin configures the unit's PKCS#12 certificate (stored sealed). */
export async function setUnitCertificate(deps: Pick<AppDeps, 'db' | 'secrets'>, actor: Actor, unitId: string, p12: Buffer, passphrase: string) {
  const unit = await adminUnit(deps, actor, unitId);
  await saveCertificate(deps.db, deps.secrets!, actor, unit.id, p12, passphrase);
  return presentCert((await certificateOf(deps.db, unit.id))!);
}

/** The competent unit uploads the result document of a readable dossier. */
export async function uploadDossierResult(deps: Pick<AppDeps, 'db' | 'storage' | 'now'>, actor: Actor, id: string, file: { filename: string; data: Buffer }) {
  const d = await loadReadable(deps.db, actor, id);
  const f = await uploadResult(deps, actor, d, file);
  return { id: f.id, name: f.name, size: Number(f.size), createdAt: f.created_at.toISOString() };
}

/** The result a reader may download: the applicant only once approved, and signed where the unit signs. */
export async function resultOf(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string) {
  const d = await loadReadable(deps.db, actor, id);
  const r = await currentResult(deps.db, d.id);
  if (!r || !(await visibleFiles(deps.db, actor, d, [r])).length) throw notFound('result_not_found', 'Hồ sơ chưa có kết quả điện tử.');
  return { d, r };
}

/** Checks a PDF's signature; a copy we issued is known by its hash and named by its dossier code (nothing personal). */
export async function verifyResult(deps: Pick<AppDeps, 'db'>, data: Buffer) {
  if (sniffContentType(data.subarray(0, 16)) !== 'application/pdf') throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Chỉ xác thực được tệp PDF.');
  const v = verifyPdf(data);
  const code = await codeOfSignedResult(deps.db, createHash('sha256').update(data).digest('hex'));
  return { ...v, signedAt: v.signedAt?.toISOString() ?? null, dossierCode: v.valid ? code ?? null : null };
}
