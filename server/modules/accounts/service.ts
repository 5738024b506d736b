import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../deps';
import { hashToken, isAdmin, requireAdmin, type Actor } from '../../platform/auth';
import { appendAudit } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { assertPasswordAllowed } from '../../platform/password-policy';
import { hashPassword, needsRehash, verifyPassword } from '../../platform/passwords';
import type { RequestContext } from '../../platform/request-context';
import { firstTenant } from '../org/repo';
import { presentMe, presentSession, presentStaff } from './present';
import {
  actingFor, deleteChallenge, endOtherSessions, endSession, endSessionByHandle, findChallengeUser, findTenantUser, findUserByUsername,
  findUserProfile, insertChallenge, insertCitizen, listStaff, liveSessions, passwordHashOf, setPasswordHash,
} from './repo';
import {
  accountKey, addressKey, attemptSucceeded, chargeAttempt, lockedAccounts, refundAddress, sweepThrottle, throttlePolicy, unlockAccount,
  type ThrottleVerdict,
} from './throttle';
import { removeTotp, totpEnabled, verifyTotp } from './totp';

// Sign-in (password, then the TOTP code when the account has one), registration, the signed-in user's own
// account and sessions, password change, and the admin's staff list, unlock and second-factor reset. Every
// failure of a password or a code is charged to the sign-in throttle (throttle.ts) before it is checked.

type AccountDeps = Pick<AppDeps, 'db' | 'config' | 'now' | 'secrets'>;

/** How long the step between password and code may take. */
const CHALLENGE_MS = 5 * 60_000;

const badCredentials = () => new AppError(401, 'invalid_credentials', 'Đăng nhập không thành công', 'Tên đăng nhập hoặc mật khẩu không đúng.');

function throttled(v: Extract<ThrottleVerdict, { ok: false }>): AppError {
  const minutes = Math.max(1, Math.ceil(v.retryAfterSeconds / 60));
  return v.scope === 'account'
    ? new AppError(429, 'login_locked', 'Tạm khóa đăng nhập',
      `Tài khoản tạm bị khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau ${minutes} phút hoặc liên hệ quản trị viên để mở khóa.`,
      undefined, { retryAfter: v.retryAfterSeconds })
    : new AppError(429, 'login_rate_limited', 'Quá nhiều lần đăng nhập sai',
      `Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng thử lại sau ${minutes} phút.`,
      undefined, { retryAfter: v.retryAfterSeconds });
}

async function charge(deps: AccountDeps, keys: { account: string; address: string }, now: Date): Promise<void> {
  const v = await chargeAttempt(deps.db, keys, now, throttlePolicy(deps.config));
  if (!v.ok) throw throttled(v);
}

function codeError(result: 'invalid' | 'replayed'): AppError {
  return result === 'replayed'
    ? new AppError(401, 'totp_reused', 'Mã xác thực đã được dùng', 'Mã này vừa được dùng. Vui lòng chờ ứng dụng xác thực hiện mã mới rồi nhập lại.')
    : new AppError(401, 'totp_invalid', 'Mã xác thực không đúng', 'Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực.');
}

export type SignInResult = { kind: 'session'; userId: string } | { kind: 'totp'; challenge: string; expiresAt: Date };

/**
 * Checks a username and password (and, for an account with a second factor, `totpCode` when given).
 * Without a code such an account gets a challenge to answer at `completeSignIn`. An unknown username
 * is throttled, timed and answered exactly like a known one with a wrong password.
 */
export async function signIn(deps: AccountDeps, input: { username: string; password: string; totpCode?: string }, ctx: RequestContext): Promise<SignInResult> {
  const { db } = deps;
  const now = new Date(deps.now());
  const keys = { account: accountKey(input.username), address: addressKey(ctx.ip) };
  await charge(deps, keys, now);
  const user = await findUserByUsername(db, input.username.trim());
  const ok = await verifyPassword(input.password, user?.password_hash);
  if (!user || !ok || !user.active) throw badCredentials();
  if (needsRehash(user.password_hash)) {
    await setPasswordHash(db, user.id, await hashPassword(input.password));
  }
  if (await totpEnabled(db, user.id)) {
    // The password was right: the address gets its charge back, but the account keeps it until the code
    // is right too, so guessing codes behind a known password still locks the account.
    await refundAddress(db, keys.address);
    if (input.totpCode === undefined) {
      const challenge = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + CHALLENGE_MS);
      await insertChallenge(db, { id: hashToken(challenge), userId: user.id, expiresAt }, now);
      return { kind: 'totp', challenge, expiresAt };
    }
    const result = await verifyTotp(db, deps.secrets!, user.id, input.totpCode, now.getTime());
    if (result !== 'ok') throw codeError(result);
  }
  await attemptSucceeded(db, keys);
  await sweepThrottle(db, now);
  return { kind: 'session', userId: user.id };
}

/** The second step: the challenge from `signIn` and a code from the authenticator app. */
export async function completeSignIn(deps: AccountDeps, input: { challenge: string; code: string }, ctx: RequestContext): Promise<{ userId: string }> {
  const { db } = deps;
  const now = new Date(deps.now());
  const id = hashToken(input.challenge);
  const row = await findChallengeUser(db, id, now);
  if (!row) {
    throw new AppError(401, 'login_challenge_expired', 'Phiên đăng nhập đã hết hạn', 'Bước nhập mã đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại bằng mật khẩu.');
  }
  const keys = { account: accountKey(row.username), address: addressKey(ctx.ip) };
  await charge(deps, keys, now);
  const result = await verifyTotp(db, deps.secrets!, row.id, input.code, now.getTime());
  if (result !== 'ok') throw codeError(result);
  await deleteChallenge(db, id);
  await attemptSucceeded(db, keys);
  return { userId: row.id };
}

/** The signed-in user proves it is them with their password; a wrong one counts as a failed sign-in. */
async function confirmOwnPassword(deps: AccountDeps, actor: Actor, password: string, pointer: string, ctx: RequestContext): Promise<void> {
  const keys = { account: accountKey(actor.username), address: addressKey(ctx.ip) };
  await charge(deps, keys, new Date(deps.now()));
  if (!(await verifyPassword(password, await passwordHashOf(deps.db, actor.userId)))) {
    throw invalid('current_password_wrong', 'Mật khẩu hiện tại không đúng.', [{ path: pointer, message: 'Mật khẩu hiện tại không đúng.' }]);
  }
  await attemptSucceeded(deps.db, keys);
}

/**
 * Changes the caller's password: the current one must be right (a wrong one counts as a failed sign-in),
 * the new one must pass the password rules. Every other session of the user ends.
 */
export async function changePassword(deps: AccountDeps, actor: Actor, input: { currentPassword: string; newPassword: string }, ctx: RequestContext): Promise<void> {
  const { db } = deps;
  const now = new Date(deps.now());
  assertPasswordAllowed(input.newPassword, { username: actor.username, fullName: actor.fullName }, '/newPassword');
  if (input.newPassword === input.currentPassword) {
    throw invalid('password_unchanged', 'Mật khẩu mới phải khác mật khẩu hiện tại.', [{ path: '/newPassword', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' }]);
  }
  await confirmOwnPassword(deps, actor, input.currentPassword, '/currentPassword', ctx);
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, actor.userId, hash);
    const ended = await endOtherSessions(trx, actor.userId, actor.sessionId);
    await appendAudit(trx, {
      tenantId: actor.tenantId, actorId: actor.userId, actorName: actor.fullName, action: 'user.password_change',
      targetType: 'user', targetId: actor.userId, subjectUserId: actor.userId, ip: ctx.ip, requestId: ctx.requestId,
      data: { otherSessionsEnded: ended },
    }, now);
  });
}

async function tenantUser(deps: AccountDeps, actor: Actor, userId: string) {
  const user = await findTenantUser(deps.db, actor.tenantId, userId);
  if (!user) throw notFound('user_not_found', 'Không tìm thấy tài khoản.');
  return user;
}

/** An admin lifts a sign-in lock (and forgets the failures) of an account in their tenant; audited. */
export async function unlockUser(deps: AccountDeps, actor: Actor, userId: string, ctx: RequestContext): Promise<{ wasLocked: boolean }> {
  requireAdmin(actor, 'Chỉ quản trị viên mới mở khóa được tài khoản.');
  const user = await tenantUser(deps, actor, userId);
  const now = new Date(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const wasLocked = await unlockAccount(trx, user.username, now);
    await appendAudit(trx, {
      tenantId: actor.tenantId, actorId: actor.userId, actorName: actor.fullName, action: 'user.unlock', targetType: 'user',
      targetId: user.id, subjectUserId: user.id, ip: ctx.ip, requestId: ctx.requestId, data: { username: user.username, wasLocked },
    }, now);
    return { wasLocked };
  });
}

/** An admin removes another account's second factor (a lost phone); that user enrolls again. Audited. */
export async function resetUserTotp(deps: AccountDeps, actor: Actor, userId: string, ctx: RequestContext): Promise<{ removed: boolean }> {
  requireAdmin(actor, 'Chỉ quản trị viên mới đặt lại được xác thực hai bước.');
  if (userId === actor.userId) {
    throw new AppError(403, 'totp_reset_self', 'Không thể tự đặt lại', 'Không thể tự đặt lại xác thực hai bước của chính mình; hãy nhờ một quản trị viên khác.');
  }
  const user = await tenantUser(deps, actor, userId);
  const now = new Date(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const removed = await removeTotp(trx, user.id);
    await appendAudit(trx, {
      tenantId: actor.tenantId, actorId: actor.userId, actorName: actor.fullName, action: 'user.totp_reset', targetType: 'user',
      targetId: user.id, subjectUserId: user.id, ip: ctx.ip, requestId: ctx.requestId, data: { username: user.username, removed },
    }, now);
    return { removed };
  });
}

/** Audits the caller's own second-factor change (enabled by a first code, or turned off). */
export async function auditOwnTotp(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor, action: 'user.totp_enable' | 'user.totp_disable', ctx: RequestContext): Promise<void> {
  await appendAudit(deps.db, {
    tenantId: actor.tenantId, actorId: actor.userId, actorName: actor.fullName, action, targetType: 'user',
    targetId: actor.userId, subjectUserId: actor.userId, ip: ctx.ip, requestId: ctx.requestId,
  }, new Date(deps.now()));
}

/**
 * An officer turns their second factor off, confirming with the password (a wrong one counts as a failed
 * sign-in). Admins may not: for them it is required.
 */
export async function disableOwnTotp(deps: AccountDeps, actor: Actor, password: string, ctx: RequestContext): Promise<void> {
  if (isAdmin(actor)) {
    throw new AppError(403, 'totp_required_for_admins', 'Không thể tắt', 'Tài khoản quản trị bắt buộc dùng xác thực hai bước.');
  }
  await confirmOwnPassword(deps, actor, password, '/password', ctx);
  await removeTotp(deps.db, actor.userId);
  await auditOwnTotp(deps, actor, 'user.totp_disable', ctx);
}

/** The signed-in user's own view of their account, with the roles delegated to them now. */
export async function currentUser(deps: Pick<AppDeps, 'db' | 'now'>, userId: string) {
  const [profile, totp, acting] = await Promise.all([
    findUserProfile(deps.db, userId), totpEnabled(deps.db, userId), actingFor(deps.db, userId, new Date(deps.now())),
  ]);
  return presentMe(profile!, totp, acting);
}

/** A citizen registers: the password must pass the rules; the username must be free (409). Their account id. */
export async function registerCitizen(deps: Pick<AppDeps, 'db'>, input: {
  username: string; password: string; fullName: string; email?: string; phone?: string; idNumber?: string; birthDate?: string; address?: string;
}): Promise<string> {
  assertPasswordAllowed(input.password, { username: input.username, fullName: input.fullName }, '/password');
  const tenant = await firstTenant(deps.db);
  if (!tenant) throw new AppError(503, 'not_ready', 'Hệ thống chưa sẵn sàng', 'Hệ thống chưa được khởi tạo dữ liệu.');
  const taken = () => conflict('username_taken', 'Tên đăng nhập đã được sử dụng. Vui lòng chọn tên khác.');
  if (await findUserByUsername(deps.db, input.username)) throw taken();
  const passwordHash = await hashPassword(input.password);
  const userId = await deps.db.transaction().execute((trx) => insertCitizen(trx, tenant.id, {
    username: input.username, passwordHash, fullName: input.fullName.trim(), email: input.email ?? null, phone: input.phone ?? null,
    idNumber: input.idNumber ?? null, birthDate: input.birthDate ?? null, address: input.address ?? null,
  }));
  if (!userId) throw taken();
  return userId;
}

/** Ends the caller's current session. */
export async function signOut(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<void> {
  await endSession(deps.db, actor.sessionId);
}

/** The caller's sessions in force, the current one marked. */
export async function mySessions(deps: Pick<AppDeps, 'db' | 'config' | 'now'>, actor: Actor) {
  const rows = await liveSessions(deps.db, actor.userId, new Date(deps.now()), deps.config.sessionIdleMinutes);
  return { items: rows.map((s) => presentSession(s, actor.sessionId)) };
}

/** Ends one of the caller's sessions by its public id; 404 when it is not theirs or already ended. */
export async function endMySession(deps: Pick<AppDeps, 'db'>, actor: Actor, handle: string): Promise<void> {
  if (!(await endSessionByHandle(deps.db, actor.userId, handle))) {
    throw notFound('session_not_found', 'Không tìm thấy phiên đăng nhập này (có thể đã kết thúc).');
  }
}

/** Ends every session of the caller but the current one; how many ended. */
export async function endMyOtherSessions(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<{ ended: number }> {
  return { ended: await endOtherSessions(deps.db, actor.userId, actor.sessionId) };
}

/** The tenant's officers for the admin (citizens' accounts hold personal data an admin listing does not need). */
export async function staffList(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor) {
  requireAdmin(actor, 'Chỉ quản trị viên mới xem được mục này.');
  const rows = await listStaff(deps.db, actor.tenantId);
  const locks = await lockedAccounts(deps.db, [...new Set(rows.map((r) => r.username))], new Date(deps.now()));
  return { items: presentStaff(rows, locks) };
}
