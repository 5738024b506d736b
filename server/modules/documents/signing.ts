import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
// Named import: the package is CommonJS with `exports.default`, which Node's ESM loader does not unwrap
// (a default import gives the whole `module.exports`, so `signpdf.sign` would be undefined at run time).
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

// PAdES signatures on e-results with a unit's PKCS#12 certificate, and their verification.

export interface CertificateInfo {
  subject: string; issuer: string; serialNumber: string; notBefore: Date; notAfter: Date; commonName: string; organization: string | null;
}

/** Attribute values come back as raw bytes: UTF8String names (Vietnamese) need decoding. */
const text = (v: unknown) => {
  try { return forge.util.decodeUtf8(String(v)); } catch { return String(v); }
};
const dn = (attrs: forge.pki.CertificateField[]) => attrs.map((a) => `${a.shortName ?? a.name}=${text(a.value)}`).join(', ');

function describe(cert: forge.pki.Certificate): CertificateInfo {
  const cn = cert.subject.getField('CN');
  const o = cert.subject.getField('O');
  return {
    subject: dn(cert.subject.attributes), issuer: dn(cert.issuer.attributes), serialNumber: cert.serialNumber,
    notBefore: cert.validity.notBefore, notAfter: cert.validity.notAfter,
    commonName: cn ? text(cn.value) : dn(cert.subject.attributes), organization: o ? text(o.value) : null,
  };
}

/** Opens a PKCS#12 file; throws with a Vietnamese message on a wrong passphrase or a file without key and certificate. */
export function readP12(p12: Buffer, passphrase: string): CertificateInfo {
  let bags: forge.pkcs12.Pkcs12Pfx;
  try {
    bags = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
  } catch {
    throw new Error('Không mở được tệp chứng thư số: sai mật khẩu hoặc không phải tệp PKCS#12 (.p12, .pfx).');
  }
  const oids = forge.pki.oids as Record<string, string>;
  const bagsOf = (type: string) => bags.getBags({ bagType: type })[type] ?? [];
  const certs = bagsOf(oids.certBag!);
  const keys = [...bagsOf(oids.pkcs8ShroudedKeyBag!), ...bagsOf(oids.keyBag!)];
  const cert = certs.find((b) => b.cert)?.cert;
  if (!cert || !keys.length) throw new Error('Tệp chứng thư số phải chứa cả chứng thư và khóa bí mật.');
  return describe(cert);
}

/**
 * A CMS signer over a PKCS#12 file. Unlike a plain forge round trip, it keeps UTF-8 names (Vietnamese CA
 * and agency names) intact: forge reads UTF8String values as raw bytes and would encode them a second
 * time in the signer's issuer, so validators could not match the signature to its certificate.
 */
class UnitSigner extends Signer {
  constructor(private readonly p12: Buffer, private readonly passphrase: string) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const bags = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(this.p12.toString('binary'))), false, this.passphrase);
    const oids = forge.pki.oids as Record<string, string>;
    const bagsOf = (type: string) => bags.getBags({ bagType: type })[type] ?? [];
    const key = [...bagsOf(oids.pkcs8ShroudedKeyBag!), ...bagsOf(oids.keyBag!)].find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
    const certs = bagsOf(oids.certBag!).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
    if (!key) throw new Error('PKCS#12 has no private key');
    for (const c of certs) {
      for (const a of [...c.subject.attributes, ...c.issuer.attributes]) {
        if ((a as { valueTagClass?: number }).valueTagClass === forge.asn1.Type.UTF8) a.value = text(a.value);
      }
    }
    const cert = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
    });
    if (!cert) throw new Error('no certificate in the PKCS#12 matches its private key');
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const c of certs) p7.addCertificate(c);
    p7.addSigner({
      key, certificate: cert, digestAlgorithm: oids.sha256!,
      authenticatedAttributes: [
        { type: oids.contentType!, value: oids.data! },
        { type: oids.signingTime!, value: (signingTime ?? new Date()) as never },
        { type: oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

/** Signs a PDF (PAdES, ETSI.CAdES.detached) with a PKCS#12 certificate. */
export async function signPdf(pdf: Buffer, p12: Buffer, passphrase: string, meta: { reason: string; location: string; name: string; contactInfo: string }): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc, reason: meta.reason, location: meta.location, name: meta.name, contactInfo: meta.contactInfo,
    signatureLength: 16384, subFilter: SUBFILTER_ETSI_CADES_DETACHED, appName: 'MotCua',
  });
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  // A fresh instance per document: SignPdf keeps the last signature in a field.
  return new SignPdf().sign(prepared, new UnitSigner(p12, passphrase));
}

export interface Verification {
  signed: boolean;
  valid: boolean;
  signer: { commonName: string; organization: string | null } | null;
  signedAt: Date | null;
  coversWholeDocument: boolean;
  message: string;
}

const DIGESTS: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  [forge.pki.oids.sha1!]: 'sha1', [forge.pki.oids.sha256!]: 'sha256', [forge.pki.oids.sha384!]: 'sha384', [forge.pki.oids.sha512!]: 'sha512',
};

/**
 * Verifies the last signature of a PDF: the signed byte ranges hash to the CMS message digest, and the
 * signer's key signs the authenticated attributes. (Trust in the issuer is a separate question: the
 * answer names the signer and leaves trust to the reader.)
 */
export function verifyPdf(pdf: Buffer): Verification {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  const none: Verification = { signed: false, valid: false, signer: null, signedAt: null, coversWholeDocument: false, message: 'Tài liệu không có chữ ký số.' };
  if (!last) return none;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const invalid = (message: string, extra: Partial<Verification> = {}): Verification => ({ ...none, signed: true, message, ...extra });
  if (a !== 0 || c < a + b || c + d > pdf.length) return invalid('Chữ ký số không hợp lệ: vùng dữ liệu được ký không đúng.');
  const hex = text.slice(a + b, c).replace(/[<>\s]/g, '').replace(/(00)+$/, '');
  try {
    const asn1 = forge.asn1.fromDer(forge.util.hexToBytes(hex), { parseAllBytes: false } as never);
    const p7 = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData & {
      rawCapture: { authenticatedAttributes: forge.asn1.Asn1[]; signature: string; digestAlgorithm: string; serial: string };
    };
    // The signer's certificate is the one the SignerInfo names by serial number; a PKCS#12 with its
    // CA chain puts several certificates in the signature, in no fixed order.
    const serial = forge.util.bytesToHex(p7.rawCapture.serial);
    const cert = p7.certificates.find((c) => c.serialNumber === serial);
    if (!cert) return invalid('Chữ ký số không kèm chứng thư của người ký.');
    const info = describe(cert);
    const signer = { commonName: info.commonName, organization: info.organization };
    const algo = DIGESTS[forge.asn1.derToOid(p7.rawCapture.digestAlgorithm)] ?? 'sha256';
    const attrs = p7.rawCapture.authenticatedAttributes;
    let messageDigest: string | null = null;
    let signedAt: Date | null = null;
    for (const attr of attrs) {
      const seq = attr.value as forge.asn1.Asn1[];
      const oid = forge.asn1.derToOid(seq[0]!.value as string);
      const value = ((seq[1]!.value as forge.asn1.Asn1[])[0]!);
      if (oid === forge.pki.oids.messageDigest) messageDigest = value.value as string;
      if (oid === forge.pki.oids.signingTime) signedAt = forge.asn1.utcTimeToDate(value.value as string);
    }
    const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const digest = createHash(algo).update(signedBytes).digest('binary');
    const coversWholeDocument = c + d === pdf.length;
    if (messageDigest !== digest) {
      return invalid('Chữ ký số không hợp lệ: tài liệu đã bị thay đổi sau khi ký.', { signer, signedAt, coversWholeDocument });
    }
    const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
    const md = forge.md[algo].create();
    md.update(forge.asn1.toDer(set).getBytes());
    const ok = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), p7.rawCapture.signature);
    if (!ok) return invalid('Chữ ký số không hợp lệ: chữ ký không khớp với chứng thư của người ký.', { signer, signedAt, coversWholeDocument });
    return {
      signed: true, valid: true, signer, signedAt, coversWholeDocument,
      message: coversWholeDocument
        ? `Chữ ký số hợp lệ: tài liệu không bị thay đổi từ khi ${info.commonName} ký.`
        : 'Chữ ký số hợp lệ cho phần được ký, nhưng tài liệu đã được bổ sung nội dung sau khi ký.',
    };
  } catch {
    return invalid('Chữ ký số không đọc được (dữ liệu chữ ký hỏng).');
  }
}
