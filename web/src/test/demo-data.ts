/**
 * The demo procedures shipped in data/demo (real e-forms and workflows of Quảng Trị), for the web's unit
 * tests: loaded through Vite's import.meta.glob, so the tests need no Node APIs and type-check with the app.
 */

/** A shipped procedure, as far as the tests read it. */
export interface DemoProcedure {
  code: string;
  name: string;
  formSchema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  workflow: unknown;
}

const files = import.meta.glob<DemoProcedure>('../../../data/demo/procedures/*.json', { eager: true, import: 'default' });

/** Every demo procedure, by code. */
export const demoProcedures: DemoProcedure[] = Object.values(files).sort((a, b) => a.code.localeCompare(b.code));

/** One demo procedure (throws when the code is not shipped, so a renamed file fails loudly). */
export function demoProcedure(code: string): DemoProcedure {
  const p = demoProcedures.find((x) => x.code === code);
  if (!p) throw new Error(`no demo procedure ${code}`);
  return p;
}
