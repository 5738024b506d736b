import type { Tx } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { conflict } from '../../platform/errors';

// Fees and charges collected for a dossier, each with its receipt number (unique in the tenant). Every query
// on `dossier_fees` is here.

/** Records a fee collected by the actor, in the caller's transaction; 409 when the receipt number is used. */
export async function insertFee(trx: Tx, actor: Actor, dossierId: string, f: { name: string; amount: number; receiptNumber: string }, now: number) {
  const dup = await trx.selectFrom('dossier_fees').select('id').where('tenant_id', '=', actor.tenantId).where('receipt_number', '=', f.receiptNumber.trim()).executeTakeFirst();
  if (dup) throw conflict('receipt_number_used', `Số biên lai "${f.receiptNumber}" đã được dùng cho một khoản thu khác.`);
  return trx.insertInto('dossier_fees').values({
    tenant_id: actor.tenantId, dossier_id: dossierId, name: f.name.trim(), amount: f.amount, receipt_number: f.receiptNumber.trim(),
    paid_at: new Date(now), collected_by: actor.userId,
  }).returning(['id', 'name', 'amount', 'receipt_number', 'paid_at']).executeTakeFirstOrThrow();
}

/** The fees collected for a dossier, in order. */
export async function listFees(db: Tx, dossierId: string) {
  return db.selectFrom('dossier_fees').select(['id', 'name', 'amount', 'receipt_number', 'paid_at']).where('dossier_id', '=', dossierId).orderBy('paid_at').execute();
}

