// Layout helpers for Vietnamese administrative documents on A4 (Decree 30/2020/NĐ-CP conventions):
// margins 20 mm top/bottom, 30 mm left, 20 mm right; Times-metric font (Tinos) at 13 pt; the two-column
// header (unit left, national motto right); centred bold title; signature blocks; page numbers from
// page 2, top centre. Dates are always printed in Vietnam time (UTC+7, no DST), never the machine's zone.
import { VN_OFFSET_MS } from '../../../../common/calendar';
import type { FormUnit } from './types';

const MM = 72 / 25.4;
export const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM };
export const BODY_SIZE = 13;
export const SMALL_SIZE = 10;
/** What a blank to be filled by hand looks like. */
export const BLANK = '……………';

// ---------------------------------------------------------------------------------------------------
// Pure formatting helpers (Vietnam time)

export interface VnParts { year: number; month: number; day: number; hour: number; minute: number }

/** Calendar fields of an instant in Vietnam time (UTC+7), independent of the machine's time zone. */
export function vnParts(at: Date): VnParts {
  const x = new Date(at.getTime() + VN_OFFSET_MS);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate(), hour: x.getUTCHours(), minute: x.getUTCMinutes() };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * "ngày 05 tháng 01 năm 2026", "ngày 23 tháng 11 năm 2026": as Decree 30/2020 prescribes, a zero is
 * written before days below 10 and months below 3 only ("tháng 3", "tháng 12").
 */
export function vnDateWords(at: Date | null | undefined): string {
  if (!at) return 'ngày … tháng … năm …';
  const p = vnParts(at);
  return `ngày ${p2(p.day)} tháng ${p.month < 3 ? p2(p.month) : String(p.month)} năm ${p.year}`;
}

/** "08 giờ 30 phút, ngày 23 tháng 11 năm 2026". */
export function vnDateTimeWords(at: Date | null | undefined): string {
  if (!at) return '… giờ … phút, ngày … tháng … năm …';
  const p = vnParts(at);
  return `${p2(p.hour)} giờ ${p2(p.minute)} phút, ${vnDateWords(at)}`;
}

/** "Đồng Hới, ngày 23 tháng 11 năm 2026". */
export function placeDateLine(place: string, at: Date): string {
  return `${place}, ${vnDateWords(at)}`;
}

/** "23/11/2026". */
export function vnShortDate(at: Date | null | undefined): string {
  if (!at) return '';
  const p = vnParts(at);
  return `${p2(p.day)}/${p2(p.month)}/${p.year}`;
}

/** "23/11/2026 08:30". */
export function vnShortDateTime(at: Date | null | undefined): string {
  if (!at) return '';
  const p = vnParts(at);
  return `${vnShortDate(at)} ${p2(p.hour)}:${p2(p.minute)}`;
}

/** "08 giờ 30 phút, ngày 23/11/2026" (the control sheet's compact form). */
export function vnTimeShortDate(at: Date | null | undefined): string {
  if (!at) return '… giờ … phút, ngày …/…/……';
  const p = vnParts(at);
  return `${p2(p.hour)} giờ ${p2(p.minute)} phút, ngày ${vnShortDate(at)}`;
}

/** Thousands with dots: 1250000 → "1.250.000". */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "20.000 đồng". */
export function money(n: number): string {
  return `${groupThousands(n)} đồng`;
}

/** Text or a blank to fill in by hand. */
export function orBlank(s: string | null | undefined): string {
  const t = s?.trim();
  return t ? t : BLANK;
}

/** Upper case of Vietnamese text (Đ, ế, ữ… all have upper-case forms). */
export function upper(s: string): string {
  return s.normalize('NFC').toLocaleUpperCase('vi');
}

/** "Số: ……/PBS-TTPVHCC (BPTNTKQ)"; `code` '' gives "Số: ……/TTPVHCC (BPTNTKQ)". */
export function numberLine(unit: FormUnit, code: string, opts: { bare?: boolean } = {}): string {
  const suffix = unit.numberSuffix?.trim() || 'TTPVHCC (BPTNTKQ)';
  if (opts.bare) return `Số: ……/${code}`;
  return `Số: ……/${code ? `${code}-` : ''}${suffix}`;
}

// ---------------------------------------------------------------------------------------------------
// The writer

type Font = 'Regular' | 'Bold' | 'Italic' | 'BoldItalic';
type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextOpts { font?: Font; size?: number; align?: Align; indent?: number; gap?: number; x?: number; width?: number }

export interface Column { header: string; weight: number; align?: 'left' | 'center' | 'right' }
export interface ColumnGroup { title: string; from: number; to: number }

export interface SignatureBlock {
  title: string;
  /** Default "(Ký và ghi rõ họ tên)". */
  hint?: string;
  /** "(Chữ ký số của … nếu là biểu mẫu điện tử)", omitted in the 2018 set. */
  digital?: string;
  name?: string | null;
}

export interface HeaderSpec {
  unit: FormUnit;
  numberLine: string;
  issuedAt: Date;
  /** Optional image (PNG) under the left column with a caption, e.g. the dossier code's QR. */
  qr?: { png: Buffer; caption: string };
}

const n = (s: string) => s.normalize('NFC');

/** A thin wrapper around a PDFKit document with the conventions of the forms. */
export class FormWriter {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  get left(): number { return this.doc.page.margins.left; }
  get right(): number { return this.doc.page.width - this.doc.page.margins.right; }
  get width(): number { return this.right - this.left; }
  get bottom(): number { return this.doc.page.height - this.doc.page.margins.bottom; }

  /** Flowing text at the cursor (left margin unless `x`). */
  text(s: string, o: TextOpts = {}): this {
    const { doc } = this;
    doc.font(o.font ?? 'Regular').fontSize(o.size ?? BODY_SIZE);
    doc.text(n(s), o.x ?? this.left, doc.y, {
      width: o.width ?? this.width - ((o.x ?? this.left) - this.left),
      align: o.align ?? 'left',
      indent: o.indent ?? 0,
      lineGap: 0.5,
    });
    if (o.gap) doc.y += o.gap;
    return this;
  }

  /** A paragraph of prose: justified, first line indented by 1 cm. */
  para(s: string, o: TextOpts = {}): this {
    return this.text(s, { align: 'justify', indent: 10 * MM, ...o });
  }

  /** Runs of text in different faces on one flowing paragraph. */
  rich(runs: [Font, string][], o: { size?: number; align?: Align; indent?: number } = {}): this {
    const { doc } = this;
    doc.fontSize(o.size ?? BODY_SIZE);
    runs.forEach(([font, s], i) => {
      doc.font(font);
      const last = i === runs.length - 1;
      const opts = { width: this.width, align: o.align ?? 'left', indent: o.indent ?? 0, lineGap: 0.5, continued: !last };
      if (i === 0) doc.text(n(s), this.left, doc.y, opts);
      else doc.text(n(s), opts);
    });
    return this;
  }

  /** "Label: value" (label regular, value regular; value blank when missing). */
  field(label: string, value: string | null | undefined, o: { indent?: number } = {}): this {
    return this.rich([['Regular', `${label}: `], ['Regular', orBlank(value)]], o);
  }

  space(pt = 6): this {
    this.doc.y += pt;
    return this;
  }

  /** Starts a new page when less than `pt` remains. */
  keep(pt: number): this {
    if (this.doc.y + pt > this.bottom) this.doc.addPage();
    return this;
  }

  /** The common two-column header; returns nothing, leaves the cursor below it. */
  header(h: HeaderSpec): this {
    const { doc } = this;
    const top = this.doc.page.margins.top;
    const leftW = Math.round(this.width * 0.45);
    const rightX = this.left + leftW;
    const rightW = this.width - leftW;
    const hs = 12;

    // Left: parent unit, desk (bold, rule), number line.
    doc.font('Regular').fontSize(hs);
    doc.text(upper(h.unit.parentName), this.left, top, { width: leftW, align: 'center' });
    doc.font('Bold');
    const deskText = upper(h.unit.deskName);
    doc.text(deskText, this.left, doc.y, { width: leftW, align: 'center' });
    const ruleW = Math.min(doc.widthOfString(deskText) / 3, leftW / 2);
    const cx = this.left + leftW / 2;
    doc.y += 2;
    doc.moveTo(cx - ruleW / 2, doc.y).lineTo(cx + ruleW / 2, doc.y).lineWidth(0.6).stroke();
    doc.y += 6;
    doc.font('Regular').fontSize(12);
    doc.text(n(h.numberLine), this.left, doc.y, { width: leftW, align: 'center' });
    if (h.qr) {
      const size = 50;
      doc.y += 4;
      doc.image(h.qr.png, cx - size / 2, doc.y, { width: size, height: size });
      doc.y += size + 1;
      doc.font('Regular').fontSize(9).text(n(h.qr.caption), this.left, doc.y, { width: leftW, align: 'center' });
    }
    const leftBottom = doc.y;

    // Right: national motto (bold, rule), place and date (italic).
    doc.font('Bold').fontSize(12);
    doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
    doc.fontSize(BODY_SIZE);
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    doc.text(motto, rightX, doc.y, { width: rightW, align: 'center' });
    const mottoW = doc.widthOfString(motto);
    const rx = rightX + rightW / 2;
    doc.y += 2;
    doc.moveTo(rx - mottoW / 2, doc.y).lineTo(rx + mottoW / 2, doc.y).lineWidth(0.6).stroke();
    doc.y += 8;
    doc.font('Italic').fontSize(BODY_SIZE);
    doc.text(n(placeDateLine(h.unit.place, h.issuedAt)), rightX, doc.y, { width: rightW, align: 'center' });
    const rightBottom = doc.y;

    doc.x = this.left;
    doc.y = Math.max(leftBottom, rightBottom) + 12;
    return this;
  }

  /** Centred bold title (upper case), optional lines under it. */
  title(t: string, ...sub: { text: string; font?: Font; size?: number }[]): this {
    this.text(upper(t), { font: 'Bold', size: 14, align: 'center' });
    for (const s of sub) this.text(s.text, { font: s.font ?? 'Regular', size: s.size ?? BODY_SIZE, align: 'center' });
    return this.space(8);
  }

  /** A bordered table; rows break across pages with the header repeated. */
  table(cols: Column[], rows: string[][], o: { size?: number; headerSize?: number; groups?: ColumnGroup[]; minRowHeight?: number; numbered?: boolean } = {}): this {
    const { doc } = this;
    const size = o.size ?? 12;
    const headerSize = o.headerSize ?? size;
    const pad = 3;
    const total = cols.reduce((s, c) => s + c.weight, 0);
    const widths = cols.map((c) => (c.weight / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const groups = o.groups ?? [];
    const groupOf = (i: number) => groups.find((g) => i >= g.from && i <= g.to);
    const spanW = (g: ColumnGroup) => widths.slice(g.from, g.to + 1).reduce((s, w) => s + w, 0);
    const hText = (s: string, w: number, f: Font = 'Bold', sz = headerSize) => {
      doc.font(f).fontSize(sz);
      return doc.heightOfString(n(s), { width: w - 2 * pad, align: 'center' }) + 2 * pad;
    };
    const cellText = (s: string, x: number, y: number, w: number, h: number, align: Align, f: Font, sz: number, vcenter: boolean) => {
      doc.font(f).fontSize(sz);
      const th = doc.heightOfString(n(s), { width: w - 2 * pad, align });
      const ty = vcenter ? y + (h - th) / 2 : y + pad;
      doc.text(n(s), x + pad, ty, { width: w - 2 * pad, align, lineGap: 0 });
    };

    const drawHeader = () => {
      const g1 = groups.length ? Math.max(...groups.map((g) => hText(g.title, spanW(g)))) : 0;
      const sub = Math.max(...cols.map((c, i) => (groupOf(i) ? hText(c.header, widths[i]!) : 0)));
      const full = Math.max(...cols.map((c, i) => (groupOf(i) ? 0 : hText(c.header, widths[i]!))));
      const h2 = groups.length ? Math.max(sub, full - g1) : 0;
      const hh = groups.length ? g1 + h2 : full;
      if (doc.y + hh + 20 > this.bottom) doc.addPage();
      const y = doc.y;
      doc.lineWidth(0.6);
      cols.forEach((c, i) => {
        const g = groupOf(i);
        if (g) {
          doc.rect(xs[i]!, y + g1, widths[i]!, h2).stroke();
          cellText(c.header, xs[i]!, y + g1, widths[i]!, h2, 'center', 'Bold', headerSize, true);
        } else {
          doc.rect(xs[i]!, y, widths[i]!, hh).stroke();
          cellText(c.header, xs[i]!, y, widths[i]!, hh, 'center', 'Bold', headerSize, true);
        }
      });
      for (const g of groups) {
        doc.rect(xs[g.from]!, y, spanW(g), g1).stroke();
        cellText(g.title, xs[g.from]!, y, spanW(g), g1, 'center', 'Bold', headerSize, true);
      }
      doc.y = y + hh;
    };

    drawHeader();
    if (o.numbered) {
      // The "(1) (2) (3) …" row under the header, as registers print it.
      const y = doc.y;
      const h = hText('(1)', 30, 'Italic', size - 1);
      cols.forEach((_, i) => {
        doc.rect(xs[i]!, y, widths[i]!, h).stroke();
        cellText(`(${i + 1})`, xs[i]!, y, widths[i]!, h, 'center', 'Italic', size - 1, true);
      });
      doc.y = y + h;
    }
    for (const row of rows) {
      doc.font('Regular').fontSize(size);
      const h = Math.max(
        o.minRowHeight ?? 0,
        ...cols.map((c, i) => doc.heightOfString(n(row[i] ?? ''), { width: widths[i]! - 2 * pad, align: c.align ?? 'left' }) + 2 * pad),
      );
      if (doc.y + h > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      const y = doc.y;
      cols.forEach((c, i) => {
        doc.rect(xs[i]!, y, widths[i]!, h).stroke();
        cellText(row[i] ?? '', xs[i]!, y, widths[i]!, h, c.align ?? 'left', 'Regular', size, false);
      });
      doc.y = y + h;
    }
    doc.x = this.left;
    doc.y += 8;
    return this;
  }

  /** Signature blocks side by side (one block goes to the right half, as official documents sign). */
  signatures(blocks: SignatureBlock[], o: { spaceForSignature?: number } = {}): this {
    const { doc } = this;
    const sig = o.spaceForSignature ?? 48;
    const colW = this.width / 2;
    const heights = blocks.map((b) => {
      doc.font('Bold').fontSize(BODY_SIZE);
      let h = doc.heightOfString(n(b.title), { width: colW }) * 2 + 2;
      doc.font('Italic').fontSize(SMALL_SIZE);
      if (b.digital) h += doc.heightOfString(n(b.digital), { width: colW - 16 }) + 1;
      return h;
    });
    this.keep(6 + Math.max(...heights) + sig + 18);
    doc.y += 6;
    const top = doc.y;
    const slots = blocks.length === 1 ? [1] : blocks.map((_, i) => i);
    let bottom = top;
    blocks.forEach((b, i) => {
      const x = this.left + slots[i]! * colW;
      doc.font('Bold').fontSize(BODY_SIZE).text(n(b.title), x, top, { width: colW, align: 'center' });
      doc.font('Italic').fontSize(BODY_SIZE).text(n(b.hint ?? '(Ký và ghi rõ họ tên)'), x, doc.y, { width: colW, align: 'center' });
      if (b.digital) doc.font('Italic').fontSize(SMALL_SIZE).text(n(b.digital), x + 8, doc.y + 1, { width: colW - 16, align: 'center' });
      bottom = Math.max(bottom, doc.y);
    });
    const nameY = bottom + sig;
    blocks.forEach((b, i) => {
      const x = this.left + slots[i]! * colW;
      if (b.name) doc.font('Bold').fontSize(BODY_SIZE).text(n(b.name), x, nameY, { width: colW, align: 'center' });
    });
    doc.x = this.left;
    doc.y = nameY + 20;
    return this;
  }

  /** Page numbers, top centre, from page 2 (only when the document has more than one page). */
  pageNumbers(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    if (range.count <= 1) return;
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      doc.font('Regular').fontSize(BODY_SIZE);
      doc.text(String(i - range.start + 1), 0, doc.page.margins.top / 2, { width: doc.page.width, align: 'center', lineBreak: false });
    }
  }
}
