import type { IdVerificationMethod } from '../../db/types';
import type { accountOfCode } from './repo';

/** The account's identity as its holder sees it. */
export function identityOf(u: { id_number: string | null; id_verified_at: Date | null; id_verification_method: IdVerificationMethod | null }) {
  return { idNumber: u.id_number, verified: u.id_verified_at !== null, verifiedAt: u.id_verified_at?.toISOString() ?? null, method: u.id_verification_method };
}

/** The account behind a code shown at the desk, as the officer compares it with the card and the person. */
export function presentCodeAccount(u: NonNullable<Awaited<ReturnType<typeof accountOfCode>>>) {
  return { userId: u.id, username: u.username, fullName: u.full_name, birthDate: u.birth_date, declaredIdNumber: u.id_number, verified: u.id_verified_at !== null };
}
