import type { Tx } from '../../db/client';

// Every query on `identity_codes`: the one-time codes a citizen shows at the desk (stored hashed).

/** Records the user's code (replacing an earlier one). */
export async function upsertIdentityCode(db: Tx, c: { userId: string; tenantId: string; codeHash: string; expiresAt: Date; createdAt: Date }): Promise<void> {
  const row = { code_hash: c.codeHash, expires_at: c.expiresAt, created_at: c.createdAt };
  await db.insertInto('identity_codes').values({ user_id: c.userId, tenant_id: c.tenantId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row)).execute();
}

/** The account behind a code of the tenant that has not expired, with what the officer compares. */
export async function accountOfCode(db: Tx, tenantId: string, codeHash: string, now: Date) {
  return db.selectFrom('identity_codes as c').innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.username', 'u.full_name', 'u.birth_date', 'u.id_number', 'u.id_verified_at', 'u.active', 'u.kind'])
    .where('c.code_hash', '=', codeHash).where('c.tenant_id', '=', tenantId).where('c.expires_at', '>', now)
    .executeTakeFirst();
}

/** Spends the user's code. */
export async function deleteIdentityCode(db: Tx, userId: string): Promise<void> {
  await db.deleteFrom('identity_codes').where('user_id', '=', userId).execute();
}
