import { sql } from 'kysely';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import {
  OFFICER_ROLES, type OfficerRole, type ValidationContext, type ValidationIssue, type WorkflowGraph, toGraph, validateWorkflow,
} from '../../../common/workflow';

// Workflow administration: drafts, validation, publishing (immutable versions), copy, export/import.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const wfNotFound = () => notFound('workflow_not_found', 'Không tìm thấy quy trình.');

export async function findWorkflow(db: Tx, tenantId: string, id: string) {
  if (!UUID.test(id)) throw wfNotFound();
  const w = await db.selectFrom('workflows as w')
    .innerJoin('procedures as p', 'p.id', 'w.procedure_id')
    .innerJoin('units as u', 'u.id', 'w.unit_id')
    .selectAll('w')
    .select(['p.code as procedure_code', 'p.name as procedure_name', 'p.processing_amount', 'p.processing_unit', 'p.form_schema',
      'u.code as unit_code', 'u.name as unit_name'])
    .where('w.id', '=', id).where('w.tenant_id', '=', tenantId).executeTakeFirst();
  if (!w) throw wfNotFound();
  return w;
}
type WorkflowRow = Awaited<ReturnType<typeof findWorkflow>>;

/** The legal processing time in working hours; a same-day procedure ("trong ngày", 0 days) has one working day. */
export const legalHoursOf = (p: { processing_amount: string | number; processing_unit: 'day' | 'hour' }) =>
  (Number(p.processing_amount) === 0 && p.processing_unit === 'day' ? 8 : Number(p.processing_amount) * (p.processing_unit === 'day' ? 8 : 1));

/** The world a definition is checked against: the tenant's units and their staffed roles, officers,
 *  which units have a published workflow for the procedure, the legal time. */
export async function validationContext(db: Tx, tenantId: string, w: { procedure_id: string; unit_id: string; processing_amount: string | number; processing_unit: 'day' | 'hour' }) {
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'level_code']).where('tenant_id', '=', tenantId).orderBy('code').execute();
  const roles = await db.selectFrom('user_roles as r').innerJoin('users as us', 'us.id', 'r.user_id')
    .select(['r.user_id', 'r.unit_id', 'r.role', 'us.full_name']).where('r.tenant_id', '=', tenantId).where('us.active', '=', true)
    .where('r.role', 'in', [...OFFICER_ROLES]).execute();
  const withWf = await db.selectFrom('workflows').select('unit_id').where('procedure_id', '=', w.procedure_id).where('status', '=', 'published').execute();
  const unitMap = new Map(units.map((u) => [u.id, { name: u.name, roles: new Set<OfficerRole>() }]));
  const officers = new Map<string, { name: string; roles: { unitId: string; role: OfficerRole }[] }>();
  for (const r of roles) {
    if (!r.unit_id) continue;
    unitMap.get(r.unit_id)?.roles.add(r.role as OfficerRole);
    const o = officers.get(r.user_id) ?? { name: r.full_name, roles: [] };
    o.roles.push({ unitId: r.unit_id, role: r.role as OfficerRole });
    officers.set(r.user_id, o);
  }
  const ctx: ValidationContext = {
    legalHours: legalHoursOf(w), units: unitMap, officers, unitId: w.unit_id, unitsWithWorkflow: new Set(withWf.map((x) => x.unit_id)),
  };
  return { ctx, units, officers };
}

/** What the designer needs to offer choices and validate as the admin draws. */
export async function designerContext(db: Tx, tenantId: string, id: string) {
  const w = await findWorkflow(db, tenantId, id);
  const { ctx, units, officers } = await validationContext(db, tenantId, w);
  return {
    legalHours: ctx.legalHours, unitId: w.unit_id,
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, levelCode: u.level_code, roles: [...(ctx.units!.get(u.id)?.roles ?? [])] })),
    officers: [...officers.entries()].map(([oid, o]) => ({ id: oid, fullName: o.name, roles: o.roles })),
    formFields: formFields(w.form_schema),
    unitsWithWorkflow: [...ctx.unitsWithWorkflow!],
  };
}

/** The e-form's fields as dot paths (nested objects flattened), for branch conditions. */
export function formFields(schema: Record<string, unknown>, prefix = ''): { path: string; title: string; type: string; enum?: unknown[] }[] {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: { path: string; title: string; type: string; enum?: unknown[] }[] = [];
  for (const [key, p] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (p.type === 'object') out.push(...formFields(p, path));
    else if (p.type !== 'array') out.push({ path, title: String(p.title ?? key), type: String(p.type ?? 'string'), ...(Array.isArray(p.enum) ? { enum: p.enum } : {}) });
  }
  return out;
}

export async function issuesOf(db: Tx, tenantId: string, w: WorkflowRow, def: unknown): Promise<ValidationIssue[]> {
  return validateWorkflow(def, (await validationContext(db, tenantId, w)).ctx);
}

export function presentWorkflow(w: WorkflowRow, issues: ValidationIssue[]) {
  return {
    id: w.id, procedureCode: w.procedure_code, procedureName: w.procedure_name, unitId: w.unit_id, unitCode: w.unit_code, unitName: w.unit_name,
    version: w.version, status: w.status, definition: toGraph(w.definition), legalHours: legalHoursOf(w), issues,
    createdAt: w.created_at.toISOString(), publishedAt: w.published_at ? w.published_at.toISOString() : null,
  };
}

/** Minimal structural check before storing a draft: the shape the designer can open again. */
function shapeOf(def: unknown): WorkflowGraph {
  const g = def as WorkflowGraph;
  if (!g || typeof g !== 'object' || g.schema !== 2 || !Array.isArray(g.nodes) || typeof g.start !== 'string' || g.nodes.length > 500) {
    throw invalid('invalid_definition', 'Định nghĩa quy trình không đúng định dạng (cần "schema": 2, "start" và danh sách "nodes").', [{ path: '/definition', message: 'Sai định dạng.' }]);
  }
  if (g.nodes.some((n) => !n || typeof n !== 'object' || typeof (n as { key?: unknown }).key !== 'string' || typeof (n as { type?: unknown }).type !== 'string')) {
    throw invalid('invalid_definition', 'Mỗi bước cần có "key" và "type".', [{ path: '/definition/nodes', message: 'Sai định dạng.' }]);
  }
  return g;
}

export async function listWorkflows(db: Db, tenantId: string, q: { procedureCode?: string; unitId?: string; status?: string }) {
  let query = db.selectFrom('workflows as w')
    .innerJoin('procedures as p', 'p.id', 'w.procedure_id')
    .innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.version', 'w.status', 'w.definition', 'w.created_at', 'w.published_at', 'w.unit_id',
      'p.code as procedure_code', 'p.name as procedure_name', 'u.code as unit_code', 'u.name as unit_name',
      sql<number>`(SELECT count(*) FROM dossiers d WHERE d.workflow_id = w.id AND d.completed_at IS NULL AND d.status NOT IN ('rejected', 'withdrawn', 'returned', 'refused'))::int`.as('in_flight')])
    .where('w.tenant_id', '=', tenantId);
  if (q.procedureCode) query = query.where('p.code', '=', q.procedureCode);
  if (q.unitId && UUID.test(q.unitId)) query = query.where('w.unit_id', '=', q.unitId);
  if (q.status) query = query.where('w.status', '=', q.status as never);
  const rows = await query.orderBy('p.code').orderBy('u.code').orderBy('w.version', 'desc').limit(2000).execute();
  return rows.map((w) => ({
    id: w.id, procedureCode: w.procedure_code, procedureName: w.procedure_name, unitId: w.unit_id, unitCode: w.unit_code, unitName: w.unit_name,
    version: w.version, status: w.status, nodeCount: toGraph(w.definition).nodes.length, inFlight: Number(w.in_flight),
    createdAt: w.created_at.toISOString(), publishedAt: w.published_at ? w.published_at.toISOString() : null,
  }));
}

async function insertDraft(trx: Tx, actor: Actor, procedureId: string, unitId: string, def: WorkflowGraph) {
  const existing = await trx.selectFrom('workflows').select('id').where('procedure_id', '=', procedureId).where('unit_id', '=', unitId)
    .where('status', '=', 'draft').executeTakeFirst();
  if (existing) {
    throw new AppError(409, 'draft_exists', 'Xung đột dữ liệu', 'Đơn vị đã có một bản nháp quy trình cho thủ tục này; hãy mở bản nháp đó để sửa.', undefined, { draftId: existing.id });
  }
  const { next } = await trx.selectFrom('workflows').select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('procedure_id', '=', procedureId).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
  return trx.insertInto('workflows').values({
    tenant_id: actor.tenantId, procedure_id: procedureId, unit_id: unitId, version: Number(next), status: 'draft',
    definition: JSON.stringify(def), created_by: actor.userId,
  }).returning('id').executeTakeFirstOrThrow();
}

/** A new draft for a procedure at a unit: from a definition, a given version, or the published one. */
export async function createDraft(db: Db, actor: Actor, input: { procedureCode: string; unitId: string; definition?: unknown; basedOn?: string }) {
  const notServing = () => invalid('unit_not_serving', 'Đơn vị được chọn không giải quyết thủ tục này (hoặc thủ tục không tồn tại).', [{ path: '/unitId', message: 'Đơn vị không giải quyết thủ tục này.' }]);
  if (!UUID.test(input.unitId)) throw notServing();
  const proc = await db.selectFrom('procedure_units as pu').innerJoin('procedures as p', 'p.id', 'pu.procedure_id')
    .select(['p.id', 'p.default_workflow']).where('p.tenant_id', '=', actor.tenantId).where('p.code', '=', input.procedureCode)
    .where('pu.unit_id', '=', input.unitId).executeTakeFirst();
  if (!proc) throw notServing();
  let def: WorkflowGraph;
  if (input.definition !== undefined) def = shapeOf(input.definition);
  else if (input.basedOn) def = toGraph((await findWorkflow(db, actor.tenantId, input.basedOn)).definition);
  else {
    const published = await db.selectFrom('workflows').select('definition').where('procedure_id', '=', proc.id).where('unit_id', '=', input.unitId)
      .where('status', '=', 'published').executeTakeFirst();
    def = toGraph(published?.definition ?? proc.default_workflow);
  }
  const row = await db.transaction().execute((trx) => insertDraft(trx, actor, proc.id, input.unitId, def));
  return row.id;
}

export async function saveDraft(db: Db, actor: Actor, id: string, definition: unknown) {
  const def = shapeOf(definition);
  const w = await findWorkflow(db, actor.tenantId, id);
  if (w.status !== 'draft') throw conflict('not_draft', 'Quy trình đã ban hành thì không sửa được; hãy tạo bản nháp mới từ phiên bản này.');
  const r = await db.updateTable('workflows').set({ definition: JSON.stringify(def), updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict('not_draft', 'Bản nháp vừa được ban hành hoặc xoá.');
}

/** Publishes a draft after validation: the previous published version retires; dossiers in flight keep theirs. */
export async function publish(db: Db, actor: Actor, id: string) {
  await db.transaction().execute(async (trx) => {
    const w = await findWorkflow(trx, actor.tenantId, id);
    await trx.selectFrom('workflows').select('id').where('procedure_id', '=', w.procedure_id).where('unit_id', '=', w.unit_id).forUpdate().execute();
    const current = await trx.selectFrom('workflows').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
    if (current.status !== 'draft') throw conflict('not_draft', 'Chỉ ban hành được bản nháp.');
    const issues = await issuesOf(trx, actor.tenantId, w, w.definition);
    if (issues.length) {
      throw new AppError(422, 'workflow_invalid', 'Quy trình chưa hợp lệ', `Chưa ban hành được: ${issues.map((i) => i.message).join(' ')}`,
        issues.map((i) => ({ path: i.node ? `/nodes/${i.node}` : '/', message: i.message })), { issues });
    }
    await trx.updateTable('workflows').set({ status: 'retired' }).where('procedure_id', '=', w.procedure_id).where('unit_id', '=', w.unit_id)
      .where('status', '=', 'published').execute();
    await trx.updateTable('workflows').set({ status: 'published', published_at: new Date(), published_by: actor.userId, updated_at: new Date() })
      .where('id', '=', id).execute();
  });
}

export async function deleteDraft(db: Db, actor: Actor, id: string) {
  const w = await findWorkflow(db, actor.tenantId, id);
  if (w.status !== 'draft') throw conflict('not_draft', 'Chỉ xoá được bản nháp; quy trình đã ban hành được lưu lại để đối chiếu.');
  await db.deleteFrom('workflows').where('id', '=', id).where('status', '=', 'draft').execute();
}

/** Copies a definition to other units that serve the procedure: a draft at each (published at once when
 *  asked and valid there). References to this unit's own steps stay relative ("this unit"). */
export async function copyTo(db: Db, actor: Actor, id: string, unitIds: string[], publishNow: boolean) {
  const w = await findWorkflow(db, actor.tenantId, id);
  const def = toGraph(w.definition);
  const out: { unitId: string; unitName: string; workflowId: string | null; status: string; issues: ValidationIssue[] }[] = [];
  for (const unitId of [...new Set(unitIds)]) {
    const unit = UUID.test(unitId)
      ? await db.selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id').select(['u.id', 'u.name'])
        .where('pu.procedure_id', '=', w.procedure_id).where('u.id', '=', unitId).executeTakeFirst()
      : undefined;
    if (!unit) {
      out.push({ unitId, unitName: '', workflowId: null, status: 'error', issues: [{ code: 'unit_not_serving', message: 'Đơn vị không giải quyết thủ tục này.' }] });
      continue;
    }
    if (unit.id === w.unit_id) {
      out.push({ unitId, unitName: unit.name, workflowId: null, status: 'error', issues: [{ code: 'same_unit', message: 'Không sao chép quy trình vào chính đơn vị nguồn.' }] });
      continue;
    }
    // Steps named to an officer of the source unit fall back to the role's pool at the target.
    const copied: WorkflowGraph = {
      ...def,
      nodes: def.nodes.map((n) => (n.type === 'task' && n.assignee.userId && !n.assignee.unitId ? { ...n, assignee: { ...n.assignee, userId: null } } : n)),
    };
    try {
      const draft = await db.transaction().execute((trx) => insertDraft(trx, actor, w.procedure_id, unit.id, copied));
      const target = await findWorkflow(db, actor.tenantId, draft.id);
      const issues = await issuesOf(db, actor.tenantId, target, copied);
      if (publishNow && !issues.length) {
        await publish(db, actor, draft.id);
        out.push({ unitId, unitName: unit.name, workflowId: draft.id, status: 'published', issues });
      } else out.push({ unitId, unitName: unit.name, workflowId: draft.id, status: 'draft', issues });
    } catch (err) {
      if (err instanceof AppError) out.push({ unitId, unitName: unit.name, workflowId: null, status: 'error', issues: [{ code: err.code, message: err.detail ?? err.title }] });
      else throw err;
    }
  }
  return out;
}

export const EXPORT_FORMAT = 'motcua-workflow';

export async function exportDocument(db: Db, actor: Actor, id: string) {
  const w = await findWorkflow(db, actor.tenantId, id);
  return {
    format: EXPORT_FORMAT, formatVersion: 1, procedureCode: w.procedure_code, procedureName: w.procedure_name,
    unitCode: w.unit_code, version: w.version, exportedAt: new Date().toISOString(), definition: toGraph(w.definition),
  };
}

export async function importDocument(db: Db, actor: Actor, unitId: string, doc: unknown) {
  const d = doc as { format?: unknown; formatVersion?: unknown; procedureCode?: unknown; definition?: unknown };
  if (!d || d.format !== EXPORT_FORMAT || d.formatVersion !== 1 || typeof d.procedureCode !== 'string') {
    throw invalid('invalid_document', 'Tệp không phải quy trình xuất từ MotCua (thiếu "format": "motcua-workflow", "formatVersion": 1 hoặc mã thủ tục).', [{ path: '/document', message: 'Sai định dạng.' }]);
  }
  return createDraft(db, actor, { procedureCode: d.procedureCode, unitId, definition: d.definition });
}
