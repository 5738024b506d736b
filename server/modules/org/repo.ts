import type { Tx } from '../../db/client';

// The organisation: tenants (provinces), their units and the administrative levels. Every query on these
// tables is here; other modules ask through these functions.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Units of one tenant when given, by level (province first) then name, or by code. */
export async function listUnits(db: Tx, tenantId?: string, order: 'level' | 'code' = 'level') {
  let q = db.selectFrom('units as u').innerJoin('unit_levels as l', 'l.code', 'u.level_code')
    .select(['u.id', 'u.code', 'u.name', 'u.level_code', 'u.parent_id', 'u.agency_code', 'u.address', 'u.phone']);
  if (tenantId) q = q.where('u.tenant_id', '=', tenantId);
  return (order === 'code' ? q.orderBy('u.code') : q.orderBy('l.rank').orderBy('u.name')).execute();
}
export type UnitRow = Awaited<ReturnType<typeof listUnits>>[number];

/** A unit by id (of one tenant when given); undefined for an unknown or malformed id. */
export async function findUnit(db: Tx, id: string, tenantId?: string) {
  if (!UUID.test(id)) return undefined;
  let q = db.selectFrom('units').select(['id', 'tenant_id', 'code', 'name']).where('id', '=', id);
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return q.executeTakeFirst();
}

/** The ids among `ids` that are units of the tenant (malformed ids are simply not found). */
export async function unitIdsIn(db: Tx, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const wellFormed = ids.filter((id) => UUID.test(id));
  if (!wellFormed.length) return new Set();
  const rows = await db.selectFrom('units').select('id').where('tenant_id', '=', tenantId).where('id', 'in', wellFormed).execute();
  return new Set(rows.map((r) => r.id));
}

/** Every unit of a tenant by code (imports name units by code). */
export async function unitsByCode(db: Tx, tenantId: string) {
  return db.selectFrom('units').select(['id', 'code']).where('tenant_id', '=', tenantId).execute();
}

/** The administrative levels (province, commune…). */
export async function listLevels(db: Tx) {
  return db.selectFrom('unit_levels').select(['code', 'name']).execute();
}

/** The unit with what its printed forms are headed with: parent unit and tenant names. */
export async function unitHeading(db: Tx, unitId: string) {
  return db.selectFrom('units as u').leftJoin('units as p', 'p.id', 'u.parent_id').innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.name', 'u.phone', 'u.address', 'p.name as parent_name', 'u.level_code', 't.name as tenant_name'])
    .where('u.id', '=', unitId).executeTakeFirstOrThrow();
}

/** The first tenant (self-registration creates citizens there), if the database has one. */
export async function firstTenant(db: Tx) {
  return db.selectFrom('tenants').select('id').orderBy('created_at').executeTakeFirst();
}
