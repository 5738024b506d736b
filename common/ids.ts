// Identification numbers of applicants, validated as the desk types them.

/**
 * Province codes that open a 12-digit personal identification number (the 63 pre-2025 provinces;
 * Circular 07/2016/TT-BCA as amended) [M: from memory, to be checked against the current circular].
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025', '026', '027',
  '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048', '049', '051', '052', '054',
  '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075', '077', '079', '080', '082', '083', '084',
  '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

/**
 * Checks a personal identification number (số định danh cá nhân / CCCD): 12 digits — province of birth
 * registration (3), century and sex (1), year of birth (2), then a sequence (6). With a birth date, the
 * century/sex digit and the year must agree with it. Returns a Vietnamese reason, or null when valid.
 */
export function personalIdProblem(id: string, birthDate?: string | null): string | null {
  if (!/^\d{12}$/.test(id)) return 'Số định danh cá nhân phải gồm đúng 12 chữ số.';
  if (!PROVINCE_CODES.has(id.slice(0, 3))) return `Mã tỉnh "${id.slice(0, 3)}" ở đầu số định danh không hợp lệ.`;
  if (birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
    const year = Number(birthDate.slice(0, 4));
    const century = Math.floor(Number(id[3]) / 2); // 0,1 → 1900s; 2,3 → 2000s; 4,5 → 2100s …
    if (1900 + century * 100 + Number(id.slice(4, 6)) !== year) {
      return 'Số định danh cá nhân không khớp với năm sinh (chữ số thứ 4–6 mã hóa thế kỷ và năm sinh).';
    }
  }
  return null;
}

/** An organisation's identification / tax code: 10 digits, or 13 for a dependent unit (10 + 3, dash optional). */
export function organisationIdProblem(id: string): string | null {
  return /^\d{10}(-?\d{3})?$/.test(id) ? null : 'Mã số thuế / mã định danh tổ chức phải gồm 10 hoặc 13 chữ số.';
}
