import type { Tx } from '../../db/client';

// Queries on the desk's registry of applicants (`people`) that other modules need. (The desk's own
// reception writes are in service.ts until the dossier write path is rewritten.)

/** Links the registry record of a personal ID number to its verified account, unless it is linked already;
 *  the record's id, if one was linked. */
export async function linkPersonToAccount(trx: Tx, tenantId: string, idNumber: string, userId: string): Promise<string | undefined> {
  return (await trx.updateTable('people').set({ user_id: userId, updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id_type', '=', 'personal').where('id_number', '=', idNumber).where('user_id', 'is', null)
    .returning('id').executeTakeFirst())?.id;
}
