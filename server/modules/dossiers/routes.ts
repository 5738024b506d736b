import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { invalid, notFound } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { downloadHeaders } from '../../platform/files';
import { readUpload } from '../../platform/uploads';
import { presentDossier, presentEvents, presentSummary } from './present';
import { filesAndFees, findDossierByCode, listEvents, myDossiers, type SummaryRow } from './repo';
import type { WorkCalendar } from '../../../common/calendar';
import {
  ActionBody, ActionList, Dossier, DossierList, EventList, FileInfo, Paging, PublicDossier, SubmitBody,
} from './schema';
import { actionsFor, attachFile, auditDossierRead, findFile, loadReadable, performAction, submitDossier, visibleFiles } from './service';
import type { Actor } from '../../platform/auth';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Dossiers: online submission, files, actions, timeline, inboxes and the public lookup. */
export async function dossierRoutes(app: App, deps: AppDeps) {
  const { db, calendar, now } = deps;
  const full = async (d: Awaited<ReturnType<typeof loadReadable>>, actor: Actor) => {
    const [{ files, fees }, cal] = await Promise.all([filesAndFees(db, d.id), calendar.forUnit(d.unit_id)]);
    return presentDossier(d, await visibleFiles(db, actor, d, files), now(), cal, fees);
  };
  /** Summaries with their deadline verdicts, each on its own unit's calendar. */
  const summaries = async (rows: SummaryRow[]) => {
    const cals = new Map<string, WorkCalendar>();
    for (const r of rows) if (!cals.has(r.unit_id)) cals.set(r.unit_id, await calendar.forUnit(r.unit_id));
    const t = now();
    return { items: rows.map((r) => presentSummary(r, t, cals.get(r.unit_id)!)), total: rows[0] ? Number(rows[0].total) : 0 };
  };

  app.post('/api/v1/dossiers', {
    schema: { tags: ['dossiers'], summary: 'Nộp hồ sơ trực tuyến', body: SubmitBody, response: { 201: Dossier, ...problemResponses(400, 401, 403, 422) } },
  }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await full(await submitDossier(deps, actor, req.body), actor));
  });

  app.get('/api/v1/dossiers/:id', {
    schema: { tags: ['dossiers'], summary: 'Chi tiết hồ sơ', params: IdParams, response: { 200: Dossier, ...problemResponses(401, 404) } },
  }, async (req) => {
    const actor = requireActor(req);
    const d = await loadReadable(db, actor, req.params.id);
    await auditDossierRead(deps, req, actor, d, 'dossier.read');
    return full(d, actor);
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
    return reply.status(201).send({
      id: f.id, name: f.name, label: f.label, contentType: f.content_type, size: Number(f.size), createdAt: f.created_at.toISOString(),
    });
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
    return full(d, actor);
  });

  app.get('/api/v1/dossiers/:id/events', {
    schema: { tags: ['dossiers'], summary: 'Quá trình xử lý hồ sơ', params: IdParams, response: { 200: EventList, ...problemResponses(401, 404) } },
  }, async (req) => {
    const d = await loadReadable(db, requireActor(req), req.params.id);
    return { items: presentEvents(await listEvents(db, d.id), d.definition) };
  });

  app.get('/api/v1/my/dossiers', {
    schema: { tags: ['dossiers'], summary: 'Hồ sơ của tôi', querystring: Paging, response: { 200: DossierList, ...problemResponses(401) } },
  }, async (req) => {
    return summaries(await myDossiers(db, requireActor(req).userId, req.query));
  });

  app.get('/api/v1/public/dossiers/:code', {
    schema: {
      tags: ['public'], summary: 'Tra cứu tình trạng hồ sơ theo mã (không có thông tin cá nhân)',
      params: Type.Object({ code: Type.String({ maxLength: 64 }) }), response: { 200: PublicDossier, ...problemResponses(404, 429) },
    },
    config: { rateLimit: { max: deps.config.lookupRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req) => {
    const d = await findDossierByCode(db, req.params.code.trim().toUpperCase());
    if (!d || !d.code) throw notFound('dossier_not_found', `Không tìm thấy hồ sơ có mã "${req.params.code}".`);
    return {
      code: d.code, status: d.status, procedureName: d.procedure_name, unitName: d.unit_name,
      receivedAt: d.received_at?.toISOString() ?? null, dueAt: d.due_at?.toISOString() ?? null, completedAt: d.completed_at?.toISOString() ?? null,
    };
  });
}
