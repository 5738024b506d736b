import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/global-setup';
import { httpLogin, httpRequest, multipartForm, type HttpClient } from '../test/http-client';
import { pdfsig, pdfText } from '../test/poppler';
import { serverOutputOnFailure, startServerProcess, type ServerProcess } from '../test/server-process';

// The server as a user starts it: `node dist/server/index.js` (what `npm start` runs after building), in a
// fresh data folder and without DATABASE_URL, so the embedded PostgreSQL is initialised, migrated and seeded
// with the demo province and its signing certificates exactly as on a first `npm start`. Then a dossier
// goes from online submission to a signed e-result over real HTTP, and the printed forms come out as PDFs.

let server: ServerProcess | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-smoke-'));
  fs.chmodSync(dataDir, 0o700); // private, like a checkout in /root: as root too, the embedded PostgreSQL must work there
  // Started from another folder than the project's: nothing may depend on the working directory.
  server = await startServerProcess({ env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }, cwd: dataDir });
}, 300_000);
afterEach(serverOutputOnFailure(() => server));
afterAll(async () => {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** A one-page result document as a unit would upload it. */
async function resultPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('TRICH LUC KHAI SINH', { x: 180, y: 780, size: 16, font: await doc.embedFont(StandardFonts.TimesRomanBold) });
  return Buffer.from(await doc.save());
}

describe('the compiled server, started as npm start starts it', () => {
  it('initialises the embedded PostgreSQL, seeds the demo with signing certificates and serves the web app', async () => {
    const out = server!.output();
    expect(out).toContain(`starting embedded PostgreSQL in ${path.join(dataDir, 'postgres')}`);
    expect(out).toMatch(/seeded demo province \(17 units, \d+ procedures, \d+ accounts, 14 demo signing certificates\)/);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);
    const home = await httpRequest(server!.base, '/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.body).toContain('<div id="root"');
    const openapi = await httpRequest(server!.base, '/api/openapi.json');
    expect(openapi.statusCode).toBe(200);
    expect(openapi.json().paths['/api/v1/public/verify']).toBeDefined();
  });

  it('takes an online dossier to a signed result that pdfsig and the public check accept, and prints its forms', async () => {
    const base = server!.base;
    const [citizen, desk, specialist, leader] = await Promise.all(
      ['congdan', 'motcua.donghoi', 'chuyenvien.donghoi', 'lanhdao.donghoi'].map((u) => httpLogin(base, u)),
    ) as [HttpClient, HttpClient, HttpClient, HttpClient];
    const unitId = desk.user.roles[0]!.unitId!;

    // The citizen applies online for a birth registration and attaches the birth certificate.
    const created = await citizen.post('/api/v1/dossiers', {
      procedureCode: '1.001193', unitId,
      formData: {
        hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang',
        gioiTinhTre: 'Nam', ngaySinhTre: '2026-11-10', noiSinh: 'Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    let d = created.json() as { id: string; code: string; version: number };
    const attached = await citizen.upload(`/api/v1/dossiers/${d.id}/files`, { label: 'Giấy chứng sinh' }, { name: 'giay-chung-sinh.pdf', data: await resultPdf() });
    expect(attached.statusCode, attached.body).toBe(201);

    // The desk accepts; the receipt (Mẫu 01) prints with the code.
    const accepted = await desk.post(`/api/v1/dossiers/${d.id}/actions/accept`, { version: d.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    d = { ...d, version: accepted.json().version };
    const receipt = await desk.get(`/api/v1/dossiers/${d.id}/forms/01`);
    expect(receipt.statusCode, receipt.body).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(receipt.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(receipt.rawPayload)).toContain(d.code);

    // The specialist uploads the result and forwards it; the leader approves, which signs the result.
    const uploaded = await specialist.upload(`/api/v1/dossiers/${d.id}/result`, {}, { name: 'trich-luc-khai-sinh.pdf', data: await resultPdf() });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const forwarded = await specialist.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: d.version });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    const approved = await leader.post(`/api/v1/dossiers/${d.id}/actions/advance`, { version: forwarded.json().version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'result_ready', result: { signed: true, signer: 'Ủy ban nhân dân phường Đồng Hới' } });

    // The citizen downloads the signed result: poppler and the public check both accept it.
    const download = await citizen.get(`/api/v1/dossiers/${d.id}/result`);
    expect(download.statusCode, download.body).toBe(200);
    const signed = download.rawPayload;
    const sig = pdfsig(signed);
    expect(sig).toMatch(/Signature is Valid/);
    expect(sig).toContain('Ủy ban nhân dân phường Đồng Hới');
    expect(sig).toContain('OU=DEMO');
    const verified = await httpRequest(base, '/api/v1/public/verify', { method: 'POST', body: multipartForm({}, { name: 'ket-qua.pdf', data: signed }) });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({
      signed: true, valid: true, coversWholeDocument: true, dossierCode: d.code, signer: { commonName: 'Ủy ban nhân dân phường Đồng Hới' },
    });

    // The control sheet (Mẫu 06) prints every hand-over; the public lookup shows the result is ready.
    const sheet = await desk.get(`/api/v1/dossiers/${d.id}/forms/06`);
    expect(sheet.statusCode, sheet.body).toBe(200);
    expect(pdfText(sheet.rawPayload)).toContain(d.code);
    const lookup = await httpRequest(base, `/api/v1/public/dossiers/${encodeURIComponent(d.code)}`);
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json()).toMatchObject({ code: d.code, status: 'result_ready' });
    expect(lookup.body).not.toContain('044095001234');
  }, 120_000);
});
