import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoPassword, login, type TestApp } from '../../test/helpers';
import { ConfigError, loadConfig } from '../config';

// The request guards of platform/auth.ts and the proxy rule, through HTTP on the real database.

const loginAs = (t: TestApp, username: string, extra: { headers?: Record<string, string>; remoteAddress?: string } = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: demoPassword(username) }, ...extra });

describe('CSRF is decided on the matched route, not on how the URL is spelled', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  // Spellings of /api/v1/... that the router may or may not resolve to the same route.
  const spellings = (p: string) => [
    `/%61pi${p}`, `/api/v1/%61ccount${p.slice('/v1/account'.length)}`, `/api//v1${p.slice(3)}`, `/API${p}`, `/Api${p}`, `//api${p}`,
    `/api${p}/`, `/api${p}?x=1`, `/%2561pi${p}`,
  ];

  it('refuses logout without the token however the path is written, and the session stays', async () => {
    const c = await login(t.app, 'congdan');
    for (const url of spellings('/v1/auth/logout')) {
      const res = await t.app.inject({ method: 'POST', url, headers: { cookie: c.cookie } });
      expect([403, 404], `${url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 403) expect(res.json().code).toBe('csrf_failed');
      expect((await c.get('/api/v1/auth/me')).statusCode, `session ended through ${url}`).toBe(200);
    }
    expect((await t.app.inject({ method: 'POST', url: '/%61pi/v1/auth/logout', headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken } })).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('refuses a state-changing route without the token (password change, ending sessions)', async () => {
    const c = await login(t.app, 'congdan2');
    const other = await login(t.app, 'congdan2');
    const newPassword = 'Cầu Nhật Lệ lúc bình minh';
    for (const url of spellings('/v1/account/password')) {
      const res = await t.app.inject({ method: 'POST', url, headers: { cookie: c.cookie }, payload: { currentPassword: demoPassword('congdan2'), newPassword } });
      expect([403, 404], `${url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
    }
    for (const url of spellings('/v1/account/sessions')) {
      const res = await t.app.inject({ method: 'DELETE', url, headers: { cookie: c.cookie } });
      expect([403, 404], `${url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
    }
    // Nothing changed: the old password still signs in and the other session is alive.
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await loginAs(t, 'congdan2')).statusCode).toBe(200);
  });

  it('refuses writes a browser sends from another site, the login included', async () => {
    const cross = await loginAs(t, 'congdan', { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toMatchObject({ code: 'cross_site_request' });
    expect((await loginAs(t, 'congdan', { headers: { 'sec-fetch-site': 'same-site' } })).statusCode).toBe(403);
    // Browsers without Sec-Fetch-Site: the Origin decides.
    expect((await loginAs(t, 'congdan', { headers: { origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect((await loginAs(t, 'congdan', { headers: { origin: 'null' } })).statusCode).toBe(403);
    expect((await loginAs(t, 'congdan', { headers: { origin: 'http://localhost:80', host: 'localhost:80' } })).statusCode).toBe(200);
    expect((await loginAs(t, 'congdan', { headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' } })).statusCode).toBe(200);
    // A signed-in user's write from another site, even with the token.
    const c = await login(t.app, 'congdan');
    const res = await c.post('/api/v1/auth/logout', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(403);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    // Reads are not affected (links from other sites work).
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: c.cookie, 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
  });
});

describe('client addresses and X-Forwarded-For', () => {
  it('ignores X-Forwarded-For by default: a forged header resets no limit', async () => {
    const t = await createTestApp({ LOGIN_ADDRESS_LIMIT: '3', LOOKUP_RATE_LIMIT: '3' });
    try {
      const fail = (i: number) => t.app.inject({
        method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.20',
        headers: { 'x-forwarded-for': `203.0.113.${i}` }, payload: { username: `khach${i}`, password: 'sai-mat-khau' },
      });
      for (let i = 1; i <= 3; i++) expect((await fail(i)).statusCode).toBe(401);
      const fourth = await fail(4);
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json()).toMatchObject({ code: 'login_rate_limited', retryAfter: expect.any(Number) });
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.21', payload: { username: 'congdan', password: demoPassword('congdan') } })).statusCode).toBe(200);

      // The public lookup limit (per address, per process) is not reset by the header either.
      const lookup = (i: number) => t.app.inject({ method: 'GET', url: '/api/v1/public/dossiers/KHONG-CO', remoteAddress: '198.51.100.30', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      for (let i = 1; i <= 3; i++) expect((await lookup(i)).statusCode).toBe(404);
      expect((await lookup(4)).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('keys the per-process login flood guard by address and username: an office behind one address signs in', async () => {
    const t = await createTestApp({ LOGIN_RATE_LIMIT: '3' });
    try {
      const office = '198.51.100.60';
      for (const u of ['motcua.donghoi', 'chuyenvien.donghoi', 'lanhdao.donghoi', 'motcua.dongha', 'chuyenvien.dongha']) {
        expect((await loginAs(t, u, { remoteAddress: office })).statusCode, u).toBe(200);
      }
      const same = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: office, payload: { username: 'congdan', password: 'sai' } });
      expect([(await same()).statusCode, (await same()).statusCode, (await same()).statusCode]).toEqual([401, 401, 401]);
      expect((await same()).json().code).toBe('rate_limited');
    } finally {
      await t.close();
    }
  });

  it('believes X-Forwarded-For from a configured proxy only, and attributes requests to the forwarded client', async () => {
    const t = await createTestApp({ LOGIN_ADDRESS_LIMIT: '3', TRUST_PROXY: '10.0.0.5' });
    try {
      const viaProxy = (client: string, payload: object, remoteAddress = '10.0.0.5') =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'x-forwarded-for': client }, payload });
      for (let i = 1; i <= 3; i++) expect((await viaProxy('203.0.113.7', { username: `khach${i}`, password: 'x' })).statusCode).toBe(401);
      expect((await viaProxy('203.0.113.7', { username: 'khach4', password: 'x' })).statusCode).toBe(429);
      // Another client behind the same proxy is another address.
      const ok = await viaProxy('203.0.113.8', { username: 'congdan', password: demoPassword('congdan') });
      expect(ok.statusCode).toBe(200);
      const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
      const sessions = (await t.app.inject({ method: 'GET', url: '/api/v1/account/sessions', headers: { cookie } })).json().items;
      expect(sessions.find((s: { current: boolean }) => s.current).ip).toBe('203.0.113.8');
      // A sender that is not the proxy cannot choose its address: it is counted as itself.
      for (let i = 1; i <= 3; i++) expect((await viaProxy(`192.0.2.${i}`, { username: `khac${i}`, password: 'x' }, '198.51.100.40')).statusCode).toBe(401);
      expect((await viaProxy('192.0.2.99', { username: 'khac9', password: 'x' }, '198.51.100.40')).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('refuses to trust every sender (TRUST_PROXY=true) and malformed proxy lists at boot', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '*' })).toThrow(/TRUST_PROXY/);
  });
});

describe('session cookie and idle timeout', () => {
  it('names the cookie __Host-motcua_sid under SECURE_COOKIES (Secure, Path=/, no Domain)', async () => {
    const t = await createTestApp({ SECURE_COOKIES: 'true' });
    try {
      const res = await loginAs(t, 'congdan');
      const set = String(res.headers['set-cookie']);
      expect(set).toMatch(/^__Host-motcua_sid=[^;]+;/);
      expect(set).toMatch(/; Secure/i);
      expect(set).toMatch(/; Path=\//i);
      expect(set).toMatch(/; HttpOnly/i);
      expect(set).not.toMatch(/Domain=/i);
      const token = set.split(';')[0]!.split('=')[1]!;
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `__Host-motcua_sid=${token}` } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `motcua_sid=${token}` } })).statusCode).toBe(401);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `__Host-motcua_sid=${token}`, 'x-csrf-token': res.json().csrfToken } });
      expect(String(out.headers['set-cookie'])).toMatch(/^__Host-motcua_sid=;.*Secure/i);
    } finally {
      await t.close();
    }
    const plain = await createTestApp();
    try {
      expect(String((await loginAs(plain, 'congdan')).headers['set-cookie'])).toMatch(/^motcua_sid=/);
    } finally {
      await plain.close();
    }
  });

  it('ends a session left idle longer than SESSION_IDLE_MINUTES, and records use at most once a minute', async () => {
    const t = await createTestApp({ SESSION_IDLE_MINUTES: '30' });
    try {
      const start = Date.parse('2026-12-01T08:00:00+07:00');
      t.setNow(start);
      const c = await login(t.app, 'congdan');
      const lastSeen = async () => (await t.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', c.user.id).executeTakeFirstOrThrow()).last_seen_at.getTime();
      t.setNow(start + 20_000);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      expect(await lastSeen()).toBe(start); // used 20 s later: not written
      t.setNow(start + 29 * 60_000);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      expect(await lastSeen()).toBe(start + 29 * 60_000);
      t.setNow(start + 58 * 60_000); // 29 minutes after the last use: still alive
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      t.setNow(start + 89 * 60_000); // 31 minutes idle
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
      expect((await c.get('/api/v1/my/dossiers')).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
