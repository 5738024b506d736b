import { sql } from 'kysely';
import type { Tx } from '../../db/client';

export type { Tx };

/** The dossier with what every view of it needs: procedure, units, workflow definition. */
function dossierView(db: Tx) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .innerJoin('workflows as w', 'w.id', 'd.workflow_id')
    .selectAll('d')
    .select([
      'p.code as procedure_code', 'p.name as procedure_name', 'p.processing_amount', 'p.processing_unit', 'p.cut_off',
      'p.form_schema', 'p.fees as procedure_fees', 'u.name as unit_name', 'w.definition',
      sql<string[]>`array(SELECT DISTINCT t.unit_id FROM dossier_tasks t WHERE t.dossier_id = d.id
        UNION SELECT o.unit_id FROM dossiers o WHERE o.id = d.origin_dossier_id)`.as('task_units'),
      sql<number>`(SELECT count(*) FROM dossier_tasks t WHERE t.dossier_id = d.id AND t.status = 'answered'
        AND t.node_key = d.step_key AND t.opened_at >= coalesce((SELECT max(o.opened_at) FROM dossier_tasks o
          WHERE o.dossier_id = d.id AND o.node_key = d.step_key AND o.kind = 'consultation' AND o.status = 'open'), 'infinity'))::int`.as('answered'),
    ]);
}

/** The dossier with what every view of it needs. */
export async function findDossier(db: Tx, id: string) {
  return dossierView(db).where('d.id', '=', id).executeTakeFirst();
}

/** An open task as the engine needs it. */
export interface OpenTaskRef { id: string; node_key: string | null; kind: 'desk' | 'task' | 'consultation' | 'transfer'; unit_id: string; role: 'desk' | 'specialist' | 'leader' | null; assignee_id: string | null }

/**
 * The dossier and its open tasks in one statement: what a decision reads (under the row's lock, so both
 * are of the same version). One round trip less on every action.
 */
export async function findForDecision(db: Tx, id: string): Promise<{ row: DossierRow; tasks: OpenTaskRef[] } | undefined> {
  const r = await dossierView(db)
    .select(sql<OpenTaskRef[]>`coalesce((SELECT json_agg(json_build_object('id', t.id, 'node_key', t.node_key, 'kind', t.kind,
      'unit_id', t.unit_id, 'role', t.role, 'assignee_id', t.assignee_id) ORDER BY t.opened_at, t.id)
      FROM dossier_tasks t WHERE t.dossier_id = d.id AND t.status = 'open'), '[]')`.as('open_tasks'))
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const { open_tasks: tasks, ...row } = r;
  return { row, tasks };
}

/** The open tasks of a dossier. */
export async function openTasks(db: Tx, dossierId: string) {
  return db.selectFrom('dossier_tasks').selectAll().where('dossier_id', '=', dossierId).where('status', '=', 'open')
    .orderBy('opened_at').orderBy('id').execute();
}
export type DossierRow = NonNullable<Awaited<ReturnType<typeof findDossier>>>;

export async function findDossierByCode(db: Tx, code: string) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.code', 'd.status', 'd.received_at', 'd.due_at', 'd.completed_at', 'p.name as procedure_name', 'u.name as unit_name'])
    .where('d.code', '=', code).where('d.origin_dossier_id', 'is', null)
    .executeTakeFirst();
}

export async function listFiles(db: Tx, dossierId: string) {
  return db.selectFrom('dossier_files').select(['id', 'name', 'label', 'content_type', 'size', 'created_at', 'storage_key', 'kind', 'signed_at', 'signer'])
    .where('dossier_id', '=', dossierId).orderBy('created_at').execute();
}

/** Files and fees of a dossier in one round trip (what the full view shows beside the row). */
export async function filesAndFees(db: Tx, dossierId: string) {
  const { rows } = await sql<{ files: RawFile[]; fees: RawFee[] }>`
    SELECT coalesce((SELECT json_agg(f ORDER BY f.created_at) FROM (
             SELECT id, name, label, content_type, size, created_at, storage_key, kind, signed_at, signer
             FROM dossier_files WHERE dossier_id = ${dossierId}) f), '[]') AS files,
           coalesce((SELECT json_agg(x ORDER BY x.paid_at) FROM (
             SELECT id, name, amount, receipt_number, paid_at FROM dossier_fees WHERE dossier_id = ${dossierId}) x), '[]') AS fees`.execute(db);
  const r = rows[0]!;
  const files: Awaited<ReturnType<typeof listFiles>> = r.files.map((f) => ({
    ...f, size: String(f.size), created_at: new Date(f.created_at), signed_at: f.signed_at ? new Date(f.signed_at) : null,
  }));
  const fees = r.fees.map((x) => ({ ...x, amount: Number(x.amount), paid_at: new Date(x.paid_at) }));
  return { files, fees };
}
type RawFile = Omit<Awaited<ReturnType<typeof listFiles>>[number], 'created_at' | 'signed_at' | 'size'> & { created_at: string; signed_at: string | null; size: number | string };
type RawFee = { id: string; name: string; amount: number | string; receipt_number: string; paid_at: string };

export async function listEvents(db: Tx, dossierId: string) {
  return db
    .selectFrom('dossier_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.action', 'e.from_status', 'e.to_status', 'e.from_step', 'e.to_step', 'e.actor_id', 'e.actor_role', 'e.at', 'e.comment', 'e.data', 'u.full_name as actor_name'])
    .where('e.dossier_id', '=', dossierId)
    .orderBy('e.id')
    .execute();
}

// --- Reads and writes other modules ask of the dossier tables (the inbox's task claims, the process
// diagram, documents' result files and forms, identity's links). Kept apart from the write path above.

/** An open task of the tenant by id (undefined: unknown, or another tenant's). */
export async function findTask(db: Tx, tenantId: string, id: string) {
  return db.selectFrom('dossier_tasks').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Gives an open task with no holder to the user; false when someone else holds it (or it closed). */
export async function claimTask(db: Tx, id: string, userId: string): Promise<boolean> {
  const r = await db.updateTable('dossier_tasks').set({ assignee_id: userId })
    .where('id', '=', id).where('status', '=', 'open').where('assignee_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets (or, with null, clears) the holder of an open task. */
export async function setTaskHolder(db: Tx, id: string, userId: string | null): Promise<void> {
  await db.updateTable('dossier_tasks').set({ assignee_id: userId }).where('id', '=', id).where('status', '=', 'open').execute();
}

/** Every task of a dossier in order, with its unit, holder and who closed it. */
export async function tasksWithPeople(db: Tx, dossierId: string) {
  return db.selectFrom('dossier_tasks as k').innerJoin('units as u', 'u.id', 'k.unit_id').leftJoin('users as a', 'a.id', 'k.assignee_id')
    .leftJoin('users as c', 'c.id', 'k.closed_by')
    .select(['k.id', 'k.node_key', 'k.kind', 'k.role', 'k.status', 'k.opened_at', 'k.closed_at', 'k.due_at', 'k.quota_hours', 'k.comment', 'k.unit_id',
      'u.name as unit_name', 'a.id as holder_id', 'a.full_name as holder_name', 'c.id as closer_id', 'c.full_name as closer_name'])
    .where('k.dossier_id', '=', dossierId).orderBy('k.opened_at').orderBy('k.id').execute();
}

/** The liên thông legs a dossier started, in order, with their units. */
export async function legsOf(db: Tx, dossierId: string) {
  return db.selectFrom('dossiers as c').innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.status', 'c.due_at', 'c.completed_at', 'u.name as unit_name']).where('c.origin_dossier_id', '=', dossierId).orderBy('c.created_at').execute();
}

/** A dossier's id and unit name (a leg's origin). */
export async function dossierUnit(db: Tx, id: string) {
  return db.selectFrom('dossiers as o').innerJoin('units as u', 'u.id', 'o.unit_id').select(['o.id', 'u.name']).where('o.id', '=', id).executeTakeFirst();
}

/** The actions recorded on a dossier (which printed forms apply). */
export async function eventActions(db: Tx, dossierId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('dossier_events').select('action').where('dossier_id', '=', dossierId).execute()).map((e) => e.action));
}

/** Records a file of a dossier (an uploaded or signed result). */
export async function insertDossierFile(db: Tx, f: {
  id: string; tenant_id: string; dossier_id: string; name: string; label: string | null; content_type: string; size: number; sha256: string;
  storage_key: string; uploaded_by: string | null; kind: 'result' | 'signed_result'; signed_at?: Date; signer?: string;
}) {
  return db.insertInto('dossier_files').values(f).returning(['id', 'name', 'size', 'created_at']).executeTakeFirstOrThrow();
}

/** The latest uploaded (unsigned) result document of a dossier. */
export async function latestResultUpload(db: Tx, dossierId: string) {
  return db.selectFrom('dossier_files').select(['id', 'name', 'storage_key']).where('dossier_id', '=', dossierId)
    .where('kind', '=', 'result').orderBy('created_at', 'desc').executeTakeFirst();
}

/** The result a reader gets: the signed one when it exists, else the latest uploaded. */
export async function currentResult(db: Tx, dossierId: string) {
  return db.selectFrom('dossier_files').select(['id', 'name', 'kind', 'storage_key', 'signed_at', 'signer', 'created_at'])
    .where('dossier_id', '=', dossierId).where('kind', 'in', ['result', 'signed_result'])
    .orderBy(sql`kind = 'signed_result'`, 'desc').orderBy('created_at', 'desc').executeTakeFirst();
}

/** The code of the dossier whose signed result has this SHA-256, if we issued one. */
export async function codeOfSignedResult(db: Tx, sha256: string): Promise<string | null | undefined> {
  return (await db.selectFrom('dossier_files as f').innerJoin('dossiers as d', 'd.id', 'f.dossier_id').select('d.code')
    .where('f.sha256', '=', sha256).where('f.kind', '=', 'signed_result').executeTakeFirst())?.code;
}

/** "Quyển số / Số thứ tự": the dossier's field, and its place among the receiving unit's receptions in that field that year. */
export async function receptionOrder(db: Tx, d: { id: string; receiving_unit_id: string; received_at: Date }, yearStart: Date) {
  const field = await db.selectFrom('dossiers as x').innerJoin('procedures as p', 'p.id', 'x.procedure_id').innerJoin('fields as f', 'f.id', 'p.field_id')
    .select(['f.id', 'f.code']).where('x.id', '=', d.id).executeTakeFirstOrThrow();
  const { n } = await db.selectFrom('dossiers as d').innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .select(db.fn.countAll<number>().as('n'))
    .where('d.receiving_unit_id', '=', d.receiving_unit_id).where('p.field_id', '=', field.id).where('d.origin_dossier_id', 'is', null)
    .where('d.received_at', '>=', yearStart).where('d.received_at', '<=', d.received_at)
    .executeTakeFirstOrThrow();
  return { fieldCode: field.code, seq: Number(n) };
}

/** Mẫu 07's rows: what a desk received in a period (in one field when given), in order; liên thông legs excluded. */
export async function receivedBetween(db: Tx, unitId: string, fieldCode: string | undefined, from: Date, until: Date) {
  let q = db.selectFrom('dossiers as d').innerJoin('procedures as p', 'p.id', 'd.procedure_id').innerJoin('fields as f', 'f.id', 'p.field_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.code', 'd.applicant', 'd.received_at', 'd.due_at', 'd.returned_at', 'd.return_method', 'p.name as procedure_name', 'u.name as unit_name', 'f.name as field_name'])
    .where('d.receiving_unit_id', '=', unitId).where('d.received_at', 'is not', null).where('d.origin_dossier_id', 'is', null)
    .where('d.received_at', '>=', from).where('d.received_at', '<', until);
  if (fieldCode) q = q.where('f.code', '=', fieldCode);
  return q.orderBy('d.received_at').orderBy('d.code').execute();
}

/** Links the walk-in dossiers of a registry record that belong to no account yet to the account; how many. */
export async function linkDossiersToAccount(trx: Tx, personId: string, userId: string): Promise<number> {
  const d = await trx.updateTable('dossiers').set({ applicant_id: userId })
    .where('person_id', '=', personId).where('applicant_id', 'is', null).executeTakeFirst();
  return Number(d.numUpdatedRows);
}

/** Takes the next number of an agency's daily sequence, in the caller's transaction (gap-free, no max()+1). */
export async function nextDailySequence(trx: Tx, unitId: string, day: string): Promise<number> {
  const { rows } = await sql<{ last_value: number }>`
    INSERT INTO dossier_code_sequences (unit_id, day, last_value) VALUES (${unitId}, ${day}, 1)
    ON CONFLICT (unit_id, day) DO UPDATE SET last_value = dossier_code_sequences.last_value + 1
    RETURNING last_value`.execute(trx);
  return rows[0]!.last_value;
}

const summaryColumns = [
  'd.id', 'd.code', 'd.status', 'd.version', 'd.step_key', 'd.submitted_at', 'd.due_at', 'd.completed_at',
  'd.original_due_at', 'd.step_due_at', 'd.unit_id',
  'p.code as procedure_code', 'p.name as procedure_name', 'u.name as unit_name', 'w.definition',
] as const;

function summaries(db: Tx) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .innerJoin('workflows as w', 'w.id', 'd.workflow_id')
    .select(summaryColumns)
    .select([sql<string>`d.applicant->>'fullName'`.as('applicant_name'), sql<number>`count(*) over ()`.as('total')]);
}
export type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

/** The applicant's own dossiers, newest first. */
export async function myDossiers(db: Tx, userId: string, opts: { limit: number; offset: number }) {
  return summaries(db).where('d.applicant_id', '=', userId).where('d.origin_dossier_id', 'is', null).orderBy('d.created_at', 'desc').limit(opts.limit).offset(opts.offset).execute();
}
