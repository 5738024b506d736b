import type { StoredRow } from './repo';

/** A stored document as its owner (or an officer with consent) sees it. */
export const presentStored = (r: StoredRow) => ({
  id: r.id, name: r.name, contentType: r.content_type, size: Number(r.size), createdAt: r.created_at.toISOString(), sourceDossierCode: r.source_code,
});
