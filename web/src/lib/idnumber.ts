/** Client-side checks of ID numbers as the desk types them (the server checks again, with common/ids.ts too). */
import type { IdType } from '../api/types';
import { PROVINCE_CODES } from '../../../common/ids';

/** Strip spaces, dots and dashes officers type or paste. */
export function normaliseIdNumber(value: string | null | undefined): string {
  return (value ?? '').replace(/[\s.-]/g, '');
}

/** The i18n key of the problem with an ID number, or null when it looks valid. */
export function idNumberProblem(idType: IdType, value: string): string | null {
  const v = normaliseIdNumber(value);
  if (!v) return 'desk.idRequired';
  if (idType === 'personal') {
    if (!/^\d{12}$/.test(v)) return 'desk.idPersonalRule';
    if (!PROVINCE_CODES.has(v.slice(0, 3))) return 'desk.idProvinceRule';
    return null;
  }
  if (!/^(\d{10}|\d{13})$/.test(v)) return 'desk.idOrganisationRule';
  return null;
}
