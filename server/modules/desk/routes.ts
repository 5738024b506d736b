import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { auditRead } from '../../platform/audit-http';
import { forbidden, notFound } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { dossierView } from '../dossiers/read-service';
import { Dossier } from '../dossiers/schema';
import { presentPerson } from './present';
import { IdType, Person, ReceptionBody } from './schema';
import { findPerson, receiveWalkIn } from './service';

/** The one-stop desk: applicant look-up and walk-in reception. */
export async function deskRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  const requireDesk = (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    if (!actor.roles.some((r) => r.role === 'desk')) throw forbidden('Chỉ cán bộ Bộ phận một cửa mới dùng được chức năng này.');
    return actor;
  };

  const PeopleQuery = Type.Object({ idType: IdType, idNumber: Type.String({ minLength: 1, maxLength: 20 }) });
  app.get('/api/v1/desk/people', {
    schema: { tags: ['desk'], summary: 'Tra cứu người nộp theo số định danh cá nhân / mã số tổ chức', querystring: PeopleQuery, response: { 200: Person, ...problemResponses(401, 403, 404, 422) } },
  }, async (req) => {
    const actor = requireDesk(req);
    const p = await findPerson(db, actor.tenantId, req.query.idType, req.query.idNumber.trim());
    if (!p) throw notFound('person_not_found', 'Chưa có thông tin người nộp với số định danh này; vui lòng nhập mới.');
    await auditRead(deps.audit!, req, actor, {
      action: 'person.lookup', targetType: p.id ? 'person' : 'user', targetId: p.id || p.user_id, subjectPersonId: p.id || null,
      subjectUserId: p.user_id, data: { idType: p.id_type },
    });
    return presentPerson(p);
  });

  app.post('/api/v1/desk/dossiers', {
    schema: {
      tags: ['desk'], summary: 'Tiếp nhận hồ sơ trực tiếp (tiếp nhận / hướng dẫn bổ sung / từ chối) trong một giao dịch',
      body: ReceptionBody, response: { 201: Dossier, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const actor = requireDesk(req);
    const d = await receiveWalkIn(deps, actor, req.body);
    return reply.status(201).send(await dossierView(deps, actor, d));
  });
}
