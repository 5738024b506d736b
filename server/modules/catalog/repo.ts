import { sql } from 'kysely';
import type { Db } from '../../db/client';

export interface ProcedureQuery { q?: string; unit?: string; field?: string; limit: number; offset: number }

/**
 * Published procedures, ranked for a query typed as people type: without diacritics, any case,
 * small typos (trigram word similarity), or a procedure code.
 */
export async function searchProcedures(db: Db, tenantId: string | null, query: ProcedureQuery) {
  const q = (query.q ?? '').trim().slice(0, 200);
  const folded = sql<string>`lower(f_unaccent(${q}))`;
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
  if (query.unit) {
    const unit = query.unit;
    qb = qb.where(({ exists, selectFrom }) => exists(
      selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id').select(sql`1`.as('one'))
        .whereRef('pu.procedure_id', '=', 'p.id')
        .where((eb) => eb.or([eb('u.code', '=', unit), eb(sql`u.id::text`, '=', unit)])),
    ));
  }
  if (q) {
    qb = qb
      .where((eb) => eb.or([
        eb(sql`${folded} <% p.search_text`, '=', sql`true`),
        eb('p.search_text', 'like', sql<string>`'%' || ${folded} || '%'`),
        eb('p.code', 'like', `${q.replace(/[%_\\]/g, '')}%`),
      ]))
      .orderBy(sql`(p.code = ${q})::int`, 'desc')
      .orderBy(sql`(p.search_text like '%' || ${folded} || '%')::int`, 'desc')
      .orderBy(sql`word_similarity(${folded}, p.search_text)`, 'desc')
      .orderBy(sql`similarity(${folded}, p.search_text)`, 'desc');
  }
  const rows = await qb.orderBy('p.name').orderBy('p.code').limit(query.limit).offset(query.offset).execute();
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
