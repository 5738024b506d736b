import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';

let t: TestApp;
let citizen: Client, other: Client, desk: Client;
let ward: string;
const PDF = Buffer.from('%PDF-1.4\n% giay chung sinh\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };

function upload(c: Client, dossierId: string, label: string, data = PDF) {
  const boundary = '----motcua' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="label"\r\n\r\n${label}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${dossierId}/files`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, 'x-csrf-token': c.csrfToken } });
}

beforeAll(async () => {
  t = await createTestApp();
  [citizen, other, desk] = await Promise.all([login(t.app, 'congdan'), login(t.app, 'congdan2'), login(t.app, 'motcua.donghoi')]);
  ward = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

describe("the applicant's store of digitised documents", () => {
  it('keeps an uploaded document once and attaches it to the next dossier without a new copy', async () => {
    const first = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
    expect((await upload(citizen, first.id, 'Giấy chứng sinh')).statusCode).toBe(201);
    expect((await upload(citizen, first.id, 'Giấy chứng sinh')).statusCode).toBe(201); // the same content twice
    const store = (await citizen.get('/api/v1/my/documents')).json().items;
    expect(store).toHaveLength(1);
    expect(store[0]).toMatchObject({ name: 'Giấy chứng sinh', contentType: 'application/pdf', sourceDossierCode: first.code });
    const file = await citizen.get(`/api/v1/my/documents/${store[0].id}/file`);
    expect(file.rawPayload.equals(PDF)).toBe(true);

    const second = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
    const reused = await citizen.post(`/api/v1/dossiers/${second.id}/files/reuse`, { documentId: store[0].id });
    expect(reused.statusCode, reused.body).toBe(201);
    const files = (await citizen.get(`/api/v1/dossiers/${second.id}`)).json().files;
    expect(files).toEqual([expect.objectContaining({ label: 'Giấy chứng sinh', contentType: 'application/pdf' })]);
    expect((await citizen.get(`/api/v1/dossiers/${second.id}/files/${files[0].id}`)).rawPayload.equals(PDF)).toBe(true);

    // Someone else's document cannot be taken.
    const theirs = (await other.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
    expect((await other.post(`/api/v1/dossiers/${theirs.id}/files/reuse`, { documentId: store[0].id })).statusCode).toBe(404);
    expect((await other.get('/api/v1/my/documents')).json().items).toEqual([]);
  });

  it('keeps what the desk scans for a walk-in applicant and offers it at their next visit', async () => {
    const walkIn = {
      procedureCode: '2.000815', unitId: ward,
      applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa' },
      documents: [{ name: 'Bản chính giấy tờ làm cơ sở chứng thực', originals: 1, copies: 0, provided: true }],
      sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', decision: 'accept',
    };
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn)).json();
    expect((await upload(desk, d.id, 'Bằng tốt nghiệp đại học')).statusCode).toBe(201);
    const person = (await desk.get('/api/v1/desk/people?idType=personal&idNumber=044190012345')).json();
    const docs = (await desk.get(`/api/v1/desk/people/${person.id}/documents`)).json().items;
    expect(docs.map((x: { name: string }) => x.name)).toEqual(['Bằng tốt nghiệp đại học']);
    const next = (await desk.post('/api/v1/desk/dossiers', walkIn)).json();
    expect((await desk.post(`/api/v1/dossiers/${next.id}/files/reuse`, { documentId: docs[0].id, label: 'Bản chính giấy tờ làm cơ sở chứng thực' })).statusCode).toBe(201);
    expect((await citizen.get(`/api/v1/desk/people/${person.id}/documents`)).statusCode).toBe(403);
  });
});
