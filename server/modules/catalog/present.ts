import type { AdminProcedureRow, findProcedureByCode, searchAdminProcedures, searchProcedures, unitsServing } from './repo';

type Row = Awaited<ReturnType<typeof searchProcedures>>['rows'][number];
type Full = NonNullable<Awaited<ReturnType<typeof findProcedureByCode>>>;

/** Required documents as shown and stored: an empty template is no template. */
export function normalizeDocuments<T extends { template?: string }>(docs: T[]): T[] {
  return docs.map((d) => {
    if (d.template !== undefined && !d.template.trim()) {
      const { template, ...rest } = d;
      void template;
      return rest as T;
    }
    return d;
  });
}

const time = (r: { processing_amount: string; processing_unit: 'day' | 'hour'; processing_text: string }) => ({
  amount: Number(r.processing_amount), unit: r.processing_unit, text: r.processing_text,
});

/** A procedure in the public search results. */
export function presentProcedureSummary(r: Row) {
  return {
    code: r.code, name: r.name, field: { code: r.field_code, name: r.field_name }, level: r.level_code,
    processingTime: time(r), feeText: r.fee_text, onlineLevel: r.online_level,
  };
}

/** A published procedure's public page. */
export function presentProcedure(p: Full, units: Awaited<ReturnType<typeof unitsServing>>) {
  return {
    code: p.code, name: p.name, field: { code: p.field_code, name: p.field_name }, level: p.level_code,
    processingTime: time(p), cutOff: p.cut_off, fees: p.fees, feeText: p.fee_text, documents: normalizeDocuments(p.documents),
    steps: p.steps, conditions: p.conditions, legalBasis: p.legal_basis, result: p.result, applicants: p.applicants,
    onlineLevel: p.online_level, formSchema: p.form_schema, uiSchema: p.ui_schema, version: p.version, formVersion: p.form_version,
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
  };
}

/** A procedure as the admin edits it, published or not, with its units. */
export function presentAdminProcedure(p: AdminProcedureRow) {
  return {
    code: p.code, name: p.name, field: { code: p.field_code, name: p.field_name }, level: p.level_code,
    processingTime: time(p), cutOff: p.cut_off,
    fees: p.fees, feeText: p.fee_text, documents: normalizeDocuments(p.documents), steps: p.steps, conditions: p.conditions, legalBasis: p.legal_basis,
    result: p.result, applicants: p.applicants, onlineLevel: p.online_level, keywords: p.keywords, formSchema: p.form_schema,
    uiSchema: p.ui_schema, version: p.version, formVersion: p.form_version, published: p.published, units: p.units,
    updatedAt: p.updated_at.toISOString(),
  };
}

/** A procedure in the admin list. */
export function presentAdminSummary(r: Awaited<ReturnType<typeof searchAdminProcedures>>[number]) {
  return {
    code: r.code, name: r.name, field: { code: r.field_code, name: r.field_name }, level: r.level_code, version: r.version,
    formVersion: r.form_version, published: r.published, unitCount: Number(r.unit_count), updatedAt: r.updated_at.toISOString(),
  };
}
