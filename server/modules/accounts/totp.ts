import QRCode from 'qrcode';
import { Secret, TOTP } from 'otpauth';
import type { Db, Tx } from '../../db/client';
import { appendAudit } from '../../platform/audit';
import type { SecretBox } from '../../platform/secrets';
import { conflict } from '../../platform/errors';
import { deleteTotp, findUserByUsername, recordTotpStep, totpRow, upsertPendingTotp } from './repo';

// The TOTP second factor (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), through the otpauth library.
// A code is accepted for the current step or one step either side (clock drift), and never twice: the
// step a code belongs to must be later than the last one accepted, which is recorded with a conditional
// UPDATE, so two processes given the same code accept it once between them.

const ISSUER = 'MotCua';
const PERIOD = 30;

const totpOf = (secret: Secret, username: string) =>
  new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD, secret });

/** Whether the user has a confirmed second factor. */
export async function totpEnabled(db: Tx, userId: string): Promise<boolean> {
  return !!(await totpRow(db, userId))?.enabled_at;
}

/**
 * Starts (or restarts) an enrollment: a new secret, kept sealed and not yet in force. Returns what the
 * authenticator app needs: the secret in base32, the otpauth:// URI and that URI as a QR code (PNG data URL).
 */
export async function startEnrollment(db: Db, secrets: SecretBox, user: { id: string; username: string }) {
  if (await totpEnabled(db, user.id)) {
    throw conflict('totp_already_enabled', 'Xác thực hai bước đã được bật. Hãy tắt trước khi đăng ký thiết bị khác.');
  }
  const secret = new Secret({ size: 20 });
  const sealed = secrets.seal(Buffer.from(secret.bytes));
  await upsertPendingTotp(db, user.id, sealed);
  const uri = totpOf(secret, user.username).toString();
  return { secret: secret.base32, otpauthUrl: uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 240 }) };
}

/** The 30-second step a code belongs to, or null when it matches none of the current step ±1. */
function stepOf(secret: Secret, code: string, now: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret, algorithm: 'SHA1', digits: 6, period: PERIOD, timestamp: now, window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/**
 * Checks a code against the user's secret — the pending one when `pending`, else the enabled one — and
 * records its step. 'replayed': right code, but its step (or a later one) was already used.
 */
async function useCode(db: Db, secrets: SecretBox, userId: string, code: string, now: number, pending: boolean): Promise<'ok' | 'invalid' | 'replayed'> {
  const row = await totpRow(db, userId);
  if (!row || !!row.enabled_at === pending) return 'invalid';
  const step = stepOf(new Secret({ buffer: new Uint8Array(secrets.open(row.secret)).buffer }), code, now);
  if (step === null) return 'invalid';
  return (await recordTotpStep(db, userId, step, pending ? new Date(now) : null)) ? 'ok' : 'replayed';
}

/** Checks a sign-in code against the enabled second factor (each code once). */
export function verifyTotp(db: Db, secrets: SecretBox, userId: string, code: string, now: number) {
  return useCode(db, secrets, userId, code, now, false);
}

/** Confirms a pending enrollment with a first code: from then on the second factor is in force. */
export function confirmEnrollment(db: Db, secrets: SecretBox, userId: string, code: string, now: number) {
  return useCode(db, secrets, userId, code, now, true);
}

/** Removes a user's second factor (own choice, or an admin's reset); the caller writes the audit entry. */
export async function removeTotp(db: Tx, userId: string): Promise<boolean> {
  return deleteTotp(db, userId);
}

/**
 * Operator's reset of a user's second factor (the last admin lost their phone): removes it, so the user
 * signs in with the password alone and — an admin — must enroll again before doing anything else.
 * Written to the audit log with no actor. Returns false when there is no such user.
 */
export async function resetTotp(db: Db, username: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserByUsername(trx, username.trim());
    if (!user) return false;
    const removed = await removeTotp(trx, user.id);
    await appendAudit(trx, {
      tenantId: user.tenant_id, actorId: null, actorName: 'motcua reset-totp', action: 'user.totp_reset',
      targetType: 'user', targetId: user.id, subjectUserId: user.id, data: { username: user.username, removed, via: 'cli' },
    });
    return true;
  });
}
