import { type Kysely, sql } from 'kysely';

// Legal time: unit office hours and closures, a calendar revision for cache invalidation across
// processes, and the deadline columns of a dossier (step due, original due before an extension).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- A unit's weekly office sessions: 7 arrays (Sunday … Saturday) of {start, end} "HH:MM".
CREATE TABLE unit_schedules (
  unit_id     uuid PRIMARY KEY REFERENCES units(id),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  weekly      jsonb NOT NULL CHECK (jsonb_typeof(weekly) = 'array' AND jsonb_array_length(weekly) = 7),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Days a unit is closed on top of the national calendar.
CREATE TABLE unit_closures (
  unit_id    uuid NOT NULL REFERENCES units(id),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  day        date NOT NULL,
  name       text NOT NULL,
  PRIMARY KEY (unit_id, day)
);

-- Bumped in the same transaction as every calendar edit; each process reloads when it changes.
CREATE TABLE calendar_state (
  id        integer PRIMARY KEY CHECK (id = 1),
  revision  bigint NOT NULL
);
INSERT INTO calendar_state (id, revision) VALUES (1, 1);

ALTER TABLE dossiers
  ADD COLUMN step_due_at      timestamptz,
  ADD COLUMN original_due_at  timestamptz,
  ADD COLUMN extension_count  integer NOT NULL DEFAULT 0;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE dossiers DROP COLUMN step_due_at, DROP COLUMN original_due_at, DROP COLUMN extension_count;
DROP TABLE calendar_state, unit_closures, unit_schedules;
`.execute(db);
}
