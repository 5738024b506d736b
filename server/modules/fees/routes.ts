import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import { presentFee } from './present';
import { Fee, FeeBody } from './schema';
import { collectFee } from './service';

/** Fees collected at the desk. */
export async function feeRoutes(app: App, deps: AppDeps) {
  app.post('/api/v1/dossiers/:id/fees', {
    schema: { tags: ['desk'], summary: 'Thu phí, lệ phí tại Bộ phận một cửa (kèm số biên lai)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: FeeBody, response: { 201: Fee, ...problemResponses(401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(presentFee(await collectFee(deps, requireActor(req), req.params.id, req.body))));
}
