// The seven forms of Circular 03/2025/TT-VPCP, Annex I (guiding Decree 118/2025/NĐ-CP), as printed by
// the desks (texts: docs/DOMAIN.md §4). The 2018 legacy set reuses these builders with `legacy: true`
// (no identification number, no digital-signature lines) where its wording is the same.
import QRCode from 'qrcode';
import {
  BLANK, FormWriter, money, numberLine, orBlank, vnDateTimeWords, vnDateWords, vnShortDate, vnShortDateTime,
  vnTimeShortDate, type Column, type ColumnGroup,
} from './layout';
import type { ControlRow, FormContext, FormNo, FormPerson, TrackingBookRow } from './types';

export interface FormSpec {
  title: string;
  landscape?: boolean;
  build(w: FormWriter, ctx: FormContext): Promise<void> | void;
}

export interface Variant {
  /** Circular 01/2018 wording: no ID number, no digital-signature lines. */
  legacy: boolean;
}

export const TT03_TITLES: Record<FormNo, string> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết',
  '05': 'Thông báo dừng giải quyết hồ sơ',
  '06': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '07': 'Sổ theo dõi hồ sơ',
};

const need = <T>(v: T | undefined | null, what: string): T => {
  if (v === undefined || v === null) throw new Error(`form context lacks ${what}`);
  return v;
};

const contactLine = (p: FormPerson) => `Số điện thoại: ${orBlank(p.phone)}    Email: ${orBlank(p.email)}`;

// ---------------------------------------------------------------------------------------------------
// Mẫu 01

export function receipt(v: Variant, title: string): FormSpec['build'] {
  return async (w, ctx) => {
    const d = ctx.dossier;
    const png = await QRCode.toBuffer(d.lookupUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 0, width: 240 });
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, ''), issuedAt: ctx.issuedAt, qr: { png, caption: d.code } });
    w.title(title, { text: `Mã hồ sơ: ${d.code}`, font: 'Bold' });
    w.text(d.receivingUnitName, { gap: 2 });
    const a = d.applicant;
    if (v.legacy) w.field('Tiếp nhận hồ sơ của', a.fullName);
    else w.rich([['Regular', 'Tiếp nhận hồ sơ của Ông (Bà)/Tổ chức: '], ['Bold', a.fullName], ['Regular', `    Số định danh cá nhân/tổ chức: ${orBlank(a.idNumber)}`]]);
    w.field('Địa chỉ', a.address).text(contactLine(a));
    const au = d.authorised;
    if (au) {
      w.rich(v.legacy
        ? [['Italic', 'Người được ủy quyền nộp hồ sơ: '], ['Bold', au.fullName]]
        : [['Italic', 'Người được ủy quyền nộp hồ sơ: '], ['Bold', au.fullName], ['Regular', `    Số định danh cá nhân: ${orBlank(au.idNumber)}`]]);
      w.text(`- Địa chỉ: ${orBlank(au.address)}`, { indent: 14 });
      w.text(`- ${contactLine(au)}`, { indent: 14 });
      w.text(`- Giấy tờ ủy quyền: ${orBlank(au.document)}`, { indent: 14 });
    }
    w.field('Nội dung yêu cầu giải quyết', d.procedureName);
    const pre = (i: number) => (v.legacy ? `${i}. ` : '');
    w.text(`${pre(1)}Thành phần hồ sơ nộp gồm:`);
    const cols: Column[] = [
      { header: 'STT', weight: 6, align: 'center' },
      { header: 'Tên giấy tờ', weight: 46 },
      { header: 'Bản chính', weight: 11, align: 'center' },
      { header: 'Bản sao', weight: 11, align: 'center' },
      { header: 'Số lượng', weight: 11, align: 'center' },
    ];
    const rows = d.documents.map((doc, i) => [String(i + 1), doc.name, String(doc.originals), String(doc.copies), String(doc.count ?? doc.originals + doc.copies)]);
    w.space(2).table(cols, rows, { size: 12 });
    w.text(`${pre(2)}Số lượng hồ sơ: ${String(d.sets).padStart(2, '0')} (bộ)`);
    w.text(`${pre(3)}Thời gian giải quyết hồ sơ theo quy định là: ${orBlank(d.processingTimeText)}`);
    w.text(`${pre(4)}Thời gian nhận hồ sơ: ${vnDateTimeWords(d.receivedAt)}`);
    w.text(`${pre(5)}Thời gian trả kết quả giải quyết hồ sơ: ${vnDateTimeWords(d.dueAt)}`);
    w.field(`${pre(6)}Đăng ký nhận kết quả tại`, d.returnPlace);
    const tb = d.trackingBook;
    w.text(tb ? `Vào Sổ theo dõi hồ sơ, Quyển số ${tb.bookNo}, Số thứ tự ${tb.seq}` : `Vào Sổ theo dõi hồ sơ, Quyển số ${BLANK}, Số thứ tự ${BLANK} (nếu có)`);
    const fees = d.fees ?? [];
    if (fees.length) {
      const total = fees.reduce((s, f) => s + f.amount, 0);
      if (fees.length === 1) w.text(`Phí, lệ phí: ${fees[0]!.name}: ${money(fees[0]!.amount)}`);
      else {
        w.text(`Phí, lệ phí: ${money(total)}, gồm:`);
        for (const f of fees) w.text(`- ${f.name}: ${money(f.amount)}`, { indent: 14 });
      }
    }
    w.signatures([
      { title: 'NGƯỜI NỘP HỒ SƠ', name: au?.fullName ?? a.fullName },
      {
        title: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
        digital: v.legacy ? undefined : '(Chữ ký số của người tiếp nhận hồ sơ nếu là biểu mẫu điện tử)',
        name: ctx.officerName,
      },
    ]);
  };
}

// ---------------------------------------------------------------------------------------------------
// Mẫu 02

export function supplement(v: Variant, title: string, code: string): FormSpec['build'] {
  return (w, ctx) => {
    const d = ctx.dossier;
    const s = need(ctx.supplement, 'supplement');
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, code), issuedAt: ctx.issuedAt });
    w.title(title);
    w.rich([['Regular', 'Hồ sơ của: '], ['Bold', d.applicant.fullName]]);
    w.field('Mã hồ sơ', d.code);
    w.field('Nội dung yêu cầu giải quyết', d.procedureName);
    w.field('Địa chỉ', d.applicant.address);
    w.text(contactLine(d.applicant));
    w.text('Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:');
    const items = s.items.length ? s.items : [BLANK];
    items.forEach((it, i) => w.text(`${i + 1}. ${it}`, { indent: 14 }));
    w.field('Lý do', s.reason);
    const contact = ctx.unit.contactName ?? ctx.officerName;
    const phone = ctx.unit.contactPhone ?? ctx.unit.phone;
    const they = v.legacy ? 'ông (bà)' : 'Ông/Bà';
    w.para(`Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ${they} liên hệ với ${orBlank(contact)} số điện thoại ${orBlank(phone)} để được hướng dẫn./.`);
    w.signatures([
      { title: 'NGƯỜI HƯỚNG DẪN', digital: v.legacy ? undefined : '(Chữ ký số của Người hướng dẫn nếu là biểu mẫu điện tử)', name: ctx.officerName },
    ]);
  };
}

// ---------------------------------------------------------------------------------------------------
// Mẫu 03

export function refusal(v: Variant, title: string, code: string): FormSpec['build'] {
  return (w, ctx) => {
    const d = ctx.dossier;
    const r = need(ctx.refusal, 'refusal');
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, code), issuedAt: ctx.issuedAt });
    w.title(title);
    w.text(d.receivingUnitName);
    w.rich([['Regular', 'Tiếp nhận hồ sơ của: '], ['Bold', d.applicant.fullName]]);
    if (!v.legacy) w.field('Số định danh cá nhân/tổ chức', d.applicant.idNumber);
    w.field('Địa chỉ', d.applicant.address);
    w.text(contactLine(d.applicant));
    w.field('Mã hồ sơ (nếu có)', d.code);
    w.field('Nội dung yêu cầu giải quyết', d.procedureName);
    w.para(`Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: ${orBlank(r.reason)}`);
    w.para(`Xin thông báo cho ${v.legacy ? 'ông/bà' : 'Ông/Bà'} được biết và thực hiện./.`);
    w.signatures([
      { title: 'NGƯỜI NỘP HỒ SƠ', name: d.authorised?.fullName ?? d.applicant.fullName },
      { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', digital: v.legacy ? undefined : '(Chữ ký số của Người tiếp nhận hồ sơ nếu là biểu mẫu điện tử)', name: ctx.officerName },
    ]);
  };
}

// ---------------------------------------------------------------------------------------------------
// Mẫu 04

export function apology(v: Variant, title: string): FormSpec['build'] {
  return (w, ctx) => {
    const d = ctx.dossier;
    const a = need(ctx.apology, 'apology');
    const agency = d.competentUnitName;
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, 'PXL', { bare: true }), issuedAt: ctx.issuedAt });
    w.title(title);
    w.text(`Kính gửi: ${orBlank(a.recipient)}`, { align: 'center', font: 'Bold', gap: 6 });
    const received = vnDateWords(d.receivedAt);
    const id = v.legacy ? '' : ` số định danh: ${orBlank(d.applicant.idNumber)};`;
    w.para(`${received.charAt(0).toUpperCase()}${received.slice(1)}, ${agency} tiếp nhận giải quyết hồ sơ đề nghị giải quyết thủ tục hành chính ${d.procedureName} của Ông/Bà/Tổ chức ${d.applicant.fullName};${id} mã số hồ sơ: ${d.code}.`);
    w.para(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${vnDateTimeWords(d.dueAt)}.`);
    w.para(`Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà/Tổ chức đúng thời hạn quy định ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.`);
    w.para(`Lý do: ${orBlank(a.reason)}`);
    if (!v.legacy) {
      w.para(`${agency} xin trân trọng gửi lời xin lỗi đến Ông (Bà)/Tổ chức vì sự chậm trễ trong quá trình giải quyết hồ sơ có thể gây phiền hà, tốn kém về chi phí, công sức của Ông (Bà)/Tổ chức.`);
    }
    w.para(`${agency} xin lỗi Ông/Bà/Tổ chức và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức vào ${vnDateWords(a.newDueAt)}.`);
    w.para('Mong nhận được sự thông cảm của Ông/Bà/Tổ chức vì sự chậm trễ này./.');
    w.signatures([
      v.legacy
        ? { title: 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: ctx.headName }
        : {
          title: 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ',
          digital: '(Chữ ký số của Thủ trưởng cơ quan, đơn vị nếu là biểu mẫu điện tử)',
          name: ctx.headName,
        },
    ]);
  };
}

// ---------------------------------------------------------------------------------------------------
// Mẫu 05 (draft layout: the official template has not been obtained)

export function stopNotice(title: string): FormSpec['build'] {
  return (w, ctx) => {
    const d = ctx.dossier;
    const s = need(ctx.stop, 'stop');
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, 'TB'), issuedAt: ctx.issuedAt });
    w.title(title, { text: 'Mẫu tạm (chưa có mẫu chính thức)', font: 'Italic', size: 10 });
    w.text(`Kính gửi: Ông (Bà)/Tổ chức ${d.applicant.fullName}`, { align: 'center', font: 'Bold', gap: 6 });
    w.field('Số định danh cá nhân/tổ chức', d.applicant.idNumber);
    w.field('Địa chỉ', d.applicant.address);
    w.field('Mã hồ sơ', d.code);
    w.field('Thủ tục hành chính', d.procedureName);
    w.field('Cơ quan giải quyết', d.competentUnitName);
    w.field('Thời gian tiếp nhận hồ sơ', vnDateTimeWords(d.receivedAt));
    w.space(4);
    w.para(`Ngày ${vnShortDate(s.requestedAt)} (${vnDateTimeWords(s.requestedAt)}), Ông (Bà)/Tổ chức có yêu cầu dừng giải quyết hồ sơ nêu trên. Lý do: ${orBlank(s.reason)}`);
    w.para(`Căn cứ Điều 21 Nghị định số 118/2025/NĐ-CP và Điều 7 Thông tư số 03/2025/TT-VPCP, tại thời điểm nhận được yêu cầu, cơ quan có thẩm quyền chưa ban hành văn bản giải quyết thủ tục hành chính đối với hồ sơ này. ${ctx.unit.agencyName} thông báo dừng giải quyết hồ sơ theo yêu cầu của Ông (Bà)/Tổ chức.`);
    w.para(`Về phí, lệ phí đã nộp: ${orBlank(s.feesNote)}`);
    w.para('Xin thông báo để Ông (Bà)/Tổ chức được biết./.');
    w.signatures([
      { title: 'NGƯỜI KÝ THÔNG BÁO', digital: '(Chữ ký số của người ký thông báo nếu là biểu mẫu điện tử)', name: ctx.officerName },
    ]);
  };
}

// ---------------------------------------------------------------------------------------------------
// Mẫu 06 (2018: Mẫu 05)

const VERDICT: Record<NonNullable<ControlRow['verdict']>, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };

export function controlSheet(v: Variant, title: string, code: string): FormSpec['build'] {
  return (w, ctx) => {
    const d = ctx.dossier;
    const rows = ctx.control ?? [];
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, code), issuedAt: ctx.issuedAt });
    w.title(title);
    w.rich([['Regular', 'Mã số hồ sơ: '], ['Bold', d.code]]);
    w.field('Cơ quan (bộ phận) giải quyết hồ sơ', d.competentUnitName);
    w.field('Cơ quan phối hợp giải quyết hồ sơ', d.coordinatingUnitNames?.join('; '));
    w.field('Ngày nhận', d.receivedAt ? vnShortDate(d.receivedAt) : null);
    w.text(`Hẹn trả kết quả vào ${vnDateTimeWords(d.dueAt)}`);
    w.space(4);
    const cols: Column[] = [
      { header: 'Tên đơn vị', weight: 30 },
      { header: 'Thời gian giao nhận hồ sơ', weight: 34, align: 'center' },
      { header: 'Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)', weight: 22, align: 'center' },
      { header: 'Ghi chú', weight: 14 },
    ];
    const body = rows.map((r) => [
      `1. Giao: ${r.giver}\n2. Nhận: ${r.receiver}`,
      `${vnTimeShortDate(r.at)}\n\nNgười giao          Người nhận`,
      r.verdict ? VERDICT[r.verdict] : '',
      r.note ?? '',
    ]);
    w.table(cols, body, { size: 12, minRowHeight: 78 });
    w.keep(60).text('Ghi chú:', { font: 'BoldItalic', size: 12 });
    const notes = v.legacy
      ? [
        '- Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ và việc ký nhận thực hiện theo quy định về dịch vụ bưu chính.',
        '- Kết quả giải quyết hồ sơ do bên nhận nhập thông tin/ghi khi nhận bàn giao hồ sơ.',
      ]
      : [
        '- Kết quả giải quyết hồ sơ do bên nhận nhập thông tin/ghi khi nhận bàn giao hồ sơ.',
        '- Việc lưu vết được thực hiện tự động theo chức năng của Hệ thống thông tin giải quyết thủ tục hành chính và thể hiện trên mẫu phiếu điện tử.',
      ];
    for (const note of notes) w.text(note, { font: 'Italic', size: 12, align: 'justify' });
  };
}

// ---------------------------------------------------------------------------------------------------
// Mẫu 07 (2018: Mẫu 06) — landscape

/** The 2025 book's columns; the Excel export uses the same. */
export const BOOK_COLUMNS: Column[] = [
  { header: 'STT', weight: 4, align: 'center' },
  { header: 'Mã hồ sơ', weight: 17 },
  { header: 'Tên TTHC', weight: 13 },
  { header: 'Tên tổ chức, cá nhân', weight: 11 },
  { header: 'Địa chỉ/SĐT', weight: 11 },
  { header: 'Cơ quan chủ trì giải quyết', weight: 11 },
  { header: 'Nhận hồ sơ', weight: 8, align: 'center' },
  { header: 'Hẹn trả kết quả', weight: 8, align: 'center' },
  { header: 'Trả kết quả', weight: 8, align: 'center' },
  { header: 'Phương thức nhận kết quả', weight: 8 },
  { header: 'Ký nhận', weight: 7 },
];
export const BOOK_GROUP: ColumnGroup = { title: 'Nhận và trả kết quả', from: 6, to: 10 };

export const BOOK_NOTES_2025 = [
  'Sổ theo dõi hồ sơ được lập theo từng lĩnh vực hoặc nhóm lĩnh vực tại Bộ phận Một cửa.',
  'Trường hợp áp dụng Sổ theo dõi hồ sơ điện tử thì theo dõi trực tiếp trên Hệ thống thông tin giải quyết thủ tục hành chính, không cần thực hiện in sổ giấy nhưng phải đảm bảo đầy đủ thông tin theo quy định.',
];

const bookDate = (d: Date | null) => (d ? vnShortDateTime(d) : '');

export function trackingBookRows2025(rows: TrackingBookRow[]): string[][] {
  return rows.map((r) => [
    String(r.seq), r.code, r.procedureName, r.applicantName, r.addressPhone, r.competentUnitName,
    bookDate(r.receivedAt), bookDate(r.dueAt), bookDate(r.returnedAt), r.returnMethod, '',
  ]);
}

export function trackingBook(
  title: string,
  code: string,
  table: { columns: Column[]; group: ColumnGroup; rows: (rows: TrackingBookRow[]) => string[][]; size: number },
  notes: string[],
): FormSpec['build'] {
  return (w, ctx) => {
    const b = need(ctx.trackingBook, 'trackingBook');
    w.header({ unit: ctx.unit, numberLine: numberLine(ctx.unit, code), issuedAt: ctx.issuedAt });
    w.title(title,
      { text: `Lĩnh vực: ${b.field}`, font: 'Bold' },
      { text: `Quyển số: ${b.bookNo}    Từ ngày ${vnShortDate(b.from)} đến ngày ${vnShortDate(b.to)}` });
    w.table(table.columns, table.rows(b.rows), { size: table.size, headerSize: table.size, groups: [table.group], numbered: true, minRowHeight: 30 });
    w.keep(50).text('Ghi chú:', { font: 'BoldItalic', size: 11 });
    for (const note of notes) w.text(`- ${note}`, { font: 'Italic', size: 11, align: 'justify' });
  };
}

// ---------------------------------------------------------------------------------------------------

const V: Variant = { legacy: false };

export const TT03_2025_FORMS: Record<FormNo, FormSpec> = {
  '01': { title: TT03_TITLES['01'], build: receipt(V, TT03_TITLES['01']) },
  '02': { title: TT03_TITLES['02'], build: supplement(V, TT03_TITLES['02'], 'PBS') },
  '03': { title: TT03_TITLES['03'], build: refusal(V, TT03_TITLES['03'], 'PTC') },
  '04': { title: TT03_TITLES['04'], build: apology(V, TT03_TITLES['04']) },
  '05': { title: TT03_TITLES['05'], build: stopNotice(TT03_TITLES['05']) },
  '06': { title: TT03_TITLES['06'], build: controlSheet(V, TT03_TITLES['06'], 'PKS') },
  '07': {
    title: TT03_TITLES['07'],
    landscape: true,
    build: trackingBook(TT03_TITLES['07'], 'STD', { columns: BOOK_COLUMNS, group: BOOK_GROUP, rows: trackingBookRows2025, size: 10 }, BOOK_NOTES_2025),
  },
};
