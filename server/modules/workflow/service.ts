import type { Tx } from '../../db/client';
import type { WorkflowDefinition } from '../../db/types';
import type { AppDeps, UnitsAssignedHook } from '../../deps';
import { requireAdmin, type Actor } from '../../platform/auth';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import {
  type OfficerRole, type ValidationContext, type ValidationIssue, type WorkflowGraph, toGraph, validateWorkflow,
} from '../../../common/workflow';
import { officerRolesIn } from '../accounts/repo';
import { DEFAULT_WORKFLOW } from '../catalog/service';
import { procedureServedAt, servingUnit } from '../catalog/repo';
import { listUnits } from '../org/repo';
import { legalHoursOf, presentWorkflow, presentWorkflowSummary } from './present';
import {
  deleteDraftRow, draftOf, findWorkflowRow, insertWorkflowVersion, lockVersions, publishedWorkflow, publishVersion, searchWorkflows,
  unitsWithPublished, updateDraft, type WorkflowRow,
} from './repo';

// Workflow administration (the designer): drafts, validation, publishing (immutable versions), copy,
// export/import. Every use case checks that the caller is an admin first.

type WorkflowDeps = Pick<AppDeps, 'db'>;
const ADMIN_ONLY = 'Chỉ quản trị viên mới quản lý quy trình.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const wfNotFound = () => notFound('workflow_not_found', 'Không tìm thấy quy trình.');

/** A workflow version of the tenant, or 404. */
export async function findWorkflow(db: Tx, tenantId: string, id: string): Promise<WorkflowRow> {
  const w = await findWorkflowRow(db, tenantId, id);
  if (!w) throw wfNotFound();
  return w;
}

/** The world a definition is checked against: the tenant's units and their staffed roles, officers,
 *  which units have a published workflow for the procedure, the legal time. */
async function validationContext(db: Tx, tenantId: string, w: { procedure_id: string; unit_id: string; processing_amount: string | number; processing_unit: 'day' | 'hour' }) {
  const [units, roles, withWf] = [await listUnits(db, tenantId, 'code'), await officerRolesIn(db, tenantId), await unitsWithPublished(db, w.procedure_id)];
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
    legalHours: legalHoursOf(w), units: unitMap, officers, unitId: w.unit_id, unitsWithWorkflow: new Set(withWf),
  };
  return { ctx, units, officers };
}

/** What a definition lacks to be published at the workflow's unit. */
export async function issuesOf(db: Tx, tenantId: string, w: WorkflowRow, def: unknown): Promise<ValidationIssue[]> {
  return validateWorkflow(def, (await validationContext(db, tenantId, w)).ctx);
}

/** The e-form's fields as dot paths (nested objects flattened), for branch conditions. */
export function formFields(schema: Record<string, unknown>, prefix = ''): { path: string; title: string; type: string; enum?: (string | number | boolean)[] }[] {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: { path: string; title: string; type: string; enum?: (string | number | boolean)[] }[] = [];
  for (const [key, p] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (p.type === 'object') out.push(...formFields(p, path));
    else if (p.type !== 'array') out.push({ path, title: String(p.title ?? key), type: String(p.type ?? 'string'), ...(Array.isArray(p.enum) ? { enum: p.enum as (string | number | boolean)[] } : {}) });
  }
  return out;
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

async function fullView(db: Tx, tenantId: string, id: string) {
  const w = await findWorkflow(db, tenantId, id);
  return presentWorkflow(w, await issuesOf(db, tenantId, w, w.definition));
}

/** Every version of the tenant's workflows (filtered). */
export async function listWorkflows(deps: WorkflowDeps, actor: Actor, q: { procedureCode?: string; unitId?: string; status?: string }) {
  requireAdmin(actor, ADMIN_ONLY);
  return { items: (await searchWorkflows(deps.db, actor.tenantId, q)).map(presentWorkflowSummary) };
}

/** One version with what the validator says of it. */
export async function getWorkflow(deps: WorkflowDeps, actor: Actor, id: string) {
  requireAdmin(actor, ADMIN_ONLY);
  return fullView(deps.db, actor.tenantId, id);
}

/** What the designer needs to offer choices and validate as the admin draws. */
export async function designerContext(deps: WorkflowDeps, actor: Actor, id: string) {
  requireAdmin(actor, ADMIN_ONLY);
  const w = await findWorkflow(deps.db, actor.tenantId, id);
  const { ctx, units, officers } = await validationContext(deps.db, actor.tenantId, w);
  return {
    legalHours: ctx.legalHours, unitId: w.unit_id,
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, levelCode: u.level_code, roles: [...(ctx.units!.get(u.id)?.roles ?? [])] })),
    officers: [...officers.entries()].map(([oid, o]) => ({ id: oid, fullName: o.name, roles: o.roles })),
    formFields: formFields(w.form_schema),
    unitsWithWorkflow: [...ctx.unitsWithWorkflow!],
  };
}

async function insertDraft(trx: Tx, actor: Actor, procedureId: string, unitId: string, def: WorkflowGraph): Promise<string> {
  const existing = await draftOf(trx, procedureId, unitId);
  if (existing) {
    throw new AppError(409, 'draft_exists', 'Xung đột dữ liệu', 'Đơn vị đã có một bản nháp quy trình cho thủ tục này; hãy mở bản nháp đó để sửa.', undefined, { draftId: existing });
  }
  return insertWorkflowVersion(trx, { tenantId: actor.tenantId, procedureId, unitId, definition: def, status: 'draft', createdBy: actor.userId });
}

/** A new draft for a procedure at a unit: from a definition, a given version, or the published one. */
export async function createDraft(deps: WorkflowDeps, actor: Actor, input: { procedureCode: string; unitId: string; definition?: unknown; basedOn?: string }) {
  requireAdmin(actor, ADMIN_ONLY);
  const { db } = deps;
  const notServing = () => invalid('unit_not_serving', 'Đơn vị được chọn không giải quyết thủ tục này (hoặc thủ tục không tồn tại).', [{ path: '/unitId', message: 'Đơn vị không giải quyết thủ tục này.' }]);
  if (!UUID.test(input.unitId)) throw notServing();
  const proc = await procedureServedAt(db, actor.tenantId, input.procedureCode, input.unitId);
  if (!proc) throw notServing();
  let def: WorkflowGraph;
  if (input.definition !== undefined) def = shapeOf(input.definition);
  else if (input.basedOn) def = toGraph((await findWorkflow(db, actor.tenantId, input.basedOn)).definition);
  else def = toGraph((await publishedWorkflow(db, proc.id, input.unitId))?.definition ?? proc.default_workflow);
  const id = await db.transaction().execute((trx) => insertDraft(trx, actor, proc.id, input.unitId, def));
  return fullView(db, actor.tenantId, id);
}

/** Saves a draft (it may be incomplete; the validator's findings come with it). */
export async function saveDraft(deps: WorkflowDeps, actor: Actor, id: string, definition: unknown) {
  requireAdmin(actor, ADMIN_ONLY);
  const def = shapeOf(definition);
  const w = await findWorkflow(deps.db, actor.tenantId, id);
  if (w.status !== 'draft') throw conflict('not_draft', 'Quy trình đã ban hành thì không sửa được; hãy tạo bản nháp mới từ phiên bản này.');
  if (!(await updateDraft(deps.db, id, def))) throw conflict('not_draft', 'Bản nháp vừa được ban hành hoặc xoá.');
  return fullView(deps.db, actor.tenantId, id);
}

async function publishDraft(deps: WorkflowDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const w = await findWorkflow(trx, actor.tenantId, id);
    if (await lockVersions(trx, w) !== 'draft') throw conflict('not_draft', 'Chỉ ban hành được bản nháp.');
    const issues = await issuesOf(trx, actor.tenantId, w, w.definition);
    if (issues.length) {
      throw new AppError(422, 'workflow_invalid', 'Quy trình chưa hợp lệ', `Chưa ban hành được: ${issues.map((i) => i.message).join(' ')}`,
        issues.map((i) => ({ path: i.node ? `/nodes/${i.node}` : '/', message: i.message })), { issues });
    }
    await publishVersion(trx, w, actor.userId);
  });
}

/** Publishes a draft after validation: the previous published version retires; dossiers in flight keep theirs. */
export async function publish(deps: WorkflowDeps, actor: Actor, id: string) {
  requireAdmin(actor, ADMIN_ONLY);
  await publishDraft(deps, actor, id);
  return fullView(deps.db, actor.tenantId, id);
}

/** Deletes a draft; a published version is kept for reference (409). */
export async function deleteDraft(deps: WorkflowDeps, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor, ADMIN_ONLY);
  const w = await findWorkflow(deps.db, actor.tenantId, id);
  if (w.status !== 'draft') throw conflict('not_draft', 'Chỉ xoá được bản nháp; quy trình đã ban hành được lưu lại để đối chiếu.');
  await deleteDraftRow(deps.db, id);
}

/** Copies a definition to other units that serve the procedure: a draft at each (published at once when
 *  asked and valid there). References to this unit's own steps stay relative ("this unit"). */
export async function copyTo(deps: WorkflowDeps, actor: Actor, id: string, unitIds: string[], publishNow: boolean) {
  requireAdmin(actor, ADMIN_ONLY);
  const { db } = deps;
  const w = await findWorkflow(db, actor.tenantId, id);
  const def = toGraph(w.definition);
  const out: { unitId: string; unitName: string; workflowId: string | null; status: string; issues: ValidationIssue[] }[] = [];
  for (const unitId of [...new Set(unitIds)]) {
    const unit = UUID.test(unitId) ? await servingUnit(db, w.procedure_id, unitId) : undefined;
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
      const draftId = await db.transaction().execute((trx) => insertDraft(trx, actor, w.procedure_id, unit.id, copied));
      const target = await findWorkflow(db, actor.tenantId, draftId);
      const issues = await issuesOf(db, actor.tenantId, target, copied);
      if (publishNow && !issues.length) {
        await publishDraft(deps, actor, draftId);
        out.push({ unitId, unitName: unit.name, workflowId: draftId, status: 'published', issues });
      } else out.push({ unitId, unitName: unit.name, workflowId: draftId, status: 'draft', issues });
    } catch (err) {
      if (err instanceof AppError) out.push({ unitId, unitName: unit.name, workflowId: null, status: 'error', issues: [{ code: err.code, message: err.detail ?? err.title }] });
      else throw err;
    }
  }
  return { items: out };
}

export const EXPORT_FORMAT = 'motcua-workflow' as const;

/** A version as a JSON document another installation (or unit) can import. */
export async function exportDocument(deps: WorkflowDeps, actor: Actor, id: string) {
  requireAdmin(actor, ADMIN_ONLY);
  const w = await findWorkflow(deps.db, actor.tenantId, id);
  return {
    format: EXPORT_FORMAT, formatVersion: 1, procedureCode: w.procedure_code, procedureName: w.procedure_name,
    unitCode: w.unit_code, version: w.version, exportedAt: new Date().toISOString(), definition: toGraph(w.definition),
  };
}

/** A draft at a unit from an exported document. */
export async function importDocument(deps: WorkflowDeps, actor: Actor, unitId: string, doc: unknown) {
  requireAdmin(actor, ADMIN_ONLY);
  const d = doc as { format?: unknown; formatVersion?: unknown; procedureCode?: unknown; definition?: unknown };
  if (!d || d.format !== EXPORT_FORMAT || d.formatVersion !== 1 || typeof d.procedureCode !== 'string') {
    throw invalid('invalid_document', 'Tệp không phải quy trình xuất từ MotCua (thiếu "format": "motcua-workflow", "formatVersion": 1 hoặc mã thủ tục).', [{ path: '/document', message: 'Sai định dạng.' }]);
  }
  return createDraft(deps, actor, { procedureCode: d.procedureCode, unitId, definition: d.definition });
}

/**
 * Units newly assigned a procedure start with its default workflow, published (version 1, or the next),
 * unless they already have a published one; a default without tasks falls back to the standard two steps.
 * Runs in the assignment's transaction (catalog `assignUnits`, through `AppDeps.onUnitsAssigned`).
 */
export const ensureDefaultWorkflows: UnitsAssignedHook = async (trx, p, unitIds) => {
  for (const unitId of unitIds) {
    if (await publishedWorkflow(trx, p.id, unitId)) continue;
    const given = toGraph(p.default_workflow);
    const definition: WorkflowDefinition = given.nodes.some((n) => n.type === 'task') ? given : DEFAULT_WORKFLOW;
    await insertWorkflowVersion(trx, { tenantId: p.tenant_id, procedureId: p.id, unitId, definition, status: 'published', createdBy: null });
  }
};
