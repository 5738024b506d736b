import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import { AdminUnit, Unit } from './schema';
import { adminUnits, units } from './service';

/** Units: public, and the admin's view with contact details. */
export async function orgRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/units', {
    schema: { tags: ['org'], summary: 'Cơ quan, đơn vị', response: { 200: Type.Object({ items: Type.Array(Unit) }) } },
  }, async (req) => units(deps, req.actor));

  app.get('/api/v1/admin/units', {
    schema: { tags: ['admin'], summary: 'Đơn vị (quản trị)', response: { 200: Type.Object({ items: Type.Array(AdminUnit) }), ...problemResponses(401, 403) } },
  }, async (req) => adminUnits(deps, requireActor(req)));
}
