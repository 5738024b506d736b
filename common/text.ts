/** Folds Vietnamese text for matching: lower case, no diacritics, đ → d, single spaces. */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A 12-digit personal identification number (số định danh cá nhân / CCCD). */
export function isPersonalIdNumber(s: string): boolean {
  return /^[0-9]{12}$/.test(s);
}
