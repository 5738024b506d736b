import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfsig } from '../../../test/poppler';
import { DEMO_CA_NAME, issueDemoCertificates, type DemoCertificate } from './demo-ca';
import { readP12, signPdf, verifyPdf } from './signing';

// The demo CA: what the seed gives each demo unit must open, say plainly that it is a demo, and sign
// PDFs that poppler and our own check accept.

let issued: Map<string, DemoCertificate>;
const now = new Date('2026-12-07T02:00:00Z');

beforeAll(async () => {
  issued = await issueDemoCertificates([
    { code: 'P-DONGHOI', name: 'Ủy ban nhân dân phường Đồng Hới' },
    { code: 'SO-TUPHAP', name: 'Sở Tư pháp tỉnh Quảng Trị' },
  ], 'Tỉnh Quảng Trị', now);
});

async function samplePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('GIAY KHAI SINH');
  return Buffer.from(await doc.save());
}

/** The same key and certificates, packed again with the CA certificate first. */
function caFirst(c: DemoCertificate): Buffer {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(c.p12.toString('binary'))), false, c.passphrase);
  const oids = forge.pki.oids as Record<string, string>;
  const key = p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag! })[oids.pkcs8ShroudedKeyBag!]![0]!.key!;
  const certs = p12.getBags({ bagType: oids.certBag! })[oids.certBag!]!.map((b) => b.cert!);
  const ordered = [...certs].sort((a) => (a.subject.getField('CN').value === a.issuer.getField('CN').value ? -1 : 1));
  expect(ordered[0]!.isIssuer(ordered[0]!)).toBe(true);
  return Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, ordered, c.passphrase, { algorithm: 'aes256' })).getBytes(), 'binary');
}

describe('demo signing certificates', () => {
  it('issues each unit its own PKCS#12 from a CA named as a demo, valid for five years', () => {
    expect(DEMO_CA_NAME).toMatch(/DEMO.*không dùng cho giao dịch thật/);
    const a = issued.get('P-DONGHOI')!;
    const b = issued.get('SO-TUPHAP')!;
    expect(a.passphrase).not.toBe(b.passphrase);
    expect(() => readP12(a.p12, 'sai')).toThrow(/sai mật khẩu/);
    const info = readP12(a.p12, a.passphrase);
    expect(info.commonName).toBe('Ủy ban nhân dân phường Đồng Hới');
    expect(info.subject).toContain('OU=DEMO — không dùng cho giao dịch thật');
    expect(info.organization).toBe('Tỉnh Quảng Trị');
    expect(info.issuer).toContain(`CN=${DEMO_CA_NAME}`);
    expect(info.notBefore.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(info.notAfter.getTime() - now.getTime()).toBeGreaterThan(4.9 * 365 * 86_400_000);
    expect(readP12(b.p12, b.passphrase).serialNumber).not.toBe(info.serialNumber);
  });

  it('signs a PDF that pdfsig and the public check accept, naming the unit', async () => {
    const c = issued.get('SO-TUPHAP')!;
    const signed = await signPdf(await samplePdf(), c.p12, c.passphrase, { reason: 'Phê duyệt', location: 'Quảng Trị', name: 'Sở Tư pháp', contactInfo: 'Lãnh đạo' });
    const poppler = pdfsig(signed);
    expect(poppler).toMatch(/Signature is Valid/);
    expect(poppler).toContain('Common Name: Sở Tư pháp tỉnh Quảng Trị');
    expect(verifyPdf(signed)).toMatchObject({ valid: true, coversWholeDocument: true, signer: { commonName: 'Sở Tư pháp tỉnh Quảng Trị' } });
  });

  it('finds the signer among the chain by serial number, whatever order the PKCS#12 lists it in', async () => {
    const c = issued.get('P-DONGHOI')!;
    const signed = await signPdf(await samplePdf(), caFirst(c), c.passphrase, { reason: 'r', location: 'l', name: 'n', contactInfo: 'c' });
    expect(pdfsig(signed)).toMatch(/Signature is Valid/);
    expect(verifyPdf(signed)).toMatchObject({ valid: true, signer: { commonName: 'Ủy ban nhân dân phường Đồng Hới' } });
  });
});
