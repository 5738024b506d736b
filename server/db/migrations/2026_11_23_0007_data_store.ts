import { type Kysely, sql } from 'kysely';

// The applicant's store of digitised documents (kho dữ liệu điện tử của tổ chức, cá nhân — Decree 45/2020
// art. 16): a document scanned at the desk or uploaded online is kept once and offered again later.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE stored_documents (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  user_id            uuid REFERENCES users(id),
  person_id          uuid REFERENCES people(id),
  name               text NOT NULL,
  content_type       text NOT NULL,
  size               bigint NOT NULL,
  sha256             text NOT NULL,
  storage_key        text NOT NULL,
  source_dossier_id  uuid REFERENCES dossiers(id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE UNIQUE INDEX stored_documents_user_uniq ON stored_documents (user_id, sha256) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX stored_documents_person_uniq ON stored_documents (person_id, sha256) WHERE person_id IS NOT NULL AND user_id IS NULL;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE stored_documents`.execute(db);
}
