import type { Tx } from '../../db/client';

// Every query on the documents module's tables: each unit's form settings (the heading lines its printed
// forms carry) and its signing certificate (sealed).

/** The lines the unit's admin set for its printed forms, if any. */
export async function formSettingsOf(db: Tx, unitId: string) {
  return db.selectFrom('unit_form_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

/** Sets the lines the unit's printed forms carry. */
export async function upsertFormSettings(db: Tx, unit: { id: string; tenant_id: string }, row: {
  parent_name: string; desk_name: string; place: string; number_suffix: string | null; contact_name: string | null; contact_phone: string | null;
}): Promise<void> {
  await db.insertInto('unit_form_settings').values({ unit_id: unit.id, tenant_id: unit.tenant_id, ...row })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(row)).execute();
}

/** The unit's signing certificate (sealed), if it has one. */
export async function certificateOf(db: Tx, unitId: string) {
  return db.selectFrom('unit_certificates').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

/** Stores (or replaces) the unit's sealed certificate and what it says of itself. */
export async function upsertCertificate(db: Tx, unitId: string, tenantId: string, row: {
  p12_sealed: Buffer; passphrase_sealed: Buffer; subject: string; issuer: string; serial_number: string; not_before: Date; not_after: Date;
  uploaded_by: string | null; uploaded_at: Date;
}): Promise<void> {
  await db.insertInto('unit_certificates').values({ unit_id: unitId, tenant_id: tenantId, ...row })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(row)).execute();
}
