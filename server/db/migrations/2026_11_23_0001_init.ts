import { type Kysely, sql } from 'kysely';

// The walking-skeleton schema. Plain SQL, no application imports: a migration must
// keep meaning the same thing after the code around it changes.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE; an IMMUTABLE wrapper lets generated columns and indexes use it.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $fn$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $fn$;

CREATE TABLE tenants (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Administrative levels are data: the 2025 two-tier model (province, commune) plus
-- provincial departments and their divisions, and whatever comes next.
CREATE TABLE unit_levels (
  code     text PRIMARY KEY,
  name     text NOT NULL,
  name_en  text NOT NULL,
  rank     integer NOT NULL
);

CREATE TABLE units (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants(id),
  parent_id       uuid REFERENCES units(id),
  code            text NOT NULL,
  agency_code     text NOT NULL UNIQUE CHECK (agency_code ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]+)*$'),
  name            text NOT NULL,
  level_code      text NOT NULL REFERENCES unit_levels(code),
  address         text,
  phone           text,
  effective_from  date,
  effective_to    date,
  UNIQUE (tenant_id, code)
);
CREATE INDEX units_parent_idx ON units (parent_id);

CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  username       text NOT NULL,
  password_hash  text NOT NULL,
  full_name      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('citizen', 'business', 'officer')),
  email          text,
  phone          text,
  id_number      text CHECK (id_number ~ '^[0-9]{12}$'),
  tax_code       text CHECK (tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  birth_date     date,
  address        text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));

CREATE TABLE user_roles (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('citizen', 'business', 'desk', 'specialist', 'leader', 'admin')),
  unit_id    uuid REFERENCES units(id),
  CHECK ((role IN ('citizen', 'business')) = (unit_id IS NULL))
);
CREATE UNIQUE INDEX user_roles_uniq ON user_roles (user_id, role, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'));
CREATE INDEX user_roles_unit_idx ON user_roles (unit_id, role);

CREATE TABLE sessions (
  id            text PRIMARY KEY,            -- sha256 of the cookie token; the token itself is never stored
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE fields (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  code       text NOT NULL,
  name       text NOT NULL,
  UNIQUE (tenant_id, code)
);

CREATE TABLE procedures (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  code               text NOT NULL,
  name               text NOT NULL,
  field_id           uuid NOT NULL REFERENCES fields(id),
  level_code         text NOT NULL REFERENCES unit_levels(code),
  processing_amount  numeric NOT NULL CHECK (processing_amount >= 0),
  processing_unit    text NOT NULL CHECK (processing_unit IN ('day', 'hour')),
  processing_text    text NOT NULL,
  cut_off            text NOT NULL DEFAULT '15:00' CHECK (cut_off ~ '^[0-2][0-9]:[0-5][0-9]$'),
  fees               jsonb NOT NULL DEFAULT '[]',
  fee_text           text NOT NULL DEFAULT '',
  documents          jsonb NOT NULL DEFAULT '[]',
  steps              text NOT NULL DEFAULT '',
  conditions         text NOT NULL DEFAULT '',
  legal_basis        jsonb NOT NULL DEFAULT '[]',
  result             text NOT NULL DEFAULT '',
  applicants         jsonb NOT NULL DEFAULT '[]',
  online_level       text NOT NULL CHECK (online_level IN ('full', 'partial', 'info')),
  form_schema        jsonb NOT NULL,
  ui_schema          jsonb NOT NULL DEFAULT '{}',
  version            integer NOT NULL DEFAULT 1,
  published          boolean NOT NULL DEFAULT true,
  search_text        text GENERATED ALWAYS AS (lower(f_unaccent(code || ' ' || name))) STORED,
  UNIQUE (tenant_id, code)
);
CREATE INDEX procedures_search_trgm ON procedures USING gin (search_text gin_trgm_ops);

CREATE TABLE procedure_units (
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  procedure_id  uuid NOT NULL REFERENCES procedures(id) ON DELETE CASCADE,
  unit_id       uuid NOT NULL REFERENCES units(id),
  PRIMARY KEY (procedure_id, unit_id)
);
CREATE INDEX procedure_units_unit_idx ON procedure_units (unit_id);

-- Internal workflow of a unit for a procedure. Published versions are immutable;
-- dossiers keep the version they started on.
CREATE TABLE workflows (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  procedure_id  uuid NOT NULL REFERENCES procedures(id),
  unit_id       uuid NOT NULL REFERENCES units(id),
  version       integer NOT NULL,
  status        text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  definition    jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz,
  UNIQUE (procedure_id, unit_id, version)
);
CREATE UNIQUE INDEX workflows_one_published ON workflows (procedure_id, unit_id) WHERE status = 'published';

-- Official non-working weekdays and worked weekend days (national calendar).
CREATE TABLE calendar_days (
  day    date PRIMARY KEY,
  kind   text NOT NULL CHECK (kind IN ('holiday', 'swapped_working')),
  name   text NOT NULL,
  mark   text
);

-- Gap-free daily dossier numbering per agency (Circular 03/2025 art. 13).
CREATE TABLE dossier_code_sequences (
  unit_id     uuid NOT NULL REFERENCES units(id),
  day         date NOT NULL,
  last_value  integer NOT NULL,
  PRIMARY KEY (unit_id, day)
);

CREATE TABLE dossiers (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  code               text UNIQUE,
  procedure_id       uuid NOT NULL REFERENCES procedures(id),
  procedure_version  integer NOT NULL,
  workflow_id        uuid NOT NULL REFERENCES workflows(id),
  unit_id            uuid NOT NULL REFERENCES units(id),   -- competent unit
  receiving_unit_id  uuid NOT NULL REFERENCES units(id),
  applicant_id       uuid REFERENCES users(id),
  applicant          jsonb NOT NULL,
  form_data          jsonb NOT NULL,
  channel            text NOT NULL CHECK (channel IN ('online', 'direct', 'postal', 'national_portal')),
  status             text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_progress', 'awaiting_supplement',
                       'awaiting_payment', 'paused', 'rejected', 'refused', 'result_ready', 'returned', 'withdrawn')),
  step_key           text,
  assignee_unit_id   uuid REFERENCES units(id),   -- where the next action is expected (inbox)
  assignee_role      text,                        -- which role acts next (inbox)
  supplement_stage   text CHECK (supplement_stage IN ('desk', 'processing')),
  submitted_at       timestamptz,
  complete_at        timestamptz,      -- when the complete dossier was recorded (online clock start)
  received_at        timestamptz,      -- accepted by the desk
  effective_start    timestamptz,
  due_at             timestamptz,
  paused_at          timestamptz,
  completed_at       timestamptz,      -- decided (result ready / refused) or ended
  returned_at        timestamptz,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossiers_inbox_idx ON dossiers (assignee_unit_id, assignee_role, due_at);
CREATE INDEX dossiers_unit_idx ON dossiers (unit_id, status);
CREATE INDEX dossiers_applicant_idx ON dossiers (applicant_id, created_at DESC);

CREATE TABLE dossier_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  dossier_id       uuid NOT NULL REFERENCES dossiers(id),
  action           text NOT NULL,
  from_status      text,
  to_status        text NOT NULL,
  from_step        text,
  to_step          text,
  actor_id         uuid REFERENCES users(id),
  actor_role       text,
  at               timestamptz NOT NULL DEFAULT now(),
  comment          text,
  data             jsonb NOT NULL DEFAULT '{}',
  idempotency_key  text,
  UNIQUE (dossier_id, idempotency_key)
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, id);

-- History is never rewritten.
CREATE FUNCTION dossier_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'dossier_events is append-only';
END $fn$;
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE OR DELETE ON dossier_events
  FOR EACH ROW EXECUTE FUNCTION dossier_events_immutable();
CREATE TRIGGER dossier_events_no_truncate BEFORE TRUNCATE ON dossier_events
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_events_immutable();

CREATE TABLE dossier_files (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  dossier_id    uuid NOT NULL REFERENCES dossiers(id),
  name          text NOT NULL,
  label         text,
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  sha256        text NOT NULL,
  storage_key   text NOT NULL,
  uploaded_by   uuid REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_files_dossier_idx ON dossier_files (dossier_id);

-- Transactional outbox: messages commit with the state change that caused them.
CREATE TABLE outbox (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     uuid REFERENCES tenants(id),
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  available_at  timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  processed_at  timestamptz,
  last_error    text
);
CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE processed_at IS NULL;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE IF EXISTS outbox, dossier_files, dossier_events, dossiers, dossier_code_sequences, calendar_days,
  workflows, procedure_units, procedures, fields, sessions, user_roles, users, units, unit_levels, tenants CASCADE;
DROP FUNCTION IF EXISTS dossier_events_immutable();
DROP FUNCTION IF EXISTS f_unaccent(text);
`.execute(db);
}
