import { randomUUID, createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { vnDate } from '../../../common/calendar';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { AppError, forbidden, invalid } from '../../platform/errors';
import type { SecretBox } from '../../platform/secrets';
import { sniffContentType, type FileStorage } from '../../platform/storage';
import { safeFileName } from '../../platform/files';
import { insertDossierFile, latestResultUpload, type DossierRow } from '../dossiers/repo';
import { certificateOf, upsertCertificate } from './repo';
import { readP12, signPdf } from './signing';

// The result of a dossier (licence, certificate, decision…) as an e-result: uploaded by the competent
// unit, signed with the unit's certificate when the leader approves, downloadable by the applicant.

async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Stores a unit's PKCS#12 certificate, sealed with the master key; the passphrase too. `by` is the
 * uploading admin (an Actor), or the seed's demo CA with no user.
 */
export async function saveCertificate(db: Tx, box: SecretBox, by: { tenantId: string; userId: string | null }, unitId: string, p12: Buffer, passphrase: string) {
  let info;
  try {
    info = readP12(p12, passphrase);
  } catch (err) {
    throw invalid('invalid_certificate', (err as Error).message, [{ path: '/file', message: (err as Error).message }]);
  }
  if (info.notAfter.getTime() < Date.now()) throw invalid('certificate_expired', `Chứng thư số đã hết hạn từ ${info.notAfter.toISOString().slice(0, 10)}.`);
  const row = {
    p12_sealed: box.seal(p12), passphrase_sealed: box.seal(Buffer.from(passphrase, 'utf8')), subject: info.subject, issuer: info.issuer,
    serial_number: info.serialNumber, not_before: info.notBefore, not_after: info.notAfter, uploaded_by: by.userId, uploaded_at: new Date(),
  };
  await upsertCertificate(db, unitId, by.tenantId, row);
  return info;
}

/** The competent unit's specialist or leader uploads the result document while the dossier is being processed. */
export async function uploadResult(deps: { db: Db; storage: FileStorage; now: () => number }, actor: Actor, d: DossierRow, file: { filename: string; data: Buffer }) {
  if (!actor.roles.some((r) => (r.role === 'specialist' || r.role === 'leader') && r.unitId === d.unit_id)) {
    throw forbidden('Chỉ chuyên viên, lãnh đạo của cơ quan giải quyết mới tải lên kết quả.');
  }
  if (d.status !== 'in_progress') throw invalid('dossier_not_in_progress', 'Chỉ tải lên kết quả khi hồ sơ đang được giải quyết (trước khi phê duyệt).');
  if (sniffContentType(file.data.subarray(0, 16)) !== 'application/pdf') {
    throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Kết quả điện tử phải là tệp PDF.');
  }
  const id = randomUUID();
  const key = `${d.tenant_id}/${vnDate(deps.now()).slice(0, 7)}/${id}`;
  await deps.storage.put(key, file.data);
  try {
    return await insertDossierFile(deps.db, {
      id, tenant_id: d.tenant_id, dossier_id: d.id, name: safeFileName(file.filename, 'ket-qua.pdf'),
      label: 'Kết quả giải quyết', content_type: 'application/pdf', size: file.data.length,
      sha256: createHash('sha256').update(file.data).digest('hex'), storage_key: key, uploaded_by: actor.userId, kind: 'result',
    });
  } catch (err) {
    await deps.storage.remove(key);
    throw err;
  }
}

/**
 * At the leader's approval: when a result document was uploaded, sign it with the unit's certificate.
 * Returns what to write in the action's transaction, and how to undo the stored file if that fails.
 */
export function signOnApproval(deps: { db: Db; storage: FileStorage; secrets: SecretBox }) {
  return async (d: DossierRow, actor: Actor, now: number) => {
    const result = await latestResultUpload(deps.db, d.id);
    if (!result) return null;
    const cert = await certificateOf(deps.db, d.unit_id);
    if (!cert) {
      throw invalid('no_certificate', 'Cơ quan chưa có chứng thư số để ký kết quả điện tử; quản trị viên cần cấu hình chứng thư số trước khi phê duyệt.');
    }
    const p12 = deps.secrets.open(cert.p12_sealed);
    const passphrase = deps.secrets.open(cert.passphrase_sealed).toString('utf8');
    const signerName = /CN=([^,]+)/.exec(cert.subject)?.[1] ?? cert.subject;
    const signed = await signPdf(await toBuffer(deps.storage.get(result.storage_key)), p12, passphrase, {
      reason: `Phê duyệt kết quả giải quyết hồ sơ ${d.code ?? ''}`.trim(), location: d.unit_name, name: signerName,
      contactInfo: actor.fullName,
    });
    const id = randomUUID();
    const key = `${d.tenant_id}/${vnDate(now).slice(0, 7)}/${id}`;
    await deps.storage.put(key, signed);
    return {
      write: async (trx: Tx) => {
        await insertDossierFile(trx, {
          id, tenant_id: d.tenant_id, dossier_id: d.id, name: safeFileName(`${result.name.replace(/\.pdf$/i, '')}-da-ky.pdf`, 'ket-qua-da-ky.pdf'), label: 'Kết quả giải quyết (đã ký số)',
          content_type: 'application/pdf', size: signed.length, sha256: createHash('sha256').update(signed).digest('hex'), storage_key: key,
          uploaded_by: actor.userId, kind: 'signed_result', signed_at: new Date(now), signer: signerName,
        });
      },
      undo: () => deps.storage.remove(key),
    };
  };
}
