import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { noteAudit } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { invalid } from '../../platform/errors';
import { downloadHeaders } from '../../platform/files';
import { problemResponses, Version } from '../../platform/openapi';
import { readUpload } from '../../platform/uploads';
import { AdminListQuery, AdminProcedure, AdminProcedureList, ImportResult, ProcedureInput } from './schema-admin';
import {
  createProcedure, getAdminProcedure, listAdminProcedures, listVersions, setPublished, setUnits, updateProcedure,
} from './service';
import { exportProcedures, importCatalogFile } from './spreadsheet';

/** A whole provincial catalog as a spreadsheet stays far below this. */
const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });

/** Catalog administration: procedures, versions, publication, unit assignment, spreadsheet import/export. */
export async function catalogAdminRoutes(app: App, deps: AppDeps) {
  // Any successful catalog write makes cached public searches stale.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 400) deps.searchCache?.clear();
  });
  const full = { 200: AdminProcedure, ...problemResponses(400, 401, 403, 404, 409, 422) };

  app.get('/api/v1/admin/procedures', {
    schema: { tags: ['admin'], summary: 'Danh mục thủ tục (quản trị, gồm cả thủ tục chưa công khai)', querystring: AdminListQuery, response: { 200: AdminProcedureList, ...problemResponses(401, 403) } },
  }, async (req) => listAdminProcedures(deps, requireActor(req), req.query));

  app.get('/api/v1/admin/procedures/export', {
    schema: {
      tags: ['admin'], summary: 'Xuất danh mục thủ tục ra Excel (.xlsx) hoặc CSV',
      querystring: Type.Object({ format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }) }),
    },
  }, async (req, reply) => {
    const { format } = req.query;
    const data = await exportProcedures(deps, requireActor(req), format);
    const contentType = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
    return downloadHeaders(reply, { contentType, name: `danh-muc-thu-tuc.${format}` }).send(data);
  });

  app.post('/api/v1/admin/procedures/import', {
    schema: {
      tags: ['admin'], summary: 'Nhập danh mục thủ tục từ Excel/CSV (multipart: dryRun, file); lỗi ở bất kỳ dòng nào thì không nhập dòng nào',
      consumes: ['multipart/form-data'], response: { 200: ImportResult, ...problemResponses(400, 401, 403, 413, 415, 422) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const { file, fields } = await readUpload(req, { maxBytes: IMPORT_MAX_BYTES, fields: { dryRun: 5 }, fallbackName: 'danh-muc' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp để nhập (trường "file").');
    const result = await importCatalogFile(deps, actor, file, (fields.dryRun ?? 'true') !== 'false');
    noteAudit(req, { dryRun: result.dryRun, created: result.created, updated: result.updated });
    return result;
  });

  app.post('/api/v1/admin/procedures', {
    schema: { tags: ['admin'], summary: 'Thêm thủ tục (chưa công khai)', body: ProcedureInput, response: { ...full, 201: AdminProcedure } },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const code = await createProcedure(deps, actor, req.body);
    return reply.status(201).send(await getAdminProcedure(deps, actor, code));
  });

  app.get('/api/v1/admin/procedures/:code', {
    schema: { tags: ['admin'], summary: 'Chi tiết thủ tục (quản trị)', params: CodeParams, response: full },
  }, async (req) => getAdminProcedure(deps, requireActor(req), req.params.code));

  const UpdateBody = Type.Object({ ...ProcedureInput.properties, expectedVersion: Version });
  app.put('/api/v1/admin/procedures/:code', {
    schema: { tags: ['admin'], summary: 'Sửa thủ tục: mỗi lần lưu là một phiên bản mới; hồ sơ đã nộp giữ phiên bản cũ', params: CodeParams, body: UpdateBody, response: full },
  }, async (req) => {
    const actor = requireActor(req);
    const { expectedVersion, ...input } = req.body;
    await updateProcedure(deps, actor, req.params.code, input, expectedVersion);
    const saved = await getAdminProcedure(deps, actor, req.params.code);
    noteAudit(req, { version: saved.version, formVersion: saved.formVersion });
    return saved;
  });

  for (const [action, published, summary] of [['publish', true, 'Công khai thủ tục'], ['unpublish', false, 'Ngừng công khai thủ tục']] as const) {
    app.post(`/api/v1/admin/procedures/:code/${action}`, {
      schema: { tags: ['admin'], summary, params: CodeParams, response: full },
    }, async (req) => {
      const actor = requireActor(req);
      await setPublished(deps, actor, req.params.code, published);
      return getAdminProcedure(deps, actor, req.params.code);
    });
  }

  const UnitsBody = Type.Object({ unitIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5000 }) });
  app.put('/api/v1/admin/procedures/:code/units', {
    schema: { tags: ['admin'], summary: 'Giao cơ quan thực hiện thủ tục', params: CodeParams, body: UnitsBody, response: full },
  }, async (req) => {
    const actor = requireActor(req);
    await setUnits(deps, actor, req.params.code, [...new Set(req.body.unitIds)]);
    return getAdminProcedure(deps, actor, req.params.code);
  });

  app.get('/api/v1/admin/procedures/:code/versions', {
    schema: {
      tags: ['admin'], summary: 'Các phiên bản của thủ tục', params: CodeParams,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ version: Type.Integer(), formVersion: Type.Integer(), createdAt: Type.String(), createdBy: Type.Union([Type.String(), Type.Null()]) })) }), ...problemResponses(401, 403, 404) },
    },
  }, async (req) => listVersions(deps, requireActor(req), req.params.code));
}
