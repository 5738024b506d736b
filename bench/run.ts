import { benchDeadlines } from './deadline';

// `npm run bench`: prints the figures the issues set goals for. Not a test: numbers, not verdicts.
const d = benchDeadlines();
console.log(`deadline: ${Math.round(d.perSecond).toLocaleString('en-US')} computations/s of a 10-working-day due date ` +
  `(${d.computations.toLocaleString('en-US')} in ${d.seconds.toFixed(2)} s, one core; calendar compiled in ${d.compileMs.toFixed(1)} ms; goal ≥ 1,000,000/s)`);
