import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays, addWorkingMinutes, dueAt, effectiveStart, makeCalendar, vnDate, VN_OFFSET_MS, workingMinutesBetween,
} from './calendar';

// Properties of legal time that must hold for any reception instant and any processing time.
const cal = makeCalendar([
  ...['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27',
    '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02'].map((day) => ({ day, kind: 'holiday' as const })),
  { day: '2026-01-10', kind: 'swapped_working' as const }, { day: '2026-08-22', kind: 'swapped_working' as const },
]);
const from = Date.parse('2025-12-01T00:00:00+07:00');
const to = Date.parse('2026-11-01T00:00:00+07:00');
const instant = fc.integer({ min: from, max: to });
const days = fc.integer({ min: 0, max: 30 });
const hours = fc.integer({ min: 0, max: 120 });

function inWorkingTime(ms: number): boolean {
  const date = vnDate(ms);
  const minute = ((ms + VN_OFFSET_MS) % 86_400_000) / 60_000;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  const working = cal.kinds.get(Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000) - 10957) === 'swapped_working'
    || (dow !== 0 && dow !== 6 && cal.kinds.get(Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000) - 10957) !== 'holiday');
  return working && ((minute >= 480 && minute <= 720) || (minute >= 780 && minute <= 1020));
}

describe('legal time properties (fast-check)', () => {
  it('the due date is never before the start and always falls in working time', () => {
    fc.assert(fc.property(instant, days, fc.constantFrom('day' as const, 'hour' as const), (start, n, unit) => {
      const eff = effectiveStart(start, cal, 15 * 60);
      const due = dueAt(eff, unit === 'day' ? n : n, unit, cal);
      expect(eff).toBeGreaterThanOrEqual(start);
      expect(due).toBeGreaterThanOrEqual(eff);
      expect(inWorkingTime(eff)).toBe(true);
      expect(inWorkingTime(due)).toBe(true);
    }), { numRuns: 500 });
  });

  it('adding a then b working days equals adding a + b (and likewise for hours)', () => {
    fc.assert(fc.property(instant, days, days, (start, a, b) => {
      expect(addWorkingDays(addWorkingDays(start, a, cal), b, cal)).toBe(addWorkingDays(start, a + b, cal));
    }), { numRuns: 500 });
    fc.assert(fc.property(instant, hours, hours, (start, a, b) => {
      expect(addWorkingMinutes(addWorkingMinutes(start, a * 60, cal), b * 60, cal)).toBe(addWorkingMinutes(start, (a + b) * 60, cal));
    }), { numRuns: 500 });
  });

  it('n working days are n × 8 working hours', () => {
    fc.assert(fc.property(instant, days, (start, n) => {
      const eff = effectiveStart(start, cal);
      expect(workingMinutesBetween(eff, addWorkingDays(eff, n, cal), cal)).toBe(n * 480);
    }), { numRuns: 300 });
  });

  it('pausing for k working days moves the due date by k working days', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 15 }),
      (start, n, pauseAtPercent, k) => {
        const eff = effectiveStart(start, cal, 15 * 60);
        const due = dueAt(eff, n, 'day', cal);
        const pausedAt = addWorkingMinutes(eff, Math.floor(workingMinutesBetween(eff, due, cal) * pauseAtPercent / 100), cal);
        const resumedAt = addWorkingDays(pausedAt, k, cal);
        const remaining = workingMinutesBetween(pausedAt, due, cal);
        const newDue = addWorkingMinutes(resumedAt, remaining, cal);
        expect(workingMinutesBetween(due, newDue, cal)).toBe(k * 480);
        expect(newDue).toBe(addWorkingDays(due, k, cal));
      }), { numRuns: 500 });
  });

  it('gives identical results whatever the process time zone', () => {
    const samples = fc.sample(fc.tuple(instant, days, fc.constantFrom('day' as const, 'hour' as const)), { numRuns: 300, seed: 42 });
    const run = () => samples.map(([s, n, u]) => dueAt(effectiveStart(s, cal, 900), n, u, cal));
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = run();
      process.env.TZ = 'America/New_York';
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(300); // the zone really changed
      const ny = run();
      process.env.TZ = 'Asia/Ho_Chi_Minh';
      const hcm = run();
      expect(ny).toEqual(utc);
      expect(hcm).toEqual(utc);
    } finally {
      if (saved === undefined) delete process.env.TZ; else process.env.TZ = saved;
    }
  });
});
