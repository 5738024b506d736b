import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, sendFile, type Client, type TestApp } from '../../../test/helpers';
import { createCalendarProvider } from '../calendar/provider';
import { runDueTimers } from '../dossiers/service';
import { localStorage } from '../../platform/storage';
import { findWorkflow, issuesOf } from './service';

// The sample land workflow (data/demo/procedures/1.012790.json) at Phường Đồng Hới: specialist →
// branch on the area → (consult Sở Xây dựng) → liên thông leg at the land registration office branch
// (a province-level unit with its own workflow and deadline) → leader → chairman → result.

let t: TestApp;
let citizen: Client, desk: Client, spec: Client, leader: Client, xd: Client, vpdkSpec: Client, vpdkLeader: Client, admin: Client, spec2: Client;
let ward: string, vpdk: string;
let clock = Date.parse('2026-03-02T08:30:00+07:00');
const tick = (minutes = 30) => { clock += minutes * 60_000; t.setNow(clock); };

const land = (area: number) => ({
  hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', soThua: '125', soToBanDo: '18',
  dienTichChuyen: area, mucDichHienTai: 'Đất trồng cây lâu năm', mucDichXinChuyen: 'Đất ở',
});

async function submit(area: number) {
  const res = await citizen.post('/api/v1/dossiers', { procedureCode: '1.012790', unitId: ward, formData: land(area) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function act(c: Client, id: string, action: string, comment?: string, extra: Record<string, unknown> = {}) {
  tick();
  const d = (await c.get(`/api/v1/dossiers/${id}`)).json();
  const res = await c.post(`/api/v1/dossiers/${id}/actions/${action}`, { version: d.version, ...(comment ? { comment } : {}), ...extra });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}
const process = async (c: Client, id: string) => (await c.get(`/api/v1/dossiers/${id}/process`)).json();
const inboxOf = async (c: Client, q = '') => (await c.get(`/api/v1/inbox?limit=200${q}`)).json();

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(clock);
  [citizen, desk, spec, leader, xd, vpdkSpec, vpdkLeader, admin] = await Promise.all([
    login(t.app, 'congdan'), login(t.app, 'motcua.donghoi'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'lanhdao.donghoi'),
    login(t.app, 'chuyenvien.soxaydung'), login(t.app, 'chuyenvien.vpdk-donghoi'), login(t.app, 'lanhdao.vpdk-donghoi'), login(t.app, 'admin'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
  vpdk = vpdkSpec.user.roles[0]!.unitId!;
  // A second specialist at the ward, for claims and assignment.
  const src = await t.db.selectFrom('users').selectAll().where('username', '=', 'chuyenvien.donghoi').executeTakeFirstOrThrow();
  const u = await t.db.insertInto('users').values({
    tenant_id: src.tenant_id, username: 'chuyenvien2.donghoi', password_hash: src.password_hash, full_name: 'Lê Thị Hạnh', kind: 'officer',
  }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('user_roles').values({ tenant_id: src.tenant_id, user_id: u.id, role: 'specialist', unit_id: ward }).execute();
  spec2 = await login(t.app, 'chuyenvien2.donghoi', 'MotCua@2025');
});
afterAll(async () => { await t?.close(); });

describe('the sample land workflow through the API', () => {
  it('is published and valid at every unit that serves it, as is every demo workflow', async () => {
    const items = (await admin.get('/api/v1/admin/workflows?procedureCode=1.012790&status=published')).json().items;
    expect(items.length).toBe(7);
    for (const w of items) expect((await admin.get(`/api/v1/admin/workflows/${w.id}`)).json().issues, w.unitCode).toEqual([]);
    const all = (await admin.get('/api/v1/admin/workflows?status=published')).json().items as { id: string; procedureCode: string; unitCode: string }[];
    const { tenant_id: tenantId } = await t.db.selectFrom('users').select('tenant_id').where('id', '=', admin.user.id).executeTakeFirstOrThrow();
    const invalid = [];
    for (const w of all) {
      const row = await findWorkflow(t.db, tenantId, w.id);
      const issues = await issuesOf(t.db, tenantId, row, row.definition);
      if (issues.length) invalid.push(`${w.procedureCode}@${w.unitCode}: ${issues[0]!.message}`);
    }
    expect(invalid).toEqual([]);
  });

  it('large area: consultation, then a liên thông leg with its own deadline at the land office, back, signed and returned', async () => {
    const d = await submit(800);
    await act(desk, d.id, 'accept');
    let cur = await act(spec, d.id, 'advance');
    // The branch sent it to Sở Xây dựng for an opinion.
    expect(cur.step).toMatchObject({ key: 'xin_y_kien_quy_hoach' });
    expect((await inboxOf(xd)).items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect((await xd.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(200);
    cur = await act(xd, d.id, 'answer', 'Phù hợp quy hoạch sử dụng đất đến năm 2030.');
    expect(cur.step).toMatchObject({ key: 'van_phong_dang_ky' });
    // Once answered, Sở Xây dựng still reads it but has nothing to do.
    expect((await xd.get(`/api/v1/dossiers/${d.id}/actions`)).json().items).toEqual([]);

    // The leg: a child dossier at the land office, same code, its own deadline (5 working days).
    const p = await process(spec, d.id);
    expect(p.legs).toHaveLength(1);
    const leg = p.legs[0];
    expect(leg).toMatchObject({ unitName: expect.stringContaining('Văn phòng Đăng ký'), status: 'in_progress' });
    const child = (await vpdkSpec.get(`/api/v1/dossiers/${leg.dossierId}`)).json();
    const origin = (await spec.get(`/api/v1/dossiers/${d.id}`)).json();
    expect(child.code).toBe(origin.code);
    expect(Date.parse(child.dueAt)).toBeLessThan(Date.parse(origin.dueAt));
    // One submission, one code: the citizen's list and the public lookup show the origin only.
    const mine = (await citizen.get('/api/v1/my/dossiers?limit=200')).json().items.filter((x: { code: string }) => x.code === origin.code);
    expect(mine.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${origin.code}` })).json()).toMatchObject({ code: origin.code, unitName: origin.unitName });
    expect(child.dueAt).toBe(p.visits.find((v: { kind: string }) => v.kind === 'transfer').dueAt);
    // The ward's specialist can no longer act while the other unit holds it.
    expect((await spec.get(`/api/v1/dossiers/${d.id}/actions`)).json().items.map((a: { action: string }) => a.action)).not.toContain('advance');
    expect((await inboxOf(vpdkSpec)).items.map((i: { id: string; isLeg: boolean }) => [i.id, i.isLeg])).toContainEqual([leg.dossierId, true]);

    await act(vpdkSpec, leg.dossierId, 'advance');
    const done = await act(vpdkLeader, leg.dossierId, 'advance');
    expect(done.status).toBe('returned');
    // Back at the ward, at the next step.
    cur = (await leader.get(`/api/v1/dossiers/${d.id}`)).json();
    expect(cur).toMatchObject({ status: 'in_progress', step: { key: 'xem_xet' } });
    await act(leader, d.id, 'advance');
    cur = await act(leader, d.id, 'advance');
    expect(cur.status).toBe('result_ready');
    cur = await act(desk, d.id, 'return_result', undefined, { returnMethod: 'desk', recipientName: 'Nguyễn Văn An' });
    expect(cur.status).toBe('returned');

    const diagram = await process(spec, d.id);
    expect(diagram.visits.map((v: { nodeKey: string | null; kind: string }) => v.nodeKey ?? v.kind)).toEqual(
      ['desk', 'tham_tra', 'xin_y_kien_quy_hoach', 'van_phong_dang_ky', 'xem_xet', 'phe_duyet', 'desk']);
    expect(diagram.visits.every((v: { state: string }) => v.state === 'done')).toBe(true);
    expect(diagram.visits.find((v: { nodeKey: string }) => v.nodeKey === 'xin_y_kien_quy_hoach')).toMatchObject({ comment: expect.stringContaining('quy hoạch') });
    // The applicant sees the same diagram, without officers' names.
    expect((await process(citizen, d.id)).visits.every((v: { holder: unknown }) => v.holder === null)).toBe(true);
    // The land office read-only afterwards: it still sees the leg, cannot act.
    expect((await vpdkSpec.get(`/api/v1/dossiers/${leg.dossierId}/actions`)).json().items).toEqual([]);
  });

  it('small area goes straight to the land office; its refusal ends in a refusal at the ward', async () => {
    const d = await submit(300);
    await act(desk, d.id, 'accept');
    const cur = await act(spec, d.id, 'advance');
    expect(cur.step).toMatchObject({ key: 'van_phong_dang_ky' });
    const leg = (await process(spec, d.id)).legs[0];
    await act(vpdkSpec, leg.dossierId, 'advance');
    await act(vpdkLeader, leg.dossierId, 'refuse', 'Thửa đất đang có tranh chấp.');
    expect((await citizen.get(`/api/v1/dossiers/${d.id}`)).json().status).toBe('refused');
  });

  it('withdrawing the origin stops the running leg; the leg cannot ask the applicant directly', async () => {
    const d = await submit(300);
    await act(desk, d.id, 'accept');
    await act(spec, d.id, 'advance');
    const leg = (await process(spec, d.id)).legs[0];
    const legActions = (await vpdkSpec.get(`/api/v1/dossiers/${leg.dossierId}/actions`)).json().items.map((a: { action: string }) => a.action);
    expect(legActions).toContain('advance');
    expect(legActions).not.toContain('request_supplement');
    await act(citizen, d.id, 'withdraw');
    expect((await vpdkSpec.get(`/api/v1/dossiers/${leg.dossierId}`)).json().status).toBe('withdrawn');
    expect((await vpdkSpec.get(`/api/v1/dossiers/${leg.dossierId}/actions`)).json().items).toEqual([]);
    expect((await inboxOf(vpdkSpec)).items.map((i: { id: string }) => i.id)).not.toContain(leg.dossierId);
  });

  it('parallel consultation of two units joins when both have answered; one opinion each', async () => {
    const d = await submit(300);
    await act(desk, d.id, 'accept');
    let cur = await act(spec, d.id, 'consult');
    expect(cur.step).toMatchObject({ key: 'xin_y_kien' });
    const p = await process(spec, d.id);
    expect(p.visits.filter((v: { kind: string; state: string }) => v.kind === 'consultation' && v.state === 'open')).toHaveLength(2);
    // While its opinion is asked, the consulted unit may attach a document to the dossier…
    const opinion = { name: 'y-kien.pdf', data: Buffer.from('%PDF-1.4\n% y kien\n%%EOF\n') };
    expect((await sendFile(t.app, xd, `/api/v1/dossiers/${d.id}/files`, opinion)).statusCode).toBe(201);
    cur = await act(xd, d.id, 'answer', 'Đồng ý.');
    expect(cur.step).toMatchObject({ key: 'xin_y_kien' });
    const again = await xd.post(`/api/v1/dossiers/${d.id}/actions/answer`, { version: cur.version, comment: 'Lần nữa' });
    expect(again.statusCode).toBe(403);
    // …once it has answered, it reads the dossier but adds nothing more to it (nor to the applicant's store).
    expect((await xd.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(200);
    const late = await sendFile(t.app, xd, `/api/v1/dossiers/${d.id}/files`, opinion);
    expect([late.statusCode, late.json().code]).toEqual([403, 'forbidden']);
    cur = await act(vpdkSpec, d.id, 'answer', 'Thửa đất không có tranh chấp.');
    expect(cur.step).toMatchObject({ key: 'tham_tra' });
  });

  it('a consultation whose quota expires joins with the answers given (timer as a row, system actor)', async () => {
    const d = await submit(300);
    await act(desk, d.id, 'accept');
    await act(spec, d.id, 'consult');
    await act(xd, d.id, 'answer', 'Đồng ý.');
    const deps = { db: t.db, calendar: await createCalendarProvider(t.db), storage: localStorage(t.filesDir), now: () => clock };
    expect(await runDueTimers(deps)).toBe(0);
    clock += 10 * 24 * 3600_000;
    t.setNow(clock);
    expect(await runDueTimers(deps)).toBe(1);
    // Overdue tasks got one reminder each in the outbox, and only one.
    const reminders = async () => (await t.db.selectFrom('outbox').select('payload').where('topic', '=', 'task.overdue').execute())
      .filter((r) => r.payload.dossierId === d.id);
    expect((await reminders()).length).toBeGreaterThanOrEqual(1);
    const count = (await reminders()).length;
    await runDueTimers(deps);
    expect((await reminders()).length).toBe(count);
    const p = await process(spec, d.id);
    expect(p.current).toEqual(['tham_tra']);
    expect(p.visits.filter((v: { state: string }) => v.state === 'expired')).toHaveLength(1);
    expect(await runDueTimers(deps)).toBe(0);
  });

  it('two officers acting at once: exactly one wins, the other gets 409 — every time', async () => {
    // The row is locked before the dossier and its tasks are read: a lost race is a stale version, never a
    // refusal computed from half-updated tasks (it was 422 in 1–2 % of races). bench/ runs 1,000 of these.
    for (let race = 0; race < 15; race++) {
      const d = await submit(300);
      await act(desk, d.id, 'accept');
      const v = (await spec.get(`/api/v1/dossiers/${d.id}`)).json().version;
      const results = await Promise.all([
        spec.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: v }),
        spec2.post(`/api/v1/dossiers/${d.id}/actions/request_supplement`, { version: v, comment: 'Bổ sung trích đo' }),
      ]);
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join('\n')).toEqual([200, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('stale_version');
    }
  });
});

describe('liên thông across two units and two levels', () => {
  it('ward → ward police → provincial police and back, each leg with its own deadline', async () => {
    const units = (await admin.get('/api/v1/admin/units')).json().items as { id: string; code: string }[];
    const id = (code: string) => units.find((u) => u.code === code)!.id;
    const served = ['P-DONGHOI', 'P-DONGTHUAN', 'P-DONGHA', 'X-VINHLINH', 'X-PHONGNHA', 'DK-CONCO', 'CA-P-DONGHOI', 'CA-TINH'].map(id);
    expect((await admin.put('/api/v1/admin/procedures/1.001029/units', { unitIds: served })).statusCode).toBe(200);
    const task = (key: string, role: string, hours: number, next: string) =>
      ({ key, type: 'task', name: `Bước ${key}`, assignee: { role }, quota: { amount: hours, unit: 'hour' }, actions: [{ kind: 'advance', target: next }, { kind: 'refuse' }] });
    const graph = (first: ReturnType<typeof task>, transfer?: { unit: string; hours: number }) => ({
      schema: 2, start: first.key,
      nodes: [
        first,
        ...(transfer ? [{ key: 'lien_thong', type: 'transfer', name: 'Liên thông', unitId: id(transfer.unit), quota: { amount: transfer.hours, unit: 'hour' }, next: 'ket_qua' }] : []),
        { key: 'ket_qua', type: 'end', name: 'Có kết quả', outcome: 'result' }, { key: 'tu_choi', type: 'end', name: 'Từ chối', outcome: 'refusal' },
      ],
    });
    const publishAt = async (unit: string, def: unknown) => {
      const d = await admin.post('/api/v1/admin/workflows', { procedureCode: '1.001029', unitId: id(unit), definition: def });
      expect(d.statusCode, d.body).toBe(201);
      const p = await admin.post(`/api/v1/admin/workflows/${d.json().id}/publish`, {});
      expect(p.statusCode, p.body).toBe(200);
    };
    await publishAt('CA-TINH', graph(task('kiem_tra', 'specialist', 8, 'ket_qua')));
    await publishAt('CA-P-DONGHOI', graph(task('xac_minh', 'specialist', 4, 'lien_thong'), { unit: 'CA-TINH', hours: 12 }));
    await publishAt('P-DONGHOI', graph(task('tham_dinh', 'specialist', 4, 'lien_thong'), { unit: 'CA-P-DONGHOI', hours: 24 }));

    const form = (await citizen.get('/api/v1/procedures/1.001029')).json().formSchema;
    const formData = Object.fromEntries((form.required as string[]).map((k) => [k, form.properties[k].enum?.[0] ?? (form.properties[k].type === 'number' || form.properties[k].type === 'integer' ? 1 : k.startsWith('soDinhDanh') ? '044095001234' : k.startsWith('soDienThoai') ? '0912345678' : k.startsWith('ngay') ? '2026-01-05' : 'Quán Karaoke Biển Xanh')]));
    const sub = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001029', unitId: ward, formData });
    expect(sub.statusCode, sub.body).toBe(201);
    const d = sub.json();
    await act(desk, d.id, 'accept');
    await act(spec, d.id, 'advance');
    const legCommune = (await process(spec, d.id)).legs[0];
    const police = await login(t.app, 'chuyenvien.ca-donghoi');
    const provincial = await login(t.app, 'chuyenvien.catinh');
    const provincialLeader = await login(t.app, 'lanhdao.catinh');
    await act(police, legCommune.dossierId, 'advance');
    const legProvince = (await process(police, legCommune.dossierId)).legs[0];
    expect(legProvince.unitName).toContain('Công an tỉnh');
    // Each leg has its own deadline: 24 and 12 working hours from when it started.
    expect(Date.parse(legProvince.dueAt)).toBeLessThan(Date.parse(legCommune.dueAt));
    // The ward cannot see inside the provincial leg; the provincial police can read the origin dossier.
    expect((await spec.get(`/api/v1/dossiers/${legProvince.dossierId}`)).statusCode).toBe(404);
    expect((await provincial.get(`/api/v1/dossiers/${legCommune.dossierId}`)).statusCode).toBe(200);
    expect((await provincialLeader.get(`/api/v1/dossiers/${legProvince.dossierId}/actions`)).json().items.map((a: { action: string }) => a.action)).not.toContain('advance');
    await act(provincial, legProvince.dossierId, 'advance');
    // Both legs returned in one transaction; the ward's dossier has its result.
    expect((await police.get(`/api/v1/dossiers/${legCommune.dossierId}`)).json().status).toBe('returned');
    expect((await citizen.get(`/api/v1/dossiers/${d.id}`)).json().status).toBe('result_ready');
  });
});

describe('a walk-in into a process that starts with a liên thông leg', () => {
  it('starts the leg at the other unit, as an online submission would (it opened a transfer task with no leg)', async () => {
    const units = (await admin.get('/api/v1/admin/units')).json().items as { id: string; code: string }[];
    const id = (code: string) => units.find((u) => u.code === code)!.id;
    const served = (await admin.get('/api/v1/procedures/1.001193')).json().units.map((u: { id: string }) => u.id) as string[];
    expect((await admin.put('/api/v1/admin/procedures/1.001193/units', { unitIds: [...new Set([...served, id('CA-P-DONGHOI')])] })).statusCode).toBe(200);
    const publishAt = async (unit: string, def: unknown) => {
      const d = await admin.post('/api/v1/admin/workflows', { procedureCode: '1.001193', unitId: id(unit), definition: def });
      expect(d.statusCode, d.body).toBe(201);
      const p = await admin.post(`/api/v1/admin/workflows/${d.json().id}/publish`, {});
      expect(p.statusCode, p.body).toBe(200);
    };
    const ends = [{ key: 'ket_qua', type: 'end', name: 'Có kết quả', outcome: 'result' }, { key: 'tu_choi', type: 'end', name: 'Từ chối', outcome: 'refusal' }];
    await publishAt('CA-P-DONGHOI', {
      schema: 2, start: 'xac_minh', nodes: [
        { key: 'xac_minh', type: 'task', name: 'Xác minh cư trú', assignee: { role: 'specialist' }, quota: { amount: 4, unit: 'hour' }, actions: [{ kind: 'advance', target: 'ket_qua' }, { kind: 'refuse' }] },
        ...ends,
      ],
    });
    await publishAt('P-DONGTHUAN', {
      schema: 2, start: 'lien_thong', nodes: [
        { key: 'lien_thong', type: 'transfer', name: 'Xác minh tại Công an phường', unitId: id('CA-P-DONGHOI'), quota: { amount: 4, unit: 'hour' }, next: 'ky', onRefusal: 'tu_choi' },
        { key: 'ky', type: 'task', name: 'Ký', assignee: { role: 'leader' }, quota: { amount: 4, unit: 'hour' }, actions: [{ kind: 'advance', target: 'ket_qua' }] },
        ...ends,
      ],
    });
    const dongthuanDesk = await login(t.app, 'motcua.dongthuan');
    const res = await dongthuanDesk.post('/api/v1/desk/dossiers', {
      procedureCode: '1.001193', unitId: id('P-DONGTHUAN'),
      applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa' },
      documents: [{ name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0, provided: true }],
      sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', decision: 'accept',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ status: 'in_progress', code: expect.stringMatching(/-\d{6}-\d{4}$/) });
    const legs = (await process(dongthuanDesk, d.id)).legs;
    expect(legs).toEqual([expect.objectContaining({ unitName: expect.stringContaining('Công an') })]);
    // The police officer can act on the leg; its result takes the ward's dossier on to its leader.
    const police = await login(t.app, 'chuyenvien.ca-donghoi');
    const leg = (await police.get(`/api/v1/dossiers/${legs[0].dossierId}`)).json();
    expect(leg).toMatchObject({ code: d.code, status: 'in_progress' });
    await act(police, leg.id, 'advance');
    const after = (await dongthuanDesk.get(`/api/v1/dossiers/${d.id}`)).json();
    expect(after).toMatchObject({ status: 'in_progress' });
    const leader = await login(t.app, 'lanhdao.dongthuan');
    expect((await leader.get(`/api/v1/dossiers/${d.id}/actions`)).json().items.map((a: { action: string }) => a.action)).toContain('advance');
  });
});

describe('the inbox', () => {
  it('claims from the pool (one wins), filters, searches without diacritics, bulk-advances, and a leader reassigns', async () => {
    const a = await submit(100);
    const b = await submit(120);
    await act(desk, a.id, 'accept');
    await act(desk, b.id, 'accept');
    const pool = await inboxOf(spec, '&scope=pool&procedureCode=1.012790');
    const task = pool.items.find((i: { id: string }) => i.id === a.id).task;
    expect(task).toMatchObject({ kind: 'task', nodeKey: 'tham_tra', assignee: null, role: 'specialist' });
    const claims = await Promise.all([spec.post(`/api/v1/tasks/${task.id}/claim`, {}), spec2.post(`/api/v1/tasks/${task.id}/claim`, {})]);
    expect(claims.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    const winner = claims[0]!.statusCode === 204 ? spec : spec2;
    const loser = winner === spec ? spec2 : spec;
    expect((await inboxOf(winner, '&scope=mine')).items.map((i: { id: string }) => i.id)).toContain(a.id);
    expect((await inboxOf(loser)).items.map((i: { id: string }) => i.id)).not.toContain(a.id);
    expect((await loser.post(`/api/v1/dossiers/${a.id}/actions/advance`, { version: (await loser.get(`/api/v1/dossiers/${a.id}`)).json().version })).statusCode).toBe(403);
    const counts = (await inboxOf(winner)).counts;
    expect(counts.mine).toBeGreaterThanOrEqual(1);
    expect(counts.all).toBe(counts.mine + counts.pool);

    // Search by name without diacritics, and by code: another applicant's dossier in the same inbox is left out.
    const other = await login(t.app, 'congdan2');
    const byBinh = await other.post('/api/v1/dossiers', { procedureCode: '1.012790', unitId: ward, formData: land(110) });
    expect(byBinh.statusCode, byBinh.body).toBe(201);
    await act(desk, byBinh.json().id, 'accept');
    const all = (await inboxOf(winner)).items.map((i: { id: string }) => i.id);
    expect(all).toEqual(expect.arrayContaining([a.id, b.id, byBinh.json().id]));
    const an = (await inboxOf(winner, '&q=nguyen%20van%20an')).items.map((i: { id: string }) => i.id);
    expect(an).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(an).not.toContain(byBinh.json().id);
    expect((await inboxOf(winner, '&q=TRAN%20thi%20binh')).items.map((i: { id: string }) => i.id)).toEqual([byBinh.json().id]);
    const code = (await spec.get(`/api/v1/dossiers/${b.id}`)).json().code;
    expect((await inboxOf(spec, `&q=${encodeURIComponent(code)}`)).items.map((i: { id: string }) => i.id)).toEqual([b.id]);

    // The leader gives a's task to the loser; then bulk advance.
    expect((await spec.post(`/api/v1/tasks/${task.id}/assign`, { userId: loser.user.id })).statusCode).toBe(403);
    expect((await leader.post(`/api/v1/tasks/${task.id}/assign`, { userId: loser.user.id })).statusCode).toBe(204);
    const versions = await Promise.all([a, b].map(async (x) => ({ dossierId: x.id, version: (await loser.get(`/api/v1/dossiers/${x.id}`)).json().version })));
    tick();
    const bulk = (await loser.post('/api/v1/inbox/bulk', { action: 'advance', items: [...versions, { dossierId: versions[0]!.dossierId, version: 1 }] })).json();
    expect(bulk.items.map((r: { ok: boolean; code?: string }) => r.ok || r.code)).toEqual([true, true, 'stale_version']);
  });

  it('overdue and due-soon filters follow the task deadlines', async () => {
    const d = await submit(100);
    await act(desk, d.id, 'accept');
    expect((await inboxOf(spec, '&due=overdue')).items.map((i: { id: string }) => i.id)).not.toContain(d.id);
    clock += 5 * 24 * 3600_000;
    t.setNow(clock);
    const overdue = await inboxOf(spec, '&due=overdue');
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect(overdue.items.find((i: { id: string }) => i.id === d.id).task.deadline.state).toBe('overdue');
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(1);
  });

  it('a leader delegates while absent: the delegate acts on their behalf, recorded in the event', async () => {
    const d = await submit(300);
    await act(desk, d.id, 'accept');
    await act(spec, d.id, 'advance');
    const leg = (await process(spec, d.id)).legs[0];
    await act(vpdkSpec, leg.dossierId, 'advance');
    await act(vpdkLeader, leg.dossierId, 'advance');
    // The ward leader is away: delegates to the specialist for a week.
    const bad = await leader.post('/api/v1/delegations', { toUserId: spec.user.id, unitId: ward, startsAt: new Date(clock).toISOString(), endsAt: new Date(clock - 1).toISOString() });
    expect(bad.statusCode).toBe(422);
    const res = await leader.post('/api/v1/delegations', {
      toUserId: spec.user.id, unitId: ward, startsAt: new Date(clock - 60_000).toISOString(), endsAt: new Date(clock + 7 * 24 * 3600_000).toISOString(), note: 'Đi công tác',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await inboxOf(spec)).items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect((await spec.get('/api/v1/auth/me')).json().user.actingFor).toEqual([
      expect.objectContaining({ role: 'leader', unitId: ward, onBehalfOf: { id: leader.user.id, fullName: leader.user.fullName } })]);
    await act(spec, d.id, 'advance');
    const events = (await spec.get(`/api/v1/dossiers/${d.id}/events`)).json().items;
    expect(events.at(-1)).toMatchObject({ action: 'advance', actor: { fullName: expect.any(String) } });
    const row = await t.db.selectFrom('dossier_events').select('data').where('dossier_id', '=', d.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.data).toMatchObject({ onBehalfOf: leader.user.id });
    expect((await leader.del(`/api/v1/delegations/${res.json().id}`)).statusCode).toBe(204);
    expect((await spec.get('/api/v1/auth/me')).json().user.actingFor).toEqual([]);
    expect((await spec.get(`/api/v1/dossiers/${d.id}/actions`)).json().items.map((a: { action: string }) => a.action)).not.toContain('advance');
  });
});

describe('workflow administration', () => {
  it('publishing validates in words; a new version applies to new dossiers while those in flight keep theirs', async () => {
    const wfs = (await admin.get(`/api/v1/admin/workflows?procedureCode=1.012790&unitId=${ward}`)).json().items;
    const v1 = wfs.find((w: { status: string }) => w.status === 'published');
    const inFlight = await submit(100);
    await act(desk, inFlight.id, 'accept');

    const draft = await admin.post('/api/v1/admin/workflows', { procedureCode: '1.012790', unitId: ward, basedOn: v1.id });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await admin.post('/api/v1/admin/workflows', { procedureCode: '1.012790', unitId: ward })).json()).toMatchObject({ code: 'draft_exists', draftId: draft.json().id });
    const def = draft.json().definition;
    // Break it: the specialist step now leads nowhere.
    def.nodes[0].actions = [{ kind: 'advance', target: 'khong_ton_tai' }];
    const saved = (await admin.put(`/api/v1/admin/workflows/${draft.json().id}`, { definition: def })).json();
    expect(saved.issues.map((i: { code: string }) => i.code)).toContain('unknown_target');
    const refused = await admin.post(`/api/v1/admin/workflows/${draft.json().id}/publish`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'workflow_invalid', detail: expect.stringContaining('không tồn tại') });
    // Fix it into a shorter process: specialist → chairman.
    def.nodes[0].actions = [{ kind: 'advance', target: 'phe_duyet' }];
    def.nodes = def.nodes.filter((n: { key: string }) => !['dien_tich', 'xin_y_kien', 'xin_y_kien_quy_hoach', 'van_phong_dang_ky', 'xem_xet'].includes(n.key));
    def.nodes.find((n: { key: string }) => n.key === 'phe_duyet').actions = [{ kind: 'advance', target: 'ket_qua' }, { kind: 'refuse' }];
    expect((await admin.put(`/api/v1/admin/workflows/${draft.json().id}`, { definition: def })).json().issues).toEqual([]);
    const pub = await admin.post(`/api/v1/admin/workflows/${draft.json().id}/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    expect((await admin.get(`/api/v1/admin/workflows/${v1.id}`)).json().status).toBe('retired');
    expect((await admin.put(`/api/v1/admin/workflows/${draft.json().id}`, { definition: def })).statusCode).toBe(409);
    // Also in the database: a published version's definition cannot be rewritten.
    await expect(t.db.updateTable('workflows').set({ definition: JSON.stringify(def) }).where('id', '=', v1.id).execute()).rejects.toThrow(/immutable/);

    // In flight: still the old graph (the branch and the leg); new: the short one.
    expect((await act(spec, inFlight.id, 'advance')).step).toMatchObject({ key: 'van_phong_dang_ky' });
    const fresh = await submit(100);
    await act(desk, fresh.id, 'accept');
    expect((await act(spec, fresh.id, 'advance')).step).toMatchObject({ key: 'phe_duyet' });
  });

  it('copies to other units, exports and imports JSON', async () => {
    const wf = (await admin.get('/api/v1/admin/workflows?procedureCode=1.001193&status=published')).json().items[0];
    const dongha = (await admin.get('/api/v1/admin/units')).json().items.find((u: { code: string }) => u.code === 'P-DONGHA');
    const copied = (await admin.post(`/api/v1/admin/workflows/${wf.id}/copy`, { unitIds: [dongha.id, wf.unitId === dongha.id ? ward : dongha.id], publish: true })).json().items;
    expect(copied[0]).toMatchObject({ status: wf.unitId === dongha.id ? 'error' : 'published', issues: [] });
    const exported = await admin.get(`/api/v1/admin/workflows/${wf.id}/export`);
    expect(exported.headers['content-disposition']).toContain('.json');
    const doc = exported.json();
    expect(doc).toMatchObject({ format: 'motcua-workflow', formatVersion: 1, procedureCode: '1.001193' });
    const imported = await admin.post('/api/v1/admin/workflows/import', { unitId: ward, document: doc });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ status: 'draft', issues: [] });
    expect((await admin.post('/api/v1/admin/workflows/import', { unitId: ward, document: { hello: 1 } })).json().code).toBe('invalid_document');
    expect((await spec.get('/api/v1/admin/workflows')).statusCode).toBe(403);
  });
});
