import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { downloadHeaders } from '../../platform/files';
import { problemResponses } from '../../platform/openapi';
import { StoredList } from './schema';
import { myDocument, myDocuments } from './service';

/** The signed-in applicant's store of digitised documents. */
export async function storeRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/my/documents', {
    schema: { tags: ['documents'], summary: 'Kho giấy tờ đã số hóa của tôi', response: { 200: StoredList, ...problemResponses(401) } },
  }, async (req) => myDocuments(deps, requireActor(req)));

  app.get('/api/v1/my/documents/:id/file', {
    schema: { tags: ['documents'], summary: 'Tải giấy tờ trong kho', params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
  }, async (req, reply) => {
    const doc = await myDocument(deps, requireActor(req), req.params.id);
    return downloadHeaders(reply, { contentType: doc.content_type, name: doc.name }).send(deps.storage.get(doc.storage_key));
  });
}
