// Mẫu 07 "Sổ theo dõi hồ sơ" (Circular 03/2025) as an Excel sheet: the same columns as the PDF, with the
// merged group header "Nhận và trả kết quả", one row per dossier, dates as dd/mm/yyyy HH:mm in Vietnam
// time (text cells, so Excel never shifts them into another time zone).
import ExcelJS from 'exceljs';
import { BOOK_COLUMNS, BOOK_GROUP, BOOK_NOTES_2025, TT03_TITLES } from './circular-03-2025';
import { numberLine, placeDateLine, upper, vnShortDate, vnShortDateTime } from './layout';
import type { FormContext } from './types';

const WIDTHS = [6, 24, 34, 24, 28, 26, 17, 17, 17, 18, 12];
const THIN = { style: 'thin' as const };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';

export async function trackingBookXlsx(ctx: FormContext): Promise<Buffer> {
  const b = ctx.trackingBook;
  if (!b) throw new Error('form context lacks trackingBook');
  const wb = new ExcelJS.Workbook();
  wb.creator = ctx.unit.agencyName;
  wb.title = `${TT03_TITLES['07']} ${b.bookNo}`;
  const ws = wb.addWorksheet('Sổ theo dõi hồ sơ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const n = BOOK_COLUMNS.length;
  ws.columns = WIDTHS.map((width) => ({ width }));
  const last = ws.getColumn(n).letter;

  const line = (r: number, text: string, opts: { bold?: boolean; italic?: boolean; size?: number; from?: number; to?: number } = {}) => {
    const from = opts.from ?? 1;
    const to = opts.to ?? n;
    ws.mergeCells(r, from, r, to);
    const c = ws.getCell(r, from);
    c.value = text;
    c.font = { name: FONT, size: opts.size ?? 12, bold: opts.bold, italic: opts.italic };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  line(1, upper(ctx.unit.parentName), { to: 4 });
  line(1, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, from: 6 });
  line(2, upper(ctx.unit.deskName), { bold: true, to: 4 });
  line(2, 'Độc lập - Tự do - Hạnh phúc', { bold: true, from: 6 });
  line(3, numberLine(ctx.unit, 'STD'), { to: 4 });
  line(3, placeDateLine(ctx.unit.place, ctx.issuedAt), { italic: true, from: 6 });
  line(5, upper(TT03_TITLES['07']), { bold: true, size: 14 });
  line(6, `Lĩnh vực: ${b.field}`, { bold: true });
  line(7, `Quyển số: ${b.bookNo}    Từ ngày ${vnShortDate(b.from)} đến ngày ${vnShortDate(b.to)}`);

  // Two header rows: grouped columns under "Nhận và trả kết quả", the others merged vertically.
  const h1 = 9;
  const h2 = 10;
  BOOK_COLUMNS.forEach((col, i) => {
    const c = i + 1;
    const inGroup = i >= BOOK_GROUP.from && i <= BOOK_GROUP.to;
    if (inGroup) ws.getCell(h2, c).value = col.header;
    else {
      ws.mergeCells(h1, c, h2, c);
      ws.getCell(h1, c).value = col.header;
    }
  });
  ws.mergeCells(h1, BOOK_GROUP.from + 1, h1, BOOK_GROUP.to + 1);
  ws.getCell(h1, BOOK_GROUP.from + 1).value = BOOK_GROUP.title;
  const numbers = ws.getRow(h2 + 1);
  BOOK_COLUMNS.forEach((_, i) => { numbers.getCell(i + 1).value = `(${i + 1})`; });
  for (const r of [h1, h2, h2 + 1]) {
    for (let c = 1; c <= n; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { name: FONT, size: 11, bold: r !== h2 + 1, italic: r === h2 + 1 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
  }
  ws.getRow(h2).height = 32;

  let r = h2 + 2;
  for (const row of b.rows) {
    const values = [
      row.seq, row.code, row.procedureName, row.applicantName, row.addressPhone, row.competentUnitName,
      vnShortDateTime(row.receivedAt), vnShortDateTime(row.dueAt), vnShortDateTime(row.returnedAt), row.returnMethod, '',
    ];
    const xr = ws.getRow(r);
    values.forEach((v, i) => {
      const cell = xr.getCell(i + 1);
      cell.value = v;
      cell.font = { name: FONT, size: 11 };
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: i === 0 || (i >= 6 && i <= 8) ? 'center' : 'left' };
      cell.border = BORDER;
    });
    r++;
  }
  r++;
  ws.getCell(r, 1).value = 'Ghi chú:';
  ws.getCell(r, 1).font = { name: FONT, size: 11, bold: true, italic: true };
  for (const note of BOOK_NOTES_2025) {
    r++;
    line(r, `- ${note}`, { italic: true, size: 11 });
    ws.getCell(r, 1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    ws.getRow(r).height = 30;
  }
  ws.views = [{ state: 'frozen', ySplit: h2 + 1 }];
  ws.pageSetup.printArea = `A1:${last}${r}`;
  ws.pageSetup.printTitlesRow = `${h1}:${h2 + 1}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
