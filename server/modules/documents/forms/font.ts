// The Tinos faces (metric-compatible with Times New Roman, full Vietnamese coverage) used by every form.
// Paths are resolved from this file's location up to the directory holding node_modules, so the
// renderers work from any working directory (server, CLI, tests).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = join('node_modules', '@expo-google-fonts', 'tinos');

function findPackageDir(): string {
  let dir = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, PACKAGE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`@expo-google-fonts/tinos not found above ${import.meta.dirname}`);
    dir = parent;
  }
}

const base = findPackageDir();

/** Absolute paths of the four Tinos faces, keyed by the names the forms use with `doc.font(…)`. */
export const FONT_FILES = {
  Regular: join(base, '400Regular', 'Tinos_400Regular.ttf'),
  Bold: join(base, '700Bold', 'Tinos_700Bold.ttf'),
  Italic: join(base, '400Regular_Italic', 'Tinos_400Regular_Italic.ttf'),
  BoldItalic: join(base, '700Bold_Italic', 'Tinos_700Bold_Italic.ttf'),
} as const;

export type FontName = keyof typeof FONT_FILES;

/** Registers 'Regular', 'Bold', 'Italic' and 'BoldItalic' in a document and selects 'Regular'. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, file] of Object.entries(FONT_FILES)) doc.registerFont(name, file);
  doc.font('Regular');
}
