import fs from 'node:fs';
import path from 'node:path';
import { dueAt, effectiveStart, makeCalendar } from '../common/calendar';

// Deadline computations per second on one core: a 10-working-day due date (effective start with the
// 15:00 cut-off, then the due instant) for reception instants spread over 2025–2027, on the shipped
// holiday calendar. Goal: ≥ 1,000,000 per second.

export function benchDeadlines(): { perSecond: number; computations: number; seconds: number; compileMs: number } {
  const dir = path.resolve(import.meta.dirname, '..', 'data', 'holidays');
  const days = fs.readdirSync(dir).filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { days: { date: string; kind: 'holiday' | 'swapped_working' }[] }).days)
    .map((d) => ({ day: d.date, kind: d.kind }));
  const t0 = performance.now();
  const cal = makeCalendar(days);
  const compileMs = performance.now() - t0;

  const N = 4096;
  const starts = new Float64Array(N);
  const base = Date.parse('2025-01-01T00:00:00+07:00');
  const span = Date.parse('2027-10-01T00:00:00+07:00') - base;
  let seed = 12345;
  for (let i = 0; i < N; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    starts[i] = base + Math.floor((seed / 2 ** 32) * span);
  }
  let sink = 0;
  const run = (iterations: number) => {
    for (let i = 0; i < iterations; i++) sink += dueAt(effectiveStart(starts[i & (N - 1)]!, cal, 900), 10, 'day', cal);
  };
  run(200_000); // warm up
  const iterations = 3_000_000;
  const start = process.hrtime.bigint();
  run(iterations);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === 42) console.log('');
  return { perSecond: iterations / seconds, computations: iterations, seconds, compileMs };
}
