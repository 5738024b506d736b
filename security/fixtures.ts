import PDFDocument from 'pdfkit';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { issueDemoCertificates } from '../server/modules/documents/demo-ca';
import type { HttpClient, HttpResponse } from '../test/http-client';
import { serverOutputOnFailure } from '../test/server-process';
import { openApiOperations, startSecurityServer, type Operation, type SecurityServer, type SignedInRole } from './harness';

// Real objects for the security suite, made through the API as people make them: dossiers of the applicant
// (congdan) at Phường Đồng Hới in several states, a file, a stored document, a signed result, an open task,
// a delegation, a procedure of our own with workflow drafts, and the bodies that admin writes send back.

/** A dossier as the suite refers to it. */
export interface DossierRef { id: string; code: string; version: number }

export interface Fixtures {
  /** P-DONGHOI (the dossiers' ward), P-DONGTHUAN (the "other" ward), P-DONGHA (a third one). */
  ward: string; otherWard: string; thirdWard: string;
  users: Record<SignedInRole, string>;
  /** The applicant's verified ID number (seeded), which links a walk-in to them. */
  applicantIdNumber: string;
  /** Online, accepted: in progress at the specialist's step; a file attached; the applicant consented to the store. */
  accepted: DossierRef;
  /** Online, waiting for the desk. */
  submitted: DossierRef;
  /** Accepted, for the action and the bulk action (an allowed one moves them on). */
  turn: DossierRef; turnBulk: DossierRef;
  /** Approved with a signed result (result_ready). */
  decided: DossierRef;
  /** The applicant's attachment on `accepted`, and the stored document it made. */
  file: string; storedDocument: string;
  /** The specialist's open task on `accepted`. */
  task: string;
  /** The leader's delegation to the specialist (starting tomorrow, so it changes no one's rights today). */
  delegation: string;
  /** A second session of the applicant (its public handle), for "end one of my sessions". */
  extraSession: string;
  /** A procedure made for the suite, served by the three wards; a workflow draft at the ward and one at the other ward. */
  procedure: string; draft: string; draftToDelete: string;
  workflowExport: unknown;
  catalogCsv: Buffer;
  certificate: { p12: Buffer; passphrase: string };
  pdf: Buffer;
  /** A weekday in 2099 that no calendar lists (a holiday is set and removed on it), and another one to import. */
  holiday: string; importedHoliday: string;
  unitCalendar: unknown; unitForms: unknown;
  /** The procedure 1.004873 as an admin sends it (without the fields only the server sets). */
  procedureInput: Record<string, unknown>;
}

/** The birth-registration e-form (procedure 1.001193) filled in. */
export const BIRTH_FORM = {
  hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha',
  hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới',
};

/** A small valid PDF (pdfkit, an ASCII title in its built-in font): an attachment, a result to sign, a file to verify. */
export function makePdf(title = 'GIAY KHAI SINH'): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(16).text(title, { align: 'center' });
    doc.end();
  });
}

/** The answer's JSON after checking its status (the body is shown when it differs). */
export function ok<T = any>(res: HttpResponse, status = 200): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  return res.json<T>();
}

/** A weekday in March 2099 (`skip` weekdays in), which no calendar file lists. */
function weekdayIn2099(skip: number): string {
  const d = new Date(Date.UTC(2099, 2, 2));
  for (let seen = 0; ; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    if (seen++ === skip) return d.toISOString().slice(0, 10);
  }
}

/** Makes every object the suite's calls refer to, through the API. */
export async function makeFixtures(s: SecurityServer): Promise<Fixtures> {
  const { applicant, desk, specialist, leader, admin } = s.sessions;
  const units = ok<{ items: { id: string; code: string; name: string }[] }>(await admin.get('/api/v1/units')).items;
  const unit = (code: string) => units.find((u) => u.code === code)!;
  const ward = unit('P-DONGHOI').id;
  const pdf = await makePdf();

  const submit = async (): Promise<DossierRef> => ok(await applicant.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: BIRTH_FORM }), 201);
  const accept = async (d: DossierRef): Promise<DossierRef> => ({ ...d, ...ok<DossierRef>(await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version })) });

  const [submitted, a, turn, turnBulk, toDecide] = [await submit(), await submit(), await submit(), await submit(), await submit()];
  const file = ok<{ id: string }>(await applicant.upload(`/api/v1/dossiers/${a.id}/files`, { label: 'Giấy chứng sinh' }, { name: 'giay-chung-sinh.pdf', data: pdf }), 201).id;
  const accepted = await accept(a);
  ok(await desk.post(`/api/v1/dossiers/${accepted.id}/store-consent`, { comment: 'Người nộp đồng ý tại quầy' }), 201);
  const storedDocument = ok<{ items: { id: string }[] }>(await applicant.get('/api/v1/my/documents')).items[0]!.id;

  // Decided: the specialist uploads the result and advances, the leader approves (the ward's demo certificate signs it).
  let decided = await accept(toDecide);
  ok(await specialist.upload(`/api/v1/dossiers/${decided.id}/result`, {}, { name: 'giay-khai-sinh.pdf', data: await makePdf('TRICH LUC KHAI SINH') }), 201);
  decided = { ...decided, ...ok<DossierRef>(await specialist.post(`/api/v1/dossiers/${decided.id}/actions/advance`, { version: decided.version })) };
  decided = { ...decided, ...ok<DossierRef & { status: string }>(await leader.post(`/api/v1/dossiers/${decided.id}/actions/advance`, { version: decided.version })) };
  expect((await admin.get(`/api/v1/dossiers/${decided.id}`)).json().status).toBe('result_ready');

  const inbox = ok<{ items: { id: string; task: { id: string } }[] }>(await specialist.get('/api/v1/inbox?limit=200'));
  const task = inbox.items.find((i) => i.id === accepted.id)!.task.id;
  const users = Object.fromEntries(Object.entries(s.sessions).map(([role, c]) => [role, c.user.id])) as Record<SignedInRole, string>;
  const day = 86_400_000;
  const delegation = ok<{ id: string }>(await leader.post('/api/v1/delegations', {
    toUserId: users.specialist, unitId: ward, startsAt: new Date(Date.now() + day).toISOString(), endsAt: new Date(Date.now() + 2 * day).toISOString(),
  }), 201).id;

  const second: HttpClient = await s.signIn('congdan');
  const extraSession = ok<{ items: { id: string; current: boolean }[] }>(await second.get('/api/v1/account/sessions')).items.find((x) => x.current)!.id;

  // The suite's own procedure, served by three wards (each gets the default workflow), with two drafts.
  const base = ok<Record<string, unknown>>(await admin.get('/api/v1/admin/procedures/1.004873'));
  const { version: _v, formVersion: _f, published: _p, units: _u, updatedAt: _t, ...procedureInput } = base;
  const procedure = '9.990001';
  ok(await admin.post('/api/v1/admin/procedures', { ...procedureInput, code: procedure, name: 'Thủ tục dùng cho bộ kiểm thử an ninh' }), 201);
  const otherWard = unit('P-DONGTHUAN').id;
  const thirdWard = unit('P-DONGHA').id;
  ok(await admin.put(`/api/v1/admin/procedures/${procedure}/units`, { unitIds: [ward, otherWard, thirdWard] }));
  const draft = ok<{ id: string }>(await admin.post('/api/v1/admin/workflows', { procedureCode: procedure, unitId: ward }), 201).id;
  const draftToDelete = ok<{ id: string }>(await admin.post('/api/v1/admin/workflows', { procedureCode: procedure, unitId: otherWard }), 201).id;
  const workflowExport = ok(await admin.get(`/api/v1/admin/workflows/${draft}/export`));

  const certificate = (await issueDemoCertificates([{ code: 'P-DONGHOI', name: unit('P-DONGHOI').name }], 'Tỉnh Quảng Trị')).get('P-DONGHOI')!;
  return {
    ward, otherWard, thirdWard, users,
    applicantIdNumber: ok<{ idNumber: string }>(await applicant.get('/api/v1/my/identity')).idNumber,
    accepted, submitted, turn: await accept(turn), turnBulk: await accept(turnBulk), decided,
    file, storedDocument, task, delegation, extraSession,
    procedure, draft, draftToDelete, workflowExport,
    catalogCsv: (await admin.get('/api/v1/admin/procedures/export?format=csv')).rawPayload,
    certificate, pdf,
    holiday: weekdayIn2099(0), importedHoliday: weekdayIn2099(1),
    unitCalendar: (({ weekly, closures }) => ({ weekly, closures }))(ok(await admin.get(`/api/v1/admin/units/${ward}/calendar`))),
    unitForms: ok(await admin.get(`/api/v1/admin/units/${ward}/forms`)),
    procedureInput,
  };
}

/** What a test file of the suite works with: its server, the fixtures on it, the operations of its OpenAPI document. */
export interface Suite { s: SecurityServer; f: Fixtures; ops: Operation[] }

/**
 * Registers the hooks of a test file: before its tests, a server with the whole cast signed in, the operations
 * of its OpenAPI document and the fixtures; after them, the server stops (its output is shown for a failed test).
 * The returned object is filled in by `beforeAll`.
 */
export function securitySuite(): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.s = await startSecurityServer();
    suite.ops = await openApiOperations(suite.s.base);
    suite.f = await makeFixtures(suite.s);
  }, 240_000);
  afterAll(async () => { await suite.s?.close(); }, 60_000);
  afterEach(serverOutputOnFailure(() => suite.s?.server));
  return suite;
}
