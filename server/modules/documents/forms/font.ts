// The Tinos faces (metric-compatible with Times New Roman, full Vietnamese coverage) used by every form.
// The package is found by Node's own module resolution, so the renderers work from the sources and
// from the compiled bundle, whatever the working directory (server, CLI, tests).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const base = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/tinos/package.json'));

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
