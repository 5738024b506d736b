import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { auditRead } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { invalid } from '../../platform/errors';
import { downloadHeaders } from '../../platform/files';
import { problemResponses } from '../../platform/openapi';
import { readUpload } from '../../platform/uploads';
import { StoredList } from '../store/schema';
import { presentStored } from '../store/present';
import { presentFile } from './present';
import { dossierView, myDossierList, processOf, publicLookup, timeline } from './read-service';
import {
  ActionBody, ActionList, Consent, Dossier, DossierList, EventList, FileInfo, Paging, Process, PublicDossier, ReuseBody, SubmitBody,
} from './schema';
import {
  actionsFor, attachFile, auditDossierRead, dossierSubject, findFile, loadReadable, performAction, recordStoreConsent, reuseStored,
  storeForDossier, submitDossier,
} from './service';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Dossiers: online submission, files, actions, timeline, process diagram, the applicant's store for a dossier, and the public lookup. */
export async function dossierRoutes(app: App, deps: AppDeps) {
  const { db } = deps;

  app.post('/api/v1/dossiers', {
    schema: { tags: ['dossiers'], summary: 'Nộp hồ sơ trực tuyến', body: SubmitBody, response: { 201: Dossier, ...problemResponses(400, 401, 403, 422) } },
  }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await dossierView(deps, actor, await submitDossier(deps, actor, req.body)));
  });

  app.get('/api/v1/dossiers/:id', {
    schema: { tags: ['dossiers'], summary: 'Chi tiết hồ sơ', params: IdParams, response: { 200: Dossier, ...problemResponses(401, 404) } },
  }, async (req) => {
    const actor = requireActor(req);
    const d = await loadReadable(db, actor, req.params.id);
    await auditDossierRead(deps, req, actor, d, 'dossier.read');
    return dossierView(deps, actor, d);
  });

  app.post('/api/v1/dossiers/:id/files', {
    schema: {
      tags: ['dossiers'], summary: 'Đính kèm tệp (multipart: "label" tối đa 200 ký tự, "file"; PDF, JPEG, PNG)', params: IdParams,
      consumes: ['multipart/form-data'], response: { 201: FileInfo, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { file, fields } = await readUpload(req, { maxBytes: deps.config.maxUploadBytes, fields: { label: 200 }, fallbackName: 'tep-dinh-kem' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp để tải lên (trường "file").');
    const f = await attachFile(deps, actor, req.params.id, { ...file, label: fields.label ?? null });
    return reply.status(201).send(presentFile(f));
  });

  app.get('/api/v1/dossiers/:id/files/:fileId', {
    schema: { tags: ['dossiers'], summary: 'Tải tệp đính kèm', params: Type.Object({ id: Type.String(), fileId: Type.String() }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { d, f } = await findFile(deps, actor, req.params.id, req.params.fileId);
    await auditDossierRead(deps, req, actor, d, 'dossier.file.read', { targetType: 'dossier_file', targetId: f.id, data: { kind: f.kind } });
    return downloadHeaders(reply, { contentType: f.content_type, name: f.name }).send(deps.storage.get(f.storage_key));
  });

  app.get('/api/v1/dossiers/:id/actions', {
    schema: { tags: ['dossiers'], summary: 'Các thao tác người dùng được thực hiện lúc này', params: IdParams, response: { 200: ActionList, ...problemResponses(401, 404) } },
  }, async (req) => {
    const actor = requireActor(req);
    const d = await loadReadable(db, actor, req.params.id);
    return { version: d.version, items: await actionsFor(deps, actor, d) };
  });

  app.post('/api/v1/dossiers/:id/actions/:action', {
    schema: {
      tags: ['dossiers'], summary: 'Thực hiện thao tác (một giao dịch: hồ sơ, sự kiện, outbox)',
      params: Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 64 }) }),
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) }),
      body: ActionBody, response: { 200: Dossier, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const key = req.headers['idempotency-key'];
    const actor = requireActor(req);
    const d = await performAction(deps, actor, req.params.id, req.params.action, {
      version: req.body.version, comment: req.body.comment ?? null, idempotencyKey: typeof key === 'string' ? key : null,
      newDueAt: req.body.newDueAt ?? null, returnMethod: req.body.returnMethod ?? null, recipientName: req.body.recipientName ?? null,
    });
    return dossierView(deps, actor, d);
  });

  app.get('/api/v1/dossiers/:id/events', {
    schema: { tags: ['dossiers'], summary: 'Quá trình xử lý hồ sơ', params: IdParams, response: { 200: EventList, ...problemResponses(401, 404) } },
  }, async (req) => timeline(deps, requireActor(req), req.params.id));

  app.get('/api/v1/dossiers/:id/process', {
    schema: { tags: ['dossiers'], summary: 'Sơ đồ quy trình của hồ sơ: đường đã đi, bước hiện tại, người giữ, thời gian so với định mức', params: IdParams, response: { 200: Process, ...problemResponses(401, 404) } },
  }, async (req) => processOf(deps, requireActor(req), req.params.id));

  app.get('/api/v1/my/dossiers', {
    schema: { tags: ['dossiers'], summary: 'Hồ sơ của tôi', querystring: Paging, response: { 200: DossierList, ...problemResponses(401) } },
  }, async (req) => myDossierList(deps, requireActor(req), req.query));

  app.get('/api/v1/public/dossiers/:code', {
    schema: {
      tags: ['public'], summary: 'Tra cứu tình trạng hồ sơ theo mã (không có thông tin cá nhân)',
      params: Type.Object({ code: Type.String({ maxLength: 64 }) }), response: { 200: PublicDossier, ...problemResponses(404, 429) },
    },
    config: { rateLimit: { max: deps.config.lookupRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => publicLookup(deps, req.params.code));

  // --- The applicant's store, used for this dossier (officers: after recording the applicant's consent).

  app.post('/api/v1/dossiers/:id/store-consent', {
    schema: {
      tags: ['documents'], summary: 'Ghi nhận người nộp đồng ý cho cán bộ dùng lại giấy tờ trong kho cho hồ sơ này',
      params: IdParams, body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: Consent, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const c = await recordStoreConsent(deps, requireActor(req), req.params.id, req.body?.comment ?? null, { ip: req.ip, requestId: String(req.id) });
    return reply.status(201).send(c);
  });

  app.get('/api/v1/dossiers/:id/store', {
    schema: {
      tags: ['documents'], summary: 'Kho giấy tờ của người nộp, để dùng cho hồ sơ này (cán bộ: sau khi ghi nhận sự đồng ý)',
      params: IdParams, response: { 200: StoredList, ...problemResponses(401, 403, 404) },
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

  app.post('/api/v1/dossiers/:id/files/reuse', {
    schema: { tags: ['documents'], summary: 'Dùng lại giấy tờ đã số hóa trong kho cho hồ sơ (không cần nộp lại)', params: IdParams, body: ReuseBody, response: { 201: FileInfo, ...problemResponses(401, 403, 404, 422) } },
  }, async (req, reply) => {
    const f = await reuseStored(deps, requireActor(req), req.params.id, req.body.documentId, req.body.label ?? null, { ip: req.ip, requestId: String(req.id) });
    return reply.status(201).send(presentFile(f));
  });
}
