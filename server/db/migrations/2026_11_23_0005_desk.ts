import { type Kysely, sql } from 'kysely';

// The one-stop desk: a registry of applicants known by their ID number (walk-ins need no account),
// the reception details of a dossier (authorised person, checklist, sets, where the result goes, how it
// was returned), fees collected at the desk with their receipt numbers, and per-unit form template data.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE people (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  id_type     text NOT NULL CHECK (id_type IN ('personal', 'organisation')),
  id_number   text NOT NULL,
  full_name   text NOT NULL,
  birth_date  date,
  address     text,
  phone       text,
  email       text,
  user_id     uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id_type, id_number)
);

ALTER TABLE dossiers
  ADD COLUMN person_id       uuid REFERENCES people(id),
  ADD COLUMN authorised      jsonb,
  ADD COLUMN checklist       jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN sets            integer NOT NULL DEFAULT 1 CHECK (sets >= 1),
  ADD COLUMN return_place    text,
  ADD COLUMN return_method   text CHECK (return_method IN ('desk', 'post', 'online')),
  ADD COLUMN recipient_name  text;
CREATE INDEX dossiers_person_idx ON dossiers (person_id);
CREATE INDEX dossiers_book_idx ON dossiers (receiving_unit_id, received_at);

CREATE TABLE dossier_fees (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants(id),
  dossier_id      uuid NOT NULL REFERENCES dossiers(id),
  name            text NOT NULL,
  amount          bigint NOT NULL CHECK (amount >= 0),
  receipt_number  text NOT NULL,
  paid_at         timestamptz NOT NULL DEFAULT now(),
  collected_by    uuid REFERENCES users(id),
  UNIQUE (tenant_id, receipt_number)
);
CREATE INDEX dossier_fees_dossier_idx ON dossier_fees (dossier_id);

CREATE TABLE unit_form_settings (
  unit_id        uuid PRIMARY KEY REFERENCES units(id),
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  parent_name    text NOT NULL,
  desk_name      text NOT NULL,
  place          text NOT NULL,
  number_suffix  text,
  contact_name   text,
  contact_phone  text
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE unit_form_settings, dossier_fees;
ALTER TABLE dossiers DROP COLUMN person_id, DROP COLUMN authorised, DROP COLUMN checklist, DROP COLUMN sets,
  DROP COLUMN return_place, DROP COLUMN return_method, DROP COLUMN recipient_name;
DROP TABLE people;
`.execute(db);
}
