import { benchDeadlines } from './deadline';
import { benchSearch } from './search';
import { printWorkflowBench } from './workflow';

// `npm run bench`: prints the figures the issues set goals for. Not a test: numbers, not verdicts.
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const d = benchDeadlines();
console.log(`deadline: ${fmt(d.perSecond)} computations/s of a 10-working-day due date ` +
  `(${fmt(d.computations)} in ${d.seconds.toFixed(2)} s, one core; calendar compiled in ${d.compileMs.toFixed(1)} ms; goal ≥ 1,000,000/s)`);

for (const cacheSeconds of [30, 0]) {
  const s = await benchSearch({ cacheSeconds });
  console.log(`search (${cacheSeconds ? `result cache ${cacheSeconds} s` : 'no result cache: every request queries PostgreSQL'}): ` +
    `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ${fmt(s.rps)} req/s ` +
    `(${fmt(s.requests)} requests, ${s.errors} errors; ${fmt(s.procedures)} procedures, ${s.concurrency} concurrent clients, 2 cores shared ` +
    `by server, PostgreSQL and load generator; goal p95 ≤ 30 ms)`);
}

await printWorkflowBench();
process.exit(0);
