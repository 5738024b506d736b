import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { problemResponses } from '../../platform/openapi';
import { Procedure, ProcedureList, ProcedureListQuery } from './schema';
import { fields, procedurePage, searchCatalog } from './service';

/** The public procedure catalog (TTHC). */
export async function catalogRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/procedures', {
    schema: { tags: ['catalog'], summary: 'Tìm thủ tục hành chính', querystring: ProcedureListQuery, response: { 200: ProcedureList, ...problemResponses(400) } },
  }, async (req) => searchCatalog(deps, req.actor?.tenantId ?? null, req.query));

  app.get('/api/v1/procedures/:code', {
    schema: {
      tags: ['catalog'], summary: 'Chi tiết thủ tục hành chính', params: Type.Object({ code: Type.String({ maxLength: 100 }) }),
      response: { 200: Procedure, ...problemResponses(404) },
    },
  }, async (req) => procedurePage(deps, req.params.code));

  app.get('/api/v1/fields', {
    schema: { tags: ['catalog'], summary: 'Lĩnh vực', response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }) } },
  }, async () => fields(deps));
}
