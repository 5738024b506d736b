import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';

let t: TestApp;
let admin: Client, citizen: Client, desk: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, citizen, desk] = await Promise.all([login(t.app, 'admin'), login(t.app, 'congdan'), login(t.app, 'motcua.donghoi')]);
});
afterAll(async () => { await t?.close(); });

const HEADERS = ['Mã thủ tục', 'Tên thủ tục', 'Mã lĩnh vực', 'Tên lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết', 'Đơn vị thời hạn',
  'Mô tả thời hạn', 'Phí, lệ phí', 'Thành phần hồ sơ', 'Trình tự thực hiện', 'Điều kiện thực hiện', 'Căn cứ pháp lý', 'Kết quả thực hiện',
  'Đối tượng thực hiện', 'Mức độ dịch vụ công', 'Cơ quan thực hiện'];

function row(code: string, over: Partial<Record<string, string | number>> = {}) {
  const base: Record<string, string | number> = {
    'Mã thủ tục': code, 'Tên thủ tục': `Thủ tục thử nghiệm ${code}`, 'Mã lĩnh vực': 'THUNGHIEM', 'Tên lĩnh vực': 'Thử nghiệm',
    'Cấp thực hiện': 'Cấp xã', 'Thời hạn giải quyết': 5, 'Đơn vị thời hạn': 'Ngày làm việc', 'Mô tả thời hạn': '05 ngày làm việc',
    'Phí, lệ phí': 'Lệ phí: 20.000 đồng (nộp trực tuyến giảm 50%)', 'Thành phần hồ sơ': 'Tờ khai (bản chính: 1, bản sao: 0)\nGiấy tờ tùy thân (bản chính: 0, bản sao: 1)',
    'Trình tự thực hiện': 'Bước 1: Nộp hồ sơ', 'Điều kiện thực hiện': '', 'Căn cứ pháp lý': 'Luật A\nNghị định B', 'Kết quả thực hiện': 'Văn bản chấp thuận',
    'Đối tượng thực hiện': 'Công dân Việt Nam', 'Mức độ dịch vụ công': 'Toàn trình', 'Cơ quan thực hiện': 'P-DONGHOI; P-DONGHA',
  };
  return HEADERS.map((h) => (h in over ? over[h]! : base[h]!));
}

async function xlsx(rows: (string | number)[][], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('TTHC');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

async function upload(file: Buffer, name: string, dryRun: boolean) {
  const boundary = '----motcua' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\n${dryRun}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST', url: '/api/v1/admin/procedures/import', payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
  });
}

const procedureCount = async () => Number((await t.db.selectFrom('procedures').select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('procedure administration', () => {
  it('creates an unpublished procedure, edits it as new versions, publishes it and assigns units', async () => {
    const base = (await admin.get('/api/v1/admin/procedures/1.004873')).json();
    const input = { ...base, code: '9.900001', name: 'Cấp giấy xác nhận thử nghiệm', keywords: 'xac nhan thu nghiem' };
    for (const k of ['version', 'formVersion', 'published', 'units', 'updatedAt']) delete input[k];
    const created = await admin.post('/api/v1/admin/procedures', input);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: '9.900001', version: 1, formVersion: 1, published: false, units: [] });
    expect((await t.app.inject('/api/v1/procedures/9.900001')).statusCode).toBe(404);
    expect((await admin.post('/api/v1/admin/procedures', input)).statusCode).toBe(409);

    const renamed = await admin.put('/api/v1/admin/procedures/9.900001', { ...input, name: 'Cấp giấy xác nhận (sửa)', expectedVersion: 1 });
    expect(renamed.json()).toMatchObject({ version: 2, formVersion: 1, name: 'Cấp giấy xác nhận (sửa)' });
    const stale = await admin.put('/api/v1/admin/procedures/9.900001', { ...input, expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');

    const ward = desk.user.roles[0]!.unitId!;
    const assigned = await admin.put('/api/v1/admin/procedures/9.900001/units', { unitIds: [ward] });
    expect(assigned.json().units.map((u: { code: string }) => u.code)).toEqual(['P-DONGHOI']);
    expect((await admin.post('/api/v1/admin/procedures/9.900001/publish')).json().published).toBe(true);
    const pub = (await t.app.inject('/api/v1/procedures/9.900001')).json();
    expect(pub).toMatchObject({ name: 'Cấp giấy xác nhận (sửa)', formVersion: 1 });
    expect((await t.app.inject('/api/v1/procedures?q=xac nhan thu nghiem')).json().items[0].code).toBe('9.900001');
    // The newly assigned unit can receive dossiers at once (a default workflow was given to it).
    const wfs = (await admin.get('/api/v1/admin/workflows')).json().items.filter((w: { procedureCode: string }) => w.procedureCode === '9.900001');
    expect(wfs).toHaveLength(1);
    expect((await admin.get('/api/v1/admin/procedures/9.900001/versions')).json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await admin.post('/api/v1/admin/procedures/9.900001/unpublish')).json().published).toBe(false);
    expect((await t.app.inject('/api/v1/procedures/9.900001')).statusCode).toBe(404);
  });

  it('adds a field to an e-form: a new form version; an existing dossier keeps the version it was submitted under', async () => {
    const ward = desk.user.roles[0]!.unitId!;
    const p = (await admin.get('/api/v1/admin/procedures/1.001193')).json();
    const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };
    const before = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
    expect(before).toMatchObject({ procedureVersion: p.version, formVersion: p.formVersion });

    const schema = structuredClone(p.formSchema);
    schema.properties.nhomMau = { type: 'string', title: 'Nhóm máu', enum: ['A', 'B', 'AB', 'O'] };
    schema.required = [...schema.required, 'nhomMau'];
    const { version, formVersion, published, units, updatedAt, ...input } = p;
    void published; void units; void updatedAt;
    const saved = await admin.put('/api/v1/admin/procedures/1.001193', { ...input, formSchema: schema, expectedVersion: version });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: version + 1, formVersion: formVersion + 1 });

    const missing = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toContain('/nhomMau');
    const after = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: { ...form, nhomMau: 'O' } });
    expect(after.json()).toMatchObject({ formVersion: formVersion + 1 });
    expect((await citizen.get(`/api/v1/dossiers/${before.id}`)).json()).toMatchObject({ procedureVersion: p.version, formVersion: p.formVersion, formData: form });
  });

  it('refuses an invalid e-form and unknown levels field by field, and non-admins', async () => {
    const p = (await admin.get('/api/v1/admin/procedures/1.004873')).json();
    const { version, formVersion, published, units, updatedAt, ...input } = p;
    void formVersion; void published; void units; void updatedAt;
    const bad = await admin.put('/api/v1/admin/procedures/1.004873', {
      ...input, level: 'huyen', formSchema: { type: 'object', properties: { a: { type: 'strin' } }, required: ['b'] }, expectedVersion: version,
    });
    expect(bad.statusCode).toBe(422);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/level', '/formSchema']));
    expect((await admin.get('/api/v1/admin/procedures/1.004873')).json().version).toBe(version);
    expect((await desk.get('/api/v1/admin/procedures')).statusCode).toBe(403);
  });
});

describe('spreadsheet import and export', () => {
  it('imports a good file after a dry run that writes nothing', async () => {
    const file = await xlsx([row('9.800001'), row('9.800002', { 'Đơn vị thời hạn': 'Giờ làm việc', 'Thời hạn giải quyết': 8, 'Mức độ dịch vụ công': 'Một phần' })]);
    const n = await procedureCount();
    const dry = await upload(file, 'tthc.xlsx', true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ dryRun: true, total: 2, created: 2, updated: 0, errors: [] });
    expect(await procedureCount()).toBe(n);
    const real = await upload(file, 'tthc.xlsx', false);
    expect(real.json()).toMatchObject({ dryRun: false, created: 2 });
    expect(await procedureCount()).toBe(n + 2);
    const p = (await t.app.inject('/api/v1/procedures/9.800002')).json();
    expect(p).toMatchObject({
      processingTime: { amount: 8, unit: 'hour' }, onlineLevel: 'partial', fees: [{ name: 'Lệ phí', amount: 20000, note: 'nộp trực tuyến giảm 50%' }],
      documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }, { name: 'Giấy tờ tùy thân', originals: 0, copies: 1 }],
      legalBasis: ['Luật A', 'Nghị định B'],
    });
    expect(p.units.map((u: { code: string }) => u.code).sort()).toEqual(['P-DONGHA', 'P-DONGHOI']);
  });

  it('reports every bad row by row number and reason, and imports nothing', async () => {
    const n = await procedureCount();
    const file = await xlsx([
      row('9.700001'),
      row('9.700002', { 'Tên thủ tục': '' }),
      row('9.700003', { 'Cấp thực hiện': 'Cấp huyện' }),
      row('9.700004', { 'Thời hạn giải quyết': 'năm ngày', 'Cơ quan thực hiện': 'KHONG-CO' }),
      row('9.700001'),
    ]);
    const res = await upload(file, 'loi.xlsx', false);
    expect(res.statusCode).toBe(422);
    const errs = res.json().errors as { path: string; message: string }[];
    expect(errs.map((e) => e.path)).toEqual(['/rows/3/name', '/rows/4/level', '/rows/5/amount', '/rows/5/units', '/rows/6/code']);
    expect(errs[0]!.message).toBe('Dòng 3, cột "Tên thủ tục": không được để trống.');
    expect(await procedureCount()).toBe(n);
    const noCols = await upload(await xlsx([['x']], ['Cột lạ']), 'x.xlsx', true);
    expect(noCols.statusCode).toBe(422);
    expect(noCols.json().code).toBe('missing_columns');
    expect((await upload(Buffer.from('MZ not a sheet'), 'x.exe', true)).statusCode).toBe(415);
  });

  it('imports a large file in one transaction', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => row(`8.${String(i).padStart(6, '0')}`, { 'Cơ quan thực hiện': 'P-DONGHOI' }));
    const n = await procedureCount();
    const res = await upload(await xlsx(rows), 'lon.xlsx', false);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 1500, created: 1500 });
    expect(await procedureCount()).toBe(n + 1500);
  });

  it('exports the catalog as .xlsx and CSV that read back and re-import unchanged', async () => {
    const res = await admin.get('/api/v1/admin/procedures/export?format=xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    const codes: string[] = [];
    ws.eachRow((r, i) => { if (i > 1) codes.push(String(r.getCell(1).text)); });
    expect(codes).toContain('1.001193');
    const khaiSinh = (() => { let found: ExcelJS.Row | undefined; ws.eachRow((r) => { if (r.getCell(1).text === '1.001193') found = r; }); return found!; })();
    expect(khaiSinh.getCell(2).text).toBe('Đăng ký khai sinh');

    const csv = await admin.get('/api/v1/admin/procedures/export?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.startsWith('\uFEFFMã thủ tục,')).toBe(true);
    const before = (await admin.get('/api/v1/admin/procedures/2.000815')).json();
    const again = await upload(csv.rawPayload, 'export.csv', false);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().created).toBe(0);
    const after = (await admin.get('/api/v1/admin/procedures/2.000815')).json();
    for (const k of ['name', 'fees', 'documents', 'legalBasis', 'applicants', 'onlineLevel', 'processingTime', 'formSchema'] as const) {
      expect(after[k], k).toEqual(before[k]);
    }
  });
});
