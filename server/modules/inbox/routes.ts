import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import {
  AssignBody, BulkBody, BulkResult, DelegationBody, DelegationList, IdParams, InboxPage, InboxQuery, Officers,
} from './schema';
import { assign, bulkAction, claim, delegate, inbox, listDelegations, officersOf, release, revokeDelegation } from './service';

/** The officers' inbox and tasks, bulk actions, unit officers, and delegations. */
export async function inboxRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/inbox', {
    schema: {
      tags: ['inbox'], summary: 'Hồ sơ chờ tôi và nhóm của tôi xử lý', querystring: InboxQuery,
      response: { 200: InboxPage, ...problemResponses(401) },
    },
  }, async (req) => inbox(deps, requireActor(req), req.query));

  const taskResponses = { 204: Type.Null(), ...problemResponses(401, 403, 404, 409, 422) };
  app.post('/api/v1/tasks/:id/claim', {
    schema: { tags: ['inbox'], summary: 'Nhận xử lý công việc từ nhóm (409 khi người khác đã nhận)', params: IdParams, response: taskResponses },
  }, async (req, reply) => {
    await claim(deps, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/v1/tasks/:id/release', {
    schema: { tags: ['inbox'], summary: 'Trả công việc về nhóm', params: IdParams, response: taskResponses },
  }, async (req, reply) => {
    await release(deps, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/v1/tasks/:id/assign', {
    schema: { tags: ['inbox'], summary: 'Lãnh đạo giao công việc cho cán bộ', params: IdParams, body: AssignBody, response: taskResponses },
  }, async (req, reply) => {
    await assign(deps, requireActor(req), req.params.id, req.body.userId);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/inbox/bulk', {
    schema: {
      tags: ['inbox'], summary: 'Thực hiện một thao tác cho nhiều hồ sơ (mỗi hồ sơ một giao dịch)', body: BulkBody,
      response: { 200: BulkResult, ...problemResponses(400, 401) },
    },
  }, async (req) => bulkAction(deps, requireActor(req), req.body));

  app.get('/api/v1/units/:unitId/officers', {
    schema: {
      tags: ['inbox'], summary: 'Cán bộ của đơn vị (để giao việc, ủy quyền)', params: Type.Object({ unitId: Type.String({ maxLength: 64 }) }),
      response: { 200: Officers, ...problemResponses(401, 403) },
    },
  }, async (req) => officersOf(deps, requireActor(req), req.params.unitId));

  app.get('/api/v1/delegations', {
    schema: { tags: ['inbox'], summary: 'Ủy quyền tôi đã giao hoặc được nhận', response: { 200: DelegationList, ...problemResponses(401) } },
  }, async (req) => listDelegations(deps, requireActor(req)));

  app.post('/api/v1/delegations', {
    schema: { tags: ['inbox'], summary: 'Lãnh đạo ủy quyền xử lý khi vắng mặt', body: DelegationBody, response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await delegate(deps, requireActor(req), req.body)));

  app.delete('/api/v1/delegations/:id', {
    schema: { tags: ['inbox'], summary: 'Thu hồi ủy quyền', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 404) } },
  }, async (req, reply) => {
    await revokeDelegation(deps, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });
}
