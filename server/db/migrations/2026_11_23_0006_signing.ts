import { type Kysely, sql } from 'kysely';

// Signed e-results: each unit's signing certificate (PKCS#12 and passphrase, both encrypted by the
// application before they reach the database), and the kind of each dossier file.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE unit_certificates (
  unit_id               uuid PRIMARY KEY REFERENCES units(id),
  tenant_id             uuid NOT NULL REFERENCES tenants(id),
  p12_sealed            bytea NOT NULL,
  passphrase_sealed     bytea NOT NULL,
  subject               text NOT NULL,
  issuer                text NOT NULL,
  serial_number         text NOT NULL,
  not_before            timestamptz NOT NULL,
  not_after             timestamptz NOT NULL,
  uploaded_by           uuid REFERENCES users(id),
  uploaded_at           timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE dossier_files
  ADD COLUMN kind       text NOT NULL DEFAULT 'attachment' CHECK (kind IN ('attachment', 'result', 'signed_result')),
  ADD COLUMN signed_at  timestamptz,
  ADD COLUMN signer     text;
CREATE INDEX dossier_files_kind_idx ON dossier_files (dossier_id, kind);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE dossier_files DROP COLUMN kind, DROP COLUMN signed_at, DROP COLUMN signer;
DROP TABLE unit_certificates;
`.execute(db);
}
