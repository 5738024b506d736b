/** Comparing document names as people type them: case, diacritics and spacing do not matter. */
import { foldVietnamese } from '../../../common/text';

/** A document name folded for comparison: no diacritics, lower case, single spaces. */
export function docKey(s: string | null | undefined): string {
  return foldVietnamese(s ?? '');
}

/** True when two document names are the same up to case, diacritics and spacing. */
export function sameDocName(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = docKey(a);
  return ka !== '' && ka === docKey(b);
}
