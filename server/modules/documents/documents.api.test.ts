import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';
import { pdfText } from '../../../test/poppler';

let t: TestApp;
let desk: Client, specialist: Client, leader: Client, citizen: Client, other: Client;
let ward: string;
const vn = (iso: string) => Date.parse(`${iso}+07:00`);

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://dichvucong.quangtri.gov.vn' });
  [desk, specialist, leader, citizen, other] = await Promise.all([
    login(t.app, 'motcua.donghoi'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'lanhdao.donghoi'), login(t.app, 'congdan'), login(t.app, 'congdan2'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

const walkIn = (over: Record<string, unknown> = {}) => ({
  procedureCode: '1.004873', unitId: ward,
  applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa', birthDate: '1990-04-02', address: 'Số 3 Lý Thường Kiệt, phường Đồng Hới', phone: '0905111222' },
  authorised: { fullName: 'Trần Văn Bình', idNumber: '045085003333', phone: '0912000111', document: 'Giấy ủy quyền ngày 20/11/2026' },
  documents: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', originals: 1, copies: 0, provided: true }],
  sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', fees: [{ name: 'Lệ phí cấp Giấy xác nhận', amount: 10000, receiptNumber: `BL-${Math.random().toString(36).slice(2, 9)}` }],
  decision: 'accept', ...over,
});

describe('official forms (Circular 03/2025)', () => {
  it('prints the receipt (Mẫu 01) with the code, ID number, names, dates, documents and the tracking-book number', async () => {
    t.setNow(vn('2026-03-10T09:30:00'));
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn())).json();
    const list = (await desk.get(`/api/v1/dossiers/${d.id}/forms`)).json();
    expect(list.set).toBe('tt03-2025');
    expect(list.items.find((f: { no: string }) => f.no === '01')).toMatchObject({ available: true, title: expect.stringMatching(/TIẾP NHẬN HỒ SƠ/i) });
    expect(list.items.find((f: { no: string }) => f.no === '02').available).toBe(false);
    const res = await desk.get(`/api/v1/dossiers/${d.id}/forms/01`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    for (const s of [d.code, '044190012345', 'Phạm Thị Hoa', 'Trần Văn Bình', 'Cấp Giấy xác nhận tình trạng hôn nhân', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc', 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', 'Chữ ký số', '10.000', 'Quyển số']) {
      expect(text, s).toContain(s);
    }
    expect(text).toMatch(/09 giờ 30 phút, ngày 10 tháng 3 năm 2026|9 giờ 30 phút, ngày 10 tháng 03 năm 2026|09 giờ 30 phút, ngày 10 tháng 03 năm 2026/);
    // The applicant may read their receipt; others may not.
    expect((await other.get(`/api/v1/dossiers/${d.id}/forms/01`)).statusCode).toBe(404);
  });

  it('prints the supplement guidance (02) and the refusal (03) with what the desk wrote', async () => {
    const sup = (await desk.post('/api/v1/desk/dossiers', walkIn({ decision: 'supplement', comment: 'Bản sao giấy chứng tử của vợ/chồng đã mất', fees: [] }))).json();
    const t02 = pdfText((await desk.get(`/api/v1/dossiers/${sup.id}/forms/02`)).rawPayload);
    expect(t02).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(t02).toContain('Bản sao giấy chứng tử của vợ/chồng đã mất');
    expect((await desk.get(`/api/v1/dossiers/${sup.id}/forms/01`)).statusCode).toBe(422);
    const rej = (await desk.post('/api/v1/desk/dossiers', walkIn({ decision: 'reject', comment: 'Không thuộc thẩm quyền của Ủy ban nhân dân phường', fees: [] }))).json();
    const t03 = pdfText((await desk.get(`/api/v1/dossiers/${rej.id}/forms/03`)).rawPayload);
    expect(t03).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(t03).toContain('Không thuộc thẩm quyền của Ủy ban nhân dân phường');
    expect(t03).toContain('044190012345');
  });

  it('prints the control sheet (06) from the events: every hand-over with its people', async () => {
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn({ fees: [] }))).json();
    const r1 = await specialist.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: d.version });
    expect(r1.statusCode, r1.body).toBe(200);
    const s1 = r1.json();
    await leader.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: s1.version });
    const text = pdfText((await desk.get(`/api/v1/dossiers/${d.id}/forms/06`)).rawPayload);
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(d.code);
    expect(text).toContain(specialist.user.fullName);
    expect(text).toContain(leader.user.fullName);
  });

  it('prints the legacy 2018 set on request, without the ID number', async () => {
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn({ fees: [] }))).json();
    const text = pdfText((await desk.get(`/api/v1/dossiers/${d.id}/forms/01?set=tt01-2018`)).rawPayload);
    expect(text).toContain(d.code);
    expect(text).not.toContain('044190012345');
    expect((await desk.get(`/api/v1/dossiers/${d.id}/forms/05?set=tt01-2018`)).statusCode).not.toBe(200);
  });

  it('prints the stop notice (05) after the applicant withdraws', async () => {
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn({ applicant: { idType: 'personal', idNumber: '044095001234', fullName: 'Nguyễn Văn An' }, fees: [] }))).json();
    expect((await citizen.post(`/api/v1/dossiers/${d.id}/actions/withdraw`, { version: d.version, comment: 'Không còn nhu cầu' })).statusCode).toBe(200);
    const text = pdfText((await desk.get(`/api/v1/dossiers/${d.id}/forms/05`)).rawPayload);
    expect(text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(d.code);
  });
});

describe('per-unit form template lines', () => {
  it('an admin sets the header lines and place printed on the unit’s forms', async () => {
    const admin = await login(t.app, 'admin');
    const cur = (await admin.get(`/api/v1/admin/units/${ward}/forms`)).json();
    expect(cur).toMatchObject({ deskName: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ', place: 'Đồng Hới' });
    const put = await admin.put(`/api/v1/admin/units/${ward}/forms`, { ...cur, deskName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐỒNG HỚI' });
    expect(put.statusCode, put.body).toBe(200);
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn({ fees: [] }))).json();
    expect(pdfText((await desk.get(`/api/v1/dossiers/${d.id}/forms/01`)).rawPayload)).toContain('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐỒNG HỚI');
    expect((await desk.put(`/api/v1/admin/units/${ward}/forms`, cur)).statusCode).toBe(403);
  });
});

describe('tracking book (Mẫu 07)', () => {
  it('lists the period’s dossiers of a field as PDF and as a spreadsheet', async () => {
    t.setNow(vn('2026-05-12T10:00:00'));
    const a = (await desk.post('/api/v1/desk/dossiers', walkIn({ fees: [] }))).json();
    const b = (await desk.post('/api/v1/desk/dossiers', walkIn({ fees: [], applicant: { idType: 'personal', idNumber: '045301004321', fullName: 'Lê Văn Cường' } }))).json();
    t.setNow(null);
    const pdf = await desk.get('/api/v1/desk/tracking-book?field=HOTICH&from=2026-05-01&to=2026-05-31&format=pdf');
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain(a.code);
    expect(text).toContain('Lê Văn Cường');
    const xlsx = await desk.get('/api/v1/desk/tracking-book?field=HOTICH&from=2026-05-01&to=2026-05-31&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => { cells.push(String(c.text)); }));
    expect(cells).toEqual(expect.arrayContaining([a.code, b.code, 'Lê Văn Cường']));
    expect((await specialist.get('/api/v1/desk/tracking-book?from=2026-05-01&to=2026-05-31')).statusCode).toBe(403);
  });
});
