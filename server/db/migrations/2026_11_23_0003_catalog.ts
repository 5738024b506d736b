import { type Kysely, sql } from 'kysely';

// Catalog administration: every saved state of a procedure is an immutable version (dossiers keep the
// procedure and form version they were submitted under), keywords join the search text, and a default
// internal workflow travels with the procedure to newly assigned units.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE procedures
  ADD COLUMN keywords          text NOT NULL DEFAULT '',
  ADD COLUMN form_version      integer NOT NULL DEFAULT 1,
  ADD COLUMN default_workflow  jsonb NOT NULL DEFAULT '{"steps":[]}',
  ADD COLUMN updated_at        timestamptz NOT NULL DEFAULT now();

ALTER TABLE procedures DROP COLUMN search_text;
ALTER TABLE procedures ADD COLUMN search_text text
  GENERATED ALWAYS AS (lower(f_unaccent(code || ' ' || name || ' ' || keywords))) STORED;
CREATE INDEX procedures_search_trgm ON procedures USING gin (search_text gin_trgm_ops);
CREATE INDEX procedures_name_trgm ON procedures USING gin ((lower(f_unaccent(name))) gin_trgm_ops);

CREATE TABLE procedure_versions (
  procedure_id  uuid NOT NULL REFERENCES procedures(id) ON DELETE CASCADE,
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  version       integer NOT NULL,
  form_version  integer NOT NULL,
  snapshot      jsonb NOT NULL,
  created_by    uuid REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (procedure_id, version)
);

INSERT INTO procedure_versions (procedure_id, tenant_id, version, form_version, snapshot)
SELECT id, tenant_id, version, form_version, jsonb_build_object('formSchema', form_schema, 'uiSchema', ui_schema, 'name', name)
FROM procedures;

ALTER TABLE dossiers ADD COLUMN form_version integer NOT NULL DEFAULT 1;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE dossiers DROP COLUMN form_version;
DROP TABLE procedure_versions;
DROP INDEX IF EXISTS procedures_name_trgm;
ALTER TABLE procedures DROP COLUMN search_text;
ALTER TABLE procedures ADD COLUMN search_text text GENERATED ALWAYS AS (lower(f_unaccent(code || ' ' || name))) STORED;
CREATE INDEX procedures_search_trgm ON procedures USING gin (search_text gin_trgm_ops);
ALTER TABLE procedures DROP COLUMN keywords, DROP COLUMN form_version, DROP COLUMN default_workflow, DROP COLUMN updated_at;
`.execute(db);
}
