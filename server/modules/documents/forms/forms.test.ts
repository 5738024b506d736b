// Renders every official form of both template sets and reads the PDFs back with poppler
// (pdftotext -layout, pdfinfo), and the Excel book back with exceljs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_TITLES, renderForm, templateSetFor, trackingBookXlsx } from './index';
import { money, placeDateLine, vnDateTimeWords, vnDateWords, vnShortDateTime } from './layout';
import type { FormContext, FormNo, TemplateSet } from './types';

const at = (iso: string) => new Date(iso);
const CODE = 'H45.30.01-261123-0001';
const ID = '045201001234';
const AUTH_ID = '045199005678';

const ctx: FormContext = {
  unit: {
    parentName: 'UBND tỉnh Quảng Trị',
    deskName: 'Trung tâm Phục vụ hành chính công phường Đồng Hới',
    agencyName: 'Ủy ban nhân dân phường Đồng Hới',
    place: 'Đồng Hới',
    phone: '0232 3822 456',
    contactName: 'bà Lê Thị Hương',
    contactPhone: '0912 345 678',
  },
  issuedAt: at('2026-11-23T01:30:00Z'), // 08:30 in Vietnam
  dossier: {
    code: CODE,
    procedureName: 'Đăng ký khai sinh',
    fieldName: 'Hộ tịch',
    competentUnitName: 'Ủy ban nhân dân phường Đồng Hới',
    receivingUnitName: 'Trung tâm Phục vụ hành chính công phường Đồng Hới',
    coordinatingUnitNames: ['Công an phường Đồng Hới', 'Bảo hiểm xã hội tỉnh Quảng Trị'],
    applicant: {
      fullName: 'Nguyễn Thị Hồng Nhung',
      idNumber: ID,
      address: 'Số 12 đường Lý Thường Kiệt, phường Đồng Hới, tỉnh Quảng Trị',
      phone: '0905 123 456',
      email: 'nhung.nguyen@example.vn',
    },
    authorised: {
      fullName: 'Trần Văn Đức',
      idNumber: AUTH_ID,
      address: 'Số 5 đường Hùng Vương, phường Đồng Hới, tỉnh Quảng Trị',
      phone: '0914 888 999',
      email: null,
      document: 'Giấy ủy quyền số 12/2026 ngày 20/11/2026',
    },
    receivedAt: at('2026-11-23T01:30:00Z'), // 08:30 23/11/2026 in Vietnam
    dueAt: at('2026-11-25T09:00:00Z'), // 16:00 25/11/2026
    processingTimeText: '03 ngày làm việc',
    documents: [
      { name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0 },
      { name: 'Giấy chứng sinh', originals: 1, copies: 0 },
      { name: 'Giấy chứng nhận kết hôn của cha, mẹ', originals: 0, copies: 1 },
    ],
    sets: 1,
    returnPlace: 'Trung tâm Phục vụ hành chính công phường Đồng Hới',
    fees: [{ name: 'Lệ phí đăng ký khai sinh', amount: 20_000 }, { name: 'Phí cấp bản sao trích lục', amount: 8_000 }],
    trackingBook: { bookNo: '03/2026', seq: 128 },
    lookupUrl: `https://motcua.quangtri.gov.vn/tra-cuu/${CODE}`,
  },
  officerName: 'Phạm Minh Tuấn',
  headName: 'Hoàng Văn Lợi',
  supplement: { items: ['Bổ sung bản sao Giấy chứng nhận kết hôn có chứng thực', 'Ghi rõ nơi sinh theo Giấy chứng sinh'], reason: 'Hồ sơ chưa đầy đủ thành phần theo quy định' },
  refusal: { reason: 'Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường' },
  apology: { reason: 'Cần xác minh thông tin hộ tịch tại nơi đăng ký kết hôn', newDueAt: at('2026-11-30T09:00:00Z'), recipient: 'Bà Nguyễn Thị Hồng Nhung' },
  stop: { requestedAt: at('2026-11-24T02:15:00Z'), reason: 'Người nộp muốn bổ sung giấy tờ và nộp lại sau', feesNote: 'Lệ phí 20.000 đồng đã nộp không được hoàn trả theo quy định.' },
  control: [
    { giver: 'Bộ phận TN&TKQ', receiver: 'Công chức Tư pháp - Hộ tịch', at: at('2026-11-23T02:00:00Z'), verdict: null },
    { giver: 'Công chức Tư pháp - Hộ tịch', receiver: 'Lãnh đạo UBND phường', at: at('2026-11-24T08:00:00Z'), verdict: 'early' },
    { giver: 'Lãnh đạo UBND phường', receiver: 'Bộ phận TN&TKQ', at: at('2026-11-25T03:10:00Z'), verdict: 'on_time', note: 'Đã ký số' },
  ],
  trackingBook: {
    field: 'Hộ tịch',
    from: at('2026-11-01T00:00:00+07:00'),
    to: at('2026-11-30T00:00:00+07:00'),
    bookNo: '03/2026',
    rows: [
      { seq: 127, code: 'H45.30.01-261122-0004', procedureName: 'Đăng ký kết hôn', applicantName: 'Lê Quang Vũ', addressPhone: 'phường Đồng Hới; 0988 111 222', competentUnitName: 'UBND phường Đồng Hới', receivedAt: at('2026-11-22T03:00:00Z'), dueAt: at('2026-11-24T09:00:00Z'), returnedAt: at('2026-11-24T07:45:00Z'), returnMethod: 'Trực tiếp' },
      { seq: 128, code: CODE, procedureName: 'Đăng ký khai sinh', applicantName: 'Nguyễn Thị Hồng Nhung', addressPhone: 'phường Đồng Hới; 0905 123 456', competentUnitName: 'UBND phường Đồng Hới', receivedAt: at('2026-11-23T01:30:00Z'), dueAt: at('2026-11-25T09:00:00Z'), returnedAt: null, returnMethod: 'Bưu chính công ích' },
      { seq: 129, code: 'H45.30.01-261123-0002', procedureName: 'Cấp bản sao trích lục hộ tịch', applicantName: 'Đỗ Thị Ánh Tuyết', addressPhone: 'phường Đồng Sơn; 0977 456 789', competentUnitName: 'UBND phường Đồng Hới', receivedAt: at('2026-11-23T08:20:00Z'), dueAt: at('2026-11-24T02:00:00Z'), returnedAt: at('2026-11-24T01:30:00Z'), returnMethod: 'Trực tuyến' },
    ],
  },
};

const TT03_NOS: FormNo[] = ['01', '02', '03', '04', '05', '06', '07'];
const TT01_NOS: FormNo[] = ['01', '02', '03', '04', '06', '07'];
const WITH_ID_2025: FormNo[] = ['01', '03', '04', '05'];
const DIGITAL: Partial<Record<FormNo, string>> = {
  '01': '(Chữ ký số của người tiếp nhận hồ sơ nếu là biểu mẫu điện tử)',
  '02': '(Chữ ký số của Người hướng dẫn nếu là biểu mẫu điện tử)',
  '03': '(Chữ ký số của Người tiếp nhận hồ sơ nếu là biểu mẫu điện tử)',
  '04': '(Chữ ký số của Thủ trưởng cơ quan, đơn vị nếu là biểu mẫu điện tử)',
  '05': '(Chữ ký số của người ký thông báo nếu là biểu mẫu điện tử)',
};

let dir = '';
const texts = new Map<string, { text: string; flat: string; info: string }>();
/** Keep the rendered PDFs for inspection: MOTCUA_FORMS_OUT=/some/dir. */
const keepDir = process.env.MOTCUA_FORMS_OUT;

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `${cmd} failed (${r.error?.message ?? `exit ${r.status}: ${r.stderr}`}). These tests need poppler-utils ` +
      '(pdftotext, pdfinfo): apt-get install poppler-utils',
    );
  }
  return r.stdout;
}

/** Layout text collapsed to single spaces, for phrases that may wrap across lines. */
const flatten = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ');

async function render(no: FormNo, set: TemplateSet) {
  const pdf = await renderForm(no, ctx, set);
  const file = join(dir, `${set}-${no}.pdf`);
  writeFileSync(file, pdf);
  if (keepDir) writeFileSync(join(keepDir, `${set}-${no}.pdf`), pdf);
  const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).normalize('NFC');
  // Content-stream order keeps wrapped table cells and header columns together.
  const raw = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).normalize('NFC');
  const info = run('pdfinfo', [file]);
  texts.set(`${set}-${no}`, { text, flat: `${flatten(text)} ¦ ${flatten(raw)}`, info });
  return pdf;
}

const get = (set: TemplateSet, no: FormNo) => {
  const t = texts.get(`${set}-${no}`);
  if (!t) throw new Error(`not rendered: ${set} ${no}`);
  return t;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-forms-'));
  // Fail loudly (never skip) when poppler is missing.
  run('pdftotext', ['-v']);
  for (const no of TT03_NOS) await render(no, 'tt03-2025');
  for (const no of TT01_NOS) await render(no, 'tt01-2018');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pure helpers', () => {
  it('prints Vietnam time whatever the machine zone, with Decree 30 zero padding', () => {
    expect(vnDateWords(at('2026-11-22T17:05:00Z'))).toBe('ngày 23 tháng 11 năm 2026');
    expect(vnDateWords(at('2026-01-04T20:00:00Z'))).toBe('ngày 05 tháng 01 năm 2026');
    expect(vnDateWords(at('2026-03-15T00:00:00Z'))).toBe('ngày 15 tháng 3 năm 2026');
    expect(vnDateTimeWords(at('2026-11-23T01:30:00Z'))).toBe('08 giờ 30 phút, ngày 23 tháng 11 năm 2026');
    expect(vnShortDateTime(at('2026-12-31T17:30:00Z'))).toBe('01/01/2027 00:30');
    expect(placeDateLine('Đồng Hới', at('2026-11-23T01:30:00Z'))).toBe('Đồng Hới, ngày 23 tháng 11 năm 2026');
    expect(money(20_000)).toBe('20.000 đồng');
    expect(money(1_250_000)).toBe('1.250.000 đồng');
  });

  it('chooses the template set by reception date (Decree 118 from 1 Jul 2025, Vietnam time)', () => {
    expect(templateSetFor(at('2025-06-30T16:59:59Z'))).toBe('tt01-2018');
    expect(templateSetFor(at('2025-06-30T17:00:00Z'))).toBe('tt03-2025');
    expect(templateSetFor(null)).toBe('tt03-2025');
  });

  it('has no stop notice in the 2018 set', async () => {
    await expect(renderForm('05', ctx, 'tt01-2018')).rejects.toThrow('form 05 does not exist in the 2018 set');
    expect(FORM_TITLES['tt01-2018']['05']).toBeUndefined();
  });
});

describe.each([
  ['tt03-2025' as TemplateSet, TT03_NOS],
  ['tt01-2018' as TemplateSet, TT01_NOS],
])('%s', (set, nos) => {
  it.each(nos)('form %s: A4, title, code and names', (no) => {
    const { flat, info } = get(set, no);
    expect(flat).toContain(FORM_TITLES[set][no]!.toLocaleUpperCase('vi'));
    expect(flat).toContain(CODE);
    expect(info).toMatch(no === '07' ? /Page size:\s+841\.89 x 595\.28 pts/ : /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(flat).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(flat).toContain('Đồng Hới, ngày 23 tháng 11 năm 2026');
    expect(flat).toContain('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐỒNG HỚI');
    if (no !== '06') expect(flat).toContain('Nguyễn Thị Hồng Nhung');
    if (no === '07') expect(info).toMatch(/Pages:\s+1\b/);
  });

  it.each(nos)('form %s: ID number and digital-signature line only where the set prints them', (no) => {
    const { flat } = get(set, no);
    const withId = set === 'tt03-2025' && WITH_ID_2025.includes(no);
    if (withId) expect(flat).toContain(ID);
    else expect(flat).not.toContain(ID);
    if (set === 'tt03-2025' && DIGITAL[no]) expect(flat).toContain(DIGITAL[no]);
    if (set === 'tt01-2018') expect(flat).not.toContain('Chữ ký số');
  });
});

describe('form contents', () => {
  it('01 receipt (2025)', () => {
    const { flat, info } = get('tt03-2025', '01');
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Title:\s+Giấy tiếp nhận hồ sơ và hẹn trả kết quả - H45\.30\.01-261123-0001/);
    expect(info).toMatch(/Author:\s+Ủy ban nhân dân phường Đồng Hới/);
    for (const s of [
      'Số: ……/TTPVHCC (BPTNTKQ)', `Mã hồ sơ: ${CODE}`, 'Tiếp nhận hồ sơ của Ông (Bà)/Tổ chức: Nguyễn Thị Hồng Nhung',
      `Số định danh cá nhân/tổ chức: ${ID}`, 'Trần Văn Đức', AUTH_ID, 'Giấy ủy quyền số 12/2026 ngày 20/11/2026',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh', 'STT', 'Tên giấy tờ', 'Bản chính', 'Bản sao', 'Số lượng',
      'Giấy chứng nhận kết hôn của cha, mẹ', 'Số lượng hồ sơ: 01 (bộ)',
      'Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc',
      'Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 23 tháng 11 năm 2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công phường Đồng Hới',
      'Vào Sổ theo dõi hồ sơ, Quyển số 03/2026, Số thứ tự 128', '28.000 đồng', '20.000 đồng',
      'NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', '(Ký và ghi rõ họ tên)', 'Phạm Minh Tuấn',
    ]) expect(flat).toContain(s);
  });

  it('02 – 05 (2025)', () => {
    const f02 = get('tt03-2025', '02').flat;
    for (const s of ['Số: ……/PBS-TTPVHCC (BPTNTKQ)', 'Hồ sơ của: Nguyễn Thị Hồng Nhung', '1. Bổ sung bản sao Giấy chứng nhận kết hôn có chứng thực',
      'Lý do: Hồ sơ chưa đầy đủ thành phần theo quy định', 'liên hệ với bà Lê Thị Hương số điện thoại 0912 345 678 để được hướng dẫn./.', 'NGƯỜI HƯỚNG DẪN']) expect(f02).toContain(s);
    const f03 = get('tt03-2025', '03').flat;
    for (const s of ['Số: ……/PTC-TTPVHCC (BPTNTKQ)', 'Mã hồ sơ (nếu có):', 'Yêu cầu không thuộc thẩm quyền giải quyết', 'Xin thông báo cho Ông/Bà được biết và thực hiện./.']) expect(f03).toContain(s);
    const f04 = get('tt03-2025', '04').flat;
    for (const s of ['Số: ……/PXL', 'Kính gửi: Bà Nguyễn Thị Hồng Nhung', `số định danh: ${ID}; mã số hồ sơ: ${CODE}`, '16 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'vào ngày 30 tháng 11 năm 2026', 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ', 'Hoàng Văn Lợi', 'xin trân trọng gửi lời xin lỗi']) expect(f04).toContain(s);
    const f05 = get('tt03-2025', '05').flat;
    for (const s of ['Mẫu tạm (chưa có mẫu chính thức)', 'Ngày 24/11/2026', 'chưa ban hành văn bản giải quyết', 'Lệ phí 20.000 đồng đã nộp']) expect(f05).toContain(s);
  });

  it('06 control sheet', () => {
    const { flat } = get('tt03-2025', '06');
    for (const s of ['Số: ……/PKS-TTPVHCC (BPTNTKQ)', 'Tên đơn vị', 'Thời gian giao nhận hồ sơ', 'Ghi chú', '1. Giao: Bộ phận TN&TKQ', '2. Nhận: Công chức Tư pháp - Hộ tịch',
      '09 giờ 00 phút, ngày 23/11/2026', 'Người giao', 'Người nhận', 'Trước hạn', 'Đúng hạn', 'Công an phường Đồng Hới',
      'Hẹn trả kết quả vào 16 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'Kết quả giải quyết hồ sơ do bên nhận nhập thông tin/ghi khi nhận bàn giao hồ sơ.', 'Việc lưu vết được thực hiện tự động']) expect(flat).toContain(s);
    expect(get('tt01-2018', '06').flat).not.toContain('Việc lưu vết');
  });

  it('07 tracking book', () => {
    const { flat } = get('tt03-2025', '07');
    for (const s of ['Số: ……/STD-TTPVHCC (BPTNTKQ)', 'Lĩnh vực: Hộ tịch', 'Quyển số: 03/2026', 'Từ ngày 01/11/2026 đến ngày 30/11/2026',
      'Nhận và trả kết quả', 'Cơ quan chủ trì', 'Ký nhận', 'H45.30.01-261122-0004', 'Đỗ Thị Ánh Tuyết', '23/11/2026', 'Bưu chính công ích',
      'Sổ theo dõi hồ sơ được lập theo từng lĩnh vực hoặc nhóm lĩnh vực tại Bộ phận Một cửa.']) expect(flat).toContain(s);
    expect(get('tt01-2018', '07').flat).toContain('Số lượng hồ sơ');
  });

  it('2018 wording', () => {
    expect(get('tt01-2018', '04').flat).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(get('tt01-2018', '04').flat).toContain('(Ký, ghi rõ họ tên và đóng dấu)');
    expect(get('tt01-2018', '01').flat).toContain('2. Số lượng hồ sơ: 01 (bộ)');
  });
});

describe('long documents', () => {
  it('breaks the book across pages, repeating the header, and numbers pages from 2', async () => {
    const base = ctx.trackingBook!.rows[1]!;
    const rows = Array.from({ length: 40 }, (_, i) => ({ ...base, seq: i + 1, code: `H45.30.01-261123-${String(i + 1).padStart(4, '0')}` }));
    const pdf = await renderForm('07', { ...ctx, trackingBook: { ...ctx.trackingBook!, rows } }, 'tt03-2025');
    const file = join(dir, 'long-07.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))![1]);
    expect(pages).toBeGreaterThan(1);
    const page2 = run('pdftotext', ['-layout', '-f', '2', '-l', '2', file, '-']).normalize('NFC');
    expect(page2).toMatch(/^\s*2\s*$/m);
    expect(page2).toContain('Nhận và trả kết quả');
    expect(flatten(run('pdftotext', ['-layout', file, '-']))).toContain('H45.30.01-261123-0040');
  });
});

describe('tracking book as Excel', () => {
  it('has the title, grouped headers and one row per dossier', async () => {
    const buf = await trackingBookXlsx(ctx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
    expect(cells).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(cells).toContain('Nhận và trả kết quả');
    for (const h of ['STT', 'Mã hồ sơ', 'Tên TTHC', 'Tên tổ chức, cá nhân', 'Địa chỉ/SĐT', 'Cơ quan chủ trì giải quyết', 'Nhận hồ sơ', 'Hẹn trả kết quả', 'Trả kết quả', 'Phương thức nhận kết quả', 'Ký nhận']) {
      expect(cells).toContain(h);
    }
    const row = ws.getRow(13);
    expect(row.getCell(2).value).toBe(CODE);
    expect(row.getCell(4).value).toBe('Nguyễn Thị Hồng Nhung');
    expect(row.getCell(7).value).toBe('23/11/2026 08:30');
    expect(row.getCell(8).value).toBe('25/11/2026 16:00');
    expect(row.getCell(9).value).toBe('');
    expect(ws.getCell('G9').isMerged).toBe(true);
    expect(ws.getCell('A9').master.address).toBe('A9');
    expect(ws.getCell('A10').master.address).toBe('A9');
  });
});
