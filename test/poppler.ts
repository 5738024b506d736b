import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// poppler-utils read our PDFs back as any reader would.

/** What `pdfsig` (poppler-utils) says about a PDF's signatures. */
export function pdfsig(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `motcua-sig-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  if (r.error) throw new Error(`pdfsig (poppler-utils) is needed: ${r.error.message}`);
  return r.stdout + r.stderr;
}
