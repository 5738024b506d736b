import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueAt, effectiveStart, kindOfDay, makeCalendar, parseClock, vnIso } from './calendar';

// Real cases on the holiday data shipped in data/holidays (the seed loads the same files), around
// Tết, 30/4–1/5, 2/9 and New Year in 2025, 2026 and 2027, with the government's swapped days.

const dir = path.resolve(import.meta.dirname, '..', 'data', 'holidays');
const days = fs.readdirSync(dir).filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { days: { date: string; kind: 'holiday' | 'swapped_working' }[] }).days)
  .map((d) => ({ day: d.date, kind: d.kind }));
const cal = makeCalendar(days);
const at = (local: string) => Date.parse(`${local}+07:00`);
const due = (received: string, amount: number, unit: 'day' | 'hour' = 'day', cutOff = '15:00') =>
  vnIso(dueAt(effectiveStart(at(received), cal, parseClock(cutOff)), amount, unit, cal));

describe('deadlines across the official holidays (table)', () => {
  it.each([
    // 2025 — Tết: Mon 27 Jan (swapped) – Fri 31 Jan off, make-up Saturday 8 Feb
    ['2025-01-24T10:00:00', 1, '2025-02-03T10:00:00+07:00', 'Tết 2025: Friday + 1 wd → Monday after Tết'],
    ['2025-01-24T10:00:00', 3, '2025-02-05T10:00:00+07:00', 'Tết 2025: + 3 wd'],
    ['2025-02-07T10:00:00', 1, '2025-02-08T10:00:00+07:00', 'make-up Saturday 8 Feb 2025 is a working day'],
    ['2025-04-04T10:00:00', 1, '2025-04-08T10:00:00+07:00', 'Giỗ Tổ 2025 (Mon 7 Apr)'],
    // 30/4–1/5 2025: Wed 30 Apr – Fri 2 May (swapped) off, make-up Saturday 26 Apr
    ['2025-04-25T14:00:00', 1, '2025-04-26T14:00:00+07:00', 'make-up Saturday 26 Apr 2025'],
    ['2025-04-29T14:00:00', 1, '2025-05-05T14:00:00+07:00', '30/4–2/5 2025'],
    ['2025-08-29T09:00:00', 1, '2025-09-03T09:00:00+07:00', 'Quốc khánh 2025 (1–2 Sep)'],
    // New Year 2026 seen from December 2025: Thu 1 – Fri 2 Jan off (2 Jan swapped), make-up Sat 10 Jan
    ['2025-12-31T10:00:00', 1, '2026-01-05T10:00:00+07:00', 'a December dossier sees January holidays'],
    ['2026-01-09T10:00:00', 1, '2026-01-10T10:00:00+07:00', 'make-up Saturday 10 Jan 2026'],
    // Tết 2026: Mon 16 – Fri 20 Feb off
    ['2026-02-13T10:00:00', 1, '2026-02-23T10:00:00+07:00', 'Tết 2026'],
    ['2026-02-12T09:30:00', 5, '2026-02-26T09:30:00+07:00', 'Tết 2026: 5 wd'],
    ['2026-04-24T14:00:00', 1, '2026-04-28T14:00:00+07:00', 'Giỗ Tổ 2026 on Sunday → Mon 27 Apr off'],
    ['2026-04-29T10:00:00', 1, '2026-05-04T10:00:00+07:00', '30/4–1/5 2026'],
    // 2/9 2026: Mon 31 Aug (swapped) – Wed 2 Sep off, make-up Sat 22 Aug
    ['2026-08-21T10:00:00', 1, '2026-08-22T10:00:00+07:00', 'make-up Saturday 22 Aug 2026'],
    ['2026-08-28T10:00:00', 1, '2026-09-03T10:00:00+07:00', 'Quốc khánh 2026'],
    ['2026-12-31T10:00:00', 1, '2027-01-04T10:00:00+07:00', 'New Year 2027 (Fri 1 Jan)'],
    // 2027 (provisional schedule): Tết Thu 4 – Wed 10 Feb (weekdays), 30/4 Fri + 1/5 Sat → Mon 3 May, 2–3 Sep
    ['2027-02-03T10:00:00', 1, '2027-02-11T10:00:00+07:00', 'Tết 2027'],
    ['2027-04-29T10:00:00', 1, '2027-05-04T10:00:00+07:00', '30/4–1/5 2027 with the compensatory Monday'],
    ['2027-09-01T10:00:00', 1, '2027-09-06T10:00:00+07:00', 'Quốc khánh 2027'],
  ])('%s + %i working day(s) → %s (%s)', (received, amount, expected) => {
    expect(due(received as string, amount as number)).toBe(expected);
  });

  it('starts an online dossier submitted during Tết on the first working morning after it', () => {
    expect(vnIso(effectiveStart(at('2026-02-17T21:00:00'), cal, parseClock('15:00')))).toBe('2026-02-23T08:00:00+07:00');
    // "Trong ngày" procedure: due at the close of that first working day.
    expect(due('2026-02-17T21:00:00', 0)).toBe('2026-02-23T17:00:00+07:00');
  });

  it('applies the cut-off: received at 15:30 on the Friday before Tết → clock starts after Tết', () => {
    expect(due('2026-02-13T15:30:00', 0)).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-02-13T14:59:00', 0)).toBe('2026-02-13T17:00:00+07:00');
    expect(due('2026-02-13T15:30:00', 0, 'day', '17:00')).toBe('2026-02-13T17:00:00+07:00');
  });

  it('counts working hours across a holiday', () => {
    // Wed 29 Apr 2026 15:00 + 4 working hours: 2 h that day, then Mon 4 May 08:00 + 2 h
    expect(due('2026-04-29T15:00:00', 4, 'hour', '17:00')).toBe('2026-05-04T10:00:00+07:00');
  });

  it('classifies days as the calendar screen shows them', () => {
    expect(kindOfDay('2026-02-17', cal)).toBe('holiday');
    expect(kindOfDay('2026-08-22', cal)).toBe('swapped_working');
    expect(kindOfDay('2026-08-23', cal)).toBe('weekend');
    expect(kindOfDay('2026-03-10', cal)).toBe('working');
  });

  it('honours a unit that works Saturday mornings and a unit closure', () => {
    const morning = [{ start: 450, end: 690 }, { start: 810, end: 1020 }]; // 07:30–11:30, 13:30–17:00
    const unit = makeCalendar([...days, { day: '2026-03-16', kind: 'closure' }], [[], morning, morning, morning, morning, morning, [{ start: 450, end: 690 }]]);
    // Fri 13 Mar 2026 10:00 + 1 wd → Saturday 14 Mar (a half day: clamped to its close at 11:30)
    expect(vnIso(dueAt(at('2026-03-13T10:00:00'), 1, 'day', unit))).toBe('2026-03-14T10:00:00+07:00');
    expect(vnIso(dueAt(at('2026-03-13T14:00:00'), 1, 'day', unit))).toBe('2026-03-14T11:30:00+07:00');
    // Sat 14 Mar + 1 wd skips Sunday and the closure on Monday 16 Mar
    expect(vnIso(dueAt(at('2026-03-14T09:00:00'), 1, 'day', unit))).toBe('2026-03-17T09:00:00+07:00');
  });
});
