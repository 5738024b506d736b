import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, sendFile, type Client, type TestApp } from '../../../test/helpers';

// An ID number is not an identity: a number declared at registration links nothing and shows nothing;
// only a number verified at the desk (card in hand, code shown from the account) links walk-ins to it.

let t: TestApp;
let desk: Client, otherDesk: Client, specialist: Client, demoCitizen: Client;
let ward: string;
const STRANGER = '044190012345'; // Phạm Thị Hoa, who has no account
const PDF = Buffer.from('%PDF-1.4\n% bang tot nghiep\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const walkIn = (idNumber: string, fullName: string, birthDate = '1990-04-02') => ({
  procedureCode: '2.000815', unitId: ward,
  applicant: { idType: 'personal', idNumber, fullName, birthDate, address: 'Số 3 Lý Thường Kiệt, phường Đồng Hới', phone: '0905111222' },
  documents: [{ name: 'Bản chính giấy tờ làm cơ sở chứng thực', originals: 1, copies: 0, provided: true }],
  sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', decision: 'accept',
});

async function register(username: string, idNumber: string, fullName: string, birthDate = '1990-04-02'): Promise<Client> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username, password: 'Trang-sang-bien-7749', fullName, idNumber, birthDate } });
  expect(res.statusCode, res.body).toBe(201);
  return login(t.app, username, 'Trang-sang-bien-7749');
}

const upload = (c: Client, dossierId: string, label: string) => sendFile(t.app, c, `/api/v1/dossiers/${dossierId}/files`, { name: 'scan.pdf', data: PDF }, { label });

beforeAll(async () => {
  t = await createTestApp();
  [desk, otherDesk, specialist, demoCitizen] = await Promise.all([
    login(t.app, 'motcua.donghoi'), login(t.app, 'motcua.dongha'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'congdan'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

describe("registering with a stranger's ID number", () => {
  it('gives the attacker nothing: no profile at the desk, no dossier, no documents, no "withdraw"', async () => {
    const attacker = await register('ke.gia.mao', STRANGER, 'Phạm Thị Hoa');
    expect(attacker.user).toMatchObject({ idNumber: STRANGER, idVerifiedAt: null });

    // The desk's look-up does not offer the attacker's typed profile as the stranger's.
    expect((await desk.get(`/api/v1/desk/people?idType=personal&idNumber=${STRANGER}`)).statusCode).toBe(404);

    // The stranger walks in; the desk receives and scans a document.
    const res = await desk.post('/api/v1/desk/dossiers', walkIn(STRANGER, 'Phạm Thị Hoa'));
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d.applicant.id).toBeNull();
    expect((await upload(desk, d.id, 'Bằng tốt nghiệp đại học')).statusCode).toBe(201);

    expect((await attacker.get('/api/v1/my/dossiers')).json().items).toEqual([]);
    for (const path of ['', '/actions', '/events', '/forms', '/forms/01', '/store']) {
      expect((await attacker.get(`/api/v1/dossiers/${d.id}${path}`)).statusCode, path).toBe(404);
    }
    const withdraw = await attacker.post(`/api/v1/dossiers/${d.id}/actions/withdraw`, { version: d.version });
    expect(withdraw.statusCode).toBe(404);
    expect((await attacker.get('/api/v1/my/documents')).json().items).toEqual([]);
    expect((await desk.get(`/api/v1/dossiers/${d.id}`)).json().status).toBe('in_progress');

    // The registry now knows the stranger as the desk typed them — not as the attacker registered.
    const person = (await desk.get(`/api/v1/desk/people?idType=personal&idNumber=${STRANGER}`)).json();
    expect(person).toMatchObject({ fullName: 'Phạm Thị Hoa', phone: '0905111222' });
  });

  it("may declare a verified citizen's number, which still links the walk-in to the verified holder only", async () => {
    const squatter = await register('chiem.so', '044095001234', 'Nguyễn Văn An', '1995-03-12');
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn('044095001234', 'Nguyễn Văn An', '1995-03-12'))).json();
    expect(d.applicant.id).toBe(demoCitizen.user.id);
    expect((await demoCitizen.get('/api/v1/my/dossiers')).json().items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect((await squatter.get('/api/v1/my/dossiers')).json().items).toEqual([]);
    expect((await squatter.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(404);
    // And the squatter cannot get the number verified: it is verified for another account.
    const code = (await squatter.post('/api/v1/my/identity/desk-code')).json().code;
    const v = await desk.post('/api/v1/desk/identity/verify', { code, idNumber: '044095001234' });
    expect(v.statusCode).toBe(409);
    expect(v.json()).toMatchObject({ code: 'id_number_verified_elsewhere' });
    expect(v.headers['content-type']).toContain('application/problem+json');
  });
});

describe('verifying an ID number at the desk', () => {
  it('links the walk-ins received before, their documents, and shows the account as verified', async () => {
    const NUMBER = '045188007777';
    const before = (await desk.post('/api/v1/desk/dossiers', walkIn(NUMBER, 'Lê Thị Mai', '1988-06-01'))).json();
    expect((await upload(desk, before.id, 'Giấy khai sinh')).statusCode).toBe(201);
    // A squatter declared the number first; the real holder registers with it too (declarations may collide).
    const squatter = await register('mai.gia', NUMBER, 'Lê Thị Mai', '1988-06-01');
    const mai = await register('lethimai', NUMBER, 'Lê Thị Mai', '1988-06-01');
    expect((await mai.get('/api/v1/my/dossiers')).json().items).toEqual([]);
    expect((await mai.get('/api/v1/my/identity')).json()).toEqual({ idNumber: NUMBER, verified: false, verifiedAt: null, method: null });

    // At the desk she shows a code from her account; the officer sees whose account it is.
    const issued = await mai.post('/api/v1/my/identity/desk-code');
    expect(issued.statusCode).toBe(201);
    const { code } = issued.json();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect((await specialist.post('/api/v1/desk/identity/lookup', { code })).statusCode).toBe(403);
    expect((await desk.post('/api/v1/desk/identity/lookup', { code: 'AAAA-AAAA' })).json().code).toBe('identity_code_invalid');
    const seen = await desk.post('/api/v1/desk/identity/lookup', { code: code.toLowerCase().replace('-', ' ') });
    expect(seen.json()).toMatchObject({ userId: mai.user.id, username: 'lethimai', fullName: 'Lê Thị Mai', declaredIdNumber: NUMBER, verified: false });

    // The card's number must be valid (and agree with the birth date).
    const bad = await desk.post('/api/v1/desk/identity/verify', { code, idNumber: '045099007777' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'invalid_id_number', errors: [{ path: '/idNumber' }] });

    const ok = await desk.post('/api/v1/desk/identity/verify', { code, idNumber: NUMBER });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ userId: mai.user.id, method: 'desk', linkedDossiers: 1 });

    expect((await mai.get('/api/v1/auth/me')).json().user.idVerifiedAt).toBe(ok.json().verifiedAt);
    expect((await mai.get('/api/v1/my/identity')).json()).toMatchObject({ verified: true, method: 'desk' });
    expect((await mai.get('/api/v1/my/dossiers')).json().items.map((i: { id: string }) => i.id)).toEqual([before.id]);
    expect((await mai.get(`/api/v1/dossiers/${before.id}/actions`)).json().items.map((a: { action: string }) => a.action)).toContain('withdraw');
    expect((await mai.get('/api/v1/my/documents')).json().items.map((x: { name: string }) => x.name)).toEqual(['Giấy khai sinh']);
    expect((await squatter.get('/api/v1/my/dossiers')).json().items).toEqual([]);

    // Who verified, when, where and how is on the account and in the audit log.
    const row = await t.db.selectFrom('users').select(['id_verified_by', 'id_verified_unit_id', 'id_verification_method']).where('id', '=', mai.user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id_verified_by: desk.user.id, id_verified_unit_id: ward, id_verification_method: 'desk' });
    const entry = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'identity.verify').where('subject_user_id', '=', mai.user.id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: desk.user.id, data: { method: 'desk', unitId: ward, declaredMatched: true, linkedDossiers: 1 } });
    expect(JSON.stringify(entry.data)).not.toContain(NUMBER);

    // The code is spent; a verified account gets no new one; the next walk-in links at once.
    expect((await desk.post('/api/v1/desk/identity/verify', { code, idNumber: NUMBER })).statusCode).toBe(404);
    expect((await mai.post('/api/v1/my/identity/desk-code')).json().code).toBe('already_verified');
    const after = (await otherDesk.post('/api/v1/desk/dossiers', { ...walkIn(NUMBER, 'Lê Thị Mai', '1988-06-01'), receivingUnitId: otherDesk.user.roles[0]!.unitId })).json();
    expect(after.applicant.id).toBe(mai.user.id);
  });

  it('refuses an expired code', async () => {
    const c = await register('het.han', '045188001111', 'Hồ Văn Hết', '1988-01-01');
    const { code } = (await c.post('/api/v1/my/identity/desk-code')).json();
    t.setNow(Date.now() + 16 * 60_000);
    try {
      const res = await desk.post('/api/v1/desk/identity/verify', { code, idNumber: '045188001111' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('identity_code_invalid');
    } finally {
      t.setNow(null);
    }
  });
});
