import { Type, type Static } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { notFound } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { presentProcedure, presentProcedureSummary } from './present';
import { findProcedureByCode, listFields, searchProcedures, unitsServing } from './repo';
import { Procedure, ProcedureList, ProcedureListQuery } from './schema';
import { foldVietnamese } from '../../../common/text';

/** The public procedure catalog (TTHC). */
export async function catalogRoutes(app: App, { db, searchCache }: AppDeps) {
  app.get('/api/v1/procedures', {
    schema: { tags: ['catalog'], summary: 'Tìm thủ tục hành chính', querystring: ProcedureListQuery, response: { 200: ProcedureList, ...problemResponses(400) } },
  }, async (req) => {
    const tenantId = req.actor?.tenantId ?? null;
    const key = JSON.stringify([tenantId, foldVietnamese(req.query.q ?? ''), req.query.unit, req.query.field, req.query.level, req.query.limit, req.query.offset]);
    const cached = searchCache?.get(key) as Static<typeof ProcedureList> | undefined;
    if (cached) return cached;
    const { rows, total } = await searchProcedures(db, tenantId, req.query);
    const result = { items: rows.map(presentProcedureSummary), total };
    searchCache?.set(key, result);
    return result;
  });

  app.get('/api/v1/procedures/:code', {
    schema: {
      tags: ['catalog'], summary: 'Chi tiết thủ tục hành chính', params: Type.Object({ code: Type.String({ maxLength: 100 }) }),
      response: { 200: Procedure, ...problemResponses(404) },
    },
  }, async (req) => {
    const p = await findProcedureByCode(db, req.params.code);
    if (!p) throw notFound('procedure_not_found', `Không tìm thấy thủ tục có mã "${req.params.code}".`);
    return presentProcedure(p, await unitsServing(db, p.id));
  });

  app.get('/api/v1/fields', {
    schema: { tags: ['catalog'], summary: 'Lĩnh vực', response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }) } },
  }, async () => ({ items: await listFields(db) }));
}
