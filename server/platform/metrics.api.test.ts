import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../test/helpers';
import { runDueTimers } from '../modules/dossiers/service';
import { createCalendarProvider } from '../modules/calendar/provider';
import { localStorage } from './storage';

let t: TestApp, guarded: TestApp;
let citizen: Client, desk: Client;
let ward: string;
let clock = Date.now();
const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample in Prometheus text, by name and (a subset of) its labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}
const scrape = async (app = t) => {
  const res = await app.app.inject('/metrics');
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
};

beforeAll(async () => {
  [t, guarded] = await Promise.all([createTestApp(), createTestApp({ METRICS_TOKEN: TOKEN })]);
  t.setNow(clock);
  [citizen, desk] = await Promise.all([login(t.app, 'congdan'), login(t.app, 'motcua.donghoi')]);
  ward = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await Promise.all([t?.close(), guarded?.close()]); });

describe('/metrics', () => {
  it('counts and times requests by method, route pattern and status class — never by the raw URL', async () => {
    const d = (await citizen.post('/api/v1/dossiers', {
      procedureCode: '1.001193', unitId: ward,
      formData: { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' },
    })).json();
    for (let i = 0; i < 3; i++) await citizen.get(`/api/v1/dossiers/${d.id}`);
    await t.app.inject(`/api/v1/public/dossiers/${d.code}`);
    await t.app.inject('/khong/co/trang/nay?idNumber=044095001234');
    const text = await scrape();
    expect(text).toMatch(/^# TYPE motcua_http_requests_total counter$/m);
    expect(sample(text, 'motcua_http_requests_total', { method: 'GET', route: '/api/v1/dossiers/:id', status_class: '2xx' })).toBe(3);
    expect(sample(text, 'motcua_http_requests_total', { method: 'POST', route: '/api/v1/dossiers', status_class: '2xx' })).toBe(1);
    expect(sample(text, 'motcua_http_requests_total', { route: '/api/v1/public/dossiers/:code' })).toBe(1);
    expect(sample(text, 'motcua_http_requests_total', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(sample(text, 'motcua_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/dossiers/:id', status_class: '2xx' })).toBe(3);
    for (const leak of [d.id, d.code, '044095001234', 'khong/co']) expect(text).not.toContain(leak);
    // Node's process metrics are exported (their values depend on the moment: only their presence is checked).
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('shows the database pool and the outbox as the database has them', async () => {
    const text = await scrape();
    expect(sample(text, 'motcua_db_pool_max_connections')).toBe(10);
    expect(sample(text, 'motcua_db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'motcua_db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'motcua_db_pool_waiting_clients')).toBe(0);
    expect(sample(text, 'motcua_metrics_database_up')).toBe(1);
    const pending = await t.db.selectFrom('outbox').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('available_at').as('oldest')])
      .where('processed_at', 'is', null).executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBeGreaterThan(0); // the submission above wrote one
    expect(sample(text, 'motcua_outbox_pending_messages')).toBe(Number(pending.n));
    const age = sample(text, 'motcua_outbox_oldest_pending_age_seconds')!;
    expect(age).toBeGreaterThan(0);
    expect(Math.abs(age - (Date.now() - (pending.oldest as Date).getTime()) / 1000)).toBeLessThan(5);
  });

  it('shows how late the timers are and when they last ran; the timer loop reports through app.metrics', async () => {
    const d = (await desk.get('/api/v1/inbox')).json().items[0];
    const accepted = await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(sample(await scrape(), 'motcua_timer_lag_seconds')).toBe(0);

    clock += 30 * 24 * 3600_000; // a month later nobody has acted: the step is overdue
    t.setNow(clock);
    const oldest = await t.db.selectFrom('dossier_tasks').select((eb) => eb.fn.min('due_at').as('due'))
      .where('status', '=', 'open').where('reminded_at', 'is', null).where('due_at', '<=', new Date(clock)).executeTakeFirstOrThrow();
    let text = await scrape();
    expect(sample(text, 'motcua_timer_lag_seconds')).toBeCloseTo((clock - (oldest.due as Date).getTime()) / 1000, 0);
    expect(sample(text, 'motcua_timer_last_run_age_seconds')).toBeGreaterThan(30 * 24 * 3600 - 60); // never ran since start
    expect(sample(text, 'motcua_timer_runs_total', { outcome: 'ok' }) ?? 0).toBe(0);

    const deps = { db: t.db, calendar: await createCalendarProvider(t.db), storage: localStorage(t.filesDir), now: () => clock };
    await t.app.metrics.observeTimerRun(() => runDueTimers(deps));
    await expect(t.app.metrics.observeTimerRun(() => Promise.reject(new Error('database unavailable')))).rejects.toThrow('database unavailable');
    text = await scrape();
    expect(sample(text, 'motcua_timer_lag_seconds')).toBe(0);
    expect(sample(text, 'motcua_timer_last_run_age_seconds')).toBe(0);
    expect(sample(text, 'motcua_timer_runs_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'motcua_timer_runs_total', { outcome: 'error' })).toBe(1);
  });

  it('without METRICS_TOKEN answers only direct connections from this machine', async () => {
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '10.20.30.40' });
    expect([remote.statusCode, remote.json().code]).toEqual([403, 'metrics_forbidden']);
    const proxied = await t.app.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
    const ipv6 = await t.app.inject({ url: '/metrics', remoteAddress: '::1' });
    expect(ipv6.statusCode).toBe(200);
    expect(ipv6.headers['cache-control']).toBe('no-store');
    expect(ipv6.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('with METRICS_TOKEN asks for the bearer token, from anywhere', async () => {
    expect((await guarded.app.inject('/metrics')).statusCode).toBe(401);
    expect((await guarded.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode).toBe(401);
    const ok = await guarded.app.inject({ url: '/metrics', remoteAddress: '10.20.30.40', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('motcua_http_requests_total');
  });
});
