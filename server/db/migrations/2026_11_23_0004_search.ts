import { type Kysely, sql } from 'kysely';

// Catalog search that stays fast at national scale.
// 1. A full-text vector over the folded (lower case, no diacritics) code, name and keywords: a query of
//    whole words (the last one as a prefix, while typing) intersects posting lists in well under a
//    millisecond. Trigram similarity remains the fallback for typos.
// 2. The planner takes pg_trgm's word-similarity operator (`<%`) for as cheap as an equality test and
//    prefers a sequential scan evaluating it on every row (~45 ms at 10,000 procedures); its real cost is
//    ~100× that. Saying so makes the fallback use the trigram index. Changing an extension's function
//    needs its owner: where the app role is not, this step is skipped with a notice.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE procedures ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, lower(f_unaccent(code || ' ' || name || ' ' || keywords)))) STORED;
CREATE INDEX procedures_search_fts ON procedures USING gin (search_vector);

DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 200;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'word_similarity_op cost not changed (not owner): typo search may use sequential scans';
END $$;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 1;
EXCEPTION WHEN insufficient_privilege THEN NULL;
END $$;
DROP INDEX IF EXISTS procedures_search_fts;
ALTER TABLE procedures DROP COLUMN search_vector;
`.execute(db);
}
