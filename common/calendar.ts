// Legal working time as pure, deterministic functions, used by the server and the web app.
//
// Vietnam is UTC+7 with no DST: every computation shifts instants by +7 h and works on whole local days,
// so results never depend on the machine's time zone. A calendar is compiled once from its data
// (national holidays and swapped days, a unit's weekly office sessions and closures) into arrays over
// 2000–2100: for every day, how many working days precede it (`ord`), and for every working day, how
// many working minutes precede it (`cum`). Deadlines are then arithmetic on those arrays — no loops
// over dates — which is what makes millions of computations per second possible.

export const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const FIRST_DAY = Date.UTC(2000, 0, 1) / DAY_MS; // day number of 2000-01-01
const LAST_YEAR = 2100;
const DAYS = Date.UTC(LAST_YEAR + 1, 0, 1) / DAY_MS - FIRST_DAY;

/** A working session in minutes after local midnight, e.g. 08:00–12:00 = {start: 480, end: 720}. */
export interface Session { start: number; end: number }
/** Office sessions for each weekday, index 0 = Sunday … 6 = Saturday. */
export type WeeklySchedule = readonly (readonly Session[])[];

/** Default office hours: 08:00–12:00 and 13:00–17:00 (8 working hours), Monday to Friday. */
export const DEFAULT_SESSIONS: readonly Session[] = [
  { start: 8 * 60, end: 12 * 60 },
  { start: 13 * 60, end: 17 * 60 },
];
export const DEFAULT_WEEKLY: WeeklySchedule = [[], DEFAULT_SESSIONS, DEFAULT_SESSIONS, DEFAULT_SESSIONS, DEFAULT_SESSIONS, DEFAULT_SESSIONS, []];

/** Working minutes in one legal working day ("tính mỗi ngày 08 giờ làm việc"). */
export const MINUTES_PER_WORKING_DAY = 8 * 60;

export type DayKind = 'holiday' | 'swapped_working' | 'closure';
export interface CalendarDay { day: string; kind: DayKind }

/** A compiled working calendar. Build with `makeCalendar`; treat as opaque. */
export interface WorkCalendar {
  readonly weekly: WeeklySchedule;
  /** Sessions of each day of the range (empty = not a working day). */
  readonly sessions: (readonly Session[])[];
  /** ord[i]: working days before day i (length DAYS + 1). */
  readonly ord: Int32Array;
  /** work[k]: day index of the k-th working day. */
  readonly work: Int32Array;
  /** cum[k]: working minutes before the k-th working day (length work.length + 1). */
  readonly cum: Float64Array;
  readonly kinds: Map<number, DayKind>;
}

function weekdaySessions(weekly: WeeklySchedule): readonly Session[] {
  // A Saturday or Sunday made a working day follows the normal weekday schedule.
  for (let d = 1; d <= 5; d++) if (weekly[d]!.length) return weekly[d]!;
  return DEFAULT_SESSIONS;
}

/** Index of a local date "YYYY-MM-DD" in the calendar range. */
export function dayIndexOfDate(date: string): number {
  const i = Date.parse(`${date}T00:00:00Z`) / DAY_MS - FIRST_DAY;
  if (!Number.isInteger(i) || i < 0 || i >= DAYS) throw new RangeError(`date outside 2000–${LAST_YEAR}: ${date}`);
  return i;
}

function dateOfIndex(i: number): string {
  return new Date((i + FIRST_DAY) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Compiles a calendar: national `days` (holiday = weekday not worked; swapped_working = weekend day
 * worked; closure = a unit's own day off) over a weekly schedule of office sessions.
 */
export function makeCalendar(days: Iterable<CalendarDay>, weekly: WeeklySchedule = DEFAULT_WEEKLY): WorkCalendar {
  const kinds = new Map<number, DayKind>();
  for (const d of days) {
    const i = dayIndexOfDate(d.day);
    // A unit closure wins over a national swapped working day.
    if (d.kind === 'closure' || !kinds.has(i)) kinds.set(i, d.kind);
  }
  const swapped = weekdaySessions(weekly);
  const sessions: (readonly Session[])[] = new Array(DAYS);
  const ord = new Int32Array(DAYS + 1);
  const work: number[] = [];
  const cum: number[] = [0];
  for (let i = 0; i < DAYS; i++) {
    const dow = (i + FIRST_DAY + 4) % 7; // 1970-01-01 was a Thursday
    const kind = kinds.get(i);
    let s: readonly Session[] = weekly[dow]!;
    if (kind === 'holiday' || kind === 'closure') s = [];
    else if (kind === 'swapped_working' && s.length === 0) s = swapped;
    sessions[i] = s;
    ord[i] = work.length;
    if (s.length) {
      work.push(i);
      let len = 0;
      for (const x of s) len += x.end - x.start;
      cum.push(cum[cum.length - 1]! + len);
    }
  }
  ord[DAYS] = work.length;
  return { weekly, sessions, ord, work: Int32Array.from(work), cum: Float64Array.from(cum), kinds };
}

const dayIndex = (ms: number) => {
  const i = Math.floor((ms + VN_OFFSET_MS) / DAY_MS) - FIRST_DAY;
  if (i < 0 || i >= DAYS) throw new RangeError(`instant outside 2000–${LAST_YEAR}: ${ms}`);
  return i;
};
const minuteOfDay = (ms: number, i: number) => (ms + VN_OFFSET_MS - (i + FIRST_DAY) * DAY_MS) / MIN_MS;
const instantOf = (i: number, minute: number) => (i + FIRST_DAY) * DAY_MS - VN_OFFSET_MS + minute * MIN_MS;

/** Local (Vietnam) date string of an instant. */
export function vnDate(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Instant of a local (Vietnam) date at `minutes` after midnight. */
export function vnInstant(date: string, minutes = 0): number {
  return Date.parse(`${date}T00:00:00Z`) - VN_OFFSET_MS + minutes * MIN_MS;
}

/** ISO 8601 with the +07:00 offset, as printed for people and integrators. */
export function vnIso(ms: number): string {
  return `${new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** True when the local date is a working day of the calendar. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  return cal.sessions[dayIndexOfDate(date)]!.length > 0;
}

/** What a date is on a calendar, as shown to people. */
export const CALENDAR_DAY_KINDS = ['working', 'weekend', 'holiday', 'swapped_working'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** The kind of a local date: working, weekend, holiday (incl. unit closures) or swapped working day. */
export function kindOfDay(date: string, cal: WorkCalendar): CalendarDayKind {
  const i = dayIndexOfDate(date);
  const k = cal.kinds.get(i);
  if (cal.sessions[i]!.length) return k === 'swapped_working' ? 'swapped_working' : 'working';
  return k === 'holiday' || k === 'closure' ? 'holiday' : 'weekend';
}

function nextWorkingStart(i: number, cal: WorkCalendar): number {
  const k = cal.ord[i + 1]!;
  if (k >= cal.work.length) throw new RangeError('no working day left in the calendar range');
  const d = cal.work[k]!;
  return instantOf(d, cal.sessions[d]![0]!.start);
}

/**
 * The moment the legal clock starts for a dossier received at `at`: the same instant inside office
 * hours before the cut-off; otherwise the start of the next working session (after the cut-off, after
 * closing or on a rest day: the next working day's opening).
 */
export function effectiveStart(at: number, cal: WorkCalendar, cutOffMinutes?: number): number {
  const i = dayIndex(at);
  const s = cal.sessions[i]!;
  if (!s.length) return nextWorkingStart(i, cal);
  const m = minuteOfDay(at, i);
  if ((cutOffMinutes !== undefined && m >= cutOffMinutes) || m >= s[s.length - 1]!.end) return nextWorkingStart(i, cal);
  for (const x of s) {
    if (m < x.start) return instantOf(i, x.start);
    if (m < x.end) return at;
  }
  return nextWorkingStart(i, cal);
}

/** Working minutes from the start of the calendar range to `at` (a rest moment counts as the next working one). */
function position(at: number, cal: WorkCalendar): number {
  const i = dayIndex(at);
  const k = cal.ord[i]!;
  const s = cal.sessions[i]!;
  if (!s.length) return cal.cum[k]!;
  const m = minuteOfDay(at, i);
  let done = 0;
  for (const x of s) {
    if (m <= x.start) break;
    done += Math.min(m, x.end) - x.start;
    if (m < x.end) break;
  }
  return cal.cum[k]! + done;
}

/** The instant at working-minute position `p` (> 0); a position on a day boundary is that day's closing time. */
function instantAt(p: number, cal: WorkCalendar): number {
  const cum = cal.cum;
  let lo = 0, hi = cal.work.length - 1;
  if (p > cum[hi + 1]!) throw new RangeError('deadline beyond the calendar range');
  while (lo < hi) { // largest k with cum[k] < p
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid]! < p) lo = mid; else hi = mid - 1;
  }
  return clockOnWorkingDay(lo, p - cum[lo]!, cal);
}

/** The instant `offset` working minutes into the k-th working day (0 < offset ≤ its length). */
function clockOnWorkingDay(k: number, offset: number, cal: WorkCalendar): number {
  const d = cal.work[k]!;
  let left = offset;
  for (const x of cal.sessions[d]!) {
    if (left <= x.end - x.start) return instantOf(d, x.start + left);
    left -= x.end - x.start;
  }
  const s = cal.sessions[d]!;
  return instantOf(d, s[s.length - 1]!.end);
}

/** True when `at` is exactly the close of one of its day's sessions (a deadline may sit there). */
function atSessionEnd(at: number, cal: WorkCalendar): boolean {
  const i = dayIndex(at);
  const m = minuteOfDay(at, i);
  return cal.sessions[i]!.some((s) => s.end === m);
}

/** Adding nothing: the instant itself when it is a closing time, else its effective start. */
function addNothing(start: number, cal: WorkCalendar): number {
  return atSessionEnd(start, cal) ? start : effectiveStart(start, cal);
}

/** Adds `minutes` of working time to `start` (counted from its effective start, without cut-off). */
export function addWorkingMinutes(start: number, minutes: number, cal: WorkCalendar): number {
  if (minutes <= 0) return addNothing(start, cal);
  const from = effectiveStart(start, cal);
  return instantAt(position(from, cal) + minutes, cal);
}

/**
 * Adds `days` working days to `start`: the same point of the working day, `days` working days later
 * (a start at opening time ends at the closing time of the day before — the same working moment).
 */
export function addWorkingDays(start: number, days: number, cal: WorkCalendar): number {
  if (days <= 0) return addNothing(start, cal);
  const from = effectiveStart(start, cal);
  const i = dayIndex(from);
  const k = cal.ord[i]!;
  const offset = position(from, cal) - cal.cum[k]!;
  const target = k + days;
  if (target >= cal.work.length) throw new RangeError('deadline beyond the calendar range');
  if (offset === 0) return clockOnWorkingDay(target - 1, cal.cum[target]! - cal.cum[target - 1]!, cal);
  const len = cal.cum[target + 1]! - cal.cum[target]!;
  return clockOnWorkingDay(target, Math.min(offset, len), cal);
}

/** Working minutes between two instants (0 when `to` ≤ `from`). */
export function workingMinutesBetween(from: number, to: number, cal: WorkCalendar): number {
  return to <= from ? 0 : Math.max(0, position(to, cal) - position(from, cal));
}

export type TimeUnit = 'day' | 'hour';

/**
 * Due instant for a processing time counted from an effective start: `amount` working days or working
 * hours. Zero days means "trong ngày": the close of that working day.
 */
export function dueAt(effective: number, amount: number, unit: TimeUnit, cal: WorkCalendar): number {
  if (unit === 'hour') return addWorkingMinutes(effective, amount * 60, cal);
  if (amount === 0) {
    const from = effectiveStart(effective, cal);
    const i = dayIndex(from);
    const s = cal.sessions[i]!;
    return instantOf(i, s[s.length - 1]!.end);
  }
  // Fractional days (e.g. 0.5) are counted as working hours of a legal 8-hour day.
  if (!Number.isInteger(amount)) return addWorkingMinutes(effective, amount * MINUTES_PER_WORKING_DAY, cal);
  return addWorkingDays(effective, amount, cal);
}

/** Parses "HH:MM" into minutes after midnight. */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`invalid time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Formats minutes after midnight as "HH:MM". */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A dossier's standing against its due date: running (within, due soon, overdue) or finished (early, on time, late). */
export const DEADLINE_STATES = ['within', 'due_soon', 'overdue', 'early', 'on_time', 'late'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

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

/** Working minutes left until `due` (negative when overdue), as officers count them. */
export function remainingMinutes(due: number, now: number, cal: WorkCalendar): number {
  return now <= due ? workingMinutesBetween(now, due, cal) : -workingMinutesBetween(due, now, cal);
}

/** "Còn 2 ngày 3 giờ" / "Quá 1 ngày 2 giờ" (1 day = 8 working hours). */
export function formatRemainingVi(minutes: number): string {
  const abs = Math.abs(Math.round(minutes));
  const days = Math.floor(abs / MINUTES_PER_WORKING_DAY);
  const hours = Math.floor((abs % MINUTES_PER_WORKING_DAY) / 60);
  const mins = abs % 60;
  const parts = [days ? `${days} ngày` : '', hours ? `${hours} giờ` : '', !days && !hours ? `${mins} phút` : ''].filter(Boolean);
  return `${minutes < 0 ? 'Quá' : 'Còn'} ${parts.join(' ')}`;
}

/** Every date of a year with its kind and sessions, for calendar screens and the API. */
export function yearDays(year: number, cal: WorkCalendar) {
  const out: { date: string; kind: ReturnType<typeof kindOfDay>; sessions: readonly Session[] }[] = [];
  const first = dayIndexOfDate(`${year}-01-01`);
  const last = dayIndexOfDate(`${year}-12-31`);
  for (let i = first; i <= last; i++) {
    const date = dateOfIndex(i);
    out.push({ date, kind: kindOfDay(date, cal), sessions: cal.sessions[i]! });
  }
  return out;
}
