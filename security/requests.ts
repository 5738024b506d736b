import { demoPassword } from '../test/helpers';
import { httpLogin, httpRequest } from '../test/http-client';
import { BIRTH_FORM, ok, type Fixtures } from './fixtures';
import { CAST, type Call, type Role, type SecurityServer } from './harness';

// How to call each operation with real objects: its path parameters, query and a body that would be valid
// for a caller who may make it (each call gets a fresh one where a value must be unique). The suite's tables
// are keyed alike; an operation of the OpenAPI document missing here fails the suite.

/** What a request builder may use: the server, the fixtures, the calling role and a counter unique per call. */
export interface CallContext { s: SecurityServer; f: Fixtures; role: Role; n: number }
/** Makes the call of one operation for one role. */
export type CallBuilder = (c: CallContext) => Call | Promise<Call>;

const form = (fields: Record<string, string>, file: { name: string; data: Buffer; type?: string }) => () => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return fd;
};
const dossier = (pick: (f: Fixtures) => { id: string }) => ({ f }: CallContext): Call => ({ params: { id: pick(f).id } });
/** A valid 12-digit personal ID number (province 044, born 1995), different for each `n`. */
const idNumber = (n: number) => `0440950${String(10_000 + n).slice(-5)}`;

/** A citizen registered just now, with a fresh desk verification code (what a desk officer types in). */
async function unverifiedCitizenCode(s: SecurityServer, n: number): Promise<string> {
  const username = `kiem-thu-dinh-danh-${n}`;
  const password = 'Sông Nhật Lệ mùa nước nổi';
  ok(await httpRequest(s.base, '/api/v1/auth/register', {
    method: 'POST', body: { username, password, fullName: 'Người Kiểm Thử', idNumber: idNumber(n) },
  }), 201);
  const c = await httpLogin(s.base, username, password);
  return ok<{ code: string }>(await c.post('/api/v1/my/identity/desk-code'), 201).code;
}

/** How to call each operation of the OpenAPI document (keyed `METHOD /path`, as in security/access.ts). */
export const REQUESTS: Record<string, CallBuilder> = {
  // --- sign-in, account
  'POST /api/v1/auth/login': () => ({ json: { username: 'congdan2', password: demoPassword('congdan2') } }),
  'POST /api/v1/auth/login/totp': () => ({ json: { challenge: 'thu-thach-khong-ton-tai', code: '123456' } }),
  'POST /api/v1/auth/register': ({ n }) => ({ json: { username: `kiem-thu-dang-ky-${n}`, password: 'Cầu Nhật Lệ lúc bình minh', fullName: 'Người Kiểm Thử' } }),
  'GET /api/v1/auth/me': () => ({}),
  // A real change would end the cast's other sessions: a wrong current password is refused after authorisation.
  'POST /api/v1/account/password': () => ({ json: { currentPassword: 'khong-phai-mat-khau', newPassword: 'Cầu Nhật Lệ lúc bình minh' } }),
  'POST /api/v1/account/totp/setup': () => ({}),
  'POST /api/v1/account/totp/confirm': () => ({ json: { code: '000000' } }),
  'POST /api/v1/account/totp/disable': ({ role }) => ({ json: { password: role === 'anonymous' ? 'x' : demoPassword(CAST[role]) } }),
  'GET /api/v1/account/sessions': () => ({}),
  'DELETE /api/v1/account/sessions/{id}': ({ f }) => ({ params: { id: f.extraSession } }),
  'DELETE /api/v1/account/sessions': () => ({}),
  'POST /api/v1/auth/logout': () => ({}),
  'POST /api/v1/admin/users/{id}/unlock': ({ f }) => ({ params: { id: f.users.stranger } }),
  'POST /api/v1/admin/users/{id}/totp/reset': ({ f }) => ({ params: { id: f.users.otherLeader } }),
  'GET /api/v1/my/identity': () => ({}),
  'POST /api/v1/my/identity/desk-code': () => ({}),
  'POST /api/v1/desk/identity/lookup': async ({ s, n }) => ({ json: { code: await unverifiedCitizenCode(s, n) } }),
  // At the ward's desk: another ward's desk may verify at its own desk, not in the ward's name.
  'POST /api/v1/desk/identity/verify': async ({ s, f, n }) => ({ json: { code: await unverifiedCitizenCode(s, n), idNumber: idNumber(n), unitId: f.ward } }),

  // --- catalog, units, calendar
  'GET /api/v1/procedures': () => ({ query: { q: 'khai sinh' } }),
  'GET /api/v1/procedures/{code}': () => ({ params: { code: '1.001193' } }),
  'GET /api/v1/fields': () => ({}),
  'GET /api/v1/units': () => ({}),
  'GET /api/v1/calendar/days': ({ f }) => ({ query: { year: 2026, unitId: f.ward } }),
  'GET /api/v1/calendar/deadline': () => ({ query: { start: '2026-12-07T08:00:00+07:00', amount: 5, unit: 'day' } }),

  // --- dossiers
  'POST /api/v1/dossiers': ({ f }) => ({ json: { procedureCode: '1.001193', unitId: f.ward, formData: BIRTH_FORM } }),
  'GET /api/v1/my/dossiers': () => ({}),
  'GET /api/v1/dossiers/{id}': dossier((f) => f.accepted),
  'GET /api/v1/dossiers/{id}/actions': dossier((f) => f.accepted),
  'GET /api/v1/dossiers/{id}/events': dossier((f) => f.accepted),
  'GET /api/v1/dossiers/{id}/process': dossier((f) => f.accepted),
  'GET /api/v1/dossiers/{id}/files/{fileId}': ({ f }) => ({ params: { id: f.accepted.id, fileId: f.file } }),
  // Waiting for the desk: the state in which anyone who may read it was once allowed to attach.
  'POST /api/v1/dossiers/{id}/files': ({ f }) => ({ params: { id: f.submitted.id }, form: form({ label: 'Bản sao giấy chứng sinh' }, { name: 'ban-sao.pdf', data: f.pdf }) }),
  'POST /api/v1/dossiers/{id}/actions/{action}': ({ f }) => ({ params: { id: f.turn.id, action: 'advance' }, json: { version: f.turn.version } }),
  'POST /api/v1/inbox/bulk': ({ f }) => ({ json: { action: 'advance', items: [{ dossierId: f.turnBulk.id, version: f.turnBulk.version }] } }),
  'GET /api/v1/public/dossiers/{code}': ({ f }) => ({ params: { code: f.accepted.code } }),
  'GET /api/v1/dossiers/{id}/forms': dossier((f) => f.accepted),
  'GET /api/v1/dossiers/{id}/forms/{no}': ({ f }) => ({ params: { id: f.accepted.id, no: '01' } }),
  'POST /api/v1/dossiers/{id}/fees': ({ f, n }) => ({ params: { id: f.accepted.id }, json: { name: 'Lệ phí đăng ký khai sinh', amount: 8000, receiptNumber: `BL-KT-${n}` } }),
  'POST /api/v1/dossiers/{id}/result': ({ f }) => ({ params: { id: f.accepted.id }, form: form({}, { name: 'ket-qua.pdf', data: f.pdf }) }),
  'GET /api/v1/dossiers/{id}/result': dossier((f) => f.decided),
  'POST /api/v1/dossiers/{id}/store-consent': ({ f }) => ({ params: { id: f.submitted.id }, json: { comment: 'Người nộp đồng ý tại quầy' } }),
  'GET /api/v1/dossiers/{id}/store': dossier((f) => f.accepted),
  'POST /api/v1/dossiers/{id}/files/reuse': ({ f }) => ({ params: { id: f.accepted.id }, json: { documentId: f.storedDocument } }),
  'GET /api/v1/my/documents': () => ({}),
  'GET /api/v1/my/documents/{id}/file': ({ f }) => ({ params: { id: f.storedDocument } }),
  'POST /api/v1/public/verify': ({ f }) => ({ form: form({}, { name: 'ket-qua.pdf', data: f.pdf }) }),

  // --- the desk
  'GET /api/v1/desk/people': ({ f }) => ({ query: { idType: 'personal', idNumber: f.applicantIdNumber } }),
  // Received at the ward's desk (named): another ward's desk receives at its own desk, not in the ward's name.
  'POST /api/v1/desk/dossiers': ({ f }) => ({
    json: {
      procedureCode: '1.001193', unitId: f.ward, receivingUnitId: f.ward, formData: BIRTH_FORM, decision: 'accept', sets: 1, returnPlace: 'Tại Bộ phận một cửa',
      applicant: { idType: 'personal', idNumber: f.applicantIdNumber, fullName: 'Nguyễn Văn An', phone: '0905123456' },
      documents: [{ name: 'Giấy chứng sinh', originals: 1, copies: 0, provided: true }],
    },
  }),
  'GET /api/v1/desk/tracking-book': ({ f }) => ({ query: { unitId: f.ward, from: '2026-01-01', to: '2027-12-31', format: 'pdf' } }),

  // --- the officers' inbox, tasks, delegations (order matters: claim, release, assign)
  'GET /api/v1/inbox': () => ({}),
  'POST /api/v1/tasks/{id}/claim': ({ f }) => ({ params: { id: f.task } }),
  'POST /api/v1/tasks/{id}/release': ({ f }) => ({ params: { id: f.task } }),
  'POST /api/v1/tasks/{id}/assign': ({ f }) => ({ params: { id: f.task }, json: { userId: f.users.specialist } }),
  'GET /api/v1/units/{unitId}/officers': ({ f }) => ({ params: { unitId: f.ward } }),
  'GET /api/v1/delegations': () => ({}),
  'POST /api/v1/delegations': ({ f }) => ({
    json: { toUserId: f.users.specialist, unitId: f.ward, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 4 * 86_400_000).toISOString() },
  }),
  'DELETE /api/v1/delegations/{id}': ({ f }) => ({ params: { id: f.delegation } }),

  // --- administration
  'GET /api/v1/admin/units': () => ({}),
  'GET /api/v1/admin/users': () => ({}),
  'GET /api/v1/admin/units/{id}/calendar': ({ f }) => ({ params: { id: f.ward } }),
  'PUT /api/v1/admin/units/{id}/calendar': ({ f }) => ({ params: { id: f.ward }, json: f.unitCalendar }),
  'PUT /api/v1/admin/calendar/days/{date}': ({ f }) => ({ params: { date: f.holiday }, json: { kind: 'holiday', name: 'Ngày nghỉ kiểm thử' } }),
  'DELETE /api/v1/admin/calendar/days/{date}': ({ f }) => ({ params: { date: f.holiday } }),
  'POST /api/v1/admin/calendar/import': ({ f }) => ({ json: { dryRun: false, days: [{ date: f.importedHoliday, kind: 'holiday', name: 'Ngày nghỉ nhập thử' }] } }),
  'GET /api/v1/admin/units/{id}/forms': ({ f }) => ({ params: { id: f.ward } }),
  'PUT /api/v1/admin/units/{id}/forms': ({ f }) => ({ params: { id: f.ward }, json: f.unitForms }),
  'GET /api/v1/admin/units/{id}/certificate': ({ f }) => ({ params: { id: f.ward } }),
  'PUT /api/v1/admin/units/{id}/certificate': ({ f }) => ({
    params: { id: f.ward }, form: form({ passphrase: f.certificate.passphrase }, { name: 'dong-hoi.p12', data: f.certificate.p12 }),
  }),
  'GET /api/v1/admin/procedures': () => ({}),
  'POST /api/v1/admin/procedures': ({ f, n }) => ({ json: { ...f.procedureInput, code: `9.99${String(1000 + n)}`, name: 'Thủ tục thêm khi kiểm thử' } }),
  'GET /api/v1/admin/procedures/export': () => ({ query: { format: 'csv' } }),
  'POST /api/v1/admin/procedures/import': ({ f }) => ({ form: form({ dryRun: 'true' }, { name: 'danh-muc.csv', data: f.catalogCsv }) }),
  'GET /api/v1/admin/procedures/{code}': ({ f }) => ({ params: { code: f.procedure } }),
  'PUT /api/v1/admin/procedures/{code}': async ({ s, f }) => {
    const current = ok<Record<string, unknown>>(await s.sessions.admin.get(`/api/v1/admin/procedures/${f.procedure}`));
    return { params: { code: f.procedure }, json: { ...f.procedureInput, code: f.procedure, name: 'Thủ tục kiểm thử (đã sửa)', expectedVersion: current.version } };
  },
  'POST /api/v1/admin/procedures/{code}/publish': ({ f }) => ({ params: { code: f.procedure } }),
  'POST /api/v1/admin/procedures/{code}/unpublish': ({ f }) => ({ params: { code: f.procedure } }),
  'PUT /api/v1/admin/procedures/{code}/units': ({ f }) => ({ params: { code: f.procedure }, json: { unitIds: [f.ward, f.otherWard, f.thirdWard] } }),
  'GET /api/v1/admin/procedures/{code}/versions': ({ f }) => ({ params: { code: f.procedure } }),
  'GET /api/v1/admin/workflows': () => ({}),
  'POST /api/v1/admin/workflows': ({ f }) => ({ json: { procedureCode: '1.001193', unitId: f.ward } }),
  'GET /api/v1/admin/workflows/{id}': ({ f }) => ({ params: { id: f.draft } }),
  'GET /api/v1/admin/workflows/{id}/context': ({ f }) => ({ params: { id: f.draft } }),
  'PUT /api/v1/admin/workflows/{id}': async ({ s, f }) => ({
    params: { id: f.draft }, json: { definition: ok<{ definition: unknown }>(await s.sessions.admin.get(`/api/v1/admin/workflows/${f.draft}`)).definition },
  }),
  'POST /api/v1/admin/workflows/{id}/copy': ({ f }) => ({ params: { id: f.draft }, json: { unitIds: [f.thirdWard] } }),
  'GET /api/v1/admin/workflows/{id}/export': ({ f }) => ({ params: { id: f.draft } }),
  'POST /api/v1/admin/workflows/{id}/publish': ({ f }) => ({ params: { id: f.draft } }),
  'DELETE /api/v1/admin/workflows/{id}': ({ f }) => ({ params: { id: f.draftToDelete } }),
  'POST /api/v1/admin/workflows/import': ({ f }) => ({ json: { unitId: f.ward, document: f.workflowExport } }),
  'GET /api/v1/admin/audit': () => ({ query: { action: 'dossier.' } }),
  'GET /api/v1/admin/audit/verify': () => ({}),
};
