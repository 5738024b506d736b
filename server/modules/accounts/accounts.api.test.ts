import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/helpers';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('sign-in and sessions', () => {
  it('answers health checks and publishes the OpenAPI document', async () => {
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/dossiers/{id}/actions/{action}', '/api/v1/public/dossiers/{code}']));
  });

  it('logs in with an HttpOnly session cookie and a CSRF token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'congdan', password: 'MotCua@2025' } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/motcua_sid=.+HttpOnly/i);
    expect(res.json()).toMatchObject({ user: { username: 'congdan', kind: 'citizen' }, csrfToken: expect.any(String) });
  });

  it('refuses bad credentials with a Vietnamese problem+json and a stable code', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'congdan', password: 'sai-mat-khau' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'invalid_credentials', detail: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'khong-ton-tai', password: 'x' } });
    expect(unknown.statusCode).toBe(401);
  });

  it('rejects malformed JSON and wrong types with 400', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('malformed_json');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 12, password: true } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('invalid_request');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const c = await login(t.app, 'congdan');
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf_failed');
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('registers a citizen, signs them in, and refuses a taken username', async () => {
    const payload = { username: 'nguoidan.moi', password: 'Sông Nhật Lệ chiều 47', fullName: 'Lê Thị Cúc', idNumber: '044199012345', phone: '0905123456' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ username: 'nguoidan.moi', fullName: 'Lê Thị Cúc', kind: 'citizen', idNumber: '044199012345' });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...payload, username: 'NguoiDan.Moi' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('username_taken');
    const badId = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...payload, username: 'khac', idNumber: '12345' } });
    expect(badId.statusCode).toBe(400);
    await login(t.app, 'nguoidan.moi', 'Sông Nhật Lệ chiều 47');
  });
});

describe('admin views', () => {
  it('shows units, staff and workflows to the admin only', async () => {
    const admin = await login(t.app, 'admin');
    const units = (await admin.get('/api/v1/admin/units')).json().items;
    expect(units.length).toBeGreaterThanOrEqual(8);
    expect(units.map((u: { level: string }) => u.level)).toEqual(expect.arrayContaining(['province', 'department', 'commune']));
    const users = (await admin.get('/api/v1/admin/users')).json().items;
    expect(users.find((u: { username: string }) => u.username === 'motcua.donghoi').roles[0]).toMatchObject({ role: 'desk', unitCode: 'P-DONGHOI' });
    expect(users.some((u: { username: string }) => u.username === 'congdan')).toBe(false);
    const wfs = (await admin.get('/api/v1/admin/workflows')).json().items;
    expect(wfs.find((w: { procedureCode: string; unitCode: string }) => w.procedureCode === '1.001193' && w.unitCode === 'P-DONGHOI').nodeCount).toBeGreaterThanOrEqual(3);
    const citizen = await login(t.app, 'congdan');
    expect((await citizen.get('/api/v1/admin/users')).statusCode).toBe(403);
  });
});
