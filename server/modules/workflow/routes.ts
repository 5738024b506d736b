import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { noteAudit } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { contentDisposition } from '../../platform/files';
import { problemResponses } from '../../platform/openapi';
import { CopyBody, CopyResult, CreateBody, Definition, DesignerContext, ExportDocument, IdParams, ImportBody, ListQuery, WorkflowFull, WorkflowSummary } from './schema';
import {
  copyTo, createDraft, deleteDraft, designerContext, exportDocument, getWorkflow, importDocument, listWorkflows, publish, saveDraft,
} from './service';

/** Workflow administration: the designer's drafts, validation, publication, copy, export and import. */
export async function workflowRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/admin/workflows', {
    schema: {
      tags: ['workflows'], summary: 'Quy trình nội bộ (mọi phiên bản)', querystring: ListQuery,
      response: { 200: Type.Object({ items: Type.Array(WorkflowSummary) }), ...problemResponses(401, 403) },
    },
  }, async (req) => listWorkflows(deps, requireActor(req), req.query));

  app.get('/api/v1/admin/workflows/:id', {
    schema: { tags: ['workflows'], summary: 'Một phiên bản quy trình, kèm kết quả kiểm tra', params: IdParams, response: { 200: WorkflowFull, ...problemResponses(401, 403, 404) } },
  }, async (req) => getWorkflow(deps, requireActor(req), req.params.id));

  app.get('/api/v1/admin/workflows/:id/context', {
    schema: {
      tags: ['workflows'], summary: 'Dữ liệu cho trình thiết kế: đơn vị, cán bộ, trường biểu mẫu, thời hạn luật định', params: IdParams,
      response: { 200: DesignerContext, ...problemResponses(401, 403, 404) },
    },
  }, async (req) => designerContext(deps, requireActor(req), req.params.id));

  app.post('/api/v1/admin/workflows', {
    schema: {
      tags: ['workflows'], summary: 'Tạo bản nháp quy trình', body: CreateBody,
      response: { 201: WorkflowFull, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await createDraft(deps, requireActor(req), req.body)));

  app.put('/api/v1/admin/workflows/:id', {
    schema: {
      tags: ['workflows'], summary: 'Lưu bản nháp (có thể chưa hoàn chỉnh; kết quả kiểm tra kèm theo)', params: IdParams,
      body: Type.Object({ definition: Definition }), response: { 200: WorkflowFull, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => saveDraft(deps, requireActor(req), req.params.id, req.body.definition));

  app.post('/api/v1/admin/workflows/:id/publish', {
    schema: { tags: ['workflows'], summary: 'Ban hành (kiểm tra trước; phiên bản cũ ngừng áp dụng cho hồ sơ mới)', params: IdParams, response: { 200: WorkflowFull, ...problemResponses(401, 403, 404, 409, 422) } },
  }, async (req) => {
    const published = await publish(deps, requireActor(req), req.params.id);
    noteAudit(req, { version: published.version });
    return published;
  });

  app.delete('/api/v1/admin/workflows/:id', {
    schema: { tags: ['workflows'], summary: 'Xoá bản nháp', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await deleteDraft(deps, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/admin/workflows/:id/copy', {
    schema: {
      tags: ['workflows'], summary: 'Sao chép quy trình sang đơn vị khác', params: IdParams, body: CopyBody,
      response: { 200: CopyResult, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => copyTo(deps, requireActor(req), req.params.id, req.body.unitIds, req.body.publish ?? false));

  app.get('/api/v1/admin/workflows/:id/export', {
    schema: { tags: ['workflows'], summary: 'Xuất quy trình (JSON)', params: IdParams, response: { 200: ExportDocument, ...problemResponses(401, 403, 404) } },
  }, async (req, reply) => {
    const doc = await exportDocument(deps, requireActor(req), req.params.id);
    reply.header('content-disposition', contentDisposition(`quy-trinh-${doc.procedureCode}-${doc.unitCode}-v${doc.version}.json`));
    return doc;
  });

  app.post('/api/v1/admin/workflows/import', {
    schema: {
      tags: ['workflows'], summary: 'Nhập quy trình từ tệp JSON đã xuất (tạo bản nháp)', body: ImportBody,
      response: { 201: WorkflowFull, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await importDocument(deps, requireActor(req), req.body.unitId, req.body.document)));
}
