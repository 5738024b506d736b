import { type Kysely, sql } from 'kysely';

// Workflows become graphs (common/workflow.ts, schema 2) with drafts; work becomes rows in
// dossier_tasks (the desk, each step, each consulted unit, each liên thông leg); liên thông legs are
// child dossiers carrying the origin's code; leaders delegate while absent.

// The conversion of the ordered list ({ steps }) into a schema-2 graph, as it was when this migration was
// written. A migration never imports application code: the application's own conversion may change later,
// and this migration must keep doing what it did.
interface Step { key: string; name: string; role: 'desk' | 'specialist' | 'leader'; quotaHours: number }
type Graph = { schema: 2; start: string; nodes: Record<string, unknown>[] };

function graphFromSteps(steps: Step[]): Graph {
  const nodes: Record<string, unknown>[] = steps.map((s, i) => ({
    key: s.key, name: s.name, type: 'task', assignee: { role: s.role },
    actions: [
      { kind: 'advance', target: steps[i + 1]?.key ?? 'ket_qua' },
      ...(i > 0 ? [{ kind: 'back', target: steps[i - 1]!.key }] : []),
      { kind: 'supplement' },
      ...(s.role === 'leader' ? [{ kind: 'refuse' }] : []),
    ],
    quota: s.quotaHours % 8 === 0 && s.quotaHours > 0 ? { amount: s.quotaHours / 8, unit: 'day' } : { amount: s.quotaHours, unit: 'hour' },
    position: { x: 0, y: i * 120 },
  }));
  nodes.push({ key: 'ket_qua', name: 'Có kết quả', type: 'end', outcome: 'result', position: { x: 0, y: steps.length * 120 } });
  if (steps.some((s) => s.role === 'leader')) {
    nodes.push({ key: 'tu_choi', name: 'Từ chối giải quyết', type: 'end', outcome: 'refusal', position: { x: 260, y: steps.length * 120 } });
  }
  return { schema: 2, start: steps[0]?.key ?? 'ket_qua', nodes };
}

function asGraph(def: unknown): unknown {
  const d = def as { schema?: unknown; nodes?: unknown; steps?: unknown } | null;
  if (d && d.schema === 2 && Array.isArray(d.nodes)) return d;
  return graphFromSteps(Array.isArray(d?.steps) ? (d.steps as Step[]) : []);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE workflows
  ADD COLUMN created_by   uuid REFERENCES users(id),
  ADD COLUMN published_by uuid REFERENCES users(id),
  ADD COLUMN updated_at   timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN note         text;
CREATE UNIQUE INDEX workflows_one_draft ON workflows (procedure_id, unit_id) WHERE status = 'draft';

ALTER TABLE dossiers
  ADD COLUMN origin_dossier_id uuid REFERENCES dossiers(id),
  ADD COLUMN origin_task_id    uuid;
ALTER TABLE dossiers DROP CONSTRAINT dossiers_code_key;
-- One code per citizen submission: liên thông legs carry their origin's code.
CREATE UNIQUE INDEX dossiers_code_uniq ON dossiers (code) WHERE origin_dossier_id IS NULL;
CREATE INDEX dossiers_code_idx ON dossiers (code);
CREATE INDEX dossiers_origin_idx ON dossiers (origin_dossier_id) WHERE origin_dossier_id IS NOT NULL;

CREATE TABLE dossier_tasks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  dossier_id   uuid NOT NULL REFERENCES dossiers(id),
  node_key     text,
  kind         text NOT NULL CHECK (kind IN ('desk', 'task', 'consultation', 'transfer')),
  unit_id      uuid NOT NULL REFERENCES units(id),
  role         text CHECK (role IN ('desk', 'specialist', 'leader')),
  assignee_id  uuid REFERENCES users(id),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'answered', 'cancelled', 'expired')),
  quota_hours  numeric,
  opened_at    timestamptz NOT NULL,
  due_at       timestamptz,
  closed_at    timestamptz,
  closed_by    uuid REFERENCES users(id),
  comment      text,
  child_dossier_id uuid REFERENCES dossiers(id),
  reminded_at  timestamptz          -- when the overdue reminder went to the outbox
);
CREATE INDEX dossier_tasks_open_idx ON dossier_tasks (unit_id, role, due_at) WHERE status = 'open';
CREATE INDEX dossier_tasks_assignee_idx ON dossier_tasks (assignee_id) WHERE status = 'open';
CREATE INDEX dossier_tasks_dossier_idx ON dossier_tasks (dossier_id, opened_at);
CREATE INDEX dossier_tasks_due_idx ON dossier_tasks (due_at) WHERE status = 'open' AND reminded_at IS NULL;

CREATE TABLE delegations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  from_user_id  uuid NOT NULL REFERENCES users(id),
  to_user_id    uuid NOT NULL REFERENCES users(id),
  unit_id       uuid NOT NULL REFERENCES units(id),
  role          text NOT NULL CHECK (role IN ('desk', 'specialist', 'leader')),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  note          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  CHECK (ends_at > starts_at),
  CHECK (from_user_id <> to_user_id)
);
CREATE INDEX delegations_to_idx ON delegations (to_user_id, ends_at) WHERE revoked_at IS NULL;
`.execute(db);

  // Convert stored definitions (the ordered list) to graphs.
  const { rows: wfs } = await sql<{ id: string; definition: unknown }>`SELECT id, definition FROM workflows`.execute(db);
  for (const w of wfs) await sql`UPDATE workflows SET definition = ${JSON.stringify(asGraph(w.definition))}::jsonb WHERE id = ${w.id}`.execute(db);
  const { rows: procs } = await sql<{ id: string; default_workflow: { steps?: Step[] } }>`SELECT id, default_workflow FROM procedures`.execute(db);
  for (const p of procs) {
    if (Array.isArray(p.default_workflow?.steps) && p.default_workflow.steps.length) {
      await sql`UPDATE procedures SET default_workflow = ${JSON.stringify(graphFromSteps(p.default_workflow.steps))}::jsonb WHERE id = ${p.id}`.execute(db);
    }
  }
  // Open the tasks of dossiers already in flight.
  await sql`
INSERT INTO dossier_tasks (tenant_id, dossier_id, node_key, kind, unit_id, role, opened_at, due_at)
SELECT d.tenant_id, d.id, CASE WHEN d.status IN ('submitted', 'result_ready') THEN NULL ELSE d.step_key END,
       CASE WHEN d.status IN ('submitted', 'result_ready') THEN 'desk' ELSE 'task' END,
       CASE WHEN d.status IN ('submitted', 'result_ready') THEN d.receiving_unit_id ELSE d.unit_id END,
       CASE WHEN d.status IN ('submitted', 'result_ready') THEN 'desk' ELSE coalesce(d.assignee_role, 'specialist') END,
       d.updated_at, CASE WHEN d.status IN ('submitted', 'result_ready') THEN NULL ELSE d.step_due_at END
FROM dossiers d
WHERE d.status IN ('submitted', 'result_ready') OR (d.status IN ('in_progress', 'awaiting_supplement', 'awaiting_payment', 'paused') AND d.step_key IS NOT NULL)`.execute(db);
  // The inbox is the open tasks now: the dossier's own "whose turn" columns (and their index) go.
  await sql`ALTER TABLE dossiers DROP COLUMN assignee_unit_id, DROP COLUMN assignee_role`.execute(db);
  // Only now, after the conversion above rewrote them once:
  await sql`
-- A published (or retired) version never changes: dossiers in flight are pinned to it.
CREATE FUNCTION workflows_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.procedure_id <> OLD.procedure_id
      OR NEW.unit_id <> OLD.unit_id OR NEW.version <> OLD.version OR NEW.status = 'draft') THEN
    RAISE EXCEPTION 'published workflow % is immutable', OLD.id;
  END IF;
  RETURN NEW;
END $fn$;
CREATE TRIGGER workflows_immutable BEFORE UPDATE ON workflows FOR EACH ROW EXECUTE FUNCTION workflows_published_immutable();
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE delegations;
DROP TABLE dossier_tasks;
ALTER TABLE dossiers ADD COLUMN assignee_unit_id uuid REFERENCES units(id), ADD COLUMN assignee_role text;
CREATE INDEX dossiers_inbox_idx ON dossiers (assignee_unit_id, assignee_role, due_at);
DROP INDEX dossiers_code_uniq; DROP INDEX dossiers_code_idx; DROP INDEX dossiers_origin_idx;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_code_key UNIQUE (code);
ALTER TABLE dossiers DROP COLUMN origin_dossier_id, DROP COLUMN origin_task_id;
DROP TRIGGER workflows_immutable ON workflows;
DROP FUNCTION workflows_published_immutable();
DROP INDEX workflows_one_draft;
ALTER TABLE workflows DROP COLUMN created_by, DROP COLUMN published_by, DROP COLUMN updated_at, DROP COLUMN note;
`.execute(db);
}
