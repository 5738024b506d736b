/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle among server/ and common/ files (type-only imports count: they tie the files together just the same).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      comment: 'Modules under server/modules/ depend on each other in one direction only (a module is its folder).',
      scope: 'folder',
      from: { path: '^server/modules/' },
      to: { path: '^server/modules/', circular: true },
    },
    {
      name: 'migrations-stand-alone',
      severity: 'error',
      comment: 'A migration is plain SQL frozen in time: it imports nothing of the application (which changes after it).',
      from: { path: '^server/db/migrations/' },
      to: { path: '^(server|common)/' },
    },
    {
      name: 'modules-not-app',
      severity: 'error',
      comment: 'Modules get their dependencies from server/deps.ts, never from the app that mounts them.',
      from: { path: '^server/modules/' },
      to: { path: '^server/app\\.ts$' },
    },
    {
      name: 'routes-only-from-app',
      severity: 'error',
      comment: 'A routes file is HTTP only: the app mounts it; no other file uses what it declares.',
      from: { pathNot: '^server/app\\.ts$' },
      to: { path: '^server/modules/[^/]+/[a-z-]*routes\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(server|common)/',
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
