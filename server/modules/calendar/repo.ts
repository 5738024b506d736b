import { sql } from 'kysely';
import type { Tx } from '../../db/client';
import type { ClockRange } from '../../db/types';

// Every query on the calendar tables: national days (holidays, swapped working days), each unit's office
// hours and closures, and the revision that tells every process to reload.

/** Everything a compiled calendar needs, for every unit at once. */
export async function loadCalendarTables(db: Tx) {
  const [days, schedules, closures] = await Promise.all([
    db.selectFrom('calendar_days').select(['day', 'kind']).execute(),
    db.selectFrom('unit_schedules').select(['unit_id', 'weekly']).execute(),
    db.selectFrom('unit_closures').select(['unit_id', 'day']).execute(),
  ]);
  return { days, schedules, closures };
}

/** The calendar's current revision. */
export async function calendarRevision(db: Tx): Promise<number> {
  const { revision } = await db.selectFrom('calendar_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(revision);
}

/** Marks the calendar changed, in the caller's transaction. */
export async function bumpRevision(trx: Tx): Promise<void> {
  await sql`UPDATE calendar_state SET revision = revision + 1 WHERE id = 1`.execute(trx);
}

/** The national days of a year and, for a unit, its closures (named days). */
export async function namedDaysOfYear(db: Tx, year: number, unitId: string | null) {
  const [national, closures] = await Promise.all([
    db.selectFrom('calendar_days').select(['day', 'name']).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute(),
    unitId
      ? db.selectFrom('unit_closures').select(['day', 'name']).where('unit_id', '=', unitId).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute()
      : [],
  ]);
  return { national, closures };
}

/** Sets a national day (a new one, or a new kind or name for an existing one). */
export async function upsertCalendarDay(trx: Tx, row: { day: string; kind: 'holiday' | 'swapped_working'; name: string; mark: string }): Promise<void> {
  await trx.insertInto('calendar_days').values(row)
    .onConflict((oc) => oc.column('day').doUpdateSet({ kind: row.kind, name: row.name, mark: row.mark })).execute();
}

/** Removes a national day; whether there was one. */
export async function deleteCalendarDay(trx: Tx, day: string): Promise<boolean> {
  const r = await trx.deleteFrom('calendar_days').where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A unit's own office hours (none: it keeps the national ones) and closures. */
export async function unitSchedule(db: Tx, unitId: string) {
  const [sched, closures] = await Promise.all([
    db.selectFrom('unit_schedules').select('weekly').where('unit_id', '=', unitId).executeTakeFirst(),
    db.selectFrom('unit_closures').select(['day', 'name']).where('unit_id', '=', unitId).orderBy('day').execute(),
  ]);
  return { weekly: sched?.weekly ?? null, closures };
}

/** Replaces a unit's office hours and closures. */
export async function replaceUnitSchedule(
  trx: Tx, unit: { id: string; tenant_id: string }, weekly: ClockRange[][], closures: { day: string; name: string }[],
): Promise<void> {
  await trx.insertInto('unit_schedules').values({ unit_id: unit.id, tenant_id: unit.tenant_id, weekly: JSON.stringify(weekly) })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet({ weekly: JSON.stringify(weekly), updated_at: new Date() })).execute();
  await trx.deleteFrom('unit_closures').where('unit_id', '=', unit.id).execute();
  if (closures.length) {
    await trx.insertInto('unit_closures').values(closures.map((c) => ({ unit_id: unit.id, tenant_id: unit.tenant_id, day: c.day, name: c.name }))).execute();
  }
}
