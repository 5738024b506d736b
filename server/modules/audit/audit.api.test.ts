import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';

// What reaches the audit log through HTTP: administrative writes (every admin route, by one hook), officers'
// reads of another person's data (not the applicant's own), and the admin's search and chain check.

let t: TestApp;
let admin: Client, desk: Client, specialist: Client, citizen: Client;
let ward: string;
let dossier: { id: string; code: string };
const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };

const entries = (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
const count = async () => Number((await t.db.selectFrom('audit_log').select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const search = async (query: string) => {
  const res = await admin.get(`/api/v1/admin/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: { seq: number; action: string; actor: { username: string } | null; subject: { userId: string | null; name: string | null } | null; data: Record<string, unknown>; targetId: string | null }[] };
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, desk, specialist, citizen] = await Promise.all([
    login(t.app, 'admin'), login(t.app, 'motcua.donghoi'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'congdan'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
  const d = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
  await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version });
  dossier = { id: d.id, code: d.code };
});
afterAll(async () => { await t?.close(); });

describe('the audit log through HTTP', () => {
  it('records every successful administrative write by route, with what it meant, and no failed one', async () => {
    const day = await admin.put('/api/v1/admin/calendar/days/2027-06-16', { kind: 'holiday', name: 'Ngày nghỉ bù thử nghiệm' });
    expect(day.statusCode, day.body).toBe(200);
    const lines = await admin.put(`/api/v1/admin/units/${ward}/forms`, { parentName: 'UBND TỈNH QUẢNG TRỊ', deskName: 'UBND PHƯỜNG ĐỒNG HỚI', place: 'Đồng Hới' });
    expect(lines.statusCode, lines.body).toBe(200);
    const unpublish = await admin.post('/api/v1/admin/procedures/1.004873/unpublish');
    expect(unpublish.statusCode, unpublish.body).toBe(200);
    const refused = await admin.put('/api/v1/admin/calendar/days/2027-06-19', { kind: 'holiday', name: 'Chủ nhật' }); // a weekend day
    expect(refused.statusCode).toBe(422);

    const writes = await entries('admin.write');
    expect(writes.map((e) => e.target_id)).toEqual([
      'PUT /api/v1/admin/calendar/days/:date', 'PUT /api/v1/admin/units/:id/forms', 'POST /api/v1/admin/procedures/:code/unpublish',
    ]);
    expect(writes[0]).toMatchObject({ actor_id: admin.user.id, actor_name: 'Quản trị hệ thống', data: { params: { date: '2027-06-16' }, status: 200 } });
    expect(writes[2]!.data).toMatchObject({ params: { code: '1.004873' } });
    expect(writes.every((e) => e.request_id && e.ip)).toBe(true);
  });

  it("records an officer's read of a dossier, its forms and the desk's look-up — once per few minutes — and not the applicant's own reads", async () => {
    const before = await count();
    expect((await citizen.get(`/api/v1/dossiers/${dossier.id}`)).statusCode).toBe(200);
    expect((await citizen.get(`/api/v1/dossiers/${dossier.id}/forms/01`)).statusCode).toBe(200);
    expect(await count()).toBe(before);
    // An inbox list is not a read of each dossier in it.
    expect((await specialist.get('/api/v1/inbox')).statusCode).toBe(200);
    expect(await count()).toBe(before);

    expect((await specialist.get(`/api/v1/dossiers/${dossier.id}`)).statusCode).toBe(200);
    expect((await specialist.get(`/api/v1/dossiers/${dossier.id}`)).statusCode).toBe(200);
    expect((await desk.get(`/api/v1/dossiers/${dossier.id}/forms/01`)).statusCode).toBe(200);
    expect((await desk.get('/api/v1/desk/people?idType=personal&idNumber=044095001234')).statusCode).toBe(200);
    const reads = await entries('dossier.read');
    expect(reads).toEqual([expect.objectContaining({
      actor_id: specialist.user.id, target_type: 'dossier', target_id: dossier.id, subject_user_id: citizen.user.id,
      data: { dossierCode: dossier.code, dossierId: dossier.id },
    })]);
    expect(await entries('dossier.form.read')).toEqual([expect.objectContaining({ actor_id: desk.user.id, data: expect.objectContaining({ form: '01' }) })]);
    expect(await entries('person.lookup')).toEqual([expect.objectContaining({ actor_id: desk.user.id, subject_user_id: citizen.user.id, data: { idType: 'personal' } })]);

    // Personal data itself never goes into the entries.
    const all = JSON.stringify(await t.db.selectFrom('audit_log').select(['data', 'target_id']).execute());
    for (const personal of ['044095001234', '0912345678', 'Nguyễn Văn An', 'Quang Trung']) expect(all).not.toContain(personal);
  });

  it('lets admins search by actor, action, subject, ID number, dossier code and period, with paging', async () => {
    expect((await specialist.get('/api/v1/admin/audit')).statusCode).toBe(403);
    const byActor = await search('actor=chuyenvien.donghoi');
    expect(byActor.items.map((e) => e.action)).toEqual(['dossier.read']);
    expect(byActor.items[0]).toMatchObject({ actor: { username: 'chuyenvien.donghoi' }, subject: { userId: citizen.user.id, name: 'Nguyễn Văn An' } });
    expect((await search('action=dossier.')).items.map((e) => e.action).sort()).toEqual(['dossier.form.read', 'dossier.read']);
    expect((await search('action=admin.write')).total).toBe(3);
    expect((await search('subject=congdan')).items.map((e) => e.action).sort()).toEqual(['dossier.form.read', 'dossier.read', 'person.lookup']);
    expect((await search('idNumber=044095001234')).total).toBe(3);
    expect((await search('idNumber=045190004321')).total).toBe(0);
    expect((await search(`dossierCode=${dossier.code.toLowerCase()}`)).items.map((e) => e.action).sort()).toEqual(['dossier.form.read', 'dossier.read']);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    expect((await search(`from=${today}&to=${today}&action=dossier.read`)).total).toBe(1);
    expect((await search('from=2020-01-01&to=2020-12-31')).total).toBe(0);
    const page1 = await search('action=admin.write&limit=2');
    const page2 = await search('action=admin.write&limit=2&offset=2');
    expect([page1.items.length, page2.items.length, page1.total]).toEqual([2, 1, 3]);
    expect(new Set([...page1.items, ...page2.items].map((e) => e.seq)).size).toBe(3);
    // Each search is itself recorded, without the ID number searched for.
    const searches = await entries('audit.search');
    expect(searches.length).toBeGreaterThanOrEqual(10);
    expect(JSON.stringify(searches.map((e) => e.data))).not.toContain('044095001234');
    expect((await admin.get('/api/v1/admin/audit?idNumber=abc')).statusCode).toBe(400);
  });

  it('reports an entry edited behind the append-only trigger through the verify endpoint', async () => {
    expect((await specialist.get('/api/v1/admin/audit/verify')).statusCode).toBe(403);
    const ok = (await admin.get('/api/v1/admin/audit/verify')).json();
    expect(ok).toMatchObject({ ok: true, brokenAt: null });
    const target = (await entries('dossier.read'))[0]!;
    await t.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
      await sql`UPDATE audit_log SET actor_id = ${desk.user.id} WHERE id = ${target.id}`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
    });
    const broken = (await admin.get('/api/v1/admin/audit/verify')).json();
    expect(broken).toMatchObject({ ok: false, brokenAt: { seq: Number(target.seq), reason: 'hash' } });
  });
});
