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
