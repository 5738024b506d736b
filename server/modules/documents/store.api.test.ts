import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, sendFile, type Client, type TestApp } from '../../../test/helpers';

let t: TestApp;
let citizen: Client, other: Client, desk: Client, otherDesk: Client, admin: Client;
let ward: string;
const PDF = Buffer.from('%PDF-1.4\n% giay chung sinh\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };

const upload = (c: Client, dossierId: string, label: string, data = PDF) => sendFile(t.app, c, `/api/v1/dossiers/${dossierId}/files`, { name: 'scan.pdf', data }, { label });

beforeAll(async () => {
  t = await createTestApp();
  [citizen, other, desk, otherDesk, admin] = await Promise.all([
    login(t.app, 'congdan'), login(t.app, 'congdan2'), login(t.app, 'motcua.donghoi'), login(t.app, 'motcua.dongha'), login(t.app, 'admin'),
  ]);
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

  it("offers a walk-in's stored documents to the desk only for a dossier of its unit, after the applicant's consent, and audits each use", async () => {
    const walkIn = {
      procedureCode: '2.000815', unitId: ward,
      applicant: { idType: 'personal', idNumber: '044190012345', fullName: 'Phạm Thị Hoa' },
      documents: [{ name: 'Bản chính giấy tờ làm cơ sở chứng thực', originals: 1, copies: 0, provided: true }],
      sets: 1, returnPlace: 'Tại Bộ phận tiếp nhận và trả kết quả', decision: 'accept',
    };
    const d = (await desk.post('/api/v1/desk/dossiers', walkIn)).json();
    expect((await upload(desk, d.id, 'Bằng tốt nghiệp đại học')).statusCode).toBe(201);
    const next = (await desk.post('/api/v1/desk/dossiers', walkIn)).json();

    // The old way in — any desk, any person, no dossier — is gone.
    const person = (await desk.get('/api/v1/desk/people?idType=personal&idNumber=044190012345')).json();
    expect((await desk.get(`/api/v1/desk/people/${person.id}/documents`)).statusCode).toBe(404);

    // Without the applicant's consent for this dossier, nothing is listed or reused.
    const refused = await desk.get(`/api/v1/dossiers/${next.id}/store`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/đồng ý/);
    const sourceDoc = (await t.db.selectFrom('stored_documents').select('id').where('person_id', '=', person.id).executeTakeFirstOrThrow()).id;
    expect((await desk.post(`/api/v1/dossiers/${next.id}/files/reuse`, { documentId: sourceDoc })).statusCode).toBe(403);
    // An officer of another ward reads neither the dossier nor the store, and records no consent.
    expect((await otherDesk.post(`/api/v1/dossiers/${next.id}/store-consent`, {})).statusCode).toBe(404);
    expect((await otherDesk.get(`/api/v1/dossiers/${next.id}/store`)).statusCode).toBe(404);
    // Nor does an admin, who may read the dossier but does not work on it.
    expect((await admin.post(`/api/v1/dossiers/${next.id}/store-consent`, {})).statusCode).toBe(403);

    const consent = await desk.post(`/api/v1/dossiers/${next.id}/store-consent`, { comment: 'Người nộp đồng ý tại quầy' });
    expect(consent.statusCode, consent.body).toBe(201);
    expect(consent.json()).toMatchObject({ recordedBy: { id: desk.user.id } });
    expect((await desk.post(`/api/v1/dossiers/${next.id}/store-consent`, {})).json().recordedAt).toBe(consent.json().recordedAt);
    const events = (await desk.get(`/api/v1/dossiers/${next.id}/events`)).json().items;
    expect(events.filter((e: { action: string }) => e.action === 'store_consent')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: desk.user.id }), comment: 'Người nộp đồng ý tại quầy' }),
    ]);

    const docs = (await desk.get(`/api/v1/dossiers/${next.id}/store`)).json().items;
    expect(docs.map((x: { name: string }) => x.name)).toEqual(['Bằng tốt nghiệp đại học']);
    const reused = await desk.post(`/api/v1/dossiers/${next.id}/files/reuse`, { documentId: docs[0].id, label: 'Bản chính giấy tờ làm cơ sở chứng thực' });
    expect(reused.statusCode, reused.body).toBe(201);
    // The consent was for that dossier only.
    expect((await desk.get(`/api/v1/dossiers/${d.id}/store`)).statusCode).toBe(403);

    const entries = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'subject_person_id', 'target_id', 'data'])
      .where('action', 'like', 'store.%').where('subject_person_id', '=', person.id).orderBy('seq').execute();
    expect(entries.map((e) => e.action)).toEqual(['store.consent', 'store.list', 'store.reuse']);
    expect(entries.every((e) => e.actor_id === desk.user.id && e.data.dossierCode === next.code)).toBe(true);
    expect(entries[2]).toMatchObject({ target_id: docs[0].id, data: { fileId: reused.json().id } });
  });
});
