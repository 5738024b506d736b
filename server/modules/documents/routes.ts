import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { noteAudit, requestEntry } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { invalid } from '../../platform/errors';
import { downloadHeaders } from '../../platform/files';
import { problemResponses } from '../../platform/openapi';
import { readUpload } from '../../platform/uploads';
import { BookQuery, Cert, FormParams, FormQuery, FormSettings, IdParams, UnitParams } from './schema';
import { auditDossierRead } from '../dossiers/service';
import {
  dossierFormPdf, formsOf, resultOf, setUnitCertificate, setUnitFormSettings, trackingBook, unitCertificate, unitFormSettings,
  uploadDossierResult, verifyResult,
} from './service';

/** The official forms of Circular 03/2025 (and the 2018 set for older dossiers) as PDF, the tracking book, the units'
 *  form settings and certificates, e-results and their public verification. */
export async function documentRoutes(app: App, deps: AppDeps) {
  const { config } = deps;
  app.get('/api/v1/dossiers/:id/forms', {
    schema: {
      tags: ['documents'], summary: 'Các biểu mẫu in được cho hồ sơ (Thông tư 03/2025/TT-VPCP, mẫu 01–06)', params: IdParams,
      response: { 200: Type.Object({ set: Type.String(), items: Type.Array(Type.Object({ no: Type.String(), title: Type.String(), available: Type.Boolean() })) }), ...problemResponses(401, 404) },
    },
  }, async (req) => formsOf(deps, requireActor(req), req.params.id));

  app.get('/api/v1/dossiers/:id/forms/:no', {
    schema: { tags: ['documents'], summary: 'In biểu mẫu của hồ sơ (PDF, A4)', params: FormParams, querystring: FormQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { d, pdf, name } = await dossierFormPdf(deps, actor, req.params.id, req.params.no, req.query.set);
    // Every form prints the applicant's name and ID number.
    await auditDossierRead(deps, req, actor, d, 'dossier.form.read', { data: { form: req.params.no } });
    return downloadHeaders(reply, { contentType: 'application/pdf', name, inline: true }).send(pdf);
  });

  app.get('/api/v1/desk/tracking-book', {
    schema: { tags: ['desk'], summary: 'Sổ theo dõi hồ sơ (Mẫu 07) theo lĩnh vực và thời gian, PDF hoặc Excel', querystring: BookQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { unitId, rows, file } = await trackingBook(deps, actor, req.query);
    // The book lists every applicant of the period (name, address, phone): one entry for the whole book.
    await deps.audit!.record({
      ...requestEntry(req, actor), action: 'tracking_book.read', targetType: 'unit', targetId: unitId,
      data: { field: req.query.field ?? null, from: req.query.from, to: req.query.to, format: req.query.format, rows },
    });
    return downloadHeaders(reply, { contentType: file.contentType, name: file.name, inline: file.inline }).send(file.data);
  });

  app.get('/api/v1/admin/units/:id/forms', {
    schema: { tags: ['admin'], summary: 'Dòng tiêu đề, địa danh, liên hệ in trên biểu mẫu của đơn vị', params: UnitParams, response: { 200: FormSettings, ...problemResponses(401, 403, 404) } },
  }, async (req) => unitFormSettings(deps, requireActor(req), req.params.id));
  app.put('/api/v1/admin/units/:id/forms', {
    schema: { tags: ['admin'], summary: 'Sửa dòng tiêu đề, địa danh, liên hệ in trên biểu mẫu của đơn vị', params: UnitParams, body: FormSettings, response: { 200: FormSettings, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => setUnitFormSettings(deps, requireActor(req), req.params.id, req.body));

  // --- E-results: the unit's certificate, the result document, its signature, public verification.
  app.get('/api/v1/admin/units/:id/certificate', {
    schema: { tags: ['admin'], summary: 'Chứng thư số của đơn vị (dùng ký kết quả điện tử)', params: UnitParams, response: { 200: Cert, ...problemResponses(401, 403, 404) } },
  }, async (req) => unitCertificate(deps, requireActor(req), req.params.id));
  app.put('/api/v1/admin/units/:id/certificate', {
    schema: { tags: ['admin'], summary: 'Cấu hình chứng thư số PKCS#12 của đơn vị (multipart: passphrase, file); lưu mã hóa', params: UnitParams, consumes: ['multipart/form-data'], response: { 200: Cert, ...problemResponses(400, 401, 403, 404, 413, 422) } },
  }, async (req) => {
    const actor = requireActor(req);
    const { file, fields } = await readUpload(req, { maxBytes: config.maxUploadBytes, fields: { passphrase: 1024 }, fallbackName: 'chung-thu.p12' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp chứng thư số (.p12, .pfx).');
    const cert = await setUnitCertificate(deps, actor, req.params.id, file.data, fields.passphrase ?? '');
    noteAudit(req, { serialNumber: cert.serialNumber, notAfter: cert.notAfter });
    return cert;
  });

  app.post('/api/v1/dossiers/:id/result', {
    schema: {
      tags: ['documents'], summary: 'Tải lên kết quả giải quyết (PDF); được ký số khi lãnh đạo phê duyệt', params: IdParams, consumes: ['multipart/form-data'],
      response: { 201: Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer(), createdAt: Type.String() }), ...problemResponses(401, 403, 404, 413, 415, 422) },
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { file } = await readUpload(req, { maxBytes: config.maxUploadBytes, fallbackName: 'ket-qua.pdf' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp kết quả (PDF).');
    return reply.status(201).send(await uploadDossierResult(deps, actor, req.params.id, file));
  });

  app.get('/api/v1/dossiers/:id/result', {
    schema: { tags: ['documents'], summary: 'Tải kết quả điện tử (bản đã ký số khi có)', params: IdParams },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { d, r } = await resultOf(deps, actor, req.params.id);
    await auditDossierRead(deps, req, actor, d, 'dossier.result.read', { targetType: 'dossier_file', targetId: r.id, data: { kind: r.kind } });
    return downloadHeaders(reply, { contentType: 'application/pdf', name: r.name }).send(deps.storage.get(r.storage_key));
  });

  app.post('/api/v1/public/verify', {
    schema: {
      tags: ['public'], summary: 'Xác thực chữ ký số trên kết quả điện tử (multipart: file PDF)', consumes: ['multipart/form-data'],
      response: {
        200: Type.Object({
          signed: Type.Boolean(), valid: Type.Boolean(), signer: Type.Union([Type.Object({ commonName: Type.String(), organization: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
          signedAt: Type.Union([Type.String(), Type.Null()]), coversWholeDocument: Type.Boolean(), dossierCode: Type.Union([Type.String(), Type.Null()]), message: Type.String(),
        }),
        ...problemResponses(400, 413, 415, 429),
      },
    },
    config: { rateLimit: { max: config.lookupRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => {
    const { file } = await readUpload(req, { maxBytes: config.maxUploadBytes, fallbackName: 'tep.pdf' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp PDF cần xác thực.');
    return verifyResult(deps, file.data);
  });
}
