import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';

let t: TestApp;
let desk: Client, otherDesk: Client, citizen: Client, specialist: Client;
let ward: string, otherWard: string;
const vn = (iso: string) => Date.parse(`${iso}+07:00`);

beforeAll(async () => {
  t = await createTestApp();
  [desk, otherDesk, citizen, specialist] = await Promise.all([
    login(t.app, 'motcua.donghoi'), login(t.app, 'motcua.dongha'), login(t.app, 'congdan'), login(t.app, 'chuyenvien.donghoi'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
  otherWard = otherDesk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

const walkIn = (over: Record<string, unknown> = {}) => ({
  procedureCode: '2.000815', unitId: ward,
  applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa', birthDate: '1990-04-02', address: 'Số 3 Lý Thường Kiệt, phường Đồng Hới', phone: '0905111222' },
  documents: [
    { name: 'Bản chính giấy tờ làm cơ sở chứng thực', originals: 1, copies: 0, provided: true },
    { name: 'Bản sao cần chứng thực', originals: 0, copies: 3, provided: true },
  ],
  sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', fees: [{ name: 'Phí chứng thực bản sao', amount: 6000, receiptNumber: `BL-${Math.random().toString(36).slice(2, 10)}` }],
  decision: 'accept', ...over,
});

describe('walk-in reception at the one-stop desk', () => {
  it('receives a new applicant: code, legal due date, fees with receipt, the applicant kept in the registry', async () => {
    t.setNow(vn('2026-03-10T09:00:00'));
    expect((await desk.get('/api/v1/desk/people?idType=personal&idNumber=044190012345')).statusCode).toBe(404);
    const res = await desk.post('/api/v1/desk/dossiers', walkIn());
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({
      status: 'in_progress', channel: 'direct', receivedAt: new Date(vn('2026-03-10T09:00:00')).toISOString(),
      dueAt: new Date(vn('2026-03-10T17:00:00')).toISOString(), applicant: { fullName: 'Phạm Thị Hoa', idNumber: '044190012345' },
      fees: [{ name: 'Phí chứng thực bản sao', amount: 6000 }], sets: 1,
    });
    expect(d.code).toMatch(/^H45\.30\.01-260310-\d{4}$/);
    const person = await desk.get('/api/v1/desk/people?idType=personal&idNumber=044190012345');
    expect(person.json()).toMatchObject({ fullName: 'Phạm Thị Hoa', birthDate: '1990-04-02' });
    expect((await specialist.get('/api/v1/inbox')).json().items.map((i: { id: string }) => i.id)).toContain(d.id);
    const events = (await desk.get(`/api/v1/dossiers/${d.id}/events`)).json().items;
    expect(events).toEqual([expect.objectContaining({ action: 'accept', fromStatus: null, toStatus: 'in_progress', actor: expect.objectContaining({ role: 'desk' }) })]);
  });

  it('links a walk-in by a citizen who has an account to their "my dossiers"', async () => {
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn({ applicant: { idType: 'personal', idNumber: '044095001234', fullName: 'Nguyễn Văn An' } }))).json();
    expect((await citizen.get('/api/v1/my/dossiers')).json().items.map((i: { id: string }) => i.id)).toContain(d.id);
  });

  it('receives regardless of administrative boundaries: another ward’s desk, the competent unit kept', async () => {
    const res = await otherDesk.post('/api/v1/desk/dossiers', walkIn({ receivingUnitId: otherWard, fees: [] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ unitId: ward, receivingUnitId: otherWard });
    expect((await specialist.get(`/api/v1/dossiers/${res.json().id}`)).statusCode).toBe(200);
  });

  it('records an authorised person, guidance to supplement and a refusal (no code for those)', async () => {
    const auth = { fullName: 'Trần Văn Bình', idNumber: '045085003333', phone: '0912000111', document: 'Giấy ủy quyền ngày 20/11/2026' };
    const acc = (await desk.post('/api/v1/desk/dossiers', walkIn({ authorised: auth, fees: [] }))).json();
    expect(acc.authorised).toMatchObject({ fullName: 'Trần Văn Bình', document: 'Giấy ủy quyền ngày 20/11/2026' });
    const noItems = await desk.post('/api/v1/desk/dossiers', walkIn({ decision: 'supplement', fees: [] }));
    expect(noItems.statusCode).toBe(422);
    const sup = (await desk.post('/api/v1/desk/dossiers', walkIn({ decision: 'supplement', comment: 'Bản chính giấy khai sinh\nCăn cước của người yêu cầu', fees: [] }))).json();
    expect(sup).toMatchObject({ status: 'awaiting_supplement', code: null });
    const rej = (await desk.post('/api/v1/desk/dossiers', walkIn({ decision: 'reject', comment: 'Giấy tờ không thuộc diện được chứng thực', fees: [] }))).json();
    expect(rej).toMatchObject({ status: 'rejected', code: null });
  });

  it('refuses invalid ID numbers, a unit that does not serve the procedure, a reused receipt number, and non-desk staff — writing nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('dossiers').select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const bad = await desk.post('/api/v1/desk/dossiers', walkIn({ applicant: { idType: 'personal', idNumber: '12345', fullName: 'Ai Đó' }, authorised: { fullName: 'Người Khác', idNumber: '999999999999', document: 'x' } }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/applicant/idNumber', '/authorised/idNumber']));
    expect(bad.json().errors[0].message).toMatch(/12 chữ số/);
    const year = await desk.post('/api/v1/desk/dossiers', walkIn({ applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa', birthDate: '1991-04-02' } }));
    expect(year.statusCode).toBe(422);
    const unit = await desk.post('/api/v1/desk/dossiers', walkIn({ procedureCode: '2.000488' }));
    expect(unit.statusCode).toBe(422);
    expect(unit.json().errors[0].path).toBe('/unitId');
    const used = walkIn();
    expect((await desk.post('/api/v1/desk/dossiers', used)).statusCode).toBe(201);
    const again = await desk.post('/api/v1/desk/dossiers', { ...used });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('receipt_number_used');
    expect((await specialist.post('/api/v1/desk/dossiers', walkIn())).statusCode).toBe(403);
    expect((await desk.get('/api/v1/desk/people?idType=organisation&idNumber=12')).statusCode).toBe(422);
    expect(await count()).toBe(before + 1);
  });
});

describe('dossier codes across processes', () => {
  let child: ChildProcess | undefined;
  afterAll(() => { child?.kill('SIGTERM'); });

  it('200 concurrent acceptances through two server processes get unique, gap-free codes', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../../test/serve.ts')], {
      env: { ...process.env, DATABASE_URL: t.dbUrl, PORT: '0', LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', SEED_DEMO: 'false', WEB_DIR: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (d) => { out += d; const m = /LISTENING (\S+)/.exec(out); if (m) resolve(m[1]!); });
      child!.on('exit', (c) => reject(new Error(`second server exited ${c}`)));
    });
    const login2 = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'motcua.donghoi', password: 'MotCua@2025' }) });
    const cookie2 = String(login2.headers.get('set-cookie')).split(';')[0]!;
    const csrf2 = (await login2.json()).csrfToken as string;
    t.setNow(null);
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, '');
    const before = await t.db.selectFrom('dossier_code_sequences').select('last_value').where('unit_id', '=', ward)
      .where('day', '=', new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)).executeTakeFirst();
    const start = before?.last_value ?? 0;
    const body = (i: number) => walkIn({ fees: [{ name: 'Phí chứng thực', amount: 2000, receiptNumber: `CC-${i}` }] });
    const requests = Array.from({ length: 200 }, (_, i) => i % 2 === 0
      ? desk.post('/api/v1/desk/dossiers', body(i)).then((r) => ({ status: r.statusCode, code: r.json().code as string }))
      : fetch(`${base}/api/v1/desk/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookie2, 'x-csrf-token': csrf2 }, body: JSON.stringify(body(i)) })
        .then(async (r) => ({ status: r.status, code: (await r.json()).code as string })));
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const seqs = results.map((r) => { expect(r.code.startsWith(`H45.30.01-${day}-`)).toBe(true); return Number(r.code.split('-').pop()); }).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => start + i + 1));
  }, 120_000);
});
