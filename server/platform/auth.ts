import { sql } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import type { Role } from '../db/types';
import type { Config } from '../config';
import { AppError, forbidden, unauthenticated } from './errors';

/** The session cookie: `__Host-` prefixed behind HTTPS (Secure, Path=/, no Domain: no subdomain can set it). */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-motcua_sid' : 'motcua_sid');

/** A session's last-seen time is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** The authenticated caller of a request. */
export interface Actor {
  userId: string;
  tenantId: string;
  username: string;
  fullName: string;
  kind: 'citizen' | 'business' | 'officer';
  roles: { role: Role; unitId: string | null }[];
  /** The session row's id (the token's hash): never shown. */
  sessionId: string;
  /** The session's public id, as its owner sees it in the sessions list. */
  sessionHandle: string;
  csrfToken: string;
  /** Whether the user has a confirmed TOTP second factor. */
  totpEnabled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** false: a route that makes a new session (login, register) needs no CSRF token from an old one. */
    csrf?: boolean;
    /** true: an admin who has not enrolled TOTP yet may use this route (the enrollment itself, me, logout). */
    beforeTotp?: boolean;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session row and returns the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(
  db: Db, userId: string, o: { hours: number; idleMinutes: number; now: Date; userAgent?: string | null; ip?: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(o.now.getTime() + o.hours * 3600_000);
  // The user's own ended sessions go when a new one starts: the table does not grow without bound.
  await db.deleteFrom('sessions').where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', '<=', o.now), eb('last_seen_at', '<=', new Date(o.now.getTime() - o.idleMinutes * 60_000))])).execute();
  await db.insertInto('sessions').values({
    id: hashToken(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt, created_at: o.now, last_seen_at: o.now,
    user_agent: o.userAgent?.slice(0, 300) ?? null, ip: o.ip ?? null,
  }).execute();
  return { token, csrfToken, expiresAt };
}

/**
 * Loads the actor behind a session token, or null when the session is unknown, past its lifetime, idle
 * longer than `idleMinutes`, or the user inactive. Marks the session used (at most once a minute).
 */
export async function loadActor(db: Db, token: string, now: Date, idleMinutes: number): Promise<Actor | null> {
  const sid = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('user_totp as t', 't.user_id', 'u.id')
    .select(['s.id as sid', 's.handle', 's.csrf_token', 's.last_seen_at', 'u.id', 'u.tenant_id', 'u.username', 'u.full_name', 'u.kind', 't.enabled_at as totp_enabled_at'])
    // The roles come in the same round trip: every request resolves its actor.
    .select(sql<{ role: Role; unit_id: string | null }[]>`coalesce((SELECT json_agg(json_build_object('role', r.role, 'unit_id', r.unit_id))
      FROM user_roles r WHERE r.user_id = u.id), '[]'::json)`.as('roles'))
    .where('s.id', '=', sid)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sid).where('last_seen_at', '<', now).execute();
  }
  return {
    userId: row.id, tenantId: row.tenant_id, username: row.username, fullName: row.full_name, kind: row.kind,
    roles: row.roles.map((r) => ({ role: r.role, unitId: r.unit_id })), sessionId: row.sid, sessionHandle: row.handle,
    csrfToken: row.csrf_token, totpEnabled: !!row.totp_enabled_at,
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const refuse = (code: string, detail: string) => new AppError(403, code, 'Yêu cầu bị từ chối', detail);

/**
 * Whether a browser says this request comes from another site: `Sec-Fetch-Site` when sent (every current
 * browser), else an `Origin` that is neither this host nor the public address. Clients that send neither
 * (scripts, integrations) are not browsers acting for someone else.
 */
function fromAnotherSite(req: FastifyRequest, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'cross-site' || site === 'same-site';
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (origin === publicOrigin) return false;
  const host = (h: string) => h.toLowerCase().replace(/:(80|443)$/, '');
  try {
    return host(new URL(origin).host) !== host(req.host);
  } catch {
    return true;
  }
}

/**
 * Resolves `request.actor` from the session cookie and guards every state-changing request, deciding on
 * the method and the matched route (never on the raw URL, which has many spellings):
 * - a write sent by a browser from another site is refused, signed in or not (login CSRF included);
 * - a cookie-authenticated write must echo the session's token in `x-csrf-token`, unless its route makes
 *   a new session (`config.csrf === false`);
 * - an admin without a confirmed second factor may use only the routes marked `beforeTotp`.
 */
export function registerAuth(app: FastifyInstance, deps: { db: Db; config: Config; now: () => number }): void {
  const cookieName = sessionCookieName(deps.config.secureCookies);
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const write = !SAFE.has(req.method);
    if (write && fromAnotherSite(req, publicOrigin)) {
      throw refuse('cross_site_request', 'Yêu cầu gửi từ một trang web khác nên bị từ chối. Hãy thao tác trực tiếp trên trang của hệ thống.');
    }
    const token = req.cookies[cookieName];
    req.actor = token ? await loadActor(deps.db, token, new Date(deps.now()), deps.config.sessionIdleMinutes) : null;
    if (!req.actor) return;
    const route = req.routeOptions.config;
    if (write && route.csrf !== false && req.headers['x-csrf-token'] !== req.actor.csrfToken) {
      throw refuse('csrf_failed', 'Thiếu hoặc sai mã chống giả mạo yêu cầu (x-csrf-token). Hãy tải lại trang.');
    }
    if (isAdmin(req.actor) && !req.actor.totpEnabled && req.routeOptions.url?.startsWith('/api/v1/') && !route.beforeTotp) {
      throw new AppError(403, 'totp_enrollment_required', 'Cần bật xác thực hai bước',
        'Tài khoản quản trị phải bật xác thực hai bước (TOTP) trước khi làm việc. Hãy vào Tài khoản → Bảo mật để đăng ký.');
    }
  });
}

/** The caller, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}

/** Sets the HttpOnly session cookie (SameSite=Lax; Secure and `__Host-` behind HTTPS). */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(sessionCookieName(secure), token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'lax' });
}

/** Unit ids where the actor holds one of `roles`. */
export function unitsWithRole(actor: Actor, ...roles: Role[]): string[] {
  return actor.roles.filter((r) => roles.includes(r.role) && r.unitId).map((r) => r.unitId!);
}

export const isAdmin = (actor: Actor) => actor.roles.some((r) => r.role === 'admin');

/** 403 unless the actor is an admin of their tenant; `detail` says what only admins may do. */
export function requireAdmin(actor: Actor, detail: string): void {
  if (!isAdmin(actor)) throw forbidden(detail);
}
