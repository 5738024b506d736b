import { describe, expect, it } from 'vitest';
import { classify, dueAt, effectiveStart, makeCalendar, vnInstant, workingMinutesBetween, addWorkingMinutes } from './calendar';

// 2026 official days off around Tết (Lai Châu CV 6620/UBND-VX relaying the national notice):
// Mon 16 – Fri 20 Feb; Giỗ Tổ compensatory Mon 27 Apr; 30 Apr, 1 May; 31 Aug (swapped), 1–2 Sep; make-up Sat 22 Aug.
const cal = makeCalendar([
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01',
    '2026-08-31', '2026-09-01', '2026-09-02'].map((day) => ({ day, kind: 'holiday' as const })),
  { day: '2026-08-22', kind: 'swapped_working' as const },
]);
const at = (date: string, hhmm: string) => vnInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const iso = (ms: number) => new Date(ms).toISOString();

describe('effective start of the legal clock', () => {
  it('runs from the instant of reception inside office hours before the cut-off', () => {
    expect(effectiveStart(at('2026-03-10', '09:15'), cal, 15 * 60)).toBe(at('2026-03-10', '09:15'));
  });
  it('moves a dossier received after 15:00 to the next working morning', () => {
    expect(effectiveStart(at('2026-03-10', '15:30'), cal, 15 * 60)).toBe(at('2026-03-11', '08:00'));
  });
  it('moves a Friday-evening online submission before Tết to the first working day after it', () => {
    expect(effectiveStart(at('2026-02-13', '20:00'), cal, 15 * 60)).toBe(at('2026-02-23', '08:00'));
  });
  it('starts at the afternoon session for a submission in the lunch break', () => {
    expect(effectiveStart(at('2026-03-10', '12:20'), cal)).toBe(at('2026-03-10', '13:00'));
  });
  it('counts a make-up Saturday as a working day', () => {
    expect(effectiveStart(at('2026-08-22', '07:00'), cal)).toBe(at('2026-08-22', '08:00'));
  });
});

describe('due date', () => {
  it('adds working days at the same time of day, skipping weekends', () => {
    // Thu 12 Mar 10:00 + 3 working days = Tue 17 Mar 10:00
    expect(iso(dueAt(at('2026-03-12', '10:00'), 3, 'day', cal))).toBe(iso(at('2026-03-17', '10:00')));
  });
  it('skips the Tết holiday week', () => {
    // Fri 13 Feb 09:00 + 1 working day → Mon 23 Feb 09:00 (16–20 Feb off, 21–22 weekend)
    expect(iso(dueAt(at('2026-02-13', '09:00'), 1, 'day', cal))).toBe(iso(at('2026-02-23', '09:00')));
  });
  it('skips 30/4–1/5 and the Giỗ Tổ compensatory day', () => {
    // Fri 24 Apr 14:00: +1 wd = Tue 28 Apr (Mon 27 off); +3 wd = Mon 4 May (30/4, 1/5 and the weekend off)
    expect(iso(dueAt(at('2026-04-24', '14:00'), 1, 'day', cal))).toBe(iso(at('2026-04-28', '14:00')));
    expect(iso(dueAt(at('2026-04-24', '14:00'), 3, 'day', cal))).toBe(iso(at('2026-05-04', '14:00')));
  });
  it('ends a same-day procedure at the close of the effective day', () => {
    expect(iso(dueAt(at('2026-03-10', '09:00'), 0, 'day', cal))).toBe(iso(at('2026-03-10', '17:00')));
  });
  it('counts working hours across the lunch break and the night', () => {
    // 16:00 + 3 h = next day 10:00
    expect(iso(dueAt(at('2026-03-10', '16:00'), 3, 'hour', cal))).toBe(iso(at('2026-03-11', '10:00')));
    // 11:00 + 2 h = 14:00 (lunch 12–13 not counted)
    expect(iso(dueAt(at('2026-03-10', '11:00'), 2, 'hour', cal))).toBe(iso(at('2026-03-10', '14:00')));
  });
  it('ends exactly at closing rather than the next opening', () => {
    expect(iso(addWorkingMinutes(at('2026-03-10', '16:00'), 60, cal))).toBe(iso(at('2026-03-10', '17:00')));
  });
});

describe('working time between instants', () => {
  it('is the inverse of adding working time', () => {
    const start = at('2026-02-12', '10:30');
    const due = addWorkingMinutes(start, 5 * 480 + 90, cal);
    expect(workingMinutesBetween(start, due, cal)).toBe(5 * 480 + 90);
  });
});

describe('classification', () => {
  const due = at('2026-03-17', '10:00');
  it('finished before the due day is early, on it on time, after it late', () => {
    expect(classify(due, 0, at('2026-03-16', '16:00'), cal)).toBe('early');
    expect(classify(due, 0, at('2026-03-17', '16:30'), cal)).toBe('on_time');
    expect(classify(due, 0, at('2026-03-18', '08:10'), cal)).toBe('late');
  });
  it('in progress: within, due soon (one working day), overdue', () => {
    expect(classify(due, at('2026-03-12', '10:00'), null, cal)).toBe('within');
    expect(classify(due, at('2026-03-16', '11:00'), null, cal)).toBe('due_soon');
    expect(classify(due, at('2026-03-17', '10:01'), null, cal)).toBe('overdue');
  });
});
