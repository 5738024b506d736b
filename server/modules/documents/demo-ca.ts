import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

// Signing certificates for the demo province, so that a leader's approval signs the e-result out of the
// box. They come from a throw-away CA made at seed time whose name says it is a demo: a signature made
// with them proves nothing to anyone outside this installation. Real units upload the PKCS#12 file
// their certification authority issued (Quản trị → Đơn vị → Chứng thư số).

/** The demo CA's common name, shown as the issuer of every demo certificate. */
export const DEMO_CA_NAME = 'MotCua DEMO CA — không dùng cho giao dịch thật';
const DEMO_NOTICE = 'DEMO — không dùng cho giao dịch thật';
const YEARS = 5;

const newKeyPair = promisify(generateKeyPair);

/** An RSA 2048 key pair made by OpenSSL in Node's thread pool (forge's pure-JS generation is far slower). */
async function rsaKeyPair() {
  const { privateKey, publicKey } = await newKeyPair('rsa', {
    modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey: forge.pki.privateKeyFromPem(privateKey), publicKey: forge.pki.publicKeyFromPem(publicKey) };
}

/** Distinguished-name attributes as UTF8String, so Vietnamese names survive every reader. */
const names = (attrs: [string, string][]) =>
  attrs.map(([shortName, value]) => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as never }));

function certificate(publicKey: forge.pki.PublicKey, subject: ReturnType<typeof names>, issuer: ReturnType<typeof names>, now: Date) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive, 128 bits of randomness
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(now.getTime() + YEARS * 365 * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  return cert;
}

/** One unit's demo certificate: the PKCS#12 file (key, certificate, CA certificate) and its passphrase. */
export interface DemoCertificate {
  p12: Buffer;
  passphrase: string;
}

/**
 * Makes a demo CA and issues each unit a signing certificate from it (CN = the unit's name, O = the
 * province, OU says DEMO), as PKCS#12 files with random passphrases. Keys are made in parallel.
 */
export async function issueDemoCertificates(
  units: { code: string; name: string }[], organization: string, now = new Date(),
): Promise<Map<string, DemoCertificate>> {
  const [ca, ...keys] = await Promise.all([rsaKeyPair(), ...units.map(() => rsaKeyPair())]);
  const caName = names([['CN', DEMO_CA_NAME], ['O', 'MotCua (dữ liệu mẫu)'], ['C', 'VN']]);
  const caCert = certificate(ca!.publicKey, caName, caName, now);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca!.privateKey, forge.md.sha256.create());

  const issued = new Map<string, DemoCertificate>();
  units.forEach((unit, i) => {
    const key = keys[i]!;
    const cert = certificate(key.publicKey, names([['CN', unit.name], ['OU', DEMO_NOTICE], ['O', organization], ['C', 'VN']]), caName, now);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(ca!.privateKey, forge.md.sha256.create());
    const passphrase = randomBytes(18).toString('base64url');
    const asn1 = forge.pkcs12.toPkcs12Asn1(key.privateKey, [cert, caCert], passphrase, { algorithm: 'aes256', friendlyName: unit.code });
    issued.set(unit.code, { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), passphrase });
  });
  return issued;
}
