import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { isAdmin, requireActor } from '../../platform/auth';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors';
import { Literals, problemResponses } from '../../platform/openapi';
import { loadReadable } from '../dossiers/service';
import { FORM_TITLES, renderForm, templateSetFor } from './forms';
import { trackingBookXlsx } from './forms/tracking-book-xlsx';
import type { FormNo, TemplateSet } from './forms/types';
import { availableForms, dossierFormContext, formUnit, trackingBookContext } from './service';
import { certificateOf, currentResult, saveCertificate, uploadResult } from './result';
import { verifyPdf } from './signing';
import { presentStored, storeOf } from './store';
import { auditDossierRead, dossierSubject, recordStoreConsent, reuseStored, storeForDossier, visibleFiles } from '../dossiers/service';
import { auditRead, noteAudit, requestEntry } from '../../platform/audit-http';
import { sniffContentType } from '../../platform/storage';
import { createHash } from 'node:crypto';
import { downloadHeaders } from '../../platform/files';
import { FileInfo } from '../dossiers/schema';
import { readUpload } from '../../platform/uploads';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SETS = ['tt03-2025', 'tt01-2018'] as const;

/** The official forms of Circular 03/2025 (and the 2018 set for older dossiers) as PDF, and the tracking book. */
export async function documentRoutes(app: App, deps: AppDeps) {
  const { db, calendar, now, config } = deps;
  app.get('/api/v1/dossiers/:id/forms', {
    schema: {
      tags: ['documents'], summary: 'Các biểu mẫu in được cho hồ sơ (Thông tư 03/2025/TT-VPCP, mẫu 01–06)',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Object({ set: Type.String(), items: Type.Array(Type.Object({ no: Type.String(), title: Type.String(), available: Type.Boolean() })) }), ...problemResponses(401, 404) },
    },
  }, async (req) => {
    const d = await loadReadable(db, requireActor(req), req.params.id);
    const set = templateSetFor(d.received_at);
    const avail = await availableForms(db, d);
    return {
      set,
      items: (Object.keys(avail) as (keyof typeof avail)[])
        .filter((no) => FORM_TITLES[set][no] !== undefined)
        .map((no) => ({ no, title: FORM_TITLES[set][no]!, available: avail[no] })),
    };
  });

  const FormParams = Type.Object({ id: Type.String({ maxLength: 64 }), no: Type.String({ pattern: '^0[1-6]$' }) });
  const FormQuery = Type.Object({ set: Type.Optional(Literals(SETS)) });
  app.get('/api/v1/dossiers/:id/forms/:no', {
    schema: { tags: ['documents'], summary: 'In biểu mẫu của hồ sơ (PDF, A4)', params: FormParams, querystring: FormQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await loadReadable(db, actor, req.params.id);
    const no = req.params.no as Exclude<FormNo, '07'>;
    const avail = await availableForms(db, d);
    if (!avail[no]) throw invalid('form_not_applicable', `Mẫu ${no} chưa áp dụng cho hồ sơ ở tình trạng hiện tại.`);
    const set: TemplateSet = req.query.set ?? templateSetFor(d.received_at);
    if (FORM_TITLES[set][no] === undefined) throw notFound('form_not_in_set', `Bộ mẫu ${set} không có mẫu ${no}.`);
    // Every form prints the applicant's name and ID number.
    await auditDossierRead(deps, req, actor, d, 'dossier.form.read', { data: { form: no } });
    const pdf = await renderForm(no, await dossierFormContext(db, calendar, d, new Date(now()), config.publicUrl), set);
    return downloadHeaders(reply, { contentType: 'application/pdf', name: `mau-${no}-${d.code ?? d.id}.pdf`, inline: true }).send(pdf);
  });

  const BookQuery = Type.Object({
    unitId: Type.Optional(Type.String({ maxLength: 64 })), field: Type.Optional(Type.String({ maxLength: 40 })),
    from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }),
    format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')], { default: 'pdf' }),
  });
  app.get('/api/v1/desk/tracking-book', {
    schema: { tags: ['desk'], summary: 'Sổ theo dõi hồ sơ (Mẫu 07) theo lĩnh vực và thời gian, PDF hoặc Excel', querystring: BookQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const desks = actor.roles.filter((r) => r.role === 'desk' && r.unitId).map((r) => r.unitId!);
    const unitId = req.query.unitId ?? desks[0];
    if (!unitId || !desks.includes(unitId)) throw forbidden('Chỉ Bộ phận một cửa của đơn vị mới xem được sổ theo dõi hồ sơ.');
    if (req.query.to < req.query.from) throw invalid('invalid_period', 'Ngày kết thúc phải sau ngày bắt đầu.');
    const ctx = await trackingBookContext(db, unitId, req.query.field, req.query.from, req.query.to, new Date(now()));
    // The book lists every applicant of the period (name, address, phone): one entry for the whole book.
    await deps.audit!.record({
      ...requestEntry(req, actor), action: 'tracking_book.read', targetType: 'unit', targetId: unitId,
      data: { field: req.query.field ?? null, from: req.query.from, to: req.query.to, format: req.query.format, rows: ctx.trackingBook?.rows.length ?? 0 },
    });
    const name = `so-theo-doi-ho-so-${req.query.from}-${req.query.to}`;
    if (req.query.format === 'xlsx') {
      return downloadHeaders(reply, { contentType: XLSX, name: `${name}.xlsx` }).send(await trackingBookXlsx(ctx));
    }
    return downloadHeaders(reply, { contentType: 'application/pdf', name: `${name}.pdf`, inline: true }).send(await renderForm('07', ctx, 'tt03-2025'));
  });

  const FormSettings = Type.Object({
    parentName: Type.String({ minLength: 1, maxLength: 200 }), deskName: Type.String({ minLength: 1, maxLength: 200 }),
    place: Type.String({ minLength: 1, maxLength: 100 }), numberSuffix: Type.Optional(Type.String({ maxLength: 60 })),
    contactName: Type.Optional(Type.String({ maxLength: 200 })), contactPhone: Type.Optional(Type.String({ maxLength: 30 })),
  });
  const unitForAdmin = async (req: Parameters<typeof requireActor>[0], id: string) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới sửa được mẫu biểu của đơn vị.');
    const unit = /^[0-9a-f-]{36}$/i.test(id) ? await db.selectFrom('units').select(['id', 'tenant_id']).where('id', '=', id).where('tenant_id', '=', actor.tenantId).executeTakeFirst() : undefined;
    if (!unit) throw notFound('unit_not_found', 'Không tìm thấy đơn vị.');
    return unit;
  };
  const present = (u: Awaited<ReturnType<typeof formUnit>>) => ({
    parentName: u.parentName, deskName: u.deskName, place: u.place, numberSuffix: u.numberSuffix ?? '',
    contactName: u.contactName ?? '', contactPhone: u.contactPhone ?? '',
  });
  app.get('/api/v1/admin/units/:id/forms', {
    schema: { tags: ['admin'], summary: 'Dòng tiêu đề, địa danh, liên hệ in trên biểu mẫu của đơn vị', params: Type.Object({ id: Type.String() }), response: { 200: FormSettings, ...problemResponses(401, 403, 404) } },
  }, async (req) => present(await formUnit(db, (await unitForAdmin(req, req.params.id)).id)));
  app.put('/api/v1/admin/units/:id/forms', {
    schema: { tags: ['admin'], summary: 'Sửa dòng tiêu đề, địa danh, liên hệ in trên biểu mẫu của đơn vị', params: Type.Object({ id: Type.String() }), body: FormSettings, response: { 200: FormSettings, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const unit = await unitForAdmin(req, req.params.id);
    const row = {
      parent_name: req.body.parentName.trim(), desk_name: req.body.deskName.trim(), place: req.body.place.trim(),
      number_suffix: req.body.numberSuffix?.trim() || null, contact_name: req.body.contactName?.trim() || null, contact_phone: req.body.contactPhone?.trim() || null,
    };
    await db.insertInto('unit_form_settings').values({ unit_id: unit.id, tenant_id: unit.tenant_id, ...row })
      .onConflict((oc) => oc.column('unit_id').doUpdateSet(row)).execute();
    return present(await formUnit(db, unit.id));
  });

  // --- E-results: the unit's certificate, the result document, its signature, public verification.
  const Cert = Type.Object({ subject: Type.String(), issuer: Type.String(), serialNumber: Type.String(), notBefore: Type.String(), notAfter: Type.String(), uploadedAt: Type.String() });
  const presentCert = (c: { subject: string; issuer: string; serial_number: string; not_before: Date; not_after: Date; uploaded_at: Date }) => ({
    subject: c.subject, issuer: c.issuer, serialNumber: c.serial_number, notBefore: c.not_before.toISOString(), notAfter: c.not_after.toISOString(), uploadedAt: c.uploaded_at.toISOString(),
  });
  app.get('/api/v1/admin/units/:id/certificate', {
    schema: { tags: ['admin'], summary: 'Chứng thư số của đơn vị (dùng ký kết quả điện tử)', params: Type.Object({ id: Type.String() }), response: { 200: Cert, ...problemResponses(401, 403, 404) } },
  }, async (req) => {
    const unit = await unitForAdmin(req, req.params.id);
    const c = await certificateOf(db, unit.id);
    if (!c) throw notFound('certificate_not_found', 'Đơn vị chưa có chứng thư số.');
    return presentCert(c);
  });
  app.put('/api/v1/admin/units/:id/certificate', {
    schema: { tags: ['admin'], summary: 'Cấu hình chứng thư số PKCS#12 của đơn vị (multipart: passphrase, file); lưu mã hóa', params: Type.Object({ id: Type.String() }), consumes: ['multipart/form-data'], response: { 200: Cert, ...problemResponses(400, 401, 403, 404, 413, 422) } },
  }, async (req) => {
    const unit = await unitForAdmin(req, req.params.id);
    const { file, fields } = await readUpload(req, { maxBytes: config.maxUploadBytes, fields: { passphrase: 1024 }, fallbackName: 'chung-thu.p12' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp chứng thư số (.p12, .pfx).');
    await saveCertificate(db, deps.secrets!, requireActor(req), unit.id, file.data, fields.passphrase ?? '');
    const cert = presentCert((await certificateOf(db, unit.id))!);
    noteAudit(req, { serialNumber: cert.serialNumber, notAfter: cert.notAfter });
    return cert;
  });

  app.post('/api/v1/dossiers/:id/result', {
    schema: { tags: ['documents'], summary: 'Tải lên kết quả giải quyết (PDF); được ký số khi lãnh đạo phê duyệt', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await loadReadable(db, actor, req.params.id);
    const { file } = await readUpload(req, { maxBytes: config.maxUploadBytes, fallbackName: 'ket-qua.pdf' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp kết quả (PDF).');
    const f = await uploadResult(deps, actor, d, file);
    return reply.status(201).send({ id: f.id, name: f.name, size: Number(f.size), createdAt: f.created_at.toISOString() });
  });

  app.get('/api/v1/dossiers/:id/result', {
    schema: { tags: ['documents'], summary: 'Tải kết quả điện tử (bản đã ký số khi có)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await loadReadable(db, actor, req.params.id);
    const r = await currentResult(db, d.id);
    // The applicant gets it only once approved, and signed where the unit signs (`visibleFiles`).
    if (!r || !(await visibleFiles(db, actor, d, [r])).length) throw notFound('result_not_found', 'Hồ sơ chưa có kết quả điện tử.');
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
    const { data } = file;
    if (sniffContentType(data.subarray(0, 16)) !== 'application/pdf') throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Chỉ xác thực được tệp PDF.');
    const v = verifyPdf(data);
    // A copy we issued is known by its hash: name the dossier it belongs to (the code only, nothing personal).
    const sha = createHash('sha256').update(data).digest('hex');
    const known = await db.selectFrom('dossier_files as f').innerJoin('dossiers as d', 'd.id', 'f.dossier_id').select('d.code')
      .where('f.sha256', '=', sha).where('f.kind', '=', 'signed_result').executeTakeFirst();
    return { ...v, signedAt: v.signedAt?.toISOString() ?? null, dossierCode: v.valid ? known?.code ?? null : null };
  });

  // --- The applicant's store of digitised documents.
  const Stored = Type.Object({
    id: Type.String(), name: Type.String(), contentType: Type.String(), size: Type.Integer(), createdAt: Type.String(),
    sourceDossierCode: Type.Union([Type.String(), Type.Null()]),
  });
  app.get('/api/v1/my/documents', {
    schema: { tags: ['documents'], summary: 'Kho giấy tờ đã số hóa của tôi', response: { 200: Type.Object({ items: Type.Array(Stored) }), ...problemResponses(401) } },
  }, async (req) => {
    const actor = requireActor(req);
    return { items: (await storeOf(db, actor.tenantId, { userId: actor.userId, personId: null })).map(presentStored) };
  });
  app.get('/api/v1/my/documents/:id/file', {
    schema: { tags: ['documents'], summary: 'Tải giấy tờ trong kho', params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const doc = (await storeOf(db, actor.tenantId, { userId: actor.userId, personId: null })).find((x) => x.id === req.params.id);
    if (!doc) throw notFound('document_not_found', 'Không tìm thấy giấy tờ trong kho của bạn.');
    return downloadHeaders(reply, { contentType: doc.content_type, name: doc.name }).send(deps.storage.get(doc.storage_key));
  });
  const Consent = Type.Object({ recordedAt: Type.String(), recordedBy: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), fullName: Type.Union([Type.String(), Type.Null()]) }) });
  app.post('/api/v1/dossiers/:id/store-consent', {
    schema: {
      tags: ['documents'], summary: 'Ghi nhận người nộp đồng ý cho cán bộ dùng lại giấy tờ trong kho cho hồ sơ này',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: Consent, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const c = await recordStoreConsent(deps, requireActor(req), req.params.id, req.body?.comment ?? null, { ip: req.ip, requestId: String(req.id) });
    return reply.status(201).send(c);
  });
  app.get('/api/v1/dossiers/:id/store', {
    schema: {
      tags: ['documents'], summary: 'Kho giấy tờ của người nộp, để dùng cho hồ sơ này (cán bộ: sau khi ghi nhận sự đồng ý)',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Type.Object({ items: Type.Array(Stored) }), ...problemResponses(401, 403, 404) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const { d, docs, own } = await storeForDossier(deps, actor, req.params.id);
    if (!own) {
      const subject = dossierSubject(d);
      await auditRead(deps.audit!, req, actor, { action: 'store.list', targetType: 'dossier', targetId: d.id, ...subject, data: { ...subject.data, documents: docs.length } });
    }
    return { items: docs.map(presentStored) };
  });
  const ReuseBody = Type.Object({ documentId: Type.String({ maxLength: 64 }), label: Type.Optional(Type.String({ maxLength: 200 })) });
  app.post('/api/v1/dossiers/:id/files/reuse', {
    schema: { tags: ['documents'], summary: 'Dùng lại giấy tờ đã số hóa trong kho cho hồ sơ (không cần nộp lại)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: ReuseBody, response: { 201: FileInfo, ...problemResponses(401, 403, 404, 422) } },
  }, async (req, reply) => {
    const f = await reuseStored(deps, requireActor(req), req.params.id, req.body.documentId, req.body.label ?? null, { ip: req.ip, requestId: String(req.id) });
    return reply.status(201).send({ id: f.id, name: f.name, label: f.label, contentType: f.content_type, size: Number(f.size), createdAt: f.created_at.toISOString() });
  });
}
