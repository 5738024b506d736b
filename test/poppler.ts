import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// poppler-utils (Debian) read our PDFs back as any reader would: the text of printed forms, signatures.

/** Writes the PDF to a temporary file, runs `use(file)`, and removes the file. */
function withFile<T>(pdf: Buffer, use: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `motcua-pdf-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return use(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function run(tool: string, args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${tool} is needed (apt-get install poppler-utils): ${r.error.message}`);
  return r;
}

/** The text of a PDF as poppler reads it: `-layout` (table rows together) and `-raw` (wrapped lines together), whitespace folded. */
export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (file) => ['-layout', '-raw'].map((mode) => run('pdftotext', [mode, file, '-']).stdout.replace(/\s+/g, ' ')).join(' '));
}

/** What `pdfsig` says about a PDF's signatures. */
export function pdfsig(pdf: Buffer): string {
  return withFile(pdf, (file) => {
    const r = run('pdfsig', [file]);
    return r.stdout + r.stderr;
  });
}
