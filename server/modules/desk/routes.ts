import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { auditRead } from '../../platform/audit-http';
import { forbidden, notFound } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { listFiles } from '../dossiers/repo';
import { presentDossier } from '../dossiers/present';
import { Dossier } from '../dossiers/schema';
import { Fee, FeeBody, IdType, Person, ReceptionBody } from './schema';
import { collectFee, findPerson, listFees, receiveWalkIn } from './service';

/** The one-stop desk: applicant look-up, walk-in reception, fees. */
export async function deskRoutes(app: App, deps: AppDeps) {
  const { db, calendar, now } = deps;
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
    return { id: p.id, idType: p.id_type, idNumber: p.id_number, fullName: p.full_name, birthDate: p.birth_date, address: p.address, phone: p.phone, email: p.email };
  });

  app.post('/api/v1/desk/dossiers', {
    schema: {
      tags: ['desk'], summary: 'Tiếp nhận hồ sơ trực tiếp (tiếp nhận / hướng dẫn bổ sung / từ chối) trong một giao dịch',
      body: ReceptionBody, response: { 201: Dossier, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const d = await receiveWalkIn(deps, requireDesk(req), req.body);
    return reply.status(201).send(presentDossier(d, await listFiles(db, d.id), now(), await calendar.forUnit(d.unit_id), await listFees(db, d.id)));
  });

  app.post('/api/v1/dossiers/:id/fees', {
    schema: { tags: ['desk'], summary: 'Thu phí, lệ phí tại Bộ phận một cửa (kèm số biên lai)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: FeeBody, response: { 201: Fee, ...problemResponses(401, 403, 404, 409) } },
  }, async (req, reply) => {
    const f = await collectFee(deps, requireActor(req), req.params.id, req.body);
    return reply.status(201).send({ id: f.id, name: f.name, amount: Number(f.amount), receiptNumber: f.receipt_number, paidAt: f.paid_at.toISOString() });
  });
}
