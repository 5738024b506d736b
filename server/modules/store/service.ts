import type { AppDeps } from '../../deps';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import { presentStored } from './present';
import { storeOf } from './repo';

/** The caller's own store (and that of the walk-in records linked to their account). */
export async function myDocuments(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  return { items: (await storeOf(deps.db, actor.tenantId, { userId: actor.userId, personId: null })).map(presentStored) };
}

/** One document of the caller's store, to download; 404 for anyone else's. */
export async function myDocument(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string) {
  const doc = (await storeOf(deps.db, actor.tenantId, { userId: actor.userId, personId: null })).find((x) => x.id === id);
  if (!doc) throw notFound('document_not_found', 'Không tìm thấy giấy tờ trong kho của bạn.');
  return doc;
}
