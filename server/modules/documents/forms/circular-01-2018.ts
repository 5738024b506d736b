// The legacy set of Circular 01/2018/TT-VPCP (guiding Decree 61/2018/NĐ-CP), kept for dossiers received
// before Decree 118/2025 took effect (1 Jul 2025). Six forms, numbered 01–06; compared with 2025: no
// stop notice, the control sheet and the book are 05 and 06, no identification number, no
// digital-signature lines, the apology "hẹn lại ngày trả kết quả" is signed and sealed, and the book
// adds the number of sets, the transfer to / return from the competent agency and a remarks column.
import {
  apology, BOOK_GROUP, controlSheet, receipt, refusal, supplement, trackingBook, type FormSpec, type Variant,
} from './circular-03-2025';
import { vnShortDateTime, type Column } from './layout';
import type { FormNo, TrackingBookRow } from './types';

/** Our form numbers (Circular 03/2025) → the 2018 numbering; 05 (stop notice) has no 2018 form. */
export const TT01_NUMBER: Record<FormNo, string | null> = {
  '01': '01', '02': '02', '03': '03', '04': '04', '05': null, '06': '05', '07': '06',
};

export const TT01_TITLES: Partial<Record<FormNo, string>> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  '06': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '07': 'Sổ theo dõi hồ sơ',
};

const BOOK_COLUMNS_2018: Column[] = [
  { header: 'STT', weight: 3.6, align: 'center' },
  { header: 'Mã hồ sơ', weight: 14 },
  { header: 'Tên TTHC', weight: 9.4 },
  { header: 'Số lượng hồ sơ (bộ)', weight: 5, align: 'center' },
  { header: 'Tên tổ chức, cá nhân', weight: 8.5 },
  { header: 'Địa chỉ, số điện thoại', weight: 8.5 },
  { header: 'Cơ quan chủ trì giải quyết', weight: 8 },
  { header: 'Nhận hồ sơ', weight: 7.5, align: 'center' },
  { header: 'Hẹn trả kết quả', weight: 7.5, align: 'center' },
  { header: 'Chuyển hồ sơ đến cơ quan giải quyết', weight: 7.5, align: 'center' },
  { header: 'Nhận kết quả từ cơ quan giải quyết', weight: 7.5, align: 'center' },
  { header: 'Trả kết quả', weight: 7.5, align: 'center' },
  { header: 'Phương thức nhận kết quả', weight: 6.5 },
  { header: 'Ký nhận', weight: 4 },
  { header: 'Ghi chú', weight: 4 },
];

const bookDate = (d: Date | null) => (d ? vnShortDateTime(d) : '');

/** Rows of the 2018 book; sets, transfer dates and remarks are not in TrackingBookRow and stay blank. */
function rows2018(rows: TrackingBookRow[]): string[][] {
  return rows.map((r) => [
    String(r.seq), r.code, r.procedureName, '', r.applicantName, r.addressPhone, r.competentUnitName,
    bookDate(r.receivedAt), bookDate(r.dueAt), '', '', bookDate(r.returnedAt), r.returnMethod, '', '',
  ]);
}

const NOTES_2018 = [
  'Sổ theo dõi hồ sơ được lập theo từng lĩnh vực hoặc nhóm lĩnh vực tại Bộ phận Tiếp nhận và Trả kết quả.',
];

const L: Variant = { legacy: true };
const t = (no: FormNo) => TT01_TITLES[no]!;

export const TT01_2018_FORMS: Partial<Record<FormNo, FormSpec>> = {
  '01': { title: t('01'), build: receipt(L, t('01')) },
  '02': { title: t('02'), build: supplement(L, t('02'), 'PBS') },
  '03': { title: t('03'), build: refusal(L, t('03'), 'PTC') },
  '04': { title: t('04'), build: apology(L, t('04')) },
  '06': { title: t('06'), build: controlSheet(L, t('06'), 'PKS') },
  '07': {
    title: t('07'),
    landscape: true,
    build: trackingBook(t('07'), 'STD', {
      columns: BOOK_COLUMNS_2018,
      group: { title: BOOK_GROUP.title, from: 7, to: 13 },
      rows: rows2018,
      size: 8.5,
    }, NOTES_2018),
  },
};

export function tt01Form(no: FormNo): FormSpec {
  const spec = TT01_2018_FORMS[no];
  if (!spec) throw new Error(`form ${no} does not exist in the 2018 set`);
  return spec;
}
