import { defineConfig } from 'vitest/config';

// Load packages from node_modules exactly as Node's ESM loader does: a default import of a CommonJS
// package is its `module.exports`, never unwrapped to `exports.default` (Vitest's default interop
// does unwrap it, which once hid a `signpdf.sign is not a function` that only the real server hit).
const deps = { interopDefault: false };

// Three projects: pure unit tests (no database), the web app's pure logic (node: no DOM is needed for
// what they test), and tests through HTTP on a real PostgreSQL (`*.api.test.ts`, the browser journeys in
// e2e/ and the security suite in security/), which share one PostgreSQL per run.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        test: {
          name: 'unit',
          deps,
          sequence: { groupOrder: 0 },
          include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts'],
          exclude: ['**/*.api.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'web',
          deps,
          environment: 'node',
          sequence: { groupOrder: 0 },
          include: ['web/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          deps,
          include: ['server/**/*.api.test.ts', 'e2e/**/*.test.ts', 'security/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-clock.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
