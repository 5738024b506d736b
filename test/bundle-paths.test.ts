import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The server runs as one bundle (dist/server/index.js, dist/server/cli/index.js): a module that finds a file
// from its own folder (`import.meta.dirname`, `__dirname`) finds it from the sources and misses it from the
// bundle — the kind of bug that passes every in-process test. Project files are found through
// `projectRoot()` (server/platform/paths.ts), the one place allowed to look at its own folder.

const ROOT = path.resolve(import.meta.dirname, '..');
const ALLOWED = new Set([path.join('server', 'platform', 'paths.ts')]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('code that runs bundled', () => {
  it('finds project files through projectRoot(), never from its own folder', () => {
    const offenders = [...sources(path.join(ROOT, 'server')), ...sources(path.join(ROOT, 'common'))]
      .filter((f) => !ALLOWED.has(path.relative(ROOT, f)))
      .filter((f) => /import\.meta\.(dirname|filename|url)|__dirname|__filename/.test(
        // Resolving a package (node_modules is found from the bundle as from the sources) is fine.
        fs.readFileSync(f, 'utf8').replaceAll('createRequire(import.meta.url)', '')))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
