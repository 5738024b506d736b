import { sql } from 'kysely';
import type { Db, Tx } from '../../db/client';
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

/** A published procedure by code, with its field. */
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

/** The units that serve a procedure, by name. */
export async function unitsServing(db: Tx, procedureId: string) {
  return db
    .selectFrom('procedure_units as pu')
    .innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['u.id', 'u.code', 'u.name'])
    .where('pu.procedure_id', '=', procedureId)
    .orderBy('u.name')
    .execute();
}

/** Every field (lĩnh vực), by name. */
export async function listFields(db: Db) {
  return db.selectFrom('fields').select(['code', 'name']).orderBy('name').execute();
}

// --- Administration: every procedure of the tenant, published or not.

/** The row values of a procedure's editable columns. */
export type ProcedureColumns = {
  name: string; level_code: string; processing_amount: number; processing_unit: 'day' | 'hour'; processing_text: string; cut_off: string;
  fees: string; fee_text: string; documents: string; steps: string; conditions: string; legal_basis: string; result: string;
  applicants: string; online_level: 'full' | 'partial' | 'info'; keywords: string; form_schema: string; ui_schema: string;
};

/** The id of the tenant's field with this code, created or renamed as given. */
export async function upsertField(trx: Tx, tenantId: string, field: { code: string; name: string }): Promise<string> {
  const row = await trx.insertInto('fields').values({ tenant_id: tenantId, code: field.code.trim(), name: field.name.trim() })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet({ name: field.name.trim() }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Whether the tenant has a procedure with this code. */
export async function procedureExists(db: Tx, tenantId: string, code: string): Promise<boolean> {
  return !!(await db.selectFrom('procedures').select('id').where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst());
}

/** The codes of every procedure of the tenant. */
export async function procedureCodes(db: Tx, tenantId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('procedures').select('code').where('tenant_id', '=', tenantId).execute()).map((p) => p.code));
}

/** Inserts a procedure; its id and tenant. */
export async function insertProcedureRow(trx: Tx, row: ProcedureColumns & {
  tenant_id: string; code: string; field_id: string; published: boolean; default_workflow: string;
}) {
  return trx.insertInto('procedures').values(row).returning(['id', 'tenant_id']).executeTakeFirstOrThrow();
}

/** Records an immutable version of a procedure (what dossiers submitted under it keep). */
export async function insertProcedureVersion(trx: Tx, v: {
  procedureId: string; tenantId: string; version: number; formVersion: number; snapshot: unknown; createdBy: string | null;
}): Promise<void> {
  await trx.insertInto('procedure_versions').values({
    procedure_id: v.procedureId, tenant_id: v.tenantId, version: v.version, form_version: v.formVersion,
    snapshot: JSON.stringify(v.snapshot), created_by: v.createdBy,
  }).execute();
}

/** The procedure's current version, locked until the transaction ends. */
export async function lockProcedure(trx: Tx, tenantId: string, code: string) {
  return trx.selectFrom('procedures').select(['id', 'tenant_id', 'version', 'form_version', 'form_schema', 'ui_schema', 'default_workflow'])
    .where('tenant_id', '=', tenantId).where('code', '=', code).forUpdate().executeTakeFirst();
}

/** Writes a new version of the procedure's columns. */
export async function updateProcedureRow(trx: Tx, id: string, row: ProcedureColumns & { field_id: string; version: number; form_version: number }): Promise<void> {
  await trx.updateTable('procedures').set({ ...row, updated_at: new Date() }).where('id', '=', id).execute();
}

/** Publishes or withdraws a procedure; whether it exists. */
export async function setProcedurePublished(db: Tx, tenantId: string, code: string, published: boolean): Promise<boolean> {
  const r = await db.updateTable('procedures').set({ published, updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Replaces the units that serve a procedure. */
export async function replaceProcedureUnits(trx: Tx, p: { id: string; tenant_id: string }, unitIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('procedure_units').where('procedure_id', '=', p.id).execute();
  for (const unitId of unitIds) {
    await trx.insertInto('procedure_units').values({ tenant_id: p.tenant_id, procedure_id: p.id, unit_id: unitId }).execute();
  }
}

/** A procedure of the tenant with its field and units, published or not. */
export async function findAdminProcedure(db: Tx, tenantId: string, code: string) {
  const p = await db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id')
    .selectAll('p').select(['f.code as field_code', 'f.name as field_name'])
    .where('p.tenant_id', '=', tenantId).where('p.code', '=', code).executeTakeFirst();
  if (!p) return undefined;
  return { ...p, units: await unitsServing(db, p.id) };
}
export type AdminProcedureRow = NonNullable<Awaited<ReturnType<typeof findAdminProcedure>>>;

/** One page of the tenant's procedures for the admin list, with how many units serve each, and the total. */
export async function searchAdminProcedures(db: Tx, tenantId: string, q: { q?: string; field?: string; published?: boolean; limit: number; offset: number }) {
  let qb = db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id')
    .select(['p.code', 'p.name', 'p.level_code', 'p.version', 'p.form_version', 'p.published', 'p.updated_at', 'f.code as field_code', 'f.name as field_name',
      sql<number>`(select count(*) from procedure_units pu where pu.procedure_id = p.id)`.as('unit_count'),
      sql<number>`count(*) over ()`.as('total')])
    .where('p.tenant_id', '=', tenantId);
  if (q.field) qb = qb.where('f.code', '=', q.field);
  if (q.published !== undefined) qb = qb.where('p.published', '=', q.published);
  if (q.q?.trim()) {
    const folded = sql<string>`lower(f_unaccent(${q.q.trim()}))`;
    qb = qb.where((eb) => eb.or([eb('p.search_text', 'like', sql<string>`'%' || ${folded} || '%'`), eb(sql`${folded} <% p.search_text`, '=', sql`true`)]));
  }
  return qb.orderBy('p.code').limit(q.limit).offset(q.offset).execute();
}

/** The versions of a procedure of the tenant, newest first, with who saved each. */
export async function procedureVersions(db: Tx, tenantId: string, code: string) {
  return db.selectFrom('procedure_versions as v').innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.form_version', 'v.created_at', 'u.full_name'])
    .where('p.tenant_id', '=', tenantId).where('p.code', '=', code).orderBy('v.version', 'desc').execute();
}

/** Every procedure of the tenant with what the spreadsheet exports, and the codes of the units serving each. */
export async function exportRows(db: Tx, tenantId: string) {
  const procs = await db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id').innerJoin('unit_levels as l', 'l.code', 'p.level_code')
    .select(['p.id', 'p.code', 'p.name', 'f.code as field_code', 'f.name as field_name', 'l.name as level_name', 'p.processing_amount',
      'p.processing_unit', 'p.processing_text', 'p.fees', 'p.fee_text', 'p.documents', 'p.steps', 'p.conditions', 'p.legal_basis',
      'p.result', 'p.applicants', 'p.online_level'])
    .where('p.tenant_id', '=', tenantId).orderBy('p.code').execute();
  const assigned = await db.selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['pu.procedure_id', 'u.code']).where('pu.tenant_id', '=', tenantId).orderBy('u.code').execute();
  return { procs, assigned };
}

/** The tenant's procedure by code when the unit serves it (what a workflow is drawn for). */
export async function procedureServedAt(db: Tx, tenantId: string, code: string, unitId: string) {
  return db.selectFrom('procedure_units as pu').innerJoin('procedures as p', 'p.id', 'pu.procedure_id')
    .select(['p.id', 'p.default_workflow']).where('p.tenant_id', '=', tenantId).where('p.code', '=', code)
    .where('pu.unit_id', '=', unitId).executeTakeFirst();
}

/** The unit, when it serves the procedure. */
export async function servingUnit(db: Tx, procedureId: string, unitId: string) {
  return db.selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id').select(['u.id', 'u.name'])
    .where('pu.procedure_id', '=', procedureId).where('u.id', '=', unitId).executeTakeFirst();
}

/** What a dossier's printed forms take from its procedure: required documents, processing time, field name. */
export async function procedureForForms(db: Tx, procedureId: string) {
  return db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id')
    .select(['p.documents', 'p.processing_text', 'f.name as field_name']).where('p.id', '=', procedureId).executeTakeFirstOrThrow();
}

/** A field's name by its code, if there is one. */
export async function fieldNameByCode(db: Tx, code: string): Promise<string | undefined> {
  return (await db.selectFrom('fields').select('name').where('code', '=', code).executeTakeFirst())?.name;
}
