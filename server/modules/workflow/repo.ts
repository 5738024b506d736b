import { sql } from 'kysely';
import type { Tx } from '../../db/client';
import type { WorkflowDefinition } from '../../db/types';

// Every query on `workflows`: the versioned internal process of a procedure at a unit (drafts, one
// published version, retired ones). A published version never changes (a trigger), dossiers pin it.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A workflow version of the tenant with its procedure's and unit's names and what validation needs. */
export async function findWorkflowRow(db: Tx, tenantId: string, id: string) {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('workflows as w')
    .innerJoin('procedures as p', 'p.id', 'w.procedure_id')
    .innerJoin('units as u', 'u.id', 'w.unit_id')
    .selectAll('w')
    .select(['p.code as procedure_code', 'p.name as procedure_name', 'p.processing_amount', 'p.processing_unit', 'p.form_schema',
      'u.code as unit_code', 'u.name as unit_name'])
    .where('w.id', '=', id).where('w.tenant_id', '=', tenantId).executeTakeFirst();
}
export type WorkflowRow = NonNullable<Awaited<ReturnType<typeof findWorkflowRow>>>;

/** Workflow versions of the tenant (filtered), with how many dossiers in flight each carries. */
export async function searchWorkflows(db: Tx, tenantId: string, q: { procedureCode?: string; unitId?: string; status?: string }) {
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
  return query.orderBy('p.code').orderBy('u.code').orderBy('w.version', 'desc').limit(2000).execute();
}
export type WorkflowSummaryRow = Awaited<ReturnType<typeof searchWorkflows>>[number];

/** The units that have a published workflow for the procedure. */
export async function unitsWithPublished(db: Tx, procedureId: string): Promise<string[]> {
  return (await db.selectFrom('workflows').select('unit_id').where('procedure_id', '=', procedureId).where('status', '=', 'published').execute())
    .map((x) => x.unit_id);
}

/** The published workflow of a procedure at a unit, if any. */
export async function publishedWorkflow(db: Tx, procedureId: string, unitId: string) {
  return db.selectFrom('workflows').select(['id', 'definition']).where('procedure_id', '=', procedureId).where('unit_id', '=', unitId)
    .where('status', '=', 'published').executeTakeFirst();
}

/** The id of the open draft of a procedure at a unit, if any. */
export async function draftOf(db: Tx, procedureId: string, unitId: string): Promise<string | undefined> {
  return (await db.selectFrom('workflows').select('id').where('procedure_id', '=', procedureId).where('unit_id', '=', unitId)
    .where('status', '=', 'draft').executeTakeFirst())?.id;
}

/** Inserts the next version of a procedure's workflow at a unit; its id. */
export async function insertWorkflowVersion(trx: Tx, w: {
  tenantId: string; procedureId: string; unitId: string; definition: WorkflowDefinition; status: 'draft' | 'published'; createdBy: string | null;
}): Promise<string> {
  const { next } = await trx.selectFrom('workflows').select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('procedure_id', '=', w.procedureId).where('unit_id', '=', w.unitId).executeTakeFirstOrThrow();
  const row = await trx.insertInto('workflows').values({
    tenant_id: w.tenantId, procedure_id: w.procedureId, unit_id: w.unitId, version: Number(next), status: w.status,
    definition: JSON.stringify(w.definition), ...(w.status === 'published' ? { published_at: new Date() } : { created_by: w.createdBy }),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces a draft's definition; false when it is no longer a draft. */
export async function updateDraft(db: Tx, id: string, definition: WorkflowDefinition): Promise<boolean> {
  const r = await db.updateTable('workflows').set({ definition: JSON.stringify(definition), updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Locks every version of a procedure's workflow at a unit, and returns the given version's status now. */
export async function lockVersions(trx: Tx, w: { id: string; procedure_id: string; unit_id: string }) {
  await trx.selectFrom('workflows').select('id').where('procedure_id', '=', w.procedure_id).where('unit_id', '=', w.unit_id).forUpdate().execute();
  return (await trx.selectFrom('workflows').select(['status']).where('id', '=', w.id).executeTakeFirstOrThrow()).status;
}

/** Publishes a version: the published one retires. */
export async function publishVersion(trx: Tx, w: { id: string; procedure_id: string; unit_id: string }, by: string): Promise<void> {
  await trx.updateTable('workflows').set({ status: 'retired' }).where('procedure_id', '=', w.procedure_id).where('unit_id', '=', w.unit_id)
    .where('status', '=', 'published').execute();
  await trx.updateTable('workflows').set({ status: 'published', published_at: new Date(), published_by: by, updated_at: new Date() })
    .where('id', '=', w.id).execute();
}

/** Deletes a draft (a published or retired version is kept for ever). */
export async function deleteDraftRow(db: Tx, id: string): Promise<void> {
  await db.deleteFrom('workflows').where('id', '=', id).where('status', '=', 'draft').execute();
}
