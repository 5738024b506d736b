import fc from 'fast-check';
import { parse } from 'content-disposition';
import { describe, expect, it } from 'vitest';
import { contentDisposition, safeFileName, safeLabel } from './files';
import { neutraliseCell, restoreCell } from './spreadsheet-safety';

describe('file names', () => {
  it('removes bidi controls, control characters and path separators, keeps Vietnamese', () => {
    expect(safeFileName('hoa-don\u202Efdp.exe', 'x')).toBe('hoa-donfdp.exe');
    expect(safeFileName('\u2067Giấy\u2069 khai\u0000 sinh\u200F.pdf', 'x')).toBe('Giấy khai sinh.pdf');
    expect(safeFileName('..\\..\\etc/passwd', 'x')).toBe('_.._etc_passwd');
    expect(safeFileName('\u061C\u200E ', 'tep-dinh-kem')).toBe('tep-dinh-kem');
    expect(safeFileName('Gia\u0301y.pdf', 'x')).toBe('Giáy.pdf'); // NFC
    const long = safeFileName(`${'a'.repeat(300)}.pdf`, 'x');
    expect([long.length, long.endsWith('.pdf')]).toEqual([200, true]);
    expect(safeLabel(' Giấy\u202E tờ\n ')).toBe('Giấy tờ');
  });

  it('builds a Content-Disposition that parses back to the cleaned name', () => {
    const header = contentDisposition('Giấy "khai sinh"\u202E.pdf');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(header).toContain('filename="Giay _khai sinh_.pdf"'); // the ASCII fallback for old clients
    expect(parse(header)).toMatchObject({ type: 'attachment', parameters: { filename: 'Giấy "khai sinh".pdf' } });
    expect(parse(contentDisposition('mau-01.pdf', true)).type).toBe('inline');
  });
});

describe('spreadsheet cells', () => {
  it('never lets a neutralised cell start like a formula, and restores every value exactly', () => {
    const lead = fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "''=", "'a");
    const cell = fc.oneof(fc.string(), fc.tuple(lead, fc.string()).map(([a, b]) => a + b));
    fc.assert(fc.property(cell, (s) => {
      const out = neutraliseCell(s);
      expect(out).not.toMatch(/^[=+\-@\t\r]/);
      expect(restoreCell(out)).toBe(s);
    }));
    expect(neutraliseCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutraliseCell('Đăng ký khai sinh')).toBe('Đăng ký khai sinh');
  });
});
