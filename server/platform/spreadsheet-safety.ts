// A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return before one)
// as a formula: "=HYPERLINK(…)" typed into a form would become a live link in an officer's Excel.
// CSV cells are neutralised with a leading apostrophe on export and restored on import, so a file
// we wrote reads back exactly; Excel files are written with plain string cells, never formulas.

/** Starts like a formula, possibly behind apostrophes we or a person added before. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A text cell for CSV that no spreadsheet program will evaluate. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The value `neutraliseCell` was given (a cell without its mark is returned as it is). */
export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}
