import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../deps';
import { clearSessionCookie, createSession, requireActor, setSessionCookie } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import { requestContext } from '../../platform/request-context';
import { LoginBody, LoginResponse, LoginTotpBody, RegisterBody, SessionResponse } from './schema';
import { completeSignIn, currentUser, registerCitizen, signIn, signOut } from './service';

/** Sign-in (password, then TOTP when the account has it), sign-out, the current user and citizen self-registration. */
export async function accountsRoutes(app: App, deps: AppDeps) {
  const { db, config } = deps;
  const startSession = async (req: FastifyRequest, reply: FastifyReply, userId: string) => {
    const ctx = requestContext(req);
    const s = await createSession(db, userId, {
      hours: config.sessionHours, idleMinutes: config.sessionIdleMinutes, now: new Date(deps.now()), userAgent: ctx.userAgent, ip: ctx.ip,
    });
    setSessionCookie(reply, s.token, s.expiresAt, config.secureCookies);
    return { user: await currentUser(deps, userId), csrfToken: s.csrfToken };
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
    await signOut(deps, requireActor(req));
    clearSessionCookie(reply, config.secureCookies);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    schema: { tags: ['auth'], summary: 'Người dùng hiện tại', response: { 200: SessionResponse, ...problemResponses(401) } },
    config: { beforeTotp: true },
  }, async (req) => {
    const actor = requireActor(req);
    return { user: await currentUser(deps, actor.userId), csrfToken: actor.csrfToken };
  });

  app.post('/api/v1/auth/register', {
    schema: { tags: ['auth'], summary: 'Đăng ký tài khoản công dân', body: RegisterBody, response: { 201: SessionResponse, ...problemResponses(400, 403, 409, 422, 429) } },
    config: { csrf: false, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const userId = await registerCitizen(deps, req.body);
    return reply.status(201).send(await startSession(req, reply, userId));
  });
}
