/** Shared helpers of the working-calendar screens. */
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { CalendarDay, CalendarDayKind, WorkSession } from '../../api/types';
import { formatDateTime, weekdayOf } from '../../lib/format';

/** What a day cell shows: the server's kind, or a unit's own closure. */
export type DisplayKind = CalendarDayKind | 'closure';

export const DISPLAY_KINDS: DisplayKind[] = ['working', 'weekend', 'holiday', 'swapped_working', 'closure'];

export const KIND_TAG_COLORS: Record<DisplayKind, string> = {
  working: 'default',
  weekend: 'default',
  holiday: 'red',
  swapped_working: 'green',
  closure: 'orange',
};

/** A unit closure is a non-working day coming from the unit (or listed in its closures). */
export function displayKind(day: CalendarDay, closures: Map<string, string>): DisplayKind {
  if (closures.has(day.date)) return 'closure';
  if (day.source === 'unit' && day.kind === 'holiday') return 'closure';
  return day.kind;
}

/** Today's date (YYYY-MM-DD) in Vietnam time. */
export function todayVn(): string {
  return dayjs().utcOffset(7 * 60).format('YYYY-MM-DD');
}

/** The current year in Vietnam time. */
export function currentYearVn(): number {
  return dayjs().utcOffset(7 * 60).year();
}

/** Years offered by the year picker: at least 2025–2027 and two years either side of today. */
export function yearOptions(): number[] {
  const cur = currentYearVn();
  const from = Math.min(2025, cur - 2);
  const to = Math.max(2027, cur + 2);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "Thứ Hai, 05/01/2026" for a YYYY-MM-DD date. */
export function formatDayLong(t: TFunction, date: string): string {
  const [y, m, d] = date.split('-');
  return `${t(`calendar.weekday${weekdayOf(date)}`)}, ${d}/${m}/${y}`;
}

/** "Thứ Hai, 05/01/2026 08:00" for an instant, in Vietnam time. */
export function formatInstantLong(t: TFunction, iso: string): string {
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return `${t(`calendar.weekday${d.utcOffset(7 * 60).day()}`)}, ${formatDateTime(iso)}`;
}

/** "08:00–12:00, 13:00–17:00". */
export function formatSessions(sessions: WorkSession[]): string {
  return sessions.map((s) => `${s.start}–${s.end}`).join(', ');
}

/** Weekday indexes (0 = Sunday) in Monday-first order. */
export const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];
