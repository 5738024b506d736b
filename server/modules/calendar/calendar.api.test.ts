import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';

let t: TestApp;
let admin: Client, desk: Client, citizen: Client, specialist: Client, leader: Client;
let wardId: string;
const vn = (iso: string) => Date.parse(`${iso}+07:00`);

beforeAll(async () => {
  t = await createTestApp();
  [admin, desk, citizen, specialist, leader] = await Promise.all([
    login(t.app, 'admin'), login(t.app, 'motcua.donghoi'), login(t.app, 'congdan'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'lanhdao.donghoi'),
  ]);
  wardId = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

const deadline = async (q: string) => {
  const res = await t.app.inject(`/api/v1/calendar/deadline?${q}`);
  return { status: res.statusCode, body: res.json() };
};

describe('calendar API', () => {
  it('computes the effective start and due date in Vietnam time across Tết 2026', async () => {
    const r = await deadline(`start=${encodeURIComponent('2026-02-13T15:30:00+07:00')}&amount=3&unit=day`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ start: '2026-02-13T15:30:00+07:00', effectiveStart: '2026-02-23T08:00:00+07:00', dueAt: '2026-02-25T17:00:00+07:00' });
    const hours = await deadline(`start=${encodeURIComponent('2026-03-10T02:00:00Z')}&amount=10&unit=hour`);
    expect(hours.body).toMatchObject({ effectiveStart: '2026-03-10T09:00:00+07:00', dueAt: '2026-03-11T11:00:00+07:00' });
  });

  it('answers bad parameters with 400 problems', async () => {
    expect((await deadline('start=yesterday&amount=3&unit=day')).status).toBe(400);
    expect((await deadline('start=2026-03-10T09:00:00Z&amount=-1&unit=day')).status).toBe(400);
    expect((await deadline('start=2026-03-10T09:00:00Z&amount=3&unit=week')).status).toBe(400);
    expect((await deadline('start=2026-03-10T09:00:00Z&amount=3&unit=day&unitId=00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('lists every day of a year with its kind and name', async () => {
    const res = await t.app.inject('/api/v1/calendar/days?year=2026');
    expect(res.statusCode).toBe(200);
    const days = res.json().days as { date: string; kind: string; name: string | null; sessions: unknown[] }[];
    expect(days).toHaveLength(365);
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2026-02-17')).toMatchObject({ kind: 'holiday', name: expect.stringContaining('Tết'), sessions: [] });
    expect(byDate.get('2026-08-22')).toMatchObject({ kind: 'swapped_working', sessions: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] });
    expect(byDate.get('2026-03-14')!.kind).toBe('weekend');
    expect(byDate.get('2026-03-10')!.kind).toBe('working');
  });
});

describe('admins keep the calendar true', () => {
  it('adds a holiday that applies to deadlines computed afterwards, never to due dates already issued', async () => {
    t.setNow(vn('2026-11-20T09:00:00'));
    const sub = await citizen.post('/api/v1/dossiers', { procedureCode: '1.004873', unitId: wardId, formData: await sampleForm('1.004873') });
    expect(sub.statusCode, sub.body).toBe(201);
    const accepted = (await desk.post(`/api/v1/dossiers/${sub.json().id}/actions/accept`, { version: sub.json().version })).json();
    // 3 working days from Fri 20 Nov 09:00 → Wed 25 Nov 09:00
    expect(accepted.dueAt).toBe(new Date(vn('2026-11-25T09:00:00')).toISOString());

    // Ngày Văn hóa Việt Nam, 24 November, becomes a day off.
    const put = await admin.put('/api/v1/admin/calendar/days/2026-11-24', { kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' });
    expect(put.statusCode, put.body).toBe(200);
    const after = await deadline(`start=${encodeURIComponent('2026-11-20T09:00:00+07:00')}&amount=3&unit=day`);
    expect(after.body.dueAt).toBe('2026-11-26T09:00:00+07:00');
    expect((await citizen.get(`/api/v1/dossiers/${sub.json().id}`)).json().dueAt).toBe(accepted.dueAt);

    expect((await admin.del('/api/v1/admin/calendar/days/2026-11-24')).statusCode).toBe(204);
    expect((await deadline(`start=${encodeURIComponent('2026-11-20T09:00:00+07:00')}&amount=3&unit=day`)).body.dueAt).toBe('2026-11-25T09:00:00+07:00');
  });

  it('refuses a holiday on a weekend, a swapped working day on a weekday, and non-admins', async () => {
    const sat = await admin.put('/api/v1/admin/calendar/days/2026-03-14', { kind: 'holiday', name: 'Thử' });
    expect(sat.statusCode).toBe(422);
    expect(sat.json().code).toBe('invalid_calendar_day');
    expect((await admin.put('/api/v1/admin/calendar/days/2026-03-10', { kind: 'swapped_working', name: 'Thử' })).statusCode).toBe(422);
    expect((await admin.put('/api/v1/admin/calendar/days/2026-02-30', { kind: 'holiday', name: 'Thử' })).statusCode).toBe(422);
    expect((await desk.put('/api/v1/admin/calendar/days/2026-03-10', { kind: 'holiday', name: 'Thử' })).statusCode).toBe(403);
  });

  it('imports a year file with a dry run; a file with bad rows imports nothing and reports every row', async () => {
    const good = { dryRun: true, days: [
      { date: '2028-01-03', kind: 'holiday', name: 'Nghỉ bù Tết Dương lịch' }, { date: '2028-01-08', kind: 'swapped_working', name: 'Làm bù' },
    ] };
    const dry = await admin.post('/api/v1/admin/calendar/import', good);
    expect(dry.json()).toEqual({ imported: 2, dryRun: true, errors: [] });
    expect((await t.app.inject('/api/v1/calendar/days?year=2028')).json().days.find((d: { date: string }) => d.date === '2028-01-03').kind).toBe('working');
    const bad = await admin.post('/api/v1/admin/calendar/import', { dryRun: false, days: [
      ...good.days, { date: '2028-01-09', kind: 'holiday', name: 'Chủ nhật' }, { date: '2028-13-01', kind: 'holiday', name: 'x' }, { date: '2028-01-03', kind: 'holiday', name: 'lặp' },
    ] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['/days/2', '/days/3', '/days/4']);
    expect((await t.app.inject('/api/v1/calendar/days?year=2028')).json().days.find((d: { date: string }) => d.date === '2028-01-03').kind).toBe('working');
    const real = await admin.post('/api/v1/admin/calendar/import', { ...good, dryRun: false });
    expect(real.json().imported).toBe(2);
    const year = (await t.app.inject('/api/v1/calendar/days?year=2028')).json().days;
    expect(year.find((d: { date: string }) => d.date === '2028-01-03').kind).toBe('holiday');
    expect(year.find((d: { date: string }) => d.date === '2028-01-08').kind).toBe('swapped_working');
  });

  it('sets a unit’s office hours (Saturday morning) and closures, used for that unit only', async () => {
    const cur = (await admin.get(`/api/v1/admin/units/${wardId}/calendar`)).json();
    expect(cur.weekly[1]).toEqual([{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }]);
    const weekday = [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }];
    const bad = await admin.put(`/api/v1/admin/units/${wardId}/calendar`, { weekly: [[], weekday, weekday, weekday, weekday, weekday, [{ start: '11:00', end: '10:00' }]], closures: [] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('/weekly/6/0');
    const ok = await admin.put(`/api/v1/admin/units/${wardId}/calendar`, {
      weekly: [[], weekday, weekday, weekday, weekday, weekday, [{ start: '07:30', end: '11:30' }]],
      closures: [{ date: '2026-03-16', name: 'Sáp nhập trụ sở' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // Fri 13 Mar 2026 10:00 + 1 working day at this ward: Saturday 14 Mar 10:00; + 2: Tue 17 Mar (Mon closed).
    const one = await deadline(`start=${encodeURIComponent('2026-03-13T10:00:00+07:00')}&amount=1&unit=day&unitId=${wardId}`);
    expect(one.body.dueAt).toBe('2026-03-14T10:00:00+07:00');
    const two = await deadline(`start=${encodeURIComponent('2026-03-13T10:00:00+07:00')}&amount=2&unit=day&unitId=${wardId}`);
    expect(two.body.dueAt).toBe('2026-03-17T10:00:00+07:00');
    const national = await deadline(`start=${encodeURIComponent('2026-03-13T10:00:00+07:00')}&amount=1&unit=day`);
    expect(national.body.dueAt).toBe('2026-03-16T10:00:00+07:00');
    const days = (await t.app.inject(`/api/v1/calendar/days?year=2026&unitId=${wardId}`)).json().days;
    expect(days.find((d: { date: string }) => d.date === '2026-03-16')).toMatchObject({ kind: 'holiday', name: 'Sáp nhập trụ sở', source: 'unit' });
    // Back to the default for the other tests in this file.
    await admin.put(`/api/v1/admin/units/${wardId}/calendar`, { weekly: cur.weekly, closures: [] });
  });
});

describe('deadlines on a dossier', () => {
  it('gives each step its own deadline and judges lateness by the original due date after an apology', async () => {
    t.setNow(vn('2026-03-02T09:00:00')); // Monday
    const sub = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.004873', unitId: wardId, formData: await sampleForm('1.004873') })).json();
    const acc = (await desk.post(`/api/v1/dossiers/${sub.id}/actions/accept`, { version: sub.version })).json();
    expect(acc.dueAt).toBe(new Date(vn('2026-03-05T09:00:00')).toISOString());
    expect(acc.step.dueAt).not.toBeNull();
    expect(Date.parse(acc.step.dueAt)).toBeLessThanOrEqual(Date.parse(acc.dueAt));
    expect(acc.deadline).toEqual({ state: 'within', remainingMinutes: 3 * 480 });

    t.setNow(vn('2026-03-04T10:00:00'));
    const inbox = (await specialist.get('/api/v1/inbox')).json().items.find((i: { id: string }) => i.id === sub.id);
    expect(inbox.deadline).toEqual({ state: 'due_soon' });
    const adv = (await specialist.post(`/api/v1/dossiers/${sub.id}/actions/advance`, { version: acc.version })).json();

    t.setNow(vn('2026-03-06T09:00:00')); // past the due date
    expect((await leader.get(`/api/v1/dossiers/${sub.id}`)).json().deadline).toEqual({ state: 'overdue', remainingMinutes: -480 });
    const actions = (await leader.get(`/api/v1/dossiers/${sub.id}/actions`)).json().items.map((a: { action: string }) => a.action);
    expect(actions).toContain('extend');
    const noDate = await leader.post(`/api/v1/dossiers/${sub.id}/actions/extend`, { version: adv.version, comment: 'Chờ xác minh tại địa phương khác' });
    expect(noDate.statusCode).toBe(422);
    expect(noDate.json().code).toBe('new_due_required');
    const ext = await leader.post(`/api/v1/dossiers/${sub.id}/actions/extend`, {
      version: adv.version, comment: 'Chờ xác minh tại địa phương khác', newDueAt: new Date(vn('2026-03-10T16:00:00')).toISOString(),
    });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json()).toMatchObject({
      dueAt: new Date(vn('2026-03-10T16:00:00')).toISOString(), originalDueAt: new Date(vn('2026-03-05T09:00:00')).toISOString(),
      deadline: { state: 'overdue' },
    });
    // At most once.
    expect((await leader.get(`/api/v1/dossiers/${sub.id}/actions`)).json().items.map((a: { action: string }) => a.action)).not.toContain('extend');
    t.setNow(vn('2026-03-09T09:00:00'));
    const done = (await leader.post(`/api/v1/dossiers/${sub.id}/actions/advance`, { version: ext.json().version })).json();
    expect(done.status).toBe('result_ready');
    expect(done.deadline.state).toBe('late');
    const events = (await citizen.get(`/api/v1/dossiers/${sub.id}/events`)).json().items;
    expect(events.find((e: { action: string }) => e.action === 'extend')).toMatchObject({ comment: 'Chờ xác minh tại địa phương khác' });
  });

  it('stops the clock while awaiting a financial obligation and restarts it with the remaining time', async () => {
    t.setNow(vn('2026-03-02T09:00:00'));
    const sub = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.004873', unitId: wardId, formData: await sampleForm('1.004873') })).json();
    const acc = (await desk.post(`/api/v1/dossiers/${sub.id}/actions/accept`, { version: sub.version })).json();
    t.setNow(vn('2026-03-03T09:00:00')); // 2 working days left
    const wait = await specialist.post(`/api/v1/dossiers/${sub.id}/actions/request_payment`, { version: acc.version, comment: 'Nộp lệ phí 10.000 đồng' });
    expect(wait.json().status).toBe('awaiting_payment');
    t.setNow(vn('2026-03-09T09:00:00')); // paid four working days later
    const paid = await desk.post(`/api/v1/dossiers/${sub.id}/actions/confirm_payment`, { version: wait.json().version });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'in_progress', dueAt: new Date(vn('2026-03-11T09:00:00')).toISOString() });
  });
});

/** A valid form for a procedure, built from its schema's required fields. */
async function sampleForm(code: string): Promise<Record<string, unknown>> {
  const p = (await t.app.inject(`/api/v1/procedures/${code}`)).json();
  return fill(p.formSchema);
}

function fill(schema: { properties?: Record<string, Record<string, unknown>>; required?: string[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of schema.required ?? []) {
    const prop = schema.properties![key]!;
    out[key] = valueFor(prop);
  }
  return out;
}

function valueFor(prop: Record<string, unknown>): unknown {
  if (Array.isArray(prop.enum)) return prop.enum[0];
  if (prop.type === 'object') return fill(prop as never);
  if (prop.type === 'integer' || prop.type === 'number') return typeof prop.minimum === 'number' ? prop.minimum : 1990;
  if (prop.type === 'boolean') return true;
  if (prop.type === 'array') return [];
  if (prop.format === 'date') return '1990-05-01';
  if (prop.format === 'email') return 'a@example.vn';
  if (typeof prop.pattern === 'string') {
    if (prop.pattern.includes('[0-9]{12}')) return '044095001234';
    if (prop.pattern.includes('[0-9]{10}')) return '3100123456';
    if (prop.pattern.includes('84')) return '0912345678';
  }
  return 'Nội dung mẫu';
}
