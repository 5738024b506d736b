import { type Kysely, sql } from 'kysely';

// The audit log: who did what in administration, and which officer read whose dossier or document.
// Entries are append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained per tenant:
// each entry's hash covers its content and the previous entry's hash, so an edit made behind the
// trigger's back (a superuser, a restored file) breaks the chain at that entry.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- One chain per tenant (the all-zero id for entries outside any tenant, e.g. operator commands).
CREATE TABLE audit_chain_heads (
  chain_id  uuid PRIMARY KEY,
  seq       bigint NOT NULL,
  hash      text NOT NULL
);

CREATE TABLE audit_log (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chain_id           uuid NOT NULL,
  seq                bigint NOT NULL,
  tenant_id          uuid REFERENCES tenants(id),
  at                 timestamptz NOT NULL,
  actor_id           uuid REFERENCES users(id),
  actor_name         text,
  action             text NOT NULL,
  target_type        text,
  target_id          text,
  subject_user_id    uuid REFERENCES users(id),
  subject_person_id  uuid REFERENCES people(id),
  ip                 text,
  request_id         text,
  data               jsonb NOT NULL DEFAULT '{}',
  prev_hash          text NOT NULL,
  hash               text NOT NULL,
  UNIQUE (chain_id, seq)
);
CREATE INDEX audit_log_tenant_at_idx ON audit_log (tenant_id, at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_subject_user_idx ON audit_log (subject_user_id, at DESC) WHERE subject_user_id IS NOT NULL;
CREATE INDEX audit_log_subject_person_idx ON audit_log (subject_person_id, at DESC) WHERE subject_person_id IS NOT NULL;
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);

CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $fn$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE audit_log;
DROP TABLE audit_chain_heads;
DROP FUNCTION audit_log_immutable();
`.execute(db);
}
