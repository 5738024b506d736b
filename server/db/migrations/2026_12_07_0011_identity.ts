import { type Kysely, sql } from 'kysely';

// An ID number is not an identity. Until now an account's self-declared ID number was trusted: the desk's
// walk-in reception linked the applicant registry (people.user_id) and so the new dossier (applicant_id)
// and its digitised documents to the first account that had typed the same number, and the desk's
// look-up showed that account's typed profile. Anyone could register with a stranger's CCCD and read the
// stranger's dossiers.
//
// From here on:
// - users.id_number is what the citizen *declared*. Declarations may collide and are not unique: if they
//   were, whoever registers first with a stranger's number would squat it and lock the real holder out.
//   A declaration links nothing and is never shown to the desk.
// - An account's number becomes *verified* when an officer has seen the card with its holder (or, later,
//   an identity provider such as VNeID has asserted it — issue 22): who, when, where and how are recorded
//   on the account (and in the audit log). A verified number is unique in the tenant (partial unique
//   index), and only a verified number links walk-in records, dossiers and documents to an account.
// - identity_codes: a short-lived one-time code the citizen shows at the desk from their signed-in
//   account, so the officer verifies the account of the person in front of them (not one picked by name).
//
// Existing data: no number was ever verified, so every link made through the registry was made through
// an unverified number. They are undone — registry rows and walk-in dossiers keep their data but belong to
// no account, and documents kept in an account's store from such a walk-in dossier go back to the
// registry person — until the account is verified at the desk, which links them again. Accounts, their
// passwords, their declared numbers (duplicates included) and their own online dossiers are untouched.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE users
  ADD COLUMN id_verified_at          timestamptz,
  ADD COLUMN id_verified_by          uuid REFERENCES users(id),
  ADD COLUMN id_verified_unit_id     uuid REFERENCES units(id),
  ADD COLUMN id_verification_method  text CHECK (id_verification_method IN ('desk', 'vneid', 'seed')),
  ADD CONSTRAINT users_id_verification_check CHECK (
    (id_verified_at IS NULL) = (id_verification_method IS NULL) AND (id_verified_at IS NULL OR id_number IS NOT NULL));
CREATE UNIQUE INDEX users_verified_id_number_uniq ON users (tenant_id, id_number) WHERE id_verified_at IS NOT NULL;

CREATE TABLE identity_codes (
  user_id     uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  code_hash   text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Documents kept in an account's store from a walk-in dossier go back to the walk-in's registry person
-- (a copy the person already holds is dropped: same content, same owner).
DELETE FROM stored_documents s USING dossiers d
 WHERE s.source_dossier_id = d.id AND d.person_id IS NOT NULL AND s.user_id = d.applicant_id
   AND EXISTS (SELECT 1 FROM stored_documents o WHERE o.person_id = d.person_id AND o.user_id IS NULL AND o.sha256 = s.sha256);
UPDATE stored_documents s SET user_id = NULL, person_id = d.person_id
  FROM dossiers d
 WHERE s.source_dossier_id = d.id AND d.person_id IS NOT NULL AND s.user_id = d.applicant_id;

-- Walk-in dossiers (and their liên thông legs) were linked to an account only through the registry.
UPDATE dossiers SET applicant_id = NULL WHERE person_id IS NOT NULL AND applicant_id IS NOT NULL;
UPDATE people SET user_id = NULL, updated_at = now() WHERE user_id IS NOT NULL;

-- The admin's audit search by dossier code.
CREATE INDEX audit_log_dossier_code_idx ON audit_log ((data->>'dossierCode'), at DESC) WHERE data ? 'dossierCode';
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP INDEX audit_log_dossier_code_idx;
DROP TABLE identity_codes;
DROP INDEX users_verified_id_number_uniq;
ALTER TABLE users DROP CONSTRAINT users_id_verification_check, DROP COLUMN id_verification_method,
  DROP COLUMN id_verified_unit_id, DROP COLUMN id_verified_by, DROP COLUMN id_verified_at;
`.execute(db);
}
