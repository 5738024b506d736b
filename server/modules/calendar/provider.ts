import {
  type CalendarDay, DEFAULT_WEEKLY, formatClock, makeCalendar, parseClock, type WeeklySchedule, type WorkCalendar,
} from '../../../common/calendar';
import type { Db } from '../../db/client';
import type { ClockRange } from '../../db/types';
import { calendarRevision, loadCalendarTables } from './repo';

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

/** Stored office hours ("08:00"–"12:00") as minutes of the day. */
export function toWeekly(ranges: ClockRange[][]): WeeklySchedule {
  return ranges.map((day) => day.map((r) => ({ start: parseClock(r.start), end: parseClock(r.end) })));
}

/** Office hours as they are stored and shown ("08:00"–"12:00"). */
export function fromWeekly(weekly: WeeklySchedule): ClockRange[][] {
  return weekly.map((day) => day.map((s) => ({ start: formatClock(s.start), end: formatClock(s.end) })));
}

/** Edits made by this process: the next read checks the revision at once. */
let localEdits = 0;
/** How long a revision check is trusted: another process's edit shows within this time. */
const REVISION_TTL_MS = 1000;

/** Tells this process's providers that the calendar changed: before the commit (the bump) and once it has
 *  committed (a check made between the two saw the old revision). */
export function calendarEdited(): void {
  localEdits++;
}

/** Loads the calendars and keeps them compiled, reloading when the revision moves. */
export async function createCalendarProvider(db: Db): Promise<CalendarProvider> {
  let loaded: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;

  const load = async (revision: number): Promise<Loaded> => {
    const { days, schedules, closures } = await loadCalendarTables(db);
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
    const rev = await calendarRevision(db);
    checkedAt = Date.now();
    checkedEdits = edits;
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
