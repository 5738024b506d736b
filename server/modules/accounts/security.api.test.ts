import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createCalendarProvider } from '../calendar/provider';
import { localStorage } from '../../platform/storage';
import { verifyAuditChain } from '../../platform/audit';
import { appNow, createTestApp, demoPassword, enrollTotp, login, totpDevice, type Client, type TestApp } from '../../../test/helpers';
import { Authenticator } from '../../../test/totp';
import { resetTotp } from './totp';

// Account security through HTTP on the real database: sign-in throttling and lockout, password rules and
// rehashing, the TOTP second factor, sessions, and the admin's unlock and reset (audited).

let t: TestApp;
let admin: Client;
let tenantId: string;
// Each test signs in from its own address, so the per-address counter of one does not touch another.
let nextAddress = 10;
const freshAddress = () => `198.51.100.${nextAddress++}`;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_LOCK_AFTER: '5', LOGIN_LOCK_MAX_MINUTES: '60' });
  admin = await login(t.app, 'admin');
  tenantId = (await t.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t?.close());

const attempt = (username: string, password: string, remoteAddress: string, extra: object = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password, ...extra } });
const userId = async (username: string) => (await t.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const auditOf = (action: string, subject: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action)
  .where('subject_user_id', '=', subject).orderBy('seq', 'desc').execute();

describe('lockout after repeated failures', () => {
  it('locks an account after N failures with a growing delay, the right password included, then lets it in', async () => {
    const ip = freshAddress();
    const start = Date.parse('2026-12-02T08:00:00+07:00');
    t.setNow(start);
    try {
      for (let i = 0; i < 5; i++) expect((await attempt('chuyenvien.dongha', 'sai-mat-khau', ip)).statusCode).toBe(401);
      const locked = await attempt('chuyenvien.dongha', demoPassword('chuyenvien.dongha'), ip);
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ code: 'login_locked', retryAfter: 60 });
      expect(locked.json().detail).toMatch(/Tài khoản tạm bị khóa .* 1 phút/);
      expect(locked.headers['retry-after']).toBe('60');
      // Each failure after a lock ends doubles it: 2 minutes, then 4.
      t.setNow(start + 61_000);
      expect((await attempt('chuyenvien.dongha', 'sai-mat-khau', ip)).statusCode).toBe(401);
      expect((await attempt('chuyenvien.dongha', demoPassword('chuyenvien.dongha'), ip)).json()).toMatchObject({ code: 'login_locked', retryAfter: 120 });
      t.setNow(start + 61_000 + 121_000);
      expect((await attempt('chuyenvien.dongha', 'sai-mat-khau', ip)).statusCode).toBe(401);
      expect((await attempt('chuyenvien.dongha', demoPassword('chuyenvien.dongha'), ip)).json()).toMatchObject({ code: 'login_locked', retryAfter: 240 });
      t.setNow(start + 61_000 + 121_000 + 241_000);
      expect((await attempt('chuyenvien.dongha', demoPassword('chuyenvien.dongha'), ip)).statusCode).toBe(200);
      // The success forgets the failures: one more mistake does not lock.
      expect((await attempt('chuyenvien.dongha', 'sai-mat-khau', ip)).statusCode).toBe(401);
      expect((await attempt('chuyenvien.dongha', demoPassword('chuyenvien.dongha'), ip)).statusCode).toBe(200);
    } finally {
      t.setNow(null);
    }
  });

  it('treats an unknown username exactly like a known one', async () => {
    const run = async (username: string) => {
      const ip = freshAddress();
      const out: { status: number; body: unknown; retryAfter: unknown }[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await attempt(username, 'sai-mat-khau', ip);
        out.push({ status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] });
      }
      return out;
    };
    const start = Date.parse('2026-12-03T08:00:00+07:00');
    t.setNow(start);
    try {
      const known = await run('lanhdao.dongha');
      t.setNow(start);
      const unknown = await run('khong.ton.tai');
      expect(known.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect(unknown).toEqual(known);
    } finally {
      t.setNow(null);
    }
  });

  it('leaves a second user at the same address unaffected, and counts parallel guesses before answering them', async () => {
    const ip = freshAddress();
    const guesses = await Promise.all(Array.from({ length: 20 }, () => attempt('motcua.dongha', 'doan-mo', ip)));
    const statuses = guesses.map((g) => g.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5); // only five ever reached the password check
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect((await attempt('motcua.dongha', demoPassword('motcua.dongha'), ip)).statusCode).toBe(429);
    // A colleague in the same office (same address) signs in.
    expect((await attempt('chuyenvien.donghoi', demoPassword('chuyenvien.donghoi'), ip)).statusCode).toBe(200);
  });

  it('holds across server processes: failures through two apps on one database add up', async () => {
    const second = await buildApp(
      { config: (await import('../../config')).loadConfig({ WEB_DIR: '/nonexistent', SECRET_KEY: randomBytes(32).toString('hex'), LOGIN_RATE_LIMIT: '1000' }),
        db: t.db, storage: localStorage(t.filesDir), calendar: await createCalendarProvider(t.db), now: Date.now },
      { logger: false },
    );
    try {
      const ip = freshAddress();
      for (let i = 0; i < 5; i++) {
        const app = i % 2 ? second : t.app;
        expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username: 'lanhdao.vinhlinh', password: 'x' } })).statusCode).toBe(401);
      }
      const res = await second.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username: 'lanhdao.vinhlinh', password: demoPassword('lanhdao.vinhlinh') } });
      expect(res.json().code).toBe('login_locked');
    } finally {
      await second.close();
    }
  });

  it('lets an admin see the lock and unlock the account, written to the audit log', async () => {
    const ip = freshAddress();
    for (let i = 0; i < 5; i++) await attempt('chuyenvien.vinhlinh', 'sai', ip);
    const listed = (await admin.get('/api/v1/admin/users')).json().items.find((u: { username: string }) => u.username === 'chuyenvien.vinhlinh');
    expect(listed.lockedUntil).toEqual(expect.any(String));
    const id = await userId('chuyenvien.vinhlinh');
    const desk = await login(t.app, 'motcua.vinhlinh');
    expect((await desk.post(`/api/v1/admin/users/${id}/unlock`)).statusCode).toBe(403);
    const res = await admin.post(`/api/v1/admin/users/${id}/unlock`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ wasLocked: true });
    expect((await attempt('chuyenvien.vinhlinh', demoPassword('chuyenvien.vinhlinh'), ip)).statusCode).toBe(200);
    const [entry] = await auditOf('user.unlock', id);
    expect(entry).toMatchObject({ actor_id: admin.user.id, target_id: id, tenant_id: tenantId });
    expect(entry!.data).toMatchObject({ username: 'chuyenvien.vinhlinh', wasLocked: true });
    expect((await verifyAuditChain(t.db, tenantId)).ok).toBe(true);
    expect((await admin.post(`/api/v1/admin/users/${randomUUID()}/unlock`)).json().code).toBe('user_not_found');
  });
});

const randomUUID = () => crypto.randomUUID();

describe('passwords', () => {
  const register = (username: string, password: string, fullName = 'Lê Thị Cúc') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: freshAddress(), payload: { username, password, fullName } });

  it('refuses short, common and guessable passwords at registration, in Vietnamese', async () => {
    const cases: [string, string][] = [
      ['Abc12!', 'password_too_short'],
      ['12345678', 'password_too_common'],
      ['iloveyou', 'password_too_common'],
      ['123456a@', 'password_too_common'],
      ['matkhau@2025', 'password_too_common'],
      ['Anh Yêu Em 123', 'password_too_common'],
      ['qwerty123', 'password_too_common'],
      ['MotCua@2025', 'password_guessable'], // the demo accounts' published password
      ['lethicuc1990', 'password_guessable'],
      ['cuc.nguyen.2024#', 'password_guessable'],
    ];
    for (const [password, code] of cases) {
      const res = await register('cuc.nguyen', password);
      expect(res.statusCode, `${password}: ${res.body}`).toBe(422);
      expect(res.json()).toMatchObject({ code, errors: [{ path: '/password' }] });
    }
    expect((await register('cuc.nguyen', 'Abc12!')).json().detail).toBe('Mật khẩu phải có ít nhất 8 ký tự.');
    expect(await t.db.selectFrom('users').select('id').where('username', '=', 'cuc.nguyen').executeTakeFirst()).toBeUndefined();
    expect((await register('cuc.nguyen', 'Đò ngang sông Gianh 1987')).statusCode).toBe(201);
    // The demo accounts keep their seeded password.
    expect((await attempt('congdan', 'MotCua@2025', freshAddress())).statusCode).toBe(200);
  });

  it('changes a password with the same rules; the other sessions end', async () => {
    const c = await login(t.app, 'doanhnghiep');
    const elsewhere = await login(t.app, 'doanhnghiep');
    const wrong = await c.post('/api/v1/account/password', { currentPassword: 'khong-dung', newPassword: 'Phố cổ Hội An về đêm' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'current_password_wrong', errors: [{ path: '/currentPassword' }] });
    const common = await c.post('/api/v1/account/password', { currentPassword: demoPassword('doanhnghiep'), newPassword: 'anhyeuem2024' });
    expect(common.json()).toMatchObject({ code: 'password_too_common', errors: [{ path: '/newPassword' }] });
    const same = await c.post('/api/v1/account/password', { currentPassword: demoPassword('doanhnghiep'), newPassword: demoPassword('doanhnghiep') });
    expect(same.statusCode).toBe(422);
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(200);

    const ok = await c.post('/api/v1/account/password', { currentPassword: demoPassword('doanhnghiep'), newPassword: 'Phố cổ Hội An về đêm' });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await attempt('doanhnghiep', demoPassword('doanhnghiep'), freshAddress())).statusCode).toBe(401);
    expect((await attempt('doanhnghiep', 'Phố cổ Hội An về đêm', freshAddress())).statusCode).toBe(200);
    expect((await auditOf('user.password_change', c.user.id))[0]!.data).toMatchObject({ otherSessionsEnded: 1 });
  });

  it('hashes with argon2id and replaces an old scrypt hash at the next successful login', async () => {
    const seeded = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'congdan').executeTakeFirstOrThrow();
    expect(seeded.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // As the previous version stored it: scrypt N=2^14, r=8, p=1.
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync('Gió Lào tháng Sáu 88', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`;
    await t.db.updateTable('users').set({ password_hash: old }).where('username', '=', 'congdan2').execute();
    expect((await attempt('congdan2', 'sai-mat-khau', freshAddress())).statusCode).toBe(401);
    expect((await t.db.selectFrom('users').select('password_hash').where('username', '=', 'congdan2').executeTakeFirstOrThrow()).password_hash).toBe(old);
    expect((await attempt('congdan2', 'Gió Lào tháng Sáu 88', freshAddress())).statusCode).toBe(200);
    const now = (await t.db.selectFrom('users').select('password_hash').where('username', '=', 'congdan2').executeTakeFirstOrThrow()).password_hash;
    expect(now).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await attempt('congdan2', 'Gió Lào tháng Sáu 88', freshAddress())).statusCode).toBe(200);
  });
});

describe('TOTP second factor', () => {
  it('enrolls an officer with a QR code, then asks for the code at sign-in, once per code', async () => {
    const c = await login(t.app, 'lanhdao.phongnha');
    expect(c.user).toMatchObject({ totpEnabled: false, totpRequired: false });
    const setup = await c.post('/api/v1/account/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/MotCua:lanhdao\.phongnha\?.*issuer=MotCua/);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // Not in force until confirmed.
    expect((await attempt('lanhdao.phongnha', demoPassword('lanhdao.phongnha'), freshAddress())).json().user).toBeDefined();
    const bad = await c.post('/api/v1/account/totp/confirm', { code: '000000' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('totp_invalid');
    const device = new Authenticator(secret);
    const now = () => appNow(t.app);
    expect((await c.post('/api/v1/account/totp/confirm', { code: await device.code(now) })).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).json().user.totpEnabled).toBe(true);
    expect((await c.post('/api/v1/account/totp/setup')).json().code).toBe('totp_already_enabled');

    const ip = freshAddress();
    const step1 = await attempt('lanhdao.phongnha', demoPassword('lanhdao.phongnha'), ip);
    expect(step1.statusCode).toBe(200);
    expect(step1.json()).toMatchObject({ totpRequired: true, challenge: expect.any(String) });
    expect(step1.headers['set-cookie']).toBeUndefined();
    const answer = (code: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', remoteAddress: ip, payload: { challenge: step1.json().challenge, code } });
    expect((await answer('123456')).json().code).toBe('totp_invalid');
    const code = await device.code(now);
    const signedIn = await answer(code);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user.username).toBe('lanhdao.phongnha');
    expect(String(signedIn.headers['set-cookie'])).toMatch(/motcua_sid=/);
    // The challenge is spent, and the same code is not accepted again (one-step login for scripts).
    expect((await answer(code)).json().code).toBe('login_challenge_expired');
    const replay = await attempt('lanhdao.phongnha', demoPassword('lanhdao.phongnha'), ip, { totpCode: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('totp_reused');
    const oneStep = await attempt('lanhdao.phongnha', demoPassword('lanhdao.phongnha'), ip, { totpCode: await device.code(now) });
    expect(oneStep.statusCode, oneStep.body).toBe(200);
    expect(oneStep.json().user.username).toBe('lanhdao.phongnha');
    expect((await auditOf('user.totp_enable', c.user.id)).length).toBe(1);
  });

  it('locks the account when codes are guessed behind a known password', async () => {
    const c = await login(t.app, 'motcua.phongnha');
    await enrollTotp(t.app, c);
    const ip = freshAddress();
    const step1 = (await attempt('motcua.phongnha', demoPassword('motcua.phongnha'), ip)).json();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', remoteAddress: ip, payload: { challenge: step1.challenge, code: String(100000 + i) } })).statusCode);
    }
    // The password step counted once, four wrong codes more: the fifth code attempt meets the lock.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    await admin.post(`/api/v1/admin/users/${c.user.id}/unlock`);
  });

  it('makes admins enroll before anything else, and lets an admin reset another account (audited)', async () => {
    // A second admin, fresh: no second factor yet.
    const id = await userId('lanhdao.soyte');
    await t.db.insertInto('user_roles').values({ tenant_id: tenantId, user_id: id, role: 'admin', unit_id: (await t.db.selectFrom('units').select('id').where('code', '=', 'UBND-TINH').executeTakeFirstOrThrow()).id }).execute();
    const first = await attempt('lanhdao.soyte', demoPassword('lanhdao.soyte'), freshAddress());
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ totpRequired: true, totpEnabled: false });
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': first.json().csrfToken };
    for (const [method, url] of [['GET', '/api/v1/admin/users'], ['GET', '/api/v1/my/dossiers'], ['GET', '/api/v1/account/sessions'], ['GET', '/api/v1/inbox'],
      ['POST', `/api/v1/admin/users/${id}/unlock`], ['POST', '/api/v1/account/password']] as const) {
      const res = await t.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('totp_enrollment_required');
    }
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    // Public pages still answer.
    expect((await t.app.inject({ url: '/api/v1/units' })).statusCode).toBe(200);
    const c = await login(t.app, 'lanhdao.soyte'); // enrolls through the API
    expect((await c.get('/api/v1/admin/users')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/admin/users', headers })).statusCode).toBe(200); // the first session too, now
    expect((await c.post('/api/v1/account/totp/disable', { password: demoPassword('lanhdao.soyte') })).json().code).toBe('totp_required_for_admins');

    // Reset by the other admin: the account signs in with the password only and must enroll again.
    expect((await c.post(`/api/v1/admin/users/${c.user.id}/totp/reset`)).json().code).toBe('totp_reset_self');
    const officer = await login(t.app, 'chuyenvien.phongnha');
    expect((await officer.post(`/api/v1/admin/users/${id}/totp/reset`)).statusCode).toBe(403);
    const reset = await admin.post(`/api/v1/admin/users/${id}/totp/reset`);
    expect(reset.json()).toEqual({ removed: true });
    const again = await attempt('lanhdao.soyte', demoPassword('lanhdao.soyte'), freshAddress());
    expect(again.json().user).toMatchObject({ totpEnabled: false, totpRequired: true });
    const [entry] = await auditOf('user.totp_reset', id);
    expect(entry).toMatchObject({ actor_id: admin.user.id, target_id: id });
  });

  it('lets an officer turn the second factor off with the password; citizens have none', async () => {
    const c = await login(t.app, 'chuyenvien.conco');
    await enrollTotp(t.app, c);
    expect((await c.post('/api/v1/account/totp/disable', { password: 'sai' })).json().code).toBe('current_password_wrong');
    expect((await c.post('/api/v1/account/totp/disable', { password: demoPassword('chuyenvien.conco') })).statusCode).toBe(204);
    expect((await attempt('chuyenvien.conco', demoPassword('chuyenvien.conco'), freshAddress())).json().user).toBeDefined();
    const citizen = await login(t.app, 'congdan');
    expect((await citizen.post('/api/v1/account/totp/setup')).json().code).toBe('totp_officers_only');
  });

  it('resetTotp(db, username) — the operator command for the last admin — removes it and is audited', async () => {
    expect(totpDevice(t.app, 'admin')).toBeDefined();
    expect(await resetTotp(t.db, 'ADMIN')).toBe(true);
    expect(await resetTotp(t.db, 'khong-co-ai')).toBe(false);
    const res = await attempt('admin', demoPassword('admin'), freshAddress());
    expect(res.json().user).toMatchObject({ username: 'admin', totpEnabled: false, totpRequired: true });
    const [entry] = await auditOf('user.totp_reset', admin.user.id);
    expect(entry).toMatchObject({ actor_id: null, actor_name: 'motcua reset-totp' });
    expect(entry!.data).toMatchObject({ via: 'cli', removed: true });
    admin = await login(t.app, 'admin'); // enrolls again
  });
});

describe('sessions', () => {
  it('lists the sessions with device and address, ends one, and ends all others', async () => {
    const signIn = async (ua: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.50', headers: { 'user-agent': ua }, payload: { username: 'motcua.conco', password: demoPassword('motcua.conco') } });
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      return { cookie, csrf: res.json().csrfToken as string };
    };
    const phone = await signIn('Mozilla/5.0 (Linux; Android 14) Chrome/131 Mobile');
    const laptop = await signIn('Mozilla/5.0 (Windows NT 10.0) Firefox/133');
    const tablet = await signIn('Mozilla/5.0 (iPad) Safari/605');
    const list = async (s: { cookie: string }) => t.app.inject({ url: '/api/v1/account/sessions', headers: { cookie: s.cookie } });
    const items = (await list(laptop)).json().items as { id: string; userAgent: string; ip: string; current: boolean; createdAt: string; lastSeenAt: string }[];
    expect(items).toHaveLength(3);
    expect(items.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Mozilla/5.0 (Windows NT 10.0) Firefox/133']);
    expect(items.every((s) => s.ip === '203.0.113.50' && s.createdAt && s.lastSeenAt)).toBe(true);
    const phoneId = items.find((s) => s.userAgent.includes('Android'))!.id;
    // Only one's own sessions can be ended.
    const other = await login(t.app, 'congdan');
    expect((await other.del(`/api/v1/account/sessions/${phoneId}`)).statusCode).toBe(404);
    const end = await t.app.inject({ method: 'DELETE', url: `/api/v1/account/sessions/${phoneId}`, headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf } });
    expect(end.statusCode).toBe(204);
    expect((await list(phone)).statusCode).toBe(401);
    expect((await list(tablet)).statusCode).toBe(200);
    const rest = await t.app.inject({ method: 'DELETE', url: '/api/v1/account/sessions', headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf } });
    expect(rest.json()).toEqual({ ended: 1 });
    expect((await list(tablet)).statusCode).toBe(401);
    expect((await list(laptop)).json().items).toHaveLength(1);
  });
});
