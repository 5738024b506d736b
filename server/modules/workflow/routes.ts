import { noteAudit } from '../../platform/audit-http';
import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { isAdmin, requireActor } from '../../platform/auth';
import { contentDisposition } from '../../platform/files';
import { forbidden } from '../../platform/errors';
import { Literals, Offset, problemResponses, Version } from '../../platform/openapi';
import { classify, workingMinutesBetween } from '../../../common/calendar';
import { nodeOf, toGraph, type WorkflowGraph } from '../../../common/workflow';
import { loadReadable, performAction } from '../dossiers/service';
import { officerRoles } from '../dossiers/policy';
import { presentSummary } from '../dossiers/present';
import { AppError } from '../../platform/errors';
import {
  copyTo, createDraft, deleteDraft, designerContext, exportDocument, findWorkflow, importDocument, issuesOf, listWorkflows, presentWorkflow,
  publish, saveDraft,
} from './admin';
import { assign, claim, delegate, inbox, listDelegations, officersOf, release, revokeDelegation } from './inbox';

const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Issue = Type.Object({ code: Str, message: Str, node: Type.Optional(Str) });
const Definition = Type.Unsafe<WorkflowGraph>(Type.Record(Str, Type.Unknown(), { description: 'Workflow graph (schema 2), see docs/workflows.md' }));
const WorkflowSummary = Type.Object({
  id: Str, procedureCode: Str, procedureName: Str, unitId: Str, unitCode: Str, unitName: Str, version: Type.Integer(), status: Str,
  nodeCount: Type.Integer(), inFlight: Type.Integer(), createdAt: Str, publishedAt: Nullable(Str),
});
const WorkflowFull = Type.Object({
  id: Str, procedureCode: Str, procedureName: Str, unitId: Str, unitCode: Str, unitName: Str, version: Type.Integer(), status: Str,
  definition: Definition, legalHours: Type.Number(), issues: Type.Array(Issue), createdAt: Str, publishedAt: Nullable(Str),
});
const TaskRef = Type.Object({
  id: Str, nodeKey: Nullable(Str), name: Str, kind: Str, unitId: Str, unitName: Str, role: Nullable(Str),
  assignee: Nullable(Type.Object({ id: Str, fullName: Str })), dueAt: Nullable(Str), deadline: Nullable(Type.Object({ state: Str })),
});
const InboxItem = Type.Object({
  id: Str, code: Nullable(Str), status: Str, version: Type.Integer(), procedureCode: Str, procedureName: Str, unitName: Str,
  applicantName: Str, submittedAt: Nullable(Str), dueAt: Nullable(Str),
  step: Nullable(Type.Object({ key: Str, name: Str, dueAt: Nullable(Str) })), deadline: Nullable(Type.Object({ state: Str })),
  isLeg: Type.Boolean(), task: TaskRef,
});
const InboxQuery = Type.Object({
  scope: Type.Optional(Literals(['all', 'mine', 'pool', 'team'])),
  procedureCode: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.String({ maxLength: 40 })),
  due: Type.Optional(Type.Union([Type.Literal('soon'), Type.Literal('overdue')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  sort: Type.Optional(Type.Union([Type.Literal('due'), Type.Literal('submitted')])),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});
const Counts = Type.Object({ all: Type.Integer(), mine: Type.Integer(), pool: Type.Integer(), dueSoon: Type.Integer(), overdue: Type.Integer() });
const BulkBody = Type.Object({
  action: Type.String({ maxLength: 64 }),
  comment: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  items: Type.Array(Type.Object({ dossierId: Type.String({ maxLength: 64 }), version: Version }), { minItems: 1, maxItems: 200 }),
});
const Delegation = Type.Object({
  id: Str, role: Str, unitId: Str, unitName: Str, from: Type.Object({ id: Str, fullName: Str }), to: Type.Object({ id: Str, fullName: Str }),
  startsAt: Str, endsAt: Str, note: Nullable(Str),
});
const DelegationBody = Type.Object({
  toUserId: Type.String({ maxLength: 64 }), unitId: Type.String({ maxLength: 64 }),
  startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
const Process = Type.Object({
  definition: Definition,
  current: Type.Array(Str),
  visits: Type.Array(Type.Object({
    taskId: Str, nodeKey: Nullable(Str), name: Str, kind: Str, unitName: Str, role: Nullable(Str),
    holder: Nullable(Type.Object({ id: Str, fullName: Str })), enteredAt: Str, leftAt: Nullable(Str), dueAt: Nullable(Str),
    quotaHours: Nullable(Type.Number()), usedMinutes: Type.Number(), state: Str, onTime: Nullable(Type.Boolean()), comment: Nullable(Str),
  })),
  legs: Type.Array(Type.Object({ dossierId: Str, unitName: Str, status: Str, dueAt: Nullable(Str), completedAt: Nullable(Str) })),
  origin: Nullable(Type.Object({ dossierId: Str, unitName: Str })),
});

/** Workflow administration, the officers' inbox and tasks, delegations, and each dossier's process diagram. */
export async function workflowRoutes(app: App, deps: AppDeps) {
  const { db, now, calendar } = deps;
  const requireAdmin = (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới quản lý quy trình.');
    return actor;
  };
  const full = async (tenantId: string, id: string) => {
    const w = await findWorkflow(db, tenantId, id);
    return presentWorkflow(w, await issuesOf(db, tenantId, w, w.definition));
  };

  app.get('/api/v1/admin/workflows', {
    schema: {
      tags: ['workflows'], summary: 'Quy trình nội bộ (mọi phiên bản)',
      querystring: Type.Object({ procedureCode: Type.Optional(Type.String({ maxLength: 100 })), unitId: Type.Optional(Type.String({ maxLength: 64 })), status: Type.Optional(Literals(['draft', 'published', 'retired'])) }),
      response: { 200: Type.Object({ items: Type.Array(WorkflowSummary) }), ...problemResponses(401, 403) },
    },
  }, async (req) => ({ items: await listWorkflows(db, requireAdmin(req).tenantId, req.query) }));

  app.get('/api/v1/admin/workflows/:id', {
    schema: { tags: ['workflows'], summary: 'Một phiên bản quy trình, kèm kết quả kiểm tra', params: IdParams, response: { 200: WorkflowFull, ...problemResponses(401, 403, 404) } },
  }, async (req) => full(requireAdmin(req).tenantId, req.params.id));

  app.get('/api/v1/admin/workflows/:id/context', {
    schema: { tags: ['workflows'], summary: 'Dữ liệu cho trình thiết kế: đơn vị, cán bộ, trường biểu mẫu, thời hạn luật định', params: IdParams },
  }, async (req) => designerContext(db, requireAdmin(req).tenantId, req.params.id));

  app.post('/api/v1/admin/workflows', {
    schema: {
      tags: ['workflows'], summary: 'Tạo bản nháp quy trình',
      body: Type.Object({ procedureCode: Type.String({ maxLength: 100 }), unitId: Type.String({ maxLength: 64 }), definition: Type.Optional(Definition), basedOn: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 201: WorkflowFull, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const actor = requireAdmin(req);
    const id = await createDraft(db, actor, req.body);
    return reply.status(201).send(await full(actor.tenantId, id));
  });

  app.put('/api/v1/admin/workflows/:id', {
    schema: {
      tags: ['workflows'], summary: 'Lưu bản nháp (có thể chưa hoàn chỉnh; kết quả kiểm tra kèm theo)', params: IdParams,
      body: Type.Object({ definition: Definition }), response: { 200: WorkflowFull, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    await saveDraft(db, actor, req.params.id, req.body.definition);
    return full(actor.tenantId, req.params.id);
  });

  app.post('/api/v1/admin/workflows/:id/publish', {
    schema: { tags: ['workflows'], summary: 'Ban hành (kiểm tra trước; phiên bản cũ ngừng áp dụng cho hồ sơ mới)', params: IdParams, response: { 200: WorkflowFull, ...problemResponses(401, 403, 404, 409, 422) } },
  }, async (req) => {
    const actor = requireAdmin(req);
    await publish(db, actor, req.params.id);
    const published = await full(actor.tenantId, req.params.id);
    noteAudit(req, { version: published.version });
    return published;
  });

  app.delete('/api/v1/admin/workflows/:id', {
    schema: { tags: ['workflows'], summary: 'Xoá bản nháp', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await deleteDraft(db, requireAdmin(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/admin/workflows/:id/copy', {
    schema: {
      tags: ['workflows'], summary: 'Sao chép quy trình sang đơn vị khác', params: IdParams,
      body: Type.Object({ unitIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500 }), publish: Type.Optional(Type.Boolean()) }),
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ unitId: Str, unitName: Str, workflowId: Nullable(Str), status: Str, issues: Type.Array(Issue) })) }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (req) => ({ items: await copyTo(db, requireAdmin(req), req.params.id, req.body.unitIds, req.body.publish ?? false) }));

  app.get('/api/v1/admin/workflows/:id/export', {
    schema: { tags: ['workflows'], summary: 'Xuất quy trình (JSON)', params: IdParams },
  }, async (req, reply) => {
    const doc = await exportDocument(db, requireAdmin(req), req.params.id);
    reply.header('content-disposition', contentDisposition(`quy-trinh-${doc.procedureCode}-${doc.unitCode}-v${doc.version}.json`));
    return doc;
  });

  app.post('/api/v1/admin/workflows/import', {
    schema: {
      tags: ['workflows'], summary: 'Nhập quy trình từ tệp JSON đã xuất (tạo bản nháp)',
      body: Type.Object({ unitId: Type.String({ maxLength: 64 }), document: Type.Record(Str, Type.Unknown()) }),
      response: { 201: WorkflowFull, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const actor = requireAdmin(req);
    const id = await importDocument(db, actor, req.body.unitId, req.body.document);
    return reply.status(201).send(await full(actor.tenantId, id));
  });

  // ---- inbox and tasks

  app.get('/api/v1/inbox', {
    schema: {
      tags: ['inbox'], summary: 'Hồ sơ chờ tôi và nhóm của tôi xử lý', querystring: InboxQuery,
      response: { 200: Type.Object({ items: Type.Array(InboxItem), total: Type.Integer(), counts: Counts }), ...problemResponses(401) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const t = now();
    const roles = await officerRoles(db, actor, t);
    const cals = await calendar.snapshot();
    const { rows, counts, total } = await inbox(db, actor, roles, req.query, t, cals(roles[0]?.unitId ?? null));
    const items = [];
    for (const r of rows) {
      const c = cals(r.task_unit_id);
      const node = nodeOf(toGraph(r.definition), r.node_key);
      items.push({
        ...presentSummary(r, t, c), isLeg: r.origin_dossier_id !== null,
        task: {
          id: r.task_id, nodeKey: r.node_key, kind: r.task_kind, unitId: r.task_unit_id, unitName: r.task_unit_name, role: r.task_role,
          name: node?.name ?? (r.status === 'result_ready' ? 'Trả kết quả' : 'Tiếp nhận hồ sơ'),
          assignee: r.assignee_id ? { id: r.assignee_id, fullName: r.assignee_name ?? '' } : null,
          dueAt: r.task_due_at ? r.task_due_at.toISOString() : null,
          deadline: r.task_due_at ? { state: classify(r.task_due_at.getTime(), t, null, c) } : null,
        },
      });
    }
    return { items, total, counts };
  });

  type TaskRun = (actor: ReturnType<typeof requireActor>, roles: Awaited<ReturnType<typeof officerRoles>>, id: string, body: { userId?: string }) => Promise<void>;
  const taskRoute = (path: string, summary: string, run: TaskRun, body?: ReturnType<typeof Type.Object>) => {
    app.post(path, {
      schema: {
        tags: ['inbox'], summary, params: IdParams, ...(body ? { body } : {}),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409, 422) },
      },
    }, async (req, reply) => {
      const actor = requireActor(req);
      await run(actor, await officerRoles(db, actor, now()), req.params.id, req.body ?? {});
      return reply.status(204).send(null);
    });
  };
  taskRoute('/api/v1/tasks/:id/claim', 'Nhận xử lý công việc từ nhóm (409 khi người khác đã nhận)', (a, r, id) => claim(db, a, r, id));
  taskRoute('/api/v1/tasks/:id/release', 'Trả công việc về nhóm', (a, r, id) => release(db, a, r, id));
  taskRoute('/api/v1/tasks/:id/assign', 'Lãnh đạo giao công việc cho cán bộ', (a, r, id, b) => assign(db, a, r, id, b.userId ?? ''),
    Type.Object({ userId: Type.String({ maxLength: 64 }) }));

  app.post('/api/v1/inbox/bulk', {
    schema: {
      tags: ['inbox'], summary: 'Thực hiện một thao tác cho nhiều hồ sơ (mỗi hồ sơ một giao dịch)', body: BulkBody,
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ dossierId: Str, ok: Type.Boolean(), status: Type.Optional(Str), code: Type.Optional(Str), detail: Type.Optional(Str) })) }),
        ...problemResponses(400, 401),
      },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const items = [];
    for (const it of req.body.items) {
      try {
        const d = await performAction(deps, actor, it.dossierId, req.body.action, { version: it.version, comment: req.body.comment ?? null });
        items.push({ dossierId: it.dossierId, ok: true, status: d.status });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        items.push({ dossierId: it.dossierId, ok: false, code: err.code, detail: err.detail ?? err.title });
      }
    }
    return { items };
  });

  app.get('/api/v1/units/:unitId/officers', {
    schema: {
      tags: ['inbox'], summary: 'Cán bộ của đơn vị (để giao việc, ủy quyền)', params: Type.Object({ unitId: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Str, fullName: Str, roles: Type.Array(Str) })) }), ...problemResponses(401, 403) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    return { items: await officersOf(db, actor, await officerRoles(db, actor, now()), req.params.unitId) };
  });

  app.get('/api/v1/delegations', {
    schema: { tags: ['inbox'], summary: 'Ủy quyền tôi đã giao hoặc được nhận', response: { 200: Type.Object({ items: Type.Array(Delegation) }), ...problemResponses(401) } },
  }, async (req) => ({ items: await listDelegations(db, requireActor(req)) }));

  app.post('/api/v1/delegations', {
    schema: { tags: ['inbox'], summary: 'Lãnh đạo ủy quyền xử lý khi vắng mặt', body: DelegationBody, response: { 201: Type.Object({ id: Str }), ...problemResponses(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send({ id: await delegate(db, requireActor(req), req.body) }));

  app.delete('/api/v1/delegations/:id', {
    schema: { tags: ['inbox'], summary: 'Thu hồi ủy quyền', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 404) } },
  }, async (req, reply) => {
    await revokeDelegation(db, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });

  // ---- process diagram

  app.get('/api/v1/dossiers/:id/process', {
    schema: { tags: ['dossiers'], summary: 'Sơ đồ quy trình của hồ sơ: đường đã đi, bước hiện tại, người giữ, thời gian so với định mức', params: IdParams, response: { 200: Process, ...problemResponses(401, 404) } },
  }, async (req) => {
    const actor = requireActor(req);
    const t = now();
    const d = await loadReadable(db, actor, req.params.id, t);
    const officer = actor.roles.some((r) => r.role !== 'citizen' && r.role !== 'business');
    const def = toGraph(d.definition);
    const tasks = await db.selectFrom('dossier_tasks as k').innerJoin('units as u', 'u.id', 'k.unit_id').leftJoin('users as a', 'a.id', 'k.assignee_id')
      .leftJoin('users as c', 'c.id', 'k.closed_by')
      .select(['k.id', 'k.node_key', 'k.kind', 'k.role', 'k.status', 'k.opened_at', 'k.closed_at', 'k.due_at', 'k.quota_hours', 'k.comment', 'k.unit_id',
        'u.name as unit_name', 'a.id as holder_id', 'a.full_name as holder_name', 'c.id as closer_id', 'c.full_name as closer_name'])
      .where('k.dossier_id', '=', d.id).orderBy('k.opened_at').orderBy('k.id').execute();
    const cals = await calendar.snapshot();
    const visits = [];
    for (const k of tasks) {
      const cal = cals(k.unit_id);
      const end = k.closed_at ? k.closed_at.getTime() : t;
      const holderId = k.closer_id ?? k.holder_id;
      const holderName = k.closer_name ?? k.holder_name;
      visits.push({
        taskId: k.id, nodeKey: k.node_key, kind: k.kind, role: k.role, unitName: k.unit_name,
        name: nodeOf(def, k.node_key)?.name ?? (k.kind === 'desk' ? 'Bộ phận một cửa' : ''),
        holder: officer && holderId ? { id: holderId, fullName: holderName ?? '' } : null,
        enteredAt: k.opened_at.toISOString(), leftAt: k.closed_at ? k.closed_at.toISOString() : null, dueAt: k.due_at ? k.due_at.toISOString() : null,
        quotaHours: k.quota_hours === null ? null : Number(k.quota_hours),
        usedMinutes: Math.round(workingMinutesBetween(k.opened_at.getTime(), Math.max(end, k.opened_at.getTime()), cal)),
        state: k.status === 'open' ? 'open' : k.status === 'done' || k.status === 'answered' ? 'done' : k.status,
        onTime: k.due_at ? end <= k.due_at.getTime() : null,
        comment: officer ? k.comment : null,
      });
    }
    const legs = await db.selectFrom('dossiers as c').innerJoin('units as u', 'u.id', 'c.unit_id')
      .select(['c.id', 'c.status', 'c.due_at', 'c.completed_at', 'u.name as unit_name']).where('c.origin_dossier_id', '=', d.id).orderBy('c.created_at').execute();
    const origin = d.origin_dossier_id
      ? await db.selectFrom('dossiers as o').innerJoin('units as u', 'u.id', 'o.unit_id').select(['o.id', 'u.name']).where('o.id', '=', d.origin_dossier_id).executeTakeFirst()
      : undefined;
    return {
      definition: def,
      current: [...new Set(tasks.filter((k) => k.status === 'open' && k.node_key).map((k) => k.node_key!))],
      visits,
      legs: legs.map((l) => ({ dossierId: l.id, unitName: l.unit_name, status: l.status, dueAt: l.due_at ? l.due_at.toISOString() : null, completedAt: l.completed_at ? l.completed_at.toISOString() : null })),
      origin: origin ? { dossierId: origin.id, unitName: origin.name } : null,
    };
  });
}
