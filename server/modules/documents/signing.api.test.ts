import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/helpers';
import { pdfsig } from '../../../test/poppler';
import { DEMO_CA_NAME } from './demo-ca';

let t: TestApp;
let admin: Client, desk: Client, specialist: Client, leader: Client, citizen: Client;
let ward: string;

/** A unit certificate as a CA would issue it, as PKCS#12 (self-signed here). */
function makeP12(passphrase: string, cn = 'Ủy ban nhân dân phường Đồng Hới'): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ shortName: 'CN', value: cn }, { shortName: 'O', value: 'UBND tỉnh Quảng Trị' }, { shortName: 'C', value: 'VN' }];
  // forge writes UTF8String values as UTF-8 itself.
  const utf8 = attrs.map((a) => ({ ...a, valueTagClass: forge.asn1.Type.UTF8 as never }));
  cert.setSubject(utf8);
  cert.setIssuer(utf8);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function resultPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(16).text('GIAY XAC NHAN TINH TRANG HON NHAN', { align: 'center' });
    doc.end();
  });
}

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = '----motcua' + Math.random().toString(16).slice(2);
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (c: Client | null, url: string, fields: Record<string, string>, file: { name: string; data: Buffer }) => {
  const m = multipart(fields, file);
  return t.app.inject({ method: c ? (url.includes('/certificate') ? 'PUT' : 'POST') : 'POST', url, payload: m.payload, headers: { ...m.headers, ...(c ? { cookie: c.cookie, 'x-csrf-token': c.csrfToken } : {}) } });
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, desk, specialist, leader, citizen] = await Promise.all([
    login(t.app, 'admin'), login(t.app, 'motcua.donghoi'), login(t.app, 'chuyenvien.donghoi'), login(t.app, 'lanhdao.donghoi'), login(t.app, 'congdan'),
  ]);
  ward = desk.user.roles[0]!.unitId!;
});
afterAll(async () => { await t?.close(); });

async function decidedDossier(): Promise<{ id: string; code: string; version: number }> {
  const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };
  const d = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
  const a = (await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version })).json();
  const up = await upload(specialist, `/api/v1/dossiers/${d.id}/result`, {}, { name: 'giay-khai-sinh.pdf', data: await resultPdf() });
  expect(up.statusCode, up.body).toBe(201);
  const s = (await specialist.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: a.version })).json();
  return { id: d.id, code: d.code, version: s.version };
}

describe('signed e-results (PAdES)', () => {
  it('signs with the demo certificate the seed gave every unit with a leader, issued by the demo CA', async () => {
    const leaderUnits = await t.db.selectFrom('user_roles').select('unit_id').distinct().where('role', '=', 'leader').execute();
    const certs = await t.db.selectFrom('unit_certificates').select(['unit_id', 'issuer', 'subject', 'uploaded_by']).execute();
    expect(leaderUnits.length).toBeGreaterThan(10);
    expect(new Set(certs.map((c) => c.unit_id))).toEqual(new Set(leaderUnits.map((u) => u.unit_id)));
    for (const c of certs) {
      expect(c.issuer).toContain(`CN=${DEMO_CA_NAME}`);
      expect(c.subject).toContain('OU=DEMO');
      expect(c.uploaded_by).toBeNull();
    }
    const shown = await admin.get(`/api/v1/admin/units/${ward}/certificate`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().subject).toContain('CN=Ủy ban nhân dân phường Đồng Hới');

    const d = await decidedDossier();
    const approved = await leader.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: d.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'result_ready', result: { signed: true, signer: 'Ủy ban nhân dân phường Đồng Hới' } });
    const signed = (await citizen.get(`/api/v1/dossiers/${d.id}/result`)).rawPayload;
    expect(pdfsig(signed)).toMatch(/Signature is Valid/);
    const check = await upload(null, '/api/v1/public/verify', {}, { name: 'ket-qua.pdf', data: signed });
    expect(check.json()).toMatchObject({ signed: true, valid: true, dossierCode: d.code, signer: { commonName: 'Ủy ban nhân dân phường Đồng Hới' } });
  }, 60_000);

  it('refuses to approve a dossier with a result while the unit has no certificate, changing nothing', async () => {
    await t.db.deleteFrom('unit_certificates').where('unit_id', '=', ward).execute(); // a unit that has none
    const d = await decidedDossier();
    const res = await leader.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: d.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('no_certificate');
    const now = (await leader.get(`/api/v1/dossiers/${d.id}`)).json();
    expect(now).toMatchObject({ status: 'in_progress', version: d.version, result: { signed: false } });

    // The applicant sees no result before it is approved: not in the dossier, not by its file id, not as the result.
    const mine = (await citizen.get(`/api/v1/dossiers/${d.id}`)).json();
    expect(mine.result).toBeNull();
    expect(mine.files).toEqual([]);
    expect((await citizen.get(`/api/v1/dossiers/${d.id}/files/${now.result.fileId}`)).statusCode).toBe(404);
    expect((await citizen.get(`/api/v1/dossiers/${d.id}/result`)).json().code).toBe('result_not_found');
    expect((await specialist.get(`/api/v1/dossiers/${d.id}/result`)).statusCode).toBe(200);
  });

  it('stores the unit certificate (wrong passphrase refused) and signs the result at the leader’s approval; pdfsig and the public check agree', async () => {
    const p12 = makeP12('mat-khau-ky-so');
    const wrong = await upload(admin, `/api/v1/admin/units/${ward}/certificate`, { passphrase: 'sai' }, { name: 'donghoi.p12', data: p12 });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('invalid_certificate');
    const ok = await upload(admin, `/api/v1/admin/units/${ward}/certificate`, { passphrase: 'mat-khau-ky-so' }, { name: 'donghoi.p12', data: p12 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().subject).toContain('CN=Ủy ban nhân dân phường Đồng Hới');
    const stored = await t.db.selectFrom('unit_certificates').select(['p12_sealed', 'passphrase_sealed']).where('unit_id', '=', ward).executeTakeFirstOrThrow();
    expect(stored.p12_sealed.includes(p12.subarray(0, 64))).toBe(false);
    expect(stored.passphrase_sealed.toString('latin1')).not.toContain('mat-khau-ky-so');
    // Audited as an administrative write, with the certificate's serial number and never the passphrase.
    const audited = await t.db.selectFrom('audit_log').select(['target_id', 'data']).where('action', '=', 'admin.write').execute();
    expect(audited).toEqual([{ target_id: 'PUT /api/v1/admin/units/:id/certificate', data: expect.objectContaining({ params: { id: ward }, serialNumber: ok.json().serialNumber }) }]);
    expect(JSON.stringify(audited)).not.toContain('mat-khau-ky-so');

    const d = await decidedDossier();
    const approved = await leader.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: d.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'result_ready', result: { signed: true, signer: 'Ủy ban nhân dân phường Đồng Hới' } });

    // Approved and signed: the applicant sees the signed copy only, never the unsigned draft.
    const mine = (await citizen.get(`/api/v1/dossiers/${d.id}`)).json();
    expect(mine.files).toEqual([expect.objectContaining({ id: mine.result.fileId, label: 'Kết quả giải quyết (đã ký số)' })]);
    expect((await leader.get(`/api/v1/dossiers/${d.id}`)).json().files).toHaveLength(2);
    const dl = await citizen.get(`/api/v1/dossiers/${d.id}/result`);
    expect(dl.statusCode).toBe(200);
    const signed = dl.rawPayload;
    expect(pdfsig(signed)).toMatch(/Signature is Valid/);

    const check = await upload(null, '/api/v1/public/verify', {}, { name: 'ket-qua.pdf', data: signed });
    expect(check.json()).toMatchObject({ signed: true, valid: true, coversWholeDocument: true, dossierCode: d.code, signer: { commonName: 'Ủy ban nhân dân phường Đồng Hới' } });

    // Tampering with one byte inside the signed content breaks the signature, for poppler and for us.
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('GIAY XAC NHAN') >= 0 ? tampered.indexOf('GIAY XAC NHAN') : tampered.indexOf('/Type');
    tampered[at + 1] = tampered[at + 1] === 0x41 ? 0x42 : 0x41;
    expect(pdfsig(tampered)).toMatch(/Signature is Invalid|Digest Mismatch/i);
    const bad = await upload(null, '/api/v1/public/verify', {}, { name: 'x.pdf', data: tampered });
    expect(bad.json()).toMatchObject({ signed: true, valid: false, dossierCode: null });
    expect(bad.json().message).toMatch(/bị thay đổi/);

    const unsigned = await upload(null, '/api/v1/public/verify', {}, { name: 'y.pdf', data: await resultPdf() });
    expect(unsigned.json()).toMatchObject({ signed: false, valid: false });
  }, 60_000);

  it('accepts a result only as a PDF, from the competent unit, while in progress', async () => {
    const form = { hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Bé', gioiTinhTre: 'Nữ', ngaySinhTre: '2026-11-10', noiSinh: 'Đồng Hới' };
    const d = (await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId: ward, formData: form })).json();
    expect((await upload(specialist, `/api/v1/dossiers/${d.id}/result`, {}, { name: 'k.pdf', data: await resultPdf() })).statusCode).toBe(422);
    await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version });
    expect((await upload(specialist, `/api/v1/dossiers/${d.id}/result`, {}, { name: 'k.pdf', data: Buffer.from('MZ not a pdf') })).statusCode).toBe(415);
    expect((await upload(desk, `/api/v1/dossiers/${d.id}/result`, {}, { name: 'k.pdf', data: await resultPdf() })).statusCode).toBe(403);
  });
});
