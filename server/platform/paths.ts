import fs from 'node:fs';
import path from 'node:path';

// Where the project's own files are (data/, dist/web, node_modules), found the same way from the
// TypeScript sources (server/…, under tsx or Vitest) and from the compiled bundle (dist/server/…).

let root: string | undefined;

/**
 * The project folder: the nearest folder above this module that holds a package.json. From the sources
 * that is one or two levels up, from `dist/server` two or three; either way the answer does not depend
 * on the working directory or on where the project was cloned.
 */
export function projectRoot(): string {
  if (root) return root;
  const start = import.meta.dirname;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`MotCua: no package.json above ${start}`);
  }
}
