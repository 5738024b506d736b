import type { Tx } from '../../db/client';
import type { Role } from '../../db/types';

// Every query on the accounts' tables: users, their roles, sessions, sign-in challenges, and the roles
// delegated for a period (a leader away). Other modules ask through these functions.

const OFFICER_ROLES = ['desk', 'specialist', 'leader'] as const;

/** A user with their roles and the units those roles are bound to. */
export async function findUserProfile(db: Tx, userId: string) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const roles = await db
    .selectFrom('user_roles as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.role', 'r.unit_id', 'u.code as unit_code', 'u.name as unit_name'])
    .where('r.user_id', '=', userId)
    .orderBy('r.role')
    .execute();
  return { user, roles };
}

/** A user by username, case-insensitively, with what a sign-in checks. */
export async function findUserByUsername(db: Tx, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'username', 'password_hash', 'active'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/** The id of a tenant's user by username (case-insensitive), if any. */
export async function userIdByUsername(db: Tx, tenantId: string, username: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.trim().toLowerCase())).executeTakeFirst())?.id;
}

/** A user of the tenant, by id. */
export async function findTenantUser(db: Tx, tenantId: string, userId: string) {
  return db.selectFrom('users').select(['id', 'username', 'full_name']).where('id', '=', userId).where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** The user's password hash. */
export async function passwordHashOf(db: Tx, userId: string): Promise<string> {
  return (await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;
}

/** Replaces the user's password hash. */
export async function setPasswordHash(db: Tx, userId: string, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

/** A new citizen account with its citizen role, or null when the username is taken (even by a concurrent registration). */
export async function insertCitizen(trx: Tx, tenantId: string, u: {
  username: string; passwordHash: string; fullName: string; email: string | null; phone: string | null; idNumber: string | null;
  birthDate: string | null; address: string | null;
}): Promise<string | null> {
  const row = await trx.insertInto('users').values({
    tenant_id: tenantId, username: u.username, password_hash: u.passwordHash, full_name: u.fullName, kind: 'citizen',
    email: u.email, phone: u.phone, id_number: u.idNumber, birth_date: u.birthDate, address: u.address, tax_code: null,
  }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (!row) return null;
  await trx.insertInto('user_roles').values({ tenant_id: tenantId, user_id: row.id, role: 'citizen', unit_id: null }).execute();
  return row.id;
}

/** The tenant's officers with each role (a row per role), their unit and whether they have a second factor. */
export async function listStaff(db: Tx, tenantId: string) {
  return db.selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .leftJoin('units as un', 'un.id', 'r.unit_id')
    .leftJoin('user_totp as t', 't.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.full_name', 'u.kind', 'r.role', 'un.code as unit_code', 'un.name as unit_name', 't.enabled_at as totp_enabled_at'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.kind', '=', 'officer')
    .orderBy('un.code').orderBy('u.username')
    .execute();
}
export type StaffRow = Awaited<ReturnType<typeof listStaff>>[number];

/** Active officers of a tenant with their officer roles (a row per role). */
export async function officerRolesIn(db: Tx, tenantId: string) {
  return db.selectFrom('user_roles as r').innerJoin('users as us', 'us.id', 'r.user_id')
    .select(['r.user_id', 'r.unit_id', 'r.role', 'us.full_name']).where('r.tenant_id', '=', tenantId).where('us.active', '=', true)
    .where('r.role', 'in', [...OFFICER_ROLES]).execute();
}

/** Active officers of a unit with their officer roles there (a row per role), by name. */
export async function officersAt(db: Tx, unitId: string) {
  return db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.full_name', 'r.role']).where('r.unit_id', '=', unitId).where('u.active', '=', true)
    .where('r.role', 'in', [...OFFICER_ROLES]).orderBy('u.full_name').execute();
}

/** Whether the user holds one of `roles` at the unit (and, with `activeOnly`, is an active account). */
export async function holdsRoleAt(db: Tx, userId: string, unitId: string, roles: readonly Role[], activeOnly = false): Promise<boolean> {
  let q = db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.id')
    .where('r.user_id', '=', userId).where('r.unit_id', '=', unitId).where('r.role', 'in', [...roles]);
  if (activeOnly) q = q.where('u.active', '=', true);
  return !!(await q.executeTakeFirst());
}

/** The (unit, role) pairs of desk, specialist and leader roles held at the given units. */
export async function officerRolePairsAt(db: Tx, unitIds: readonly string[]) {
  if (!unitIds.length) return [];
  return db.selectFrom('user_roles').select(['unit_id', 'role']).where('unit_id', 'in', [...unitIds])
    .where('role', 'in', [...OFFICER_ROLES]).distinct().execute();
}

/** The name of a unit's first leader (by username), for the forms a unit signs. */
export async function leaderNameOf(db: Tx, unitId: string): Promise<string | undefined> {
  return (await db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('u.full_name')
    .where('r.unit_id', '=', unitId).where('r.role', '=', 'leader').orderBy('u.username').executeTakeFirst())?.full_name;
}

/** A user's full name. */
export async function fullNameOf(db: Tx, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirst())?.full_name;
}

// --- Sign-in challenges (the step between password and code)

/** Records a challenge (by its token's hash), sweeping the user's expired ones. */
export async function insertChallenge(db: Tx, c: { id: string; userId: string; expiresAt: Date }, now: Date): Promise<void> {
  await db.deleteFrom('login_challenges').where('user_id', '=', c.userId).where('expires_at', '<=', now).execute();
  await db.insertInto('login_challenges').values({ id: c.id, user_id: c.userId, expires_at: c.expiresAt }).execute();
}

/** The active user behind a challenge that has not expired. */
export async function findChallengeUser(db: Tx, id: string, now: Date) {
  return db.selectFrom('login_challenges as c').innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.username']).where('c.id', '=', id).where('c.expires_at', '>', now).where('u.active', '=', true).executeTakeFirst();
}

/** Spends a challenge. */
export async function deleteChallenge(db: Tx, id: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('id', '=', id).execute();
}

// --- Sessions (made and resolved by platform/auth.ts; listed and ended by their owner here)

/** The user's sessions still in force, most recently used first. */
export async function liveSessions(db: Tx, userId: string, now: Date, idleMinutes: number) {
  return db.selectFrom('sessions').select(['id', 'handle', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId).where('expires_at', '>', now)
    .where('last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
    .orderBy('last_seen_at', 'desc').execute();
}

/** Ends one session by its id. */
export async function endSession(db: Tx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends one of the user's sessions by its public handle; whether there was one. */
export async function endSessionByHandle(db: Tx, userId: string, handle: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('handle', '=', handle).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of the user but one; how many ended. */
export async function endOtherSessions(db: Tx, userId: string, keepSessionId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepSessionId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// --- Delegations: a leader's role handed to a colleague of the same unit for a period

/** Roles delegated to the user and in force at `at`. */
export async function delegatedRoles(db: Tx, userId: string, at: Date) {
  return db.selectFrom('delegations').select(['unit_id', 'role', 'from_user_id'])
    .where('to_user_id', '=', userId).where('revoked_at', 'is', null)
    .where('starts_at', '<=', at).where('ends_at', '>', at).execute();
}

/** Roles delegated to the user and in force at `at`, with the unit's and the delegating person's names. */
export async function actingFor(db: Tx, userId: string, at: Date) {
  return db.selectFrom('delegations as g').innerJoin('users as f', 'f.id', 'g.from_user_id').innerJoin('units as u', 'u.id', 'g.unit_id')
    .select(['g.role', 'g.unit_id', 'u.name as unit_name', 'g.ends_at', 'f.id as from_id', 'f.full_name as from_name'])
    .where('g.to_user_id', '=', userId).where('g.revoked_at', 'is', null).where('g.starts_at', '<=', at).where('g.ends_at', '>', at).execute();
}

/** Delegations the user gave or received that are not revoked, newest first, with names. */
export async function delegationsOf(db: Tx, tenantId: string, userId: string) {
  return db.selectFrom('delegations as g')
    .innerJoin('users as f', 'f.id', 'g.from_user_id').innerJoin('users as t', 't.id', 'g.to_user_id').innerJoin('units as u', 'u.id', 'g.unit_id')
    .select(['g.id', 'g.role', 'g.starts_at', 'g.ends_at', 'g.note', 'g.revoked_at', 'g.unit_id', 'u.name as unit_name',
      'f.id as from_id', 'f.full_name as from_name', 't.id as to_id', 't.full_name as to_name'])
    .where('g.tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('g.from_user_id', '=', userId), eb('g.to_user_id', '=', userId)]))
    .where('g.revoked_at', 'is', null)
    .orderBy('g.starts_at', 'desc').execute();
}
export type DelegationRow = Awaited<ReturnType<typeof delegationsOf>>[number];

/** Records a delegation of a leader's role; its id. */
export async function insertDelegation(db: Tx, g: {
  tenantId: string; fromUserId: string; toUserId: string; unitId: string; startsAt: Date; endsAt: Date; note: string | null;
}): Promise<string> {
  const row = await db.insertInto('delegations').values({
    tenant_id: g.tenantId, from_user_id: g.fromUserId, to_user_id: g.toUserId, unit_id: g.unitId, role: 'leader',
    starts_at: g.startsAt, ends_at: g.endsAt, note: g.note,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Revokes a delegation the user gave; whether one was revoked. */
export async function revokeDelegationBy(db: Tx, tenantId: string, fromUserId: string, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('delegations').set({ revoked_at: at }).where('id', '=', id).where('tenant_id', '=', tenantId)
    .where('from_user_id', '=', fromUserId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// --- Identity on the account (verified at the desk: identity/service.ts)

/** The account's ID number and how it was verified. */
export async function identityRow(db: Tx, userId: string) {
  return db.selectFrom('users').select(['id_number', 'id_verified_at', 'id_verification_method']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** Whether another account of the tenant already has this number verified. */
export async function verifiedNumberTaken(db: Tx, tenantId: string, idNumber: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id_number', '=', idNumber)
    .where('id_verified_at', 'is not', null).executeTakeFirst());
}

/** Marks the account's number verified (unless it already was); whether it was marked now. */
export async function markIdVerified(trx: Tx, userId: string, v: {
  idNumber: string; birthDate: string | null; at: Date; by: string; unitId: string; method: 'desk';
}): Promise<boolean> {
  const done = await trx.updateTable('users').set({
    id_number: v.idNumber, birth_date: v.birthDate, id_verified_at: v.at, id_verified_by: v.by, id_verified_unit_id: v.unitId,
    id_verification_method: v.method,
  }).where('id', '=', userId).where('id_verified_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

// --- The sign-in throttle's counters (throttle.ts decides; these read and write them)

type ThrottleColumns = { failures: number; window_started_at: Date; locked_until: Date | null; updated_at: Date };

/** The counters of these keys (created empty when missing), locked in key order until the transaction ends. */
export async function lockThrottleRows(trx: Tx, keys: string[], now: Date) {
  const ordered = [...keys].sort();
  await trx.insertInto('login_throttle')
    .values(ordered.map((key) => ({ key, failures: 0, window_started_at: now, locked_until: null, updated_at: now })))
    .onConflict((oc) => oc.column('key').doNothing()).execute();
  return trx.selectFrom('login_throttle').selectAll().where('key', 'in', ordered).orderBy('key').forUpdate().execute();
}

/** Writes a counter's next state. */
export async function updateThrottleRow(trx: Tx, key: string, next: ThrottleColumns): Promise<void> {
  await trx.updateTable('login_throttle').set(next).where('key', '=', key).execute();
}

/** Gives one failure back to a counter (never below zero). */
export async function refundThrottleRow(db: Tx, key: string): Promise<void> {
  await db.updateTable('login_throttle').set((eb) => ({ failures: eb.fn('greatest', [eb('failures', '-', 1), eb.lit(0)]) }))
    .where('key', '=', key).execute();
}

/** Forgets a counter; the lock it held, if any. */
export async function deleteThrottleRow(db: Tx, key: string): Promise<Date | null | undefined> {
  return (await db.deleteFrom('login_throttle').where('key', '=', key).returning('locked_until').executeTakeFirst())?.locked_until;
}

/** The counters among `keys` locked at `now`. */
export async function throttleLocks(db: Tx, keys: string[], now: Date) {
  return db.selectFrom('login_throttle').select(['key', 'locked_until']).where('key', 'in', keys).where('locked_until', '>', now).execute();
}

/** Forgets up to 100 counters untouched since `before` and not locked at `now`. */
export async function sweepThrottleRows(db: Tx, before: Date, now: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', 'in', (eb) => eb.selectFrom('login_throttle').select('key')
    .where('updated_at', '<', before).where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', now)])).limit(100)).execute();
}

// --- The TOTP second factor (totp.ts checks codes; these read and write the sealed secret)

/** The user's sealed secret and whether it is in force. */
export async function totpRow(db: Tx, userId: string) {
  return db.selectFrom('user_totp').select(['secret', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
}

/** Stores a new secret, not yet in force (replacing any earlier one). */
export async function upsertPendingTotp(db: Tx, userId: string, sealed: Buffer): Promise<void> {
  await db.insertInto('user_totp').values({ user_id: userId, secret: sealed, enabled_at: null, last_step: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret: sealed, enabled_at: null, last_step: null })).execute();
}

/**
 * Records the step of an accepted code, only if it is later than the last one (each code once, across
 * processes): on the pending secret when `enabling` (which puts it in force at that time), else on the one
 * in force. Whether it was recorded.
 */
export async function recordTotpStep(db: Tx, userId: string, step: number, enabling: Date | null): Promise<boolean> {
  const used = await db.updateTable('user_totp')
    .set({ last_step: step, ...(enabling ? { enabled_at: enabling } : {}) })
    .where('user_id', '=', userId)
    .where('enabled_at', enabling ? 'is' : 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .returning('user_id').executeTakeFirst();
  return !!used;
}

/** Removes the user's second factor; whether there was one. */
export async function deleteTotp(db: Tx, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
