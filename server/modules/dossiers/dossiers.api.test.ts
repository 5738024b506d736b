import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';

let t: TestApp;
let citizen: Client, other: Client, desk: Client, specialist: Client, leader: Client, otherDesk: Client, admin: Client;
let unitId: string;

const birthForm = {
  hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha',
  hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-03-01', noiSinh: 'Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới',
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function multipart(name: string, data: Buffer, type = 'application/pdf') {
  const boundary = '----motcua' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="label"\r\n\r\nGiấy chứng sinh\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function submit(c: Client = citizen, form: Record<string, unknown> = birthForm) {
  const res = await c.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId, formData: form });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; version: number; status: string };
}

async function act(c: Client, id: string, action: string, version: number, comment?: string) {
  return c.post(`/api/v1/dossiers/${id}/actions/${action}`, { version, ...(comment ? { comment } : {}) });
}

const vn = (iso: string) => Date.parse(`${iso}+07:00`);

beforeAll(async () => {
  t = await createTestApp();
  [citizen, other, desk, specialist, leader, otherDesk, admin] = await Promise.all([
    login(t.app, 'congdan'), login(t.app, 'congdan2'), login(t.app, 'motcua.donghoi'), login(t.app, 'chuyenvien.donghoi'),
    login(t.app, 'lanhdao.donghoi'), login(t.app, 'motcua.dongthuan'), login(t.app, 'admin'),
  ]);
  unitId = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

describe('the one-stop journey through the API', () => {
  it('runs submit → accept → specialist → leader (with a send-back) → return, with a full timeline', async () => {
    t.setNow(vn('2026-03-10T09:00:00'));
    const d = await submit();
    expect(d.status).toBe('submitted');
    expect(d.code).toMatch(/^H45\.30\.01-260310-\d{4}$/);

    const up = await t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${d.id}/files`, ...(() => {
      const m = multipart('giay-chung-sinh.pdf', PDF);
      return { payload: m.body, headers: { ...m.headers, cookie: citizen.cookie, 'x-csrf-token': citizen.csrfToken } };
    })() });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ name: 'giay-chung-sinh.pdf', contentType: 'application/pdf', label: 'Giấy chứng sinh' });
    const dl = await citizen.get(`/api/v1/dossiers/${d.id}/files/${up.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PDF)).toBe(true);

    // The desk's inbox shows it; the desk may accept, reject or ask for a supplement.
    const inbox = (await desk.get('/api/v1/inbox')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(d.id);
    const offered = (await desk.get(`/api/v1/dossiers/${d.id}/actions`)).json();
    // The version the actions were computed for, to send back with the chosen one.
    expect(offered.version).toBe((await desk.get(`/api/v1/dossiers/${d.id}`)).json().version);
    const actions = offered.items;
    expect(actions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['accept', 'reject', 'request_supplement']));
    expect(actions.find((a: { action: string }) => a.action === 'accept').kind).toBe('advance');
    expect((await specialist.get(`/api/v1/dossiers/${d.id}/actions`)).json().items).toEqual([]);

    t.setNow(vn('2026-03-10T10:30:00'));
    const accepted = await act(desk, d.id, 'accept', d.version);
    expect(accepted.statusCode, accepted.body).toBe(200);
    // Same-day procedure received at 09:00 → due at the close of that working day.
    expect(accepted.json()).toMatchObject({ status: 'in_progress', step: { key: expect.any(String) }, dueAt: '2026-03-10T10:00:00.000Z' });
    expect(accepted.json().receivedAt).toBe(new Date(vn('2026-03-10T10:30:00')).toISOString());

    expect((await specialist.get('/api/v1/inbox')).json().items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect((await desk.get('/api/v1/inbox')).json().items.map((i: { id: string }) => i.id)).not.toContain(d.id);
    const s1 = await act(specialist, d.id, 'advance', accepted.json().version);
    expect(s1.statusCode, s1.body).toBe(200);

    const backNoReason = await act(leader, d.id, 'back', s1.json().version);
    expect(backNoReason.statusCode).toBe(422);
    expect(backNoReason.json().code).toBe('comment_required');
    const back = await act(leader, d.id, 'back', s1.json().version, 'Kiểm tra lại nơi sinh');
    expect(back.statusCode).toBe(200);
    expect(back.json().step.key).toBe(accepted.json().step.key);

    let cur = (await act(specialist, d.id, 'advance', back.json().version)).json();
    while (cur.status === 'in_progress') {
      const who = (await specialist.get(`/api/v1/dossiers/${d.id}/actions`)).json().items.some((a: { action: string }) => a.action === 'advance') ? specialist : leader;
      const r = await act(who, d.id, 'advance', cur.version);
      expect(r.statusCode, r.body).toBe(200);
      cur = r.json();
    }
    expect(cur.status).toBe('result_ready');
    expect(cur.deadline).toEqual({ state: 'on_time', remainingMinutes: null });

    const noMethod = await act(desk, d.id, 'return_result', cur.version);
    expect(noMethod.statusCode).toBe(422);
    expect(noMethod.json().code).toBe('return_method_required');
    const returned = await desk.post(`/api/v1/dossiers/${d.id}/actions/return_result`, { version: cur.version, returnMethod: 'desk', recipientName: 'Nguyễn Văn An' });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnMethod: 'desk', recipientName: 'Nguyễn Văn An' });
    expect((await desk.get(`/api/v1/dossiers/${d.id}/actions`)).json().items).toEqual([]);

    const events = (await citizen.get(`/api/v1/dossiers/${d.id}/events`)).json().items;
    expect(events.map((e: { action: string }) => e.action).slice(0, 4)).toEqual(['submit', 'accept', 'advance', 'back']);
    expect(events.at(-1)).toMatchObject({ action: 'return_result', fromStatus: 'result_ready', toStatus: 'returned' });
    const backEvent = events.find((e: { action: string }) => e.action === 'back');
    expect(backEvent).toMatchObject({ comment: 'Kiểm tra lại nơi sinh', actor: { fullName: leader.user.fullName, role: 'leader' } });
    expect(events.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);

    // Public lookup: status and dates, nothing personal.
    const pub = await t.app.inject(`/api/v1/public/dossiers/${d.code}`);
    expect(pub.statusCode).toBe(200);
    expect(Object.keys(pub.json()).sort()).toEqual(['code', 'completedAt', 'dueAt', 'procedureName', 'receivedAt', 'status', 'unitName']);
    expect(pub.json()).toMatchObject({ code: d.code, status: 'returned', procedureName: 'Đăng ký khai sinh' });
    expect(pub.body).not.toContain('Nguyễn Văn An');
    expect(pub.body).not.toContain('044095001234');
    expect((await t.app.inject('/api/v1/public/dossiers/H45-000000-9999')).statusCode).toBe(404);

    const mine = (await citizen.get('/api/v1/my/dossiers')).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(d.id);
  });

  it('starts the clock on the next working day for a dossier submitted after 15:00', async () => {
    t.setNow(vn('2026-03-13T15:40:00')); // Friday
    const d = await submit();
    t.setNow(vn('2026-03-16T08:10:00'));
    const r = await act(desk, d.id, 'accept', d.version);
    expect(r.json()).toMatchObject({ effectiveStart: new Date(vn('2026-03-16T08:00:00')).toISOString(), dueAt: new Date(vn('2026-03-16T17:00:00')).toISOString() });
  });
});

describe('desk outcomes', () => {
  it('asks for a supplement with a reason; the applicant resubmits; the desk rejects with a reason (final)', async () => {
    const d = await submit();
    const noReason = await act(desk, d.id, 'request_supplement', d.version);
    expect(noReason.statusCode).toBe(422);
    const sup = await act(desk, d.id, 'request_supplement', d.version, 'Thiếu giấy chứng sinh bản chính');
    expect(sup.json()).toMatchObject({ status: 'awaiting_supplement', supplementStage: 'desk' });
    expect((await desk.get(`/api/v1/dossiers/${d.id}/actions`)).json().items.map((a: { action: string }) => a.action)).not.toContain('accept');
    const again = await act(citizen, d.id, 'submit_supplement', sup.json().version);
    expect(again.json().status).toBe('submitted');
    const rej = await act(desk, d.id, 'reject', again.json().version, 'Không thuộc thẩm quyền giải quyết');
    expect(rej.json().status).toBe('rejected');
    const after = await act(desk, d.id, 'accept', rej.json().version);
    expect(after.statusCode).toBe(422);
    expect(after.json().code).toBe('action_not_available');
  });

  it('pauses the clock during a processing-stage supplement and carries the remaining time', async () => {
    t.setNow(vn('2026-03-17T08:00:00'));
    const d = await submit();
    const acc = (await act(desk, d.id, 'accept', d.version)).json();
    expect(acc.dueAt).toBe(new Date(vn('2026-03-17T17:00:00')).toISOString());
    t.setNow(vn('2026-03-17T10:00:00')); // 6 working hours left
    const paused = (await act(specialist, d.id, 'request_supplement', acc.version, 'Bổ sung bản sao giấy tờ tùy thân của mẹ')).json();
    expect(paused.status).toBe('awaiting_supplement');
    t.setNow(vn('2026-03-19T14:00:00')); // resumes two days later at 14:00: 3 h that afternoon + 3 h next morning
    const resumed = (await act(citizen, d.id, 'submit_supplement', paused.version)).json();
    expect(resumed).toMatchObject({ status: 'in_progress', step: { key: acc.step.key } });
    expect(resumed.dueAt).toBe(new Date(vn('2026-03-20T11:00:00')).toISOString());
  });

  it('lets the applicant withdraw before a decision, online or through the desk, but not other officers', async () => {
    const d = await submit();
    expect((await act(specialist, d.id, 'withdraw', d.version)).statusCode).toBe(403);
    const w = await act(citizen, d.id, 'withdraw', d.version);
    expect(w.json().status).toBe('withdrawn');
    const e = await submit();
    const atDesk = await act(desk, e.id, 'withdraw', e.version, 'Đơn đề nghị dừng giải quyết của người nộp ngày 23/11/2026');
    expect(atDesk.json().status).toBe('withdrawn');
  });
});

describe('bad input changes nothing', () => {
  it('validates the e-form against the procedure schema, field by field, in Vietnamese', async () => {
    const res = await citizen.post('/api/v1/dossiers', {
      procedureCode: '1.001193', unitId, formData: { ...birthForm, hoTenTre: '', gioiTinhTre: 'Khác', ngaySinhTre: 12, soDinhDanhNguoiYeuCau: '123' },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('invalid_form_data');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/hoTenTre', '/gioiTinhTre', '/ngaySinhTre', '/soDinhDanhNguoiYeuCau']));
    expect(body.errors.find((e: { path: string }) => e.path === '/hoTenTre').message).toMatch(/Vui lòng nhập/);
    const missing = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId, formData: {} });
    expect(missing.json().errors.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses an unknown procedure, a unit that does not serve it, a malformed body', async () => {
    const before = await t.db.selectFrom('dossiers').select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const unknown = await citizen.post('/api/v1/dossiers', { procedureCode: '9.999999', unitId, formData: birthForm });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('procedure_not_found');
    const wrongUnit = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: otherDesk.user.roles[0]!.unitId === unitId ? 'x' : '00000000-0000-0000-0000-000000000000', formData: birthForm });
    expect(wrongUnit.statusCode).toBe(422);
    expect(wrongUnit.json().code).toBe('unit_not_serving');
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: { cookie: citizen.cookie, 'x-csrf-token': citizen.csrfToken, 'content-type': 'application/json' }, payload: '{"procedureCode": "1.001193",' });
    expect(malformed.statusCode).toBe(400);
    const types = await citizen.post('/api/v1/dossiers', { procedureCode: 1001193, unitId, formData: 'x' });
    expect(types.statusCode).toBe(400);
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', payload: { procedureCode: '1.001193', unitId, formData: birthForm } });
    expect(anon.statusCode).toBe(401);
    const after = await t.db.selectFrom('dossiers').select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('hides a dossier from other citizens and other units (404), refuses wrong roles (403) and out-of-turn actions (422)', async () => {
    const d = await submit();
    for (const c of [other, otherDesk]) {
      expect((await c.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(404);
      expect((await act(c, d.id, 'accept', d.version)).statusCode).toBe(404);
    }
    expect((await citizen.get('/api/v1/dossiers/not-a-uuid')).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(200);
    expect((await otherDesk.get('/api/v1/inbox')).json().items.map((i: { id: string }) => i.id)).not.toContain(d.id);
    const byCitizen = await act(citizen, d.id, 'accept', d.version);
    expect(byCitizen.statusCode).toBe(403);
    expect(byCitizen.json().code).toBe('forbidden');
    const outOfTurn = await act(specialist, d.id, 'advance', d.version);
    expect(outOfTurn.statusCode).toBe(422);
    const events = (await citizen.get(`/api/v1/dossiers/${d.id}/events`)).json().items;
    expect(events).toHaveLength(1);
    expect((await citizen.get(`/api/v1/dossiers/${d.id}`)).json().version).toBe(d.version);
  });

  it('answers 409 for a stale version and lets exactly one of two simultaneous officers win', async () => {
    const d = await submit();
    const [a, b] = await Promise.all([act(desk, d.id, 'accept', d.version), act(desk, d.id, 'request_supplement', d.version, 'Thiếu giấy tờ')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('stale_version');
    const events = (await desk.get(`/api/v1/dossiers/${d.id}/events`)).json().items;
    expect(events).toHaveLength(2);
    const stale = await act(desk, d.id, 'accept', d.version);
    expect(stale.statusCode).toBe(409);
  });

  it('applies a retried action with the same Idempotency-Key once', async () => {
    const d = await submit();
    const first = await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version }, { 'idempotency-key': 'retry-1' });
    const retry = await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version }, { 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().version).toBe(first.json().version);
    expect((await desk.get(`/api/v1/dossiers/${d.id}/events`)).json().items).toHaveLength(2);
  });

  it('accepts only PDF/JPEG/PNG by content, not by file name', async () => {
    const d = await submit();
    const m = multipart('giay-to.pdf', Buffer.from('MZ this is not a pdf'), 'application/pdf');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${d.id}/files`, payload: m.body, headers: { ...m.headers, cookie: citizen.cookie, 'x-csrf-token': citizen.csrfToken } });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('file_type_not_allowed');
    expect((await citizen.get(`/api/v1/dossiers/${d.id}`)).json().files).toEqual([]);
  });

  it('keeps dossier events append-only in the database', async () => {
    await expect(t.db.updateTable('dossier_events').set({ comment: 'sửa' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('dossier_events').execute()).rejects.toThrow(/append-only/);
  });
});

describe('dossier codes', () => {
  it('are unique and gap-free per agency and day under concurrent submissions', async () => {
    t.setNow(vn('2026-04-02T09:00:00'));
    const results = await Promise.all(Array.from({ length: 25 }, () => submit()));
    const seqs = results.map((r) => Number(r.code.split('-').pop())).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});
