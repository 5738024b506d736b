import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, type HttpClient, type HttpResponse } from '../test/http-client';
import { serverOutputOnFailure } from '../test/server-process';
import { makePdf } from './fixtures';
import { expectProblem, send, startSecurityServer, type Call, type SecurityServer } from './harness';
import { demoPassword } from '../test/helpers';

// Every rate-limited route found in the code, on the compiled server, with the headers a client can forge
// to pass for someone else — X-Forwarded-For, X-Real-IP, Forwarded — changing on every request. Without a
// configured proxy they are ignored: the limit falls on the request it was set for. Behind a configured
// proxy only the address the proxy itself adds counts; what the client wrote before it changes nothing.
//
// The routes: sign-in (the per-process flood guard by address and name; the lock of an account name and the
// failures per address, both in PostgreSQL), the second step of sign-in, registration, TOTP enrollment's
// confirmation, the current password asked by a password change and by turning TOTP off (failures count as
// failed sign-ins), the public dossier lookup, the public signature check, and the desk's identity look-up
// and verification.

/** The forged client headers of the i-th request. */
const forged = (i: number): Record<string, string> => ({
  'x-forwarded-for': `203.0.113.${i % 250}`, 'x-real-ip': `198.51.100.${i % 250}`, forwarded: `for=192.0.2.${i % 250};proto=https`,
});
let seq = 0;

/**
 * Sends `allowed` requests that must pass the limit, then one more that must be refused with 429 `code`
 * (problem+json, Retry-After); each with new forged headers. `request` makes the i-th call.
 */
async function exhaust(allowed: number, code: string, request: (i: number, headers: Record<string, string>) => Promise<HttpResponse>) {
  for (let i = 0; i < allowed; i++) {
    const res = await request(i, forged(++seq));
    expect(res.statusCode, `request ${i + 1} of ${allowed} is within the limit: ${res.body.slice(0, 200)}`).not.toBe(429);
  }
  const over = await request(allowed, forged(++seq));
  expect(over.statusCode, `request ${allowed + 1}, over the limit: ${over.body.slice(0, 200)}`).toBe(429);
  expectProblem(over, 'over the limit');
  expect(over.json().code).toBe(code);
  expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
}

const login = (base: string, username: string, password: string, headers: Record<string, string>) =>
  httpRequest(base, '/api/v1/auth/login', { method: 'POST', body: { username, password }, headers });
const as = (base: string, c: HttpClient, method: string, url: string, call: Call) => send(base, c, method, url, call);

describe('without a configured proxy, forged client headers reset no limit', () => {
  const LOGIN_RATE_LIMIT = 4;
  const LOOKUP_RATE_LIMIT = 3;
  const LOCK_AFTER = 3;
  let s: SecurityServer | undefined;
  beforeAll(async () => {
    s = await startSecurityServer({
      LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT), LOOKUP_RATE_LIMIT: String(LOOKUP_RATE_LIMIT), LOGIN_LOCK_AFTER: String(LOCK_AFTER),
    }, ['desk', 'otherSpecialist', 'otherLeader']);
  }, 180_000);
  afterAll(async () => { await s?.close(); }, 60_000);
  afterEach(serverOutputOnFailure(() => s?.server));

  it('sign-in: the flood guard per address and name counts successful sign-ins too', async () => {
    const u = 'motcua.dongha';
    await exhaust(LOGIN_RATE_LIMIT, 'rate_limited', (_i, h) => login(s!.base, u, demoPassword(u), h));
  });

  it('sign-in: the lock of an account name holds, the right password included', async () => {
    const u = 'chuyenvien.dongha';
    for (let i = 0; i < LOCK_AFTER; i++) expect((await login(s!.base, u, 'sai-mat-khau', forged(++seq))).statusCode).toBe(401);
    const res = await login(s!.base, u, demoPassword(u), forged(++seq));
    expect([res.statusCode, res.json().code]).toEqual([429, 'login_locked']);
  });

  it('the second step of sign-in, registration and TOTP confirmation: per address', async () => {
    await exhaust(LOGIN_RATE_LIMIT, 'rate_limited', (_i, h) =>
      httpRequest(s!.base, '/api/v1/auth/login/totp', { method: 'POST', body: { challenge: 'khong-co', code: '123456' }, headers: h }));
    await exhaust(LOGIN_RATE_LIMIT, 'rate_limited', (i, h) => httpRequest(s!.base, '/api/v1/auth/register', {
      method: 'POST', body: { username: `gioi-han-${seq}-${i}`, password: 'Cầu Nhật Lệ lúc bình minh', fullName: 'Người Kiểm Thử' }, headers: h,
    }));
    await exhaust(LOGIN_RATE_LIMIT, 'rate_limited', (_i, h) =>
      as(s!.base, s!.sessions.desk, 'POST', '/api/v1/account/totp/confirm', { json: { code: '000000' }, headers: h }));
  });

  it('a wrong current password (password change, turning TOTP off) counts as a failed sign-in and locks the name', async () => {
    const change = (h: Record<string, string>, currentPassword: string) => as(s!.base, s!.sessions.otherSpecialist, 'POST', '/api/v1/account/password',
      { json: { currentPassword, newPassword: 'Cầu Nhật Lệ lúc bình minh' }, headers: h });
    for (let i = 0; i < LOCK_AFTER; i++) expect((await change(forged(++seq), 'sai-mat-khau')).json().code).toBe('current_password_wrong');
    const locked = await change(forged(++seq), demoPassword('chuyenvien.dongthuan'));
    expect([locked.statusCode, locked.json().code]).toEqual([429, 'login_locked']);

    const disable = (h: Record<string, string>, password: string) =>
      as(s!.base, s!.sessions.otherLeader, 'POST', '/api/v1/account/totp/disable', { json: { password }, headers: h });
    for (let i = 0; i < LOCK_AFTER; i++) expect((await disable(forged(++seq), 'sai-mat-khau')).json().code).toBe('current_password_wrong');
    const refused = await disable(forged(++seq), demoPassword('lanhdao.dongthuan'));
    expect([refused.statusCode, refused.json().code]).toEqual([429, 'login_locked']);
  });

  it('the public lookup, the public signature check, the desk identity look-up and verification: per address', async () => {
    await exhaust(LOOKUP_RATE_LIMIT, 'rate_limited', (_i, h) => httpRequest(s!.base, '/api/v1/public/dossiers/H45-KHONG-CO', { headers: h }));
    const pdf = await makePdf();
    await exhaust(LOOKUP_RATE_LIMIT, 'rate_limited', (_i, h) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'ket-qua.pdf');
      return httpRequest(s!.base, '/api/v1/public/verify', { method: 'POST', body: form, headers: h });
    });
    await exhaust(LOOKUP_RATE_LIMIT, 'rate_limited', (_i, h) =>
      as(s!.base, s!.sessions.desk, 'POST', '/api/v1/desk/identity/lookup', { json: { code: 'ABCD-EFGH' }, headers: h }));
    await exhaust(LOOKUP_RATE_LIMIT, 'rate_limited', (_i, h) =>
      as(s!.base, s!.sessions.desk, 'POST', '/api/v1/desk/identity/verify', { json: { code: 'ABCD-EFGH', idNumber: '044095012345' }, headers: h }));
  });
});

describe('failed sign-ins per address, with forged client headers', () => {
  const LIMIT = 4;

  it('without a proxy: the address is the connection, whatever the headers say', async () => {
    const s = await startSecurityServer({ LOGIN_ADDRESS_LIMIT: String(LIMIT) }, []);
    try {
      await exhaust(LIMIT, 'login_rate_limited', (i, h) => login(s.base, `khach-${seq}-${i}`, 'sai-mat-khau', h));
    } finally {
      await s.close();
    }
  }, 120_000);

  it('behind a configured proxy: only the address the proxy adds counts; a forged beginning of X-Forwarded-For changes nothing', async () => {
    const s = await startSecurityServer({ LOGIN_ADDRESS_LIMIT: String(LIMIT), LOOKUP_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1' }, []);
    // The test plays the proxy on 127.0.0.1, appending the address of the client it serves to what the client sent.
    const via = (client: string, h: Record<string, string>) => ({ ...h, 'x-forwarded-for': `${h['x-forwarded-for']}, ${client}` });
    try {
      await exhaust(LIMIT, 'login_rate_limited', (i, h) => login(s.base, `khach-${seq}-${i}`, 'sai-mat-khau', via('198.51.100.7', h)));
      const other = await login(s.base, 'khach-khac', 'sai-mat-khau', via('198.51.100.8', forged(++seq)));
      expect(other.json().code, 'another client behind the same proxy is another address').toBe('invalid_credentials');

      await exhaust(3, 'rate_limited', (_i, h) => httpRequest(s.base, '/api/v1/public/dossiers/H45-KHONG-CO', { headers: via('198.51.100.7', h) }));
      expect((await httpRequest(s.base, '/api/v1/public/dossiers/H45-KHONG-CO', { headers: via('198.51.100.8', forged(++seq)) })).statusCode).toBe(404);
    } finally {
      await s.close();
    }
  }, 120_000);
});
