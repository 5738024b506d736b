import type { FastifyRequest } from 'fastify';
import { noteAudit } from '../../platform/audit-http';
import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { isAdmin, requireActor } from '../../platform/auth';
import { AppError, forbidden, invalid } from '../../platform/errors';
import { problemResponses, Version } from '../../platform/openapi';
import { downloadHeaders } from '../../platform/files';
import { readUpload } from '../../platform/uploads';
import { AdminListQuery, AdminProcedure, AdminProcedureList, ImportResult, ProcedureInput } from './schema-admin';
import { createProcedure, getAdminProcedure, listAdminProcedures, setPublished, setUnits, updateProcedure } from './service';
import { exportProcedures, importProcedures, readSheet } from './spreadsheet';

/** A whole provincial catalog as a spreadsheet stays far below this. */
const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });

/** Catalog administration: procedures, versions, publication, unit assignment, spreadsheet import/export. */
export async function catalogAdminRoutes(app: App, { db, searchCache }: AppDeps) {
  // Any successful catalog write makes cached public searches stale.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 400) searchCache?.clear();
  });
  const requireAdmin = (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới quản lý được danh mục thủ tục.');
    return actor;
  };
  const full = { 200: AdminProcedure, ...problemResponses(400, 401, 403, 404, 409, 422) };

  app.get('/api/v1/admin/procedures', {
    schema: { tags: ['admin'], summary: 'Danh mục thủ tục (quản trị, gồm cả thủ tục chưa công khai)', querystring: AdminListQuery, response: { 200: AdminProcedureList, ...problemResponses(401, 403) } },
  }, async (req) => listAdminProcedures(db, requireAdmin(req).tenantId, req.query));

  app.get('/api/v1/admin/procedures/export', {
    schema: {
      tags: ['admin'], summary: 'Xuất danh mục thủ tục ra Excel (.xlsx) hoặc CSV',
      querystring: Type.Object({ format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }) }),
    },
  }, async (req, reply) => {
    const actor = requireAdmin(req);
    const { format } = req.query;
    const data = await exportProcedures(db, actor.tenantId, format);
    const contentType = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
    return downloadHeaders(reply, { contentType, name: `danh-muc-thu-tuc.${format}` }).send(data);
  });

  app.post('/api/v1/admin/procedures/import', {
    schema: {
      tags: ['admin'], summary: 'Nhập danh mục thủ tục từ Excel/CSV (multipart: dryRun, file); lỗi ở bất kỳ dòng nào thì không nhập dòng nào',
      consumes: ['multipart/form-data'], response: { 200: ImportResult, ...problemResponses(400, 401, 403, 413, 415, 422) },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    const { file, fields } = await readUpload(req, { maxBytes: IMPORT_MAX_BYTES, fields: { dryRun: 5 }, fallbackName: 'danh-muc' });
    if (!file) throw invalid('file_missing', 'Chưa chọn tệp để nhập (trường "file").');
    const { data } = file;
    const dryRun = (fields.dryRun ?? 'true') !== 'false';
    const isZip = data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const name = file.filename.toLowerCase();
    if (!isZip && !name.endsWith('.csv')) {
      throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
    }
    const rows = await readSheet(data, isZip ? 'xlsx' : 'csv');
    const result = await importProcedures(db, actor, rows, dryRun);
    noteAudit(req, { dryRun: result.dryRun, created: result.created, updated: result.updated });
    return result;
  });

  app.post('/api/v1/admin/procedures', {
    schema: { tags: ['admin'], summary: 'Thêm thủ tục (chưa công khai)', body: ProcedureInput, response: { ...full, 201: AdminProcedure } },
  }, async (req, reply) => {
    const actor = requireAdmin(req);
    const code = await createProcedure(db, actor, req.body);
    return reply.status(201).send(await getAdminProcedure(db, actor.tenantId, code));
  });

  app.get('/api/v1/admin/procedures/:code', {
    schema: { tags: ['admin'], summary: 'Chi tiết thủ tục (quản trị)', params: CodeParams, response: full },
  }, async (req) => getAdminProcedure(db, requireAdmin(req).tenantId, req.params.code));

  const UpdateBody = Type.Object({ ...ProcedureInput.properties, expectedVersion: Version });
  app.put('/api/v1/admin/procedures/:code', {
    schema: { tags: ['admin'], summary: 'Sửa thủ tục: mỗi lần lưu là một phiên bản mới; hồ sơ đã nộp giữ phiên bản cũ', params: CodeParams, body: UpdateBody, response: full },
  }, async (req) => {
    const actor = requireAdmin(req);
    const { expectedVersion, ...input } = req.body;
    await updateProcedure(db, actor, req.params.code, input, expectedVersion);
    const saved = await getAdminProcedure(db, actor.tenantId, req.params.code);
    noteAudit(req, { version: saved.version, formVersion: saved.formVersion });
    return saved;
  });

  for (const [action, published, summary] of [['publish', true, 'Công khai thủ tục'], ['unpublish', false, 'Ngừng công khai thủ tục']] as const) {
    app.post(`/api/v1/admin/procedures/:code/${action}`, {
      schema: { tags: ['admin'], summary, params: CodeParams, response: full },
    }, async (req) => {
      const actor = requireAdmin(req);
      await setPublished(db, actor, req.params.code, published);
      return getAdminProcedure(db, actor.tenantId, req.params.code);
    });
  }

  const UnitsBody = Type.Object({ unitIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5000 }) });
  app.put('/api/v1/admin/procedures/:code/units', {
    schema: { tags: ['admin'], summary: 'Giao cơ quan thực hiện thủ tục', params: CodeParams, body: UnitsBody, response: full },
  }, async (req) => {
    const actor = requireAdmin(req);
    await setUnits(db, actor, req.params.code, [...new Set(req.body.unitIds)]);
    return getAdminProcedure(db, actor.tenantId, req.params.code);
  });

  app.get('/api/v1/admin/procedures/:code/versions', {
    schema: {
      tags: ['admin'], summary: 'Các phiên bản của thủ tục', params: CodeParams,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ version: Type.Integer(), formVersion: Type.Integer(), createdAt: Type.String(), createdBy: Type.Union([Type.String(), Type.Null()]) })) }), ...problemResponses(401, 403, 404) },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    await getAdminProcedure(db, actor.tenantId, req.params.code);
    const rows = await db.selectFrom('procedure_versions as v').innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .select(['v.version', 'v.form_version', 'v.created_at', 'u.full_name'])
      .where('p.tenant_id', '=', actor.tenantId).where('p.code', '=', req.params.code).orderBy('v.version', 'desc').execute();
    return { items: rows.map((r) => ({ version: r.version, formVersion: r.form_version, createdAt: r.created_at.toISOString(), createdBy: r.full_name })) };
  });
}
