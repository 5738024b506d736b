import type { Db } from '../../db/client';

/** A user with their roles and the units those roles are bound to. */
export async function findUserProfile(db: Db, userId: string) {
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

export async function findUserByUsername(db: Db, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}
