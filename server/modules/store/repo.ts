import type { Tx } from '../../db/client';

// The applicant's store of digitised documents (kho dữ liệu điện tử): kept once per owner and content, offered
// again in later dossiers. Every query on `stored_documents` is here.

/** Whose store: an account, or a walk-in's registry record (an account also sees the records linked to it). */
export interface Owner { userId: string | null; personId: string | null }

/** Keeps a document digitised for a dossier in its applicant's store (once per content). */
export async function keepInStore(db: Tx, tenantId: string, owner: Owner, doc: {
  name: string; contentType: string; size: number; sha256: string; storageKey: string; dossierId: string;
}): Promise<void> {
  if (!owner.userId && !owner.personId) return;
  await db.insertInto('stored_documents').values({
    tenant_id: tenantId, user_id: owner.userId, person_id: owner.userId ? null : owner.personId, name: doc.name, content_type: doc.contentType,
    size: doc.size, sha256: doc.sha256, storage_key: doc.storageKey, source_dossier_id: doc.dossierId,
  }).onConflict((oc) => oc.doNothing()).execute();
}

/** Documents in the store of a signed-in citizen (and of the walk-in records linked to their account). */
export async function storeOf(db: Tx, tenantId: string, owner: Owner) {
  return db.selectFrom('stored_documents as s').leftJoin('dossiers as d', 'd.id', 's.source_dossier_id')
    .select(['s.id', 's.name', 's.content_type', 's.size', 's.created_at', 's.storage_key', 's.sha256', 'd.code as source_code'])
    .where('s.tenant_id', '=', tenantId)
    .where((eb) => eb.or([
      ...(owner.userId ? [eb('s.user_id', '=', owner.userId)] : []),
      ...(owner.personId ? [eb('s.person_id', '=', owner.personId)] : []),
      ...(owner.userId ? [eb('s.person_id', 'in', eb.selectFrom('people').select('id').where('user_id', '=', owner.userId))] : []),
    ]))
    .orderBy('s.created_at', 'desc').execute();
}

export type StoredRow = Awaited<ReturnType<typeof storeOf>>[number];
