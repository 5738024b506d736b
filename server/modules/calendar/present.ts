import { formatClock, yearDays, type WorkCalendar } from '../../../common/calendar';
import type { ClockRange } from '../../db/types';

/** Every day of a year on a calendar, named from the national list and the unit's closures (the unit's win). */
export function presentYear(
  year: number, unitId: string | null, cal: WorkCalendar,
  named: { national: { day: string; name: string }[]; closures: { day: string; name: string }[] },
) {
  const names = new Map<string, { name: string; source: 'national' | 'unit' }>(named.national.map((d) => [d.day, { name: d.name, source: 'national' }]));
  for (const c of named.closures) names.set(c.day, { name: c.name, source: 'unit' });
  return {
    year, unitId,
    days: yearDays(year, cal).map((d) => ({
      date: d.date, kind: d.kind, name: names.get(d.date)?.name ?? null, source: names.get(d.date)?.source ?? null,
      sessions: d.sessions.map((s) => ({ start: formatClock(s.start), end: formatClock(s.end) })),
    })),
  };
}

/** A unit's office hours and closures as the admin edits them. */
export function presentUnitCalendar(unitId: string, weekly: ClockRange[][], closures: { day: string; name: string }[]) {
  return { unitId, weekly, closures: closures.map((c) => ({ date: c.day, name: c.name })) };
}
