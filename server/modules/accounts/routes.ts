import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../deps';
import { clearSessionCookie, createSession, requireActor, setSessionCookie } from '../../platform/auth';
import { AppError, conflict } from '../../platform/errors';
import { assertPasswordAllowed } from '../../platform/password-policy';
import { hashPassword } from '../../platform/passwords';
import { findUserByUsername, findUserProfile } from './repo';
import { presentMe } from './present';
import { LoginBody, LoginResponse, LoginTotpBody, RegisterBody, SessionResponse } from './schema';
import { problemResponses } from '../../platform/openapi';
import { completeSignIn, signIn, type RequestContext } from './service';
import { totpEnabled } from './totp';

/** Where a request comes from (the client address is the proxy's word only for configured proxies). */
export const requestContext = (req: FastifyRequest): RequestContext => ({
  ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null, requestId: req.id,
});

/** Sign-in (password, then TOTP when the account has it), sign-out, the current user and citizen self-registration. */
export async function accountsRoutes(app: App, deps: AppDeps) {
  const { db, config } = deps;
  const me = async (userId: string) => {
    const t = new Date(deps.now());
    const acting = await db.selectFrom('delegations as g').innerJoin('users as f', 'f.id', 'g.from_user_id').innerJoin('units as u', 'u.id', 'g.unit_id')
      .select(['g.role', 'g.unit_id', 'u.name as unit_name', 'g.ends_at', 'f.id as from_id', 'f.full_name as from_name'])
      .where('g.to_user_id', '=', userId).where('g.revoked_at', 'is', null).where('g.starts_at', '<=', t).where('g.ends_at', '>', t).execute();
    return {
      ...presentMe((await findUserProfile(db, userId))!, await totpEnabled(db, userId)),
      actingFor: acting.map((g) => ({
        role: g.role, unitId: g.unit_id, unitName: g.unit_name, endsAt: g.ends_at.toISOString(), onBehalfOf: { id: g.from_id, fullName: g.from_name },
      })),
    };
  };
  const startSession = async (req: FastifyRequest, reply: FastifyReply, userId: string) => {
    const ctx = requestContext(req);
    const s = await createSession(db, userId, {
      hours: config.sessionHours, idleMinutes: config.sessionIdleMinutes, now: new Date(deps.now()), userAgent: ctx.userAgent, ip: ctx.ip,
    });
    setSessionCookie(reply, s.token, s.expiresAt, config.secureCookies);
    return { user: await me(userId), csrfToken: s.csrfToken };
  };
  // Per process, before any password is hashed: a flood from one address for one name is cut off early.
  // The limits that hold across processes are in PostgreSQL (throttle.ts). Keyed after the body is read
  // (preValidation, not onRequest): keyed by address alone, an office behind one address would share it.
  const flood = {
    max: config.loginRateLimitPerMinute, timeWindow: '1 minute', hook: 'preValidation' as const,
    keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
  };

  app.post('/api/v1/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Đăng nhập. Tài khoản có xác thực hai bước: trả về `challenge` để gửi kèm mã ở /auth/login/totp, hoặc gửi luôn `totpCode`',
      body: LoginBody, response: { 200: LoginResponse, ...problemResponses(400, 401, 403, 429) },
    },
    config: { csrf: false, rateLimit: flood },
  }, async (req, reply) => {
    const r = await signIn(deps, req.body, requestContext(req));
    if (r.kind === 'totp') return { totpRequired: true as const, challenge: r.challenge, expiresAt: r.expiresAt.toISOString() };
    return startSession(req, reply, r.userId);
  });

  app.post('/api/v1/auth/login/totp', {
    schema: { tags: ['auth'], summary: 'Đăng nhập bước 2: mã xác thực (TOTP)', body: LoginTotpBody, response: { 200: SessionResponse, ...problemResponses(400, 401, 403, 429) } },
    config: { csrf: false, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const r = await completeSignIn(deps, req.body, requestContext(req));
    return startSession(req, reply, r.userId);
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'Đăng xuất', response: { 204: { type: 'null' }, ...problemResponses(401, 403) } },
    config: { beforeTotp: true },
  }, async (req, reply) => {
    const actor = requireActor(req);
    await db.deleteFrom('sessions').where('id', '=', actor.sessionId).execute();
    clearSessionCookie(reply, config.secureCookies);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    schema: { tags: ['auth'], summary: 'Người dùng hiện tại', response: { 200: SessionResponse, ...problemResponses(401) } },
    config: { beforeTotp: true },
  }, async (req) => {
    const actor = requireActor(req);
    return { user: await me(actor.userId), csrfToken: actor.csrfToken };
  });

  app.post('/api/v1/auth/register', {
    schema: { tags: ['auth'], summary: 'Đăng ký tài khoản công dân', body: RegisterBody, response: { 201: SessionResponse, ...problemResponses(400, 403, 409, 422, 429) } },
    config: { csrf: false, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const b = req.body;
    assertPasswordAllowed(b.password, { username: b.username, fullName: b.fullName }, '/password');
    const tenant = await db.selectFrom('tenants').select('id').orderBy('created_at').executeTakeFirst();
    if (!tenant) throw new AppError(503, 'not_ready', 'Hệ thống chưa sẵn sàng', 'Hệ thống chưa được khởi tạo dữ liệu.');
    if (await findUserByUsername(db, b.username)) {
      throw conflict('username_taken', 'Tên đăng nhập đã được sử dụng. Vui lòng chọn tên khác.');
    }
    const passwordHash = await hashPassword(b.password);
    const userId = await db.transaction().execute(async (trx) => {
      const u = await trx.insertInto('users').values({
        tenant_id: tenant.id, username: b.username, password_hash: passwordHash, full_name: b.fullName.trim(), kind: 'citizen',
        email: b.email ?? null, phone: b.phone ?? null, id_number: b.idNumber ?? null, birth_date: b.birthDate ?? null,
        address: b.address ?? null, tax_code: null,
      }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (!u) throw conflict('username_taken', 'Tên đăng nhập đã được sử dụng. Vui lòng chọn tên khác.');
      await trx.insertInto('user_roles').values({ tenant_id: tenant.id, user_id: u.id, role: 'citizen', unit_id: null }).execute();
      return u.id;
    });
    return reply.status(201).send(await startSession(req, reply, userId));
  });
}
