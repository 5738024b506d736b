import type { UnitRow } from './repo';

/** A unit as anyone sees it. */
export const presentUnit = (u: UnitRow) => ({
  id: u.id, code: u.code, name: u.name, level: u.level_code, parentId: u.parent_id, agencyCode: u.agency_code,
});

/** A unit as its tenant's admin sees it (with its contact details). */
export const presentAdminUnit = (u: UnitRow) => ({ ...presentUnit(u), address: u.address, phone: u.phone });
