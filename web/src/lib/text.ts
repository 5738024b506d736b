/** Lower-case and strip Vietnamese diacritics so "ha noi" finds "Hà Nội". */
export function fold(s: string | null | undefined): string {
  return (s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** A document name folded for comparison: no diacritics, lower case, single spaces. */
export function docKey(s: string | null | undefined): string {
  return fold(s).replace(/\s+/g, ' ').trim();
}

/** True when two document names are the same up to case, diacritics and spacing. */
export function sameDocName(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = docKey(a);
  return ka !== '' && ka === docKey(b);
}
