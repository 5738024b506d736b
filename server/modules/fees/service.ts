import type { Db } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { forbidden } from '../../platform/errors';
import { loadReadable } from '../dossiers/service';
import { insertFee } from './repo';

/** Records a fee collected at the desk for a dossier, with its receipt number (unique in the tenant). */
export async function collectFee(deps: { db: Db; now: () => number }, actor: Actor, dossierId: string, f: { name: string; amount: number; receiptNumber: string }) {
  const d = await loadReadable(deps.db, actor, dossierId);
  if (!actor.roles.some((r) => r.role === 'desk' && (r.unitId === d.receiving_unit_id || r.unitId === d.unit_id))) {
    throw forbidden('Chỉ Bộ phận một cửa mới thu phí, lệ phí.');
  }
  return deps.db.transaction().execute((trx) => insertFee(trx, actor, d.id, f, deps.now()));
}

