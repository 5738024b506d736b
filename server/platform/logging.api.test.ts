import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../test/helpers';

// The server's real log output, captured while errors happen that carry personal data: a database
// error whose detail holds the failing row (form data, the applicant's ID number, phone, address),
// validation errors, and the requests around them. None of that may reach the log.

let t: TestApp;
let citizen: Client, desk: Client;
let ward: string;
const lines: string[] = [];
const log = () => lines.join('');

// congdan's account (data/demo/accounts.json) goes into every dossier they submit.
const ACCOUNT = { idNumber: '044095001234', phone: '0912345678', address: 'Quang Trung', email: 'nguyenvanan@example.vn' };
const WALK_IN = { idNumber: '044190012345', phone: '0905111222', address: 'Trần Hưng Đạo', fullName: 'Phạm Thị Hoa' };
const PASSWORD = 'Mat-Khau-Bi-Mat-2026';

beforeAll(async () => {
  t = await createTestApp({}, { logStream: new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }) });
  [citizen, desk] = await Promise.all([login(t.app, 'congdan'), login(t.app, 'motcua.donghoi')]);
  ward = desk.user.roles[0]!.unitId!;
  // Make PostgreSQL refuse rows the way a real constraint would: its error detail then lists the whole row.
  await sql`ALTER TABLE dossiers ADD CONSTRAINT test_refuse_row CHECK (form_data->>'hoTenTre' IS DISTINCT FROM 'Nguyễn Từ Chối')`.execute(t.db);
  await sql`ALTER TABLE people ADD CONSTRAINT test_refuse_person CHECK (address IS DISTINCT FROM 'Số 99 Trần Hưng Đạo')`.execute(t.db);
});
afterAll(async () => { await t?.close(); });

describe('no personal data in the logs', () => {
  it('logs a database error with its request id and SQL identifiers, without the failing row', async () => {
    const formData = {
      hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: ACCOUNT.idNumber, quanHe: 'Cha', hoTenTre: 'Nguyễn Từ Chối',
      gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Số 12 đường Quang Trung, phường Đồng Hới',
    };
    const res = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData });
    expect(res.statusCode).toBe(500);
    const reqId = /Mã yêu cầu: ([0-9a-f-]{36})/.exec(res.json().detail)![1];
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error' && l.reqId === reqId);
    // The log is useful: the error, its SQLSTATE and constraint, where it came from.
    expect(entry.err).toMatchObject({ code: '23514', table: 'dossiers', constraint: 'test_refuse_row', message: expect.stringContaining('violates check constraint "test_refuse_row"') });
    expect(entry.err.stack).toMatch(/\n\s+at /);
    expect(log()).not.toContain('Failing row');

    const walkIn = await desk.post('/api/v1/desk/dossiers', {
      procedureCode: '1.004873', unitId: ward,
      applicant: { idType: 'personal', idNumber: WALK_IN.idNumber, fullName: WALK_IN.fullName, address: 'Số 99 Trần Hưng Đạo', phone: WALK_IN.phone },
      documents: [{ name: 'Tờ khai', originals: 1, copies: 0, provided: true }], sets: 1, returnPlace: 'Tại Bộ phận một cửa', fees: [], decision: 'accept',
    });
    expect(walkIn.statusCode).toBe(500);
  });

  it('logs validation errors and look-ups without the values sent', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username: 'nguoimoi', password: PASSWORD, fullName: WALK_IN.fullName, phone: 905111222, idNumber: ACCOUNT.idNumber } });
    expect(bad.statusCode).toBe(400);
    const form = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: { soDinhDanhNguoiYeuCau: ACCOUNT.idNumber, noiSinh: ACCOUNT.address } });
    expect(form.statusCode).toBe(422);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'congdan', password: PASSWORD } });
    expect(wrong.statusCode).toBe(401);
    expect((await desk.get(`/api/v1/desk/people?idType=personal&idNumber=${WALK_IN.idNumber}`)).statusCode).toBeLessThan(500);
    expect((await desk.get(`/api/v1/inbox?q=${encodeURIComponent(WALK_IN.fullName)}`)).statusCode).toBe(200);
    expect(log()).toContain('idNumber=***');
  });

  it('holds none of the ID numbers, phones, addresses, names, passwords or session tokens seen above', () => {
    const text = log();
    expect(lines.length).toBeGreaterThan(10);
    const secrets = [
      ACCOUNT.idNumber, ACCOUNT.phone, ACCOUNT.address, ACCOUNT.email, WALK_IN.idNumber, WALK_IN.phone, WALK_IN.address, WALK_IN.fullName,
      encodeURIComponent(WALK_IN.fullName), 'Nguyễn Từ Chối', PASSWORD, 'MotCua@2025',
      citizen.cookie.split('=')[1]!, desk.cookie.split('=')[1]!, citizen.csrfToken, desk.csrfToken,
    ];
    for (const s of secrets) expect(text, s).not.toContain(s);
  });
});
