import { sql } from 'kysely';
import type { Db } from '../../db/client';
import { foldVietnamese } from '../../../common/text';

export interface ProcedureQuery { q?: string; unit?: string; field?: string; level?: string; limit: number; offset: number }

/** A prefix full-text query from what a person typed: folded words joined by AND, the last one as a prefix. */
export function toPrefixQuery(q: string): string | null {
  const words = foldVietnamese(q).split(/[^a-z0-9.]+/).map((w) => w.replace(/^\.+|\.+$/g, '')).filter(Boolean).slice(0, 12);
  if (!words.length) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/**
 * Published procedures, ranked for a query typed as people type: without diacritics, in any case, by
 * procedure code, while typing (prefix of the last word) — a full-text match on folded words — and, when
 * that finds nothing, with typos (trigram word similarity). Ranking: exact code, the whole phrase, then
 * closeness of the name.
 */
export async function searchProcedures(db: Db, tenantId: string | null, query: ProcedureQuery) {
  const q = (query.q ?? '').trim().slice(0, 200);
  const folded = sql<string>`lower(f_unaccent(${q}))`;
  const base = () => {
    let qb = db
      .selectFrom('procedures as p')
      .innerJoin('fields as f', 'f.id', 'p.field_id')
      .select([
        'p.id', 'p.code', 'p.name', 'p.level_code', 'p.processing_amount', 'p.processing_unit', 'p.processing_text',
        'p.fee_text', 'p.online_level', 'f.code as field_code', 'f.name as field_name',
        sql<number>`count(*) over ()`.as('total'),
      ])
      .where('p.published', '=', true);
    if (tenantId) qb = qb.where('p.tenant_id', '=', tenantId);
    if (query.field) qb = qb.where('f.code', '=', query.field);
    if (query.level) qb = qb.where('p.level_code', '=', query.level);
    if (query.unit) {
      const unit = query.unit;
      qb = qb.where(({ exists, selectFrom }) => exists(
        selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id').select(sql`1`.as('one'))
          .whereRef('pu.procedure_id', '=', 'p.id')
          .where((eb) => eb.or([eb('u.code', '=', unit), eb(sql`u.id::text`, '=', unit)])),
      ));
    }
    return qb;
  };
  const ranked = <T extends ReturnType<typeof base>>(qb: T) => qb
    .orderBy(sql`(p.code = ${q})::int`, 'desc')
    .orderBy(sql`(p.search_text like '%' || ${folded} || '%')::int`, 'desc')
    .orderBy(sql`word_similarity(${folded}, p.search_text)`, 'desc')
    .orderBy(sql`length(p.search_text)`)
    .orderBy('p.code')
    .limit(query.limit).offset(query.offset);

  let rows: Awaited<ReturnType<ReturnType<typeof base>['execute']>>;
  const tsq = q ? toPrefixQuery(q) : null;
  if (!q) {
    rows = await base().orderBy('p.name').orderBy('p.code').limit(query.limit).offset(query.offset).execute();
  } else {
    rows = tsq ? await ranked(base().where(sql<boolean>`p.search_vector @@ to_tsquery('simple', ${tsq})`)).execute() : [];
    if (!rows.length && query.offset === 0) {
      // Nothing by whole words: a typo, or part of a code. Trigram similarity, index-assisted.
      rows = await ranked(base().where((eb) => eb.or([
        eb(sql`${folded} <% p.search_text`, '=', sql`true`),
        eb('p.search_text', 'like', sql<string>`'%' || ${folded} || '%'`),
      ]))).execute();
    }
  }
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows.length && query.offset > 0) {
    const again = await searchProcedures(db, tenantId, { ...query, offset: 0, limit: 1 });
    total = again.total;
  }
  return { rows, total };
}

export async function findProcedureByCode(db: Db, code: string) {
  return db
    .selectFrom('procedures as p')
    .innerJoin('fields as f', 'f.id', 'p.field_id')
    .selectAll('p')
    .select(['f.code as field_code', 'f.name as field_name'])
    .where('p.code', '=', code)
    .where('p.published', '=', true)
    .executeTakeFirst();
}

export async function unitsServing(db: Db, procedureId: string) {
  return db
    .selectFrom('procedure_units as pu')
    .innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['u.id', 'u.code', 'u.name'])
    .where('pu.procedure_id', '=', procedureId)
    .orderBy('u.name')
    .execute();
}

export async function listFields(db: Db) {
  return db.selectFrom('fields').select(['code', 'name']).orderBy('name').execute();
}
