import { sql } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import type { Role } from '../db/types';
import { AppError, unauthenticated } from './errors';

export const SESSION_COOKIE = 'motcua_sid';

/** The authenticated caller of a request. */
export interface Actor {
  userId: string;
  tenantId: string;
  username: string;
  fullName: string;
  kind: 'citizen' | 'business' | 'officer';
  roles: { role: Role; unitId: string | null }[];
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session row and returns the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(db: Db, userId: string, hours: number): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await db.insertInto('sessions').values({ id: hashToken(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt }).execute();
  return { token, csrfToken, expiresAt };
}

/** Loads the actor behind a session token, or null when the session is unknown, expired or the user inactive. */
export async function loadActor(db: Db, token: string): Promise<Actor | null> {
  const sid = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sid', 's.csrf_token', 'u.id', 'u.tenant_id', 'u.username', 'u.full_name', 'u.kind'])
    // The roles come in the same round trip: every request resolves its actor.
    .select(sql<{ role: Role; unit_id: string | null }[]>`coalesce((SELECT json_agg(json_build_object('role', r.role, 'unit_id', r.unit_id))
      FROM user_roles r WHERE r.user_id = u.id), '[]'::json)`.as('roles'))
    .where('s.id', '=', sid)
    .where('s.expires_at', '>', new Date())
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const roles = row.roles;
  return {
    userId: row.id, tenantId: row.tenant_id, username: row.username, fullName: row.full_name, kind: row.kind,
    roles: roles.map((r) => ({ role: r.role, unitId: r.unit_id })), sessionId: row.sid, csrfToken: row.csrf_token,
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves `request.actor` from the session cookie and enforces CSRF protection:
 * a cookie-authenticated write must echo the session's token in `x-csrf-token`.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    req.actor = token ? await loadActor(db, token) : null;
    if (req.actor && !SAFE.has(req.method) && req.url.startsWith('/api/')) {
      const sent = req.headers['x-csrf-token'];
      if (sent !== req.actor.csrfToken) {
        throw new AppError(403, 'csrf_failed', 'Yêu cầu bị từ chối', 'Thiếu hoặc sai mã chống giả mạo yêu cầu (x-csrf-token). Hãy tải lại trang.');
      }
    }
  });
}

/** The caller, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Unit ids where the actor holds one of `roles`. */
export function unitsWithRole(actor: Actor, ...roles: Role[]): string[] {
  return actor.roles.filter((r) => roles.includes(r.role) && r.unitId).map((r) => r.unitId!);
}

export const isAdmin = (actor: Actor) => actor.roles.some((r) => r.role === 'admin');
