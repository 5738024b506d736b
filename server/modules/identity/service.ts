import { createHash, randomInt } from 'node:crypto';
import { personalIdProblem } from '../../../common/ids';
import type { Tx } from '../../db/client';
import type { AppDeps } from '../../deps';
import { appendAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { identityRow, markIdVerified, verifiedNumberTaken } from '../accounts/repo';
import { linkPersonToAccount } from '../desk/repo';
import { linkDossiersToAccount } from '../dossiers/repo';
import { identityOf } from './present';
import { accountOfCode, deleteIdentityCode, upsertIdentityCode } from './repo';

// Identity: a declared ID number becomes the account's verified identity when an officer has seen the
// card with its holder at the desk (method `desk`), or — later, issue 22 — when an identity provider
// asserts it (`vneid`). Only a verified number links walk-in records, dossiers and documents to an
// account (migration 0011 says why declarations may collide and verified numbers may not).

/** How long a desk verification code stays valid. */
export const CODE_MINUTES = 15;
// 32 letters and digits that cannot be mistaken for one another when read aloud or typed (no 0/O, 1/I).
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const codeHash = (code: string) => createHash('sha256').update(`identity-code:${normaliseCode(code)}`).digest('hex');

/** The caller's own ID number and whether it is verified. */
export async function myIdentity(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  return identityOf(await identityRow(deps.db, actor.userId));
}

/**
 * Issues a one-time code (8 characters, e.g. `K7QM-3TXA`) the citizen shows at the desk so the officer
 * verifies the account of the person in front of them. A new code replaces the previous one.
 */
export async function issueDeskCode(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor): Promise<{ code: string; expiresAt: string }> {
  const { db } = deps;
  const now = deps.now();
  if (actor.kind !== 'citizen') throw forbidden('Chỉ tài khoản công dân mới xác thực số định danh cá nhân tại Bộ phận một cửa.');
  if ((await identityRow(db, actor.userId)).id_verified_at) throw conflict('already_verified', 'Số định danh cá nhân của tài khoản đã được xác thực.');
  const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const expiresAt = new Date(now + CODE_MINUTES * 60_000);
  await upsertIdentityCode(db, { userId: actor.userId, tenantId: actor.tenantId, codeHash: codeHash(raw), expiresAt, createdAt: new Date(now) });
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt: expiresAt.toISOString() };
}

const codeNotFound = () => notFound('identity_code_invalid', 'Mã xác thực không đúng hoặc đã hết hạn. Đề nghị công dân tạo mã mới trong mục "Tài khoản".');

/** The desk units where the actor works. */
export function deskUnitsOf(actor: Actor): string[] {
  return actor.roles.filter((r) => r.role === 'desk' && r.unitId).map((r) => r.unitId!);
}

/** The account behind a code shown at the desk (for the officer to compare with the card and the person). */
export async function accountByCode(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor, code: string) {
  if (!deskUnitsOf(actor).length) throw forbidden('Chỉ cán bộ Bộ phận một cửa mới xác thực được số định danh của tài khoản.');
  if (normaliseCode(code).length !== 8) throw codeNotFound();
  const u = await accountOfCode(deps.db, actor.tenantId, codeHash(code), new Date(deps.now()));
  if (!u || !u.active || u.kind !== 'citizen') throw codeNotFound();
  return u;
}

export interface VerifyInput { code: string; idNumber: string; birthDate?: string | null; unitId?: string | null }

/**
 * Verifies an account's ID number at the desk: the officer has seen the card (its number wins over the
 * declared one) and the person, who showed the account's code. In one transaction: the account is marked
 * verified (who, when, where, how), the code is spent, the registry and walk-in dossiers of that number are
 * linked to the account, and an `identity.verify` audit entry is appended.
 */
export async function verifyAtDesk(deps: Pick<AppDeps, 'db' | 'now'>, actor: Actor, input: VerifyInput, meta: { ip: string; requestId: string }) {
  const { db } = deps;
  const now = deps.now();
  const desks = deskUnitsOf(actor);
  const unitId = input.unitId ?? desks[0];
  if (!unitId || !desks.includes(unitId)) throw forbidden('Chỉ cán bộ Bộ phận một cửa mới xác thực được số định danh của tài khoản.');
  const account = await accountByCode({ db, now: () => now }, actor, input.code);
  const idNumber = input.idNumber.trim();
  const birthDate = input.birthDate ?? account.birth_date;
  const problem = personalIdProblem(idNumber, birthDate);
  if (problem) throw invalid('invalid_id_number', problem, [{ path: '/idNumber', message: problem }]);
  if (account.id_verified_at) throw conflict('already_verified', 'Số định danh cá nhân của tài khoản này đã được xác thực.');
  try {
    return await db.transaction().execute(async (trx) => {
      if (await verifiedNumberTaken(trx, actor.tenantId, idNumber)) throw verifiedElsewhere();
      const at = new Date(now);
      const done = await markIdVerified(trx, account.id, { idNumber, birthDate: birthDate ?? null, at, by: actor.userId, unitId, method: 'desk' });
      if (!done) throw conflict('already_verified', 'Số định danh cá nhân của tài khoản này đã được xác thực.');
      await deleteIdentityCode(trx, account.id);
      const linked = await linkVerifiedIdentity(trx, actor.tenantId, account.id, idNumber);
      await appendAudit(trx, {
        tenantId: actor.tenantId, actorId: actor.userId, actorName: actor.fullName, action: 'identity.verify', targetType: 'user',
        targetId: account.id, subjectUserId: account.id, subjectPersonId: linked.personId, ip: meta.ip, requestId: meta.requestId,
        data: { method: 'desk', unitId, declaredMatched: account.id_number === idNumber, linkedDossiers: linked.dossiers },
      }, at);
      return {
        userId: account.id, username: account.username, fullName: account.full_name, verifiedAt: at.toISOString(),
        method: 'desk' as const, linkedDossiers: linked.dossiers,
      };
    });
  } catch (err) {
    // Two desks verifying the same number for two accounts at once: the unique index decides.
    if ((err as { code?: string }).code === '23505') throw verifiedElsewhere();
    throw err;
  }
}

const verifiedElsewhere = () => new AppError(409, 'id_number_verified_elsewhere', 'Xung đột dữ liệu',
  'Số định danh này đã được xác thực cho một tài khoản khác. Đề nghị công dân liên hệ quản trị viên để được kiểm tra.');

/**
 * Links what the registry holds for a verified number to its account: the walk-in applicant record, and
 * the dossiers received for it (liên thông legs included) that belong to no account yet. Their stored
 * documents follow through the registry record. Call only for a verified number, in its transaction.
 */
export async function linkVerifiedIdentity(trx: Tx, tenantId: string, userId: string, idNumber: string) {
  const personId = await linkPersonToAccount(trx, tenantId, idNumber, userId);
  if (!personId) return { personId: null, dossiers: 0 };
  return { personId, dossiers: await linkDossiersToAccount(trx, personId, userId) };
}
