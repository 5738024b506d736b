import { isIPv6 } from 'node:net';
import type { Db, Tx } from '../../db/client';
import {
  deleteThrottleRow, lockThrottleRows, refundThrottleRow, sweepThrottleRows, throttleLocks, updateThrottleRow,
} from './repo';
import type { Config } from '../../config';

// Sign-in throttling, in PostgreSQL so that every server process sees the same counts.
//
// Two counters guard each attempt. Per account name (known or not, so an unknown username behaves exactly
// like a known one): `lockAfter` failures in a row lock it for a minute, and every further failure doubles
// the lock up to `maxLockMs`; a success or an admin's unlock clears it. Per client address: at most
// `addressLimit` failures in 15 minutes — successes are refunded, so an office behind one address can sign
// in all morning, and one person's typos lock only their own account, not their colleagues'.
//
// An attempt is charged before the password is checked (and refunded on success): guesses sent in parallel
// are counted before any of them is answered.

export interface ThrottlePolicy {
  lockAfter: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten (when not locked). */
  forgetAfterMs: number;
  addressLimit: number;
  addressWindowMs: number;
}

/** The throttling rules from the configuration. */
export function throttlePolicy(config: Config): ThrottlePolicy {
  return {
    lockAfter: config.loginLockAfter, baseLockMs: 60_000, maxLockMs: config.loginLockMaxMinutes * 60_000,
    forgetAfterMs: 24 * 3600_000, addressLimit: config.loginAddressLimit, addressWindowMs: 15 * 60_000,
  };
}

export interface ThrottleRow { failures: number; windowStartedAt: Date; lockedUntil: Date | null; updatedAt: Date }
export type Charge = { allowed: true; next: ThrottleRow } | { allowed: false; retryAfterMs: number };

/** How long the account stays locked after its `failures`-th failure in a row (0: not locked). */
export function lockDelayMs(failures: number, p: ThrottlePolicy): number {
  if (failures < p.lockAfter) return 0;
  return Math.min(p.baseLockMs * 2 ** Math.min(failures - p.lockAfter, 30), p.maxLockMs);
}

/** Charges one attempt to an account counter: refused while locked; the attempt that reaches the limit sets the lock. */
export function chargeAccount(row: ThrottleRow | undefined, now: Date, p: ThrottlePolicy): Charge {
  if (row?.lockedUntil && row.lockedUntil > now) return { allowed: false, retryAfterMs: row.lockedUntil.getTime() - now.getTime() };
  const stale = !row || now.getTime() - row.updatedAt.getTime() > p.forgetAfterMs;
  const failures = (stale ? 0 : row.failures) + 1;
  const delay = lockDelayMs(failures, p);
  return {
    allowed: true,
    next: { failures, windowStartedAt: stale ? now : row.windowStartedAt, lockedUntil: delay ? new Date(now.getTime() + delay) : null, updatedAt: now },
  };
}

/** Charges one attempt to an address counter: a fixed 15-minute window of at most `addressLimit` failures. */
export function chargeAddress(row: ThrottleRow | undefined, now: Date, p: ThrottlePolicy): Charge {
  const fresh = !row || now.getTime() - row.windowStartedAt.getTime() >= p.addressWindowMs;
  const failures = fresh ? 0 : row.failures;
  const windowStartedAt = fresh ? now : row.windowStartedAt;
  if (failures >= p.addressLimit) return { allowed: false, retryAfterMs: windowStartedAt.getTime() + p.addressWindowMs - now.getTime() };
  return { allowed: true, next: { failures: failures + 1, windowStartedAt, lockedUntil: null, updatedAt: now } };
}

/** The counter key of an account name: the same for every spelling the login accepts. */
export const accountKey = (username: string) => `account:${username.trim().toLowerCase()}`;

/** The counter key of a client address; IPv6 clients by their /64 (one subscriber's whole prefix). */
export function addressKey(ip: string): string {
  if (!isIPv6(ip) || /^::ffff:\d/i.test(ip)) return `address:${ip.replace(/^::ffff:/i, '')}`;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `address:${groups.slice(0, 4).map((g) => Number.parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

export type ThrottleVerdict = { ok: true } | { ok: false; scope: 'account' | 'address'; retryAfterSeconds: number };

const toRow = (r: { failures: number; window_started_at: Date; locked_until: Date | null; updated_at: Date }): ThrottleRow => ({
  failures: r.failures, windowStartedAt: r.window_started_at, lockedUntil: r.locked_until, updatedAt: r.updated_at,
});

/**
 * Charges a sign-in attempt to its account and address counters in one short transaction (rows locked in key
 * order, so concurrent attempts queue instead of racing). Nothing is charged when either counter refuses.
 */
export async function chargeAttempt(db: Db, keys: { account: string; address: string }, now: Date, p: ThrottlePolicy): Promise<ThrottleVerdict> {
  return db.transaction().execute(async (trx) => {
    const rows = await lockThrottleRows(trx, [keys.account, keys.address], now);
    const byKey = new Map(rows.map((r) => [r.key, toRow(r)]));
    const address = chargeAddress(byKey.get(keys.address), now, p);
    if (!address.allowed) return { ok: false, scope: 'address', retryAfterSeconds: Math.ceil(address.retryAfterMs / 1000) };
    const account = chargeAccount(byKey.get(keys.account), now, p);
    if (!account.allowed) return { ok: false, scope: 'account', retryAfterSeconds: Math.ceil(account.retryAfterMs / 1000) };
    for (const [key, next] of [[keys.account, account.next], [keys.address, address.next]] as const) {
      await updateThrottleRow(trx, key, {
        failures: next.failures, window_started_at: next.windowStartedAt, locked_until: next.lockedUntil, updated_at: next.updatedAt,
      });
    }
    return { ok: true };
  });
}

/** The address's charge for an attempt that turned out right is given back (only failures count there). */
export async function refundAddress(db: Tx, address: string): Promise<void> {
  await refundThrottleRow(db, address);
}

/** A successful sign-in: the account's failures are forgotten and the address's charge refunded. */
export async function attemptSucceeded(db: Tx, keys: { account: string; address: string }): Promise<void> {
  await deleteThrottleRow(db, keys.account);
  await refundAddress(db, keys.address);
}

/** Clears an account's failures and lock (admin unlock). True when it was locked at `now`. */
export async function unlockAccount(db: Tx, username: string, now: Date): Promise<boolean> {
  const lockedUntil = await deleteThrottleRow(db, accountKey(username));
  return !!lockedUntil && lockedUntil > now;
}

/** Locks in force at `now` for these usernames (lower-case username → until when). */
export async function lockedAccounts(db: Db, usernames: string[], now: Date): Promise<Map<string, Date>> {
  if (usernames.length === 0) return new Map();
  const rows = await throttleLocks(db, usernames.map(accountKey), now);
  return new Map(rows.map((r) => [r.key.slice('account:'.length), r.locked_until!]));
}

/** Forgets counters untouched for a day and not locked (a bounded sweep, run after successful sign-ins). */
export async function sweepThrottle(db: Db, now: Date): Promise<void> {
  await sweepThrottleRows(db, new Date(now.getTime() - 24 * 3600_000), now);
}
