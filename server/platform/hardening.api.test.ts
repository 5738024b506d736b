import ExcelJS from 'exceljs';
import { parse as parseDisposition } from 'content-disposition';
import type { LightMyRequestResponse } from 'fastify';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, multipart, type Client, type Part, type TestApp } from '../../test/helpers';

// Headers, uploads, characters PostgreSQL cannot store, file names, e-form limits and spreadsheet
// cells, through HTTP on the real database. The upload limit is 1 MB here so over-limit files stay small.

let t: TestApp;
let citizen: Client, desk: Client, specialist: Client, admin: Client;
let ward: string;
const PDF = Buffer.from('%PDF-1.4\n% giay to\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const OVER_LIMIT = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 1, 0x20)]);
const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };
const BIDI_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const submit = (formData: Record<string, unknown> = form) => citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData });
/** Sends multipart parts as `c` (or anonymously) with the method the route takes. */
function send(c: Client | null, url: string, parts: Part[], method: 'POST' | 'PUT' = 'POST') {
  const m = multipart(parts);
  return t.app.inject({ method, url, payload: m.payload, headers: { ...m.headers, ...(c ? { cookie: c.cookie, 'x-csrf-token': c.csrfToken } : {}) } });
}
const file = (filename: string, data = PDF): Part => ({ name: 'file', filename, data });
const count = async (table: 'dossiers' | 'dossier_files') => Number((await t.db.selectFrom(table).select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const walkIn = (fullName = 'Phạm Thị Hoa') => ({
  procedureCode: '1.004873', unitId: ward,
  applicant: { idType: 'personal', idNumber: '044190012345', fullName, address: 'Số 3 Lý Thường Kiệt', phone: '0905111222' },
  documents: [{ name: 'Tờ khai', originals: 1, copies: 0, provided: true }], sets: 1, returnPlace: 'Tại Bộ phận một cửa', fees: [], decision: 'accept',
});

beforeAll(async () => {
  t = await createTestApp({ MAX_UPLOAD_MB: '1' });
  [citizen, desk, specialist, admin] = await Promise.all([
    login(t.app, 'congdan'), login(t.app, 'motcua.donghoi'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'admin'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

describe('security headers', () => {
  it('puts the CSP, frame-ancestors, nosniff and Referrer-Policy on every answer, the API docs included', async () => {
    for (const url of ['/api/v1/procedures', '/api/v1/auth/me', '/healthz', '/api/docs/', '/api/v1/khong-co']) {
      const res = await t.app.inject(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('answers with personal or account data are no-store; the public catalog and calendar are not', async () => {
    const d = (await submit()).json();
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'congdan', password: 'MotCua@2025' } });
    const privateAnswers: [Client | null, string][] = [
      [citizen, '/api/v1/auth/me'], [citizen, '/api/v1/my/dossiers'], [citizen, `/api/v1/dossiers/${d.id}`], [citizen, `/api/v1/dossiers/${d.id}/events`],
      [citizen, `/api/v1/dossiers/${d.id}/actions`], [citizen, `/api/v1/dossiers/${d.id}/forms`], [citizen, '/api/v1/my/documents'],
      [desk, '/api/v1/inbox'], [desk, '/api/v1/desk/people?idType=personal&idNumber=044095001234'], [admin, '/api/v1/admin/units'],
      [admin, '/api/v1/admin/users'], [null, `/api/v1/dossiers/${d.id}`], [null, `/api/v1/public/dossiers/${d.code}`],
    ];
    expect(login.headers['cache-control']).toBe('no-store');
    for (const [c, url] of privateAnswers) {
      const res = c ? await c.get(url) : await t.app.inject(url);
      expect(res.headers['cache-control'], `${url} (${res.statusCode})`).toBe('no-store');
    }
    for (const url of ['/api/v1/procedures?q=khai+sinh', '/api/v1/procedures/1.001193', '/api/v1/fields', '/api/v1/units', '/api/v1/calendar/days?year=2026']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBeUndefined();
    }
  });

  it('every download carries nosniff, no-store, a sandboxing policy and a safe Content-Disposition', async () => {
    const online = (await submit()).json();
    expect((await send(citizen, `/api/v1/dossiers/${online.id}/files`, [file('hoa-don\u202Efdp.exe')])).statusCode).toBe(201);
    const walk = (await desk.post('/api/v1/desk/dossiers', walkIn())).json();
    const uploaded = await send(specialist, `/api/v1/dossiers/${walk.id}/result`, [file('ket\u2067qua\u0007.pdf')]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const detail = (await citizen.get(`/api/v1/dossiers/${online.id}`)).json();
    const stored = (await citizen.get('/api/v1/my/documents')).json().items[0];
    const workflow = (await admin.get('/api/v1/admin/workflows')).json().items[0];
    const downloads: [Client, string][] = [
      [citizen, `/api/v1/dossiers/${online.id}/files/${detail.files[0].id}`], [citizen, `/api/v1/my/documents/${stored.id}/file`],
      [desk, `/api/v1/dossiers/${walk.id}/forms/01`], [desk, `/api/v1/dossiers/${walk.id}/result`],
      [desk, '/api/v1/desk/tracking-book?from=2026-01-01&to=2027-12-31&format=pdf'], [desk, '/api/v1/desk/tracking-book?from=2026-01-01&to=2027-12-31&format=xlsx'],
      [admin, '/api/v1/admin/procedures/export?format=csv'], [admin, '/api/v1/admin/procedures/export?format=xlsx'],
      [admin, `/api/v1/admin/workflows/${workflow.id}/export`],
    ];
    for (const [c, url] of downloads) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      const header = String(res.headers['content-disposition']);
      expect(header, url).toMatch(/^[\x20-\x7e]+$/); // ASCII only: the UTF-8 name travels percent-encoded
      const { type, parameters } = parseDisposition(header);
      expect(['attachment', 'inline'], url).toContain(type);
      expect(parameters.filename, url).toBeTruthy();
      expect(parameters.filename, url).not.toMatch(BIDI_OR_CONTROL);
      if (!url.includes('/workflows/')) {
        expect(res.headers['cache-control'], url).toBe('no-store');
        expect(String(res.headers['content-security-policy']), url).toMatch(/^default-src 'none'/);
      }
    }
    // The names as stored and shown lost their direction overrides and control characters.
    expect(detail.files[0].name).toBe('hoa-donfdp.exe');
    expect((await desk.get(`/api/v1/dossiers/${walk.id}`)).json().result.name).toBe('ketqua.pdf');
  });
});

describe('uploads: over the limit or malformed is refused, never cut or dropped', () => {
  it('refuses a file over the limit with 413 on every upload path, storing nothing', async () => {
    const d = (await submit()).json();
    const walk = (await desk.post('/api/v1/desk/dossiers', walkIn())).json();
    const filesBefore = await count('dossier_files');
    const answers = [
      await send(citizen, `/api/v1/dossiers/${d.id}/files`, [{ name: 'label', value: 'Giấy chứng sinh' }, file('lon.pdf', OVER_LIMIT)]),
      await send(specialist, `/api/v1/dossiers/${walk.id}/result`, [file('ket-qua.pdf', OVER_LIMIT)]),
      await send(admin, `/api/v1/admin/units/${ward}/certificate`, [{ name: 'passphrase', value: 'x' }, file('donvi.p12', OVER_LIMIT)], 'PUT'),
      await send(null, '/api/v1/public/verify', [file('ket-qua.pdf', OVER_LIMIT)]),
      // The catalog import takes whole catalogs: its own limit is 50 MB.
      await send(admin, '/api/v1/admin/procedures/import', [{ name: 'dryRun', value: 'true' }, file('danh-muc.csv', Buffer.alloc(50 * 1024 * 1024 + 1, 0x41))]),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('payload_too_large');
    }
    expect(await count('dossier_files')).toBe(filesBefore);
    const calendar = await admin.post('/api/v1/admin/calendar/import', { dryRun: true, days: [{ date: '2027-01-01', kind: 'holiday', name: 'x'.repeat(1_100_000) }] });
    expect(calendar.statusCode).toBe(413);
  });

  it('refuses a second file, an unknown field and an over-long label instead of dropping or cutting them; fields may follow the file', async () => {
    const d = (await submit()).json();
    const url = `/api/v1/dossiers/${d.id}/files`;
    const before = await count('dossier_files');
    const twoFiles = await send(citizen, url, [file('a.pdf'), file('b.pdf')]);
    expect([twoFiles.statusCode, twoFiles.json().code]).toEqual([413, 'payload_too_large']);
    const unknown = await send(citizen, url, [{ name: 'ghiChu', value: 'x' }, file('a.pdf')]);
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'unexpected_field']);
    const long = await send(citizen, url, [{ name: 'label', value: 'Đ'.repeat(201) }, file('a.pdf')]);
    expect([long.statusCode, long.json().code, long.json().errors[0].path]).toEqual([400, 'field_too_long', '/label']);
    const huge = await send(citizen, url, [{ name: 'label', value: 'y'.repeat(2 * 1024 * 1024) }, file('a.pdf')]);
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'payload_too_large']);
    expect(await count('dossier_files')).toBe(before);
    const after = await send(citizen, url, [file('a.pdf'), { name: 'label', value: 'Giấy chứng sinh' }]);
    expect(after.statusCode, after.body).toBe(201);
    expect(after.json().label).toBe('Giấy chứng sinh');
  });
});

describe('NUL and lone surrogates: 400 invalid_characters wherever they come, nothing written', () => {
  it('in a JSON body: values, nested values and keys (these were 500s from PostgreSQL)', async () => {
    const before = await count('dossiers');
    const bodies = [
      { formData: { ...form, noiSinh: 'Đồng\u0000Hới' }, path: '/formData/noiSinh' },
      { formData: { ...form, noiSinh: 'Đồng Hới \ud800' }, path: '/formData/noiSinh' },
      { formData: { ...form, ['ghi\u0000chu']: 'x' }, path: '/formData/ghi\uFFFDchu' },
    ];
    for (const b of bodies) {
      const res = await submit(b.formData);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_characters', errors: [{ path: b.path }] });
      expect(res.body).not.toContain('\\u0000');
    }
    const walk = await desk.post('/api/v1/desk/dossiers', walkIn('Phạm Thị \udc00Hoa'));
    expect([walk.statusCode, walk.json().code]).toEqual([400, 'invalid_characters']);
    expect(await count('dossiers')).toBe(before);
    // A whole emoji (a surrogate pair) is ordinary text.
    expect((await submit({ ...form, noiSinh: 'Đồng Hới 🏥' })).statusCode).toBe(201);
  });

  it('in query strings and path parameters', async () => {
    for (const [c, url] of [[null, '/api/v1/procedures?q=khai%00sinh'], [null, '/api/v1/public/dossiers/H45%00'], [desk, '/api/v1/desk/people?idType=personal&idNumber=0440%00']] as const) {
      const res = c ? await c.get(url) : await t.app.inject(url);
      expect([res.statusCode, res.json().code], url).toEqual([400, 'invalid_characters']);
    }
  });

  it('in multipart fields and file names', async () => {
    const d = (await submit()).json();
    const before = await count('dossier_files');
    const label = await send(citizen, `/api/v1/dossiers/${d.id}/files`, [{ name: 'label', value: 'Giấy\u0000' }, file('a.pdf')]);
    expect([label.statusCode, label.json().code]).toEqual([400, 'invalid_characters']);
    const name = await send(citizen, `/api/v1/dossiers/${d.id}/files`, [file('scan\u0000.pdf')]);
    expect([name.statusCode, name.json().code]).toEqual([400, 'invalid_characters']);
    expect(await count('dossier_files')).toBe(before);
  });
});

describe('e-form data limits', () => {
  it('limits every string (the schema’s maxLength, else 4000 characters) and the whole form (128 KB), field by field', async () => {
    const before = await count('dossiers');
    const long = await submit({ ...form, noiSinh: 'x'.repeat(4001) });
    expect(long.statusCode).toBe(422);
    expect(long.json()).toMatchObject({ code: 'invalid_form_data', errors: [{ path: '/noiSinh', message: '"Nơi sinh" không được dài quá 4000 ký tự.' }] });
    const huge = await submit({ ...form, noiSinh: 'x'.repeat(200_000) });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().errors).toEqual([{ path: '/', message: expect.stringMatching(/^Biểu mẫu quá lớn .*tối đa 128 KB/) }]);
    expect(await count('dossiers')).toBe(before);
    expect((await submit({ ...form, noiSinh: 'x'.repeat(4000) })).statusCode).toBe(201);
  });
});

describe('spreadsheet exports cannot carry formulas', () => {
  const DANGEROUS = { name: '=HYPERLINK("http://example.invalid/x","Bấm vào đây")', steps: '+SUM(1,2)', conditions: '@cmd', result: '-2+3', timeText: '\t=1+1' };

  const cellsOf = async (data: Buffer, format: 'xlsx' | 'csv') => {
    const wb = new ExcelJS.Workbook();
    const ws = format === 'xlsx'
      ? (await wb.xlsx.load(data as unknown as ExcelJS.Buffer), wb.worksheets[0]!)
      : await wb.csv.read(Readable.from([data.toString('utf8').replace(/^\uFEFF/, '')]), { map: (v: unknown) => v });
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((r) => r.eachCell((c) => { cells.push(c); }));
    return cells;
  };

  it('neutralises CSV cells that start like a formula, writes Excel cells as plain strings, and our own CSV re-imports unchanged', async () => {
    const base = (await admin.get('/api/v1/admin/procedures/1.004873')).json();
    const { version, formVersion, published, units, updatedAt, ...input } = base;
    void version; void formVersion; void published; void units; void updatedAt;
    const created = await admin.post('/api/v1/admin/procedures', {
      ...input, code: '9.700001', name: DANGEROUS.name, steps: DANGEROUS.steps, conditions: DANGEROUS.conditions, result: DANGEROUS.result,
      processingTime: { ...input.processingTime, text: DANGEROUS.timeText },
    });
    expect(created.statusCode, created.body).toBe(201);

    const csv = await admin.get('/api/v1/admin/procedures/export?format=csv');
    const csvCells = (await cellsOf(csv.rawPayload, 'csv')).map((c) => String(c.value ?? ''));
    expect(csvCells.filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
    expect(csvCells).toContain(`'${DANGEROUS.name}`);

    const xlsx = await admin.get('/api/v1/admin/procedures/export?format=xlsx');
    const xlsxCells = await cellsOf(xlsx.rawPayload, 'xlsx');
    expect(xlsxCells.filter((c) => c.formula !== undefined || c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    expect(xlsxCells.find((c) => c.value === DANGEROUS.name)?.type).toBe(ExcelJS.ValueType.String);

    const m = multipart([{ name: 'dryRun', value: 'false' }, file('export.csv', Buffer.from(csv.rawPayload))]);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/admin/procedures/import', payload: m.payload, headers: { ...m.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
    expect(again.statusCode, again.body).toBe(200);
    const back = (await admin.get('/api/v1/admin/procedures/9.700001')).json();
    expect({ name: back.name, steps: back.steps, conditions: back.conditions, result: back.result, timeText: back.processingTime.text })
      .toEqual(DANGEROUS);
  });

  it('the tracking book in Excel keeps an applicant’s name as text, never as a formula', async () => {
    const accepted = await desk.post('/api/v1/desk/dossiers', walkIn('=HYPERLINK("http://example.invalid","Bấm")'));
    expect(accepted.statusCode, accepted.body).toBe(201);
    const book: LightMyRequestResponse = await desk.get('/api/v1/desk/tracking-book?from=2026-01-01&to=2027-12-31&format=xlsx');
    const cells = await cellsOf(book.rawPayload, 'xlsx');
    expect(cells.filter((c) => c.formula !== undefined || c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    expect(cells.some((c) => String(c.value).startsWith('=HYPERLINK'))).toBe(true);
  });
});
