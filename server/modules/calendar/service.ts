import { sql } from 'kysely';
import {
  type CalendarDay, DEFAULT_WEEKLY, formatClock, makeCalendar, parseClock, type WeeklySchedule, type WorkCalendar,
} from '../../../common/calendar';
import type { Db, Tx } from '../../db/client';
import type { ClockRange } from '../../db/types';
import type { FieldError } from '../../platform/errors';

/**
 * The working calendars, compiled from the database: the national calendar, and per unit the national
 * calendar over the unit's office hours and closures. Every process reloads when the calendar revision
 * (bumped in the transaction of each edit) changes, so an edit applies to every deadline computed after it.
 */
export interface CalendarProvider {
  forUnit(unitId: string | null): Promise<WorkCalendar>;
  /** Every unit's calendar at the current revision, read synchronously (e.g. inside a transaction,
   *  where a second pool connection must not be needed). */
  snapshot(): Promise<(unitId: string | null) => WorkCalendar>;
}

interface Loaded {
  revision: number;
  national: CalendarDay[];
  schedules: Map<string, WeeklySchedule>;
  closures: Map<string, CalendarDay[]>;
  compiled: Map<string, WorkCalendar>;
}

export function toWeekly(ranges: ClockRange[][]): WeeklySchedule {
  return ranges.map((day) => day.map((r) => ({ start: parseClock(r.start), end: parseClock(r.end) })));
}

export function fromWeekly(weekly: WeeklySchedule): ClockRange[][] {
  return weekly.map((day) => day.map((s) => ({ start: formatClock(s.start), end: formatClock(s.end) })));
}

/** Checks a weekly schedule: 7 days, each with sorted, non-overlapping sessions of valid clock times. */
export function validateWeekly(weekly: ClockRange[][]): FieldError[] {
  const errors: FieldError[] = [];
  if (weekly.length !== 7) return [{ path: '/weekly', message: 'Cần đủ 7 ngày trong tuần (Chủ nhật … Thứ bảy).' }];
  weekly.forEach((day, d) => {
    let prevEnd = -1;
    day.forEach((r, j) => {
      const path = `/weekly/${d}/${j}`;
      let s: number, e: number;
      try { s = parseClock(r.start); e = parseClock(r.end); } catch {
        errors.push({ path, message: 'Giờ phải theo dạng HH:MM.' });
        return;
      }
      if (e <= s) errors.push({ path, message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
      if (s < prevEnd) errors.push({ path, message: 'Các buổi làm việc phải theo thứ tự và không chồng lên nhau.' });
      prevEnd = e;
    });
  });
  if (!weekly.some((d) => d.length > 0)) errors.push({ path: '/weekly', message: 'Đơn vị phải có ít nhất một buổi làm việc trong tuần.' });
  return errors;
}

/** Marks the calendar changed, in the caller's transaction. */
export async function bumpCalendarRevision(trx: Tx): Promise<void> {
  await sql`UPDATE calendar_state SET revision = revision + 1 WHERE id = 1`.execute(trx);
  localEdits++;
}

/** Called once an edit has committed (a check made between the bump and the commit saw the old revision). */
export function calendarEdited(): void {
  localEdits++;
}

/** Edits made by this process: the next read checks the revision at once. */
let localEdits = 0;
/** How long a revision check is trusted: another process's edit shows within this time. */
const REVISION_TTL_MS = 1000;

export async function createCalendarProvider(db: Db): Promise<CalendarProvider> {
  let loaded: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;

  const load = async (revision: number): Promise<Loaded> => {
    const [days, schedules, closures] = await Promise.all([
      db.selectFrom('calendar_days').select(['day', 'kind']).execute(),
      db.selectFrom('unit_schedules').select(['unit_id', 'weekly']).execute(),
      db.selectFrom('unit_closures').select(['unit_id', 'day']).execute(),
    ]);
    const byUnit = new Map<string, CalendarDay[]>();
    for (const c of closures) byUnit.set(c.unit_id, [...(byUnit.get(c.unit_id) ?? []), { day: c.day, kind: 'closure' }]);
    return {
      revision, national: days, schedules: new Map(schedules.map((s) => [s.unit_id, toWeekly(s.weekly)])),
      closures: byUnit, compiled: new Map(),
    };
  };

  let checkedAt = 0;
  let checkedEdits = -1;
  const current = async (): Promise<Loaded> => {
    if (loaded && checkedEdits === localEdits && Date.now() - checkedAt < REVISION_TTL_MS) return loaded;
    const edits = localEdits;
    const { revision } = await db.selectFrom('calendar_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow();
    checkedAt = Date.now();
    checkedEdits = edits;
    const rev = Number(revision);
    if (loaded && loaded.revision === rev) return loaded;
    loading ??= load(rev).finally(() => { loading = undefined; });
    loaded = await loading;
    return loaded;
  };

  await current();
  const pick = (l: Loaded, unitId: string | null) => {
    // Units without their own hours or closures share the national calendar.
    const key = unitId && (l.schedules.has(unitId) || l.closures.has(unitId)) ? unitId : '';
    let cal = l.compiled.get(key);
    if (!cal) {
      cal = key
        ? makeCalendar([...l.national, ...(l.closures.get(key) ?? [])], l.schedules.get(key) ?? DEFAULT_WEEKLY)
        : makeCalendar(l.national);
      l.compiled.set(key, cal);
    }
    return cal;
  };
  return {
    async forUnit(unitId) {
      return pick(await current(), unitId);
    },
    async snapshot() {
      const l = await current();
      return (unitId) => pick(l, unitId);
    },
  };
}
