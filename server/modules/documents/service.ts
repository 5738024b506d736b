import { classify, vnDate } from '../../../common/calendar';
import type { Db, Tx } from '../../db/client';
import type { CalendarProvider } from '../calendar/provider';
import type { DossierRow } from '../dossiers/repo';
import { listEvents } from '../dossiers/repo';
import { listFees } from '../desk/service';
import { normalizeDocuments } from '../catalog/present';
import type { ControlRow, FormContext, FormNo, FormUnit, TrackingBookRow } from './forms/types';

// Gathers what each official form prints from the dossier, its events and the unit's template data.

const ROLE_VI: Record<string, string> = {
  desk: 'Bộ phận một cửa', specialist: 'Chuyên viên', leader: 'Lãnh đạo', applicant: 'Người nộp hồ sơ', admin: 'Quản trị',
};

/** The unit's template lines: what the admin set, or sensible defaults from the unit tree. */
export async function formUnit(db: Tx, unitId: string): Promise<FormUnit> {
  const u = await db.selectFrom('units as u').leftJoin('units as p', 'p.id', 'u.parent_id').innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.name', 'u.phone', 'u.address', 'p.name as parent_name', 'u.level_code', 't.name as tenant_name'])
    .where('u.id', '=', unitId).executeTakeFirstOrThrow();
  const s = await db.selectFrom('unit_form_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
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
  const field = await db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id').select(['f.id', 'f.code'])
    .where('p.id', '=', d.procedure_id).executeTakeFirstOrThrow();
  const { n } = await db.selectFrom('dossiers as d').innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .select(db.fn.countAll<number>().as('n'))
    .where('d.receiving_unit_id', '=', d.receiving_unit_id).where('p.field_id', '=', field.id).where('d.origin_dossier_id', 'is', null)
    .where('d.received_at', '>=', new Date(`${year}-01-01T00:00:00+07:00`)).where('d.received_at', '<=', d.received_at)
    .executeTakeFirstOrThrow();
  return { bookNo: `${year}/${field.code}`, seq: Number(n) };
}

/** Which forms apply to a dossier now. */
export async function availableForms(db: Tx, d: DossierRow): Promise<Record<Exclude<FormNo, '07'>, boolean>> {
  const actions = new Set((await db.selectFrom('dossier_events').select('action').where('dossier_id', '=', d.id).execute()).map((e) => e.action));
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
  const proc = await db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id')
    .select(['p.documents', 'p.processing_text', 'f.name as field_name']).where('p.id', '=', d.procedure_id).executeTakeFirstOrThrow();
  const [deskUnit, competent, fees, cal] = await Promise.all([
    formUnit(db, d.receiving_unit_id), formUnit(db, d.unit_id), listFees(db, d.id), calendar.forUnit(d.unit_id),
  ]);
  const last = (action: string) => [...events].reverse().find((e) => e.action === action);
  const accepted = events.find((e) => e.action === 'accept');
  const leader = await db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('u.full_name')
    .where('r.unit_id', '=', d.unit_id).where('r.role', '=', 'leader').orderBy('u.username').executeTakeFirst();
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
    headName: extension?.actor_name ?? leader?.full_name ?? undefined,
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
  let q = db.selectFrom('dossiers as d').innerJoin('procedures as p', 'p.id', 'd.procedure_id').innerJoin('fields as f', 'f.id', 'p.field_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.code', 'd.applicant', 'd.received_at', 'd.due_at', 'd.returned_at', 'd.return_method', 'p.name as procedure_name', 'u.name as unit_name', 'f.name as field_name'])
    // Liên thông legs were not received at a desk: the book lists each citizen's submission once.
    .where('d.receiving_unit_id', '=', unitId).where('d.received_at', 'is not', null).where('d.origin_dossier_id', 'is', null)
    .where('d.received_at', '>=', new Date(`${from}T00:00:00+07:00`)).where('d.received_at', '<', new Date(Date.parse(`${to}T00:00:00+07:00`) + 86_400_000));
  if (fieldCode) q = q.where('f.code', '=', fieldCode);
  const rows = await q.orderBy('d.received_at').orderBy('d.code').execute();
  const field = fieldCode ? (await db.selectFrom('fields').select('name').where('code', '=', fieldCode).executeTakeFirst())?.name ?? fieldCode : 'Tất cả lĩnh vực';
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
