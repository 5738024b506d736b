/** Client-side checks of ID numbers (the server validates again). */
import type { IdType } from '../api/types';

/**
 * Province / city codes that open a 12-digit personal ID number (Thông tư 07/2016/TT-BCA, kept by
 * Thông tư 59/2021/TT-BCA): the 63 provinces before the 2025 merger.
 */
const PROVINCE_CODES = new Set(
  (
    '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 ' +
    '046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'
  ).split(' '),
);

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
