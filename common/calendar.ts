// Legal working time, as pure functions. Vietnam is UTC+7 with no DST, so every computation
// shifts instants by +7 h and reads UTC fields: the server's own time zone never matters.
//
// This is the walking skeleton's calendar (sessions, weekends, holidays, swapped days, cut-off).
// The legal-time issue extends it (unit office hours, closures, precomputed day ordinals).

export const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** A working session in minutes after local midnight, e.g. 08:00–12:00 = {start: 480, end: 720}. */
export interface Session { start: number; end: number }

export interface WorkCalendar {
  /** Weekdays that are not worked (holidays, compensatory and swapped-off days), as YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
  /** Saturdays/Sundays made working days, as YYYY-MM-DD. */
  workingWeekends: ReadonlySet<string>;
  /** Office sessions of a working day, in order. */
  sessions: readonly Session[];
}

export const DEFAULT_SESSIONS: readonly Session[] = [
  { start: 8 * 60, end: 12 * 60 },
  { start: 13 * 60, end: 17 * 60 },
];

/** Working minutes in one legal working day ("tính mỗi ngày 08 giờ làm việc"). */
export const MINUTES_PER_WORKING_DAY = 8 * 60;

export function makeCalendar(
  days: Iterable<{ day: string; kind: 'holiday' | 'swapped_working' }>,
  sessions: readonly Session[] = DEFAULT_SESSIONS,
): WorkCalendar {
  const holidays = new Set<string>();
  const workingWeekends = new Set<string>();
  for (const d of days) (d.kind === 'holiday' ? holidays : workingWeekends).add(d.day);
  return { holidays, workingWeekends, sessions };
}

/** Local (Vietnam) date string of an instant. */
export function vnDate(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Instant of a local (Vietnam) date at `minutes` after midnight. */
export function vnInstant(date: string, minutes = 0): number {
  return Date.parse(`${date}T00:00:00Z`) - VN_OFFSET_MS + minutes * 60_000;
}

function localMinutes(ms: number): number {
  const d = new Date(ms + VN_OFFSET_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60 + d.getUTCMilliseconds() / 60000;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** True when the local date is a working day of the calendar. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (dow === 0 || dow === 6) return cal.workingWeekends.has(date);
  return !cal.holidays.has(date);
}

function nextWorkingDay(date: string, cal: WorkCalendar): string {
  let d = addDays(date, 1);
  for (let i = 0; i < 3660 && !isWorkingDay(d, cal); i++) d = addDays(d, 1);
  return d;
}

function firstSessionStart(date: string, cal: WorkCalendar): number {
  return vnInstant(date, cal.sessions[0]!.start);
}

/**
 * The moment the legal clock starts for a dossier received at `at`: the same instant when it falls
 * in office hours before the cut-off; otherwise the start of the next working session
 * (after the cut-off, after closing or on a rest day: the next working day's opening).
 */
export function effectiveStart(at: number, cal: WorkCalendar, cutOffMinutes?: number): number {
  const date = vnDate(at);
  const min = localMinutes(at);
  const last = cal.sessions[cal.sessions.length - 1]!;
  if (!isWorkingDay(date, cal) || min >= last.end || (cutOffMinutes !== undefined && min >= cutOffMinutes)) {
    return firstSessionStart(nextWorkingDay(date, cal), cal);
  }
  for (const s of cal.sessions) {
    if (min < s.start) return vnInstant(date, s.start);
    if (min < s.end) return at;
  }
  return firstSessionStart(nextWorkingDay(date, cal), cal);
}

/** Adds `minutes` of working time to `start` (which should already be an effective start). */
export function addWorkingMinutes(start: number, minutes: number, cal: WorkCalendar): number {
  let at = effectiveStart(start, cal);
  let left = minutes;
  for (let guard = 0; guard < 100_000; guard++) {
    const date = vnDate(at);
    const min = localMinutes(at);
    for (const s of cal.sessions) {
      if (min >= s.end) continue;
      const from = Math.max(min, s.start);
      const room = s.end - from;
      if (left <= room) return vnInstant(date, from + left);
      left -= room;
    }
    at = firstSessionStart(nextWorkingDay(date, cal), cal);
  }
  throw new Error('addWorkingMinutes: calendar has no working time');
}

/** Working minutes between two instants (0 when `to` ≤ `from`). */
export function workingMinutesBetween(from: number, to: number, cal: WorkCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  let date = vnDate(from);
  const endDate = vnDate(to);
  for (let guard = 0; guard < 100_000; guard++) {
    if (isWorkingDay(date, cal)) {
      for (const s of cal.sessions) {
        const a = Math.max(vnInstant(date, s.start), from);
        const b = Math.min(vnInstant(date, s.end), to);
        if (b > a) total += (b - a) / 60_000;
      }
    }
    if (date >= endDate) return total;
    date = addDays(date, 1);
  }
  return total;
}

export type TimeUnit = 'day' | 'hour';

/**
 * Due instant for a processing time counted from an effective start: `amount` working days
 * (8 working hours each) or working hours. Zero days means "trong ngày": the end of that working day.
 */
export function dueAt(effective: number, amount: number, unit: TimeUnit, cal: WorkCalendar): number {
  if (amount === 0) {
    const date = vnDate(effective);
    return vnInstant(date, cal.sessions[cal.sessions.length - 1]!.end);
  }
  const minutes = unit === 'day' ? amount * MINUTES_PER_WORKING_DAY : amount * 60;
  return addWorkingMinutes(effective, minutes, cal);
}

/** Parses "HH:MM" into minutes after midnight. */
export function parseClock(hhmm: string): number {
  const m = /^([0-2]\d):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`invalid time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export type DeadlineState = 'within' | 'due_soon' | 'overdue' | 'early' | 'on_time' | 'late';

/**
 * Classifies a dossier against its due date. Finished: compared by local date (early / on time / late).
 * In progress: overdue past `due`, due soon within `soonMinutes` working minutes of it.
 */
export function classify(
  due: number, now: number, completed: number | null, cal: WorkCalendar, soonMinutes = MINUTES_PER_WORKING_DAY,
): DeadlineState {
  if (completed !== null) {
    const c = vnDate(completed);
    const d = vnDate(due);
    return c < d ? 'early' : c === d ? 'on_time' : 'late';
  }
  if (now > due) return 'overdue';
  return workingMinutesBetween(now, due, cal) <= soonMinutes ? 'due_soon' : 'within';
}
