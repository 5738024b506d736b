import { type Kysely, sql } from 'kysely';

// Account security: what a user sees of their sessions (and the idle timeout), sign-in throttling shared by
// every server process, the TOTP second factor, and the short-lived step between password and code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- A session as its owner sees it: an opaque handle (the row id is the token's hash and stays private),
-- when it was last used (the idle timeout; written at most about once a minute), and from what device.
ALTER TABLE sessions
  ADD COLUMN handle        uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN last_seen_at  timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN user_agent    text,
  ADD COLUMN ip            text;
CREATE UNIQUE INDEX sessions_handle_idx ON sessions (handle);

-- Failed sign-ins counted per account name ('account:<lower-case username>', known or not) and per client
-- address ('address:<ip>'). A row is charged before the password is checked, so parallel guesses count too.
CREATE TABLE login_throttle (
  key                text PRIMARY KEY,
  failures           integer NOT NULL CHECK (failures >= 0),
  window_started_at  timestamptz NOT NULL,
  locked_until       timestamptz,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);

-- The TOTP second factor (RFC 6238). The secret is sealed with the master key (AES-256-GCM).
-- enabled_at is null while an enrollment waits for its first code; last_step is the last 30-second
-- step accepted, so no code is accepted twice.
CREATE TABLE user_totp (
  user_id     uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret      bytea NOT NULL,
  enabled_at  timestamptz,
  last_step   bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A password accepted, the code still to come: the token's hash, for a few minutes.
CREATE TABLE login_challenges (
  id          text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX login_challenges_user_idx ON login_challenges (user_id);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE login_challenges;
DROP TABLE user_totp;
DROP TABLE login_throttle;
DROP INDEX sessions_handle_idx;
ALTER TABLE sessions DROP COLUMN handle, DROP COLUMN last_seen_at, DROP COLUMN user_agent, DROP COLUMN ip;
`.execute(db);
}
