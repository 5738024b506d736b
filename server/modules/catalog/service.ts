import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/client';
import type { WorkflowDefinition } from '../../db/types';
import type { Actor } from '../../platform/auth';
import { conflict, invalid, notFound, type FieldError } from '../../platform/errors';
import type { ProcedureInputT } from './schema-admin';
import { normalizeDocuments } from './present';

import { fromSteps, toGraph } from '../../../common/workflow';

// Catalog administration: create, edit (each save is an immutable version), publish, assign to units.

const schemaChecker = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(schemaChecker);

/** The internal workflow given to a unit newly assigned a procedure that has none of its own. */
export const DEFAULT_WORKFLOW: WorkflowDefinition = fromSteps([
  { key: 'thu_ly', name: 'Chuyên viên thụ lý, thẩm định hồ sơ', role: 'specialist', quotaHours: 4 },
  { key: 'phe_duyet', name: 'Lãnh đạo phê duyệt, ký kết quả', role: 'leader', quotaHours: 2 },
]);

/** The e-form a procedure gets before an admin builds its own: who asks, and for what. */
export const DEFAULT_FORM = {
  title: 'Đơn đề nghị',
  type: 'object',
  required: ['hoTenNguoiYeuCau', 'noiDungYeuCau'],
  properties: {
    hoTenNguoiYeuCau: { type: 'string', title: 'Họ, chữ đệm, tên người yêu cầu', minLength: 1 },
    soDinhDanhNguoiYeuCau: { type: 'string', title: 'Số định danh cá nhân', pattern: '^[0-9]{12}$' },
    soDienThoaiNguoiYeuCau: { type: 'string', title: 'Số điện thoại', pattern: '^(0|\\+84)[0-9]{9,10}$' },
    noiDungYeuCau: { type: 'string', title: 'Nội dung yêu cầu', minLength: 1 },
  },
};

/** Checks what the type system cannot: a real level, a compilable object e-form, sane codes. */
export async function validateProcedure(db: Tx, input: ProcedureInputT, pathPrefix = ''): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const at = (p: string, message: string) => errors.push({ path: `${pathPrefix}${p}`, message });
  if (!/^[0-9A-Za-z][0-9A-Za-z.\-_]{2,59}$/.test(input.code)) at('/code', 'Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch ngang (ít nhất 3 ký tự).');
  if (!input.name.trim()) at('/name', 'Tên thủ tục không được để trống.');
  if (!/^[A-Z0-9_.\-]{1,40}$/i.test(input.field.code)) at('/field/code', 'Mã lĩnh vực chỉ gồm chữ, số, dấu gạch.');
  const level = await db.selectFrom('unit_levels').select('code').where('code', '=', input.level).executeTakeFirst();
  if (!level) at('/level', `Cấp thực hiện "${input.level}" không tồn tại.`);
  const schema = input.formSchema;
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    at('/formSchema', 'Biểu mẫu điện tử phải là một đối tượng (type: object) có danh sách trường (properties).');
  } else {
    try {
      schemaChecker.compile({ ...schema, $id: undefined });
    } catch (err) {
      at('/formSchema', `Biểu mẫu điện tử không hợp lệ: ${(err as Error).message}`);
    }
    const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
    for (const r of required) {
      if (typeof r !== 'string' || !(r in (schema.properties as object))) at('/formSchema/required', `Trường bắt buộc "${String(r)}" không có trong biểu mẫu.`);
    }
  }
  return errors;
}

async function fieldId(trx: Tx, tenantId: string, field: { code: string; name: string }): Promise<string> {
  const row = await trx.insertInto('fields').values({ tenant_id: tenantId, code: field.code.trim(), name: field.name.trim() })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet({ name: field.name.trim() }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

function columns(input: ProcedureInputT) {
  return {
    name: input.name.trim(), level_code: input.level,
    processing_amount: input.processingTime.amount, processing_unit: input.processingTime.unit,
    processing_text: input.processingTime.text, cut_off: input.cutOff ?? '15:00',
    fees: JSON.stringify(input.fees), fee_text: input.feeText, documents: JSON.stringify(normalizeDocuments(input.documents)),
    steps: input.steps, conditions: input.conditions, legal_basis: JSON.stringify(input.legalBasis), result: input.result,
    applicants: JSON.stringify(input.applicants), online_level: input.onlineLevel, keywords: input.keywords ?? '',
    form_schema: JSON.stringify(input.formSchema), ui_schema: JSON.stringify(input.uiSchema ?? {}),
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function snapshot(trx: Tx, p: { id: string; tenant_id: string }, version: number, formVersion: number, input: ProcedureInputT, actor: Actor | null) {
  await trx.insertInto('procedure_versions').values({
    procedure_id: p.id, tenant_id: p.tenant_id, version, form_version: formVersion,
    snapshot: JSON.stringify(input), created_by: actor?.userId ?? null,
  }).execute();
}

/** Creates a procedure (not yet published) as version 1. */
export async function createProcedure(db: Db, actor: Actor, input: ProcedureInputT, opts: { published?: boolean } = {}) {
  const errors = await validateProcedure(db, input);
  if (errors.length) throw invalid('invalid_procedure', 'Thông tin thủ tục chưa hợp lệ.', errors);
  return db.transaction().execute((trx) => insertProcedure(trx, actor, input, opts.published ?? false));
}

export async function insertProcedure(trx: Tx, actor: Actor, input: ProcedureInputT, published: boolean, workflow: WorkflowDefinition = DEFAULT_WORKFLOW) {
  const existing = await trx.selectFrom('procedures').select('id').where('tenant_id', '=', actor.tenantId).where('code', '=', input.code).executeTakeFirst();
  if (existing) throw conflict('procedure_exists', `Đã có thủ tục mã "${input.code}".`);
  const row = await trx.insertInto('procedures').values({
    tenant_id: actor.tenantId, code: input.code.trim(), field_id: await fieldId(trx, actor.tenantId, input.field), ...columns(input),
    published, default_workflow: JSON.stringify(workflow),
  }).returning(['id', 'tenant_id']).executeTakeFirstOrThrow();
  await snapshot(trx, row, 1, 1, input, actor);
  return input.code.trim();
}

/** Saves a new version; the form version moves only when the e-form changed. 409 when `expectedVersion` is stale. */
export async function updateProcedure(db: Db, actor: Actor, code: string, input: ProcedureInputT, expectedVersion: number) {
  if (input.code !== code) throw invalid('code_immutable', 'Không đổi được mã thủ tục; hãy tạo thủ tục mới.', [{ path: '/code', message: 'Mã thủ tục không đổi được.' }]);
  const errors = await validateProcedure(db, input);
  if (errors.length) throw invalid('invalid_procedure', 'Thông tin thủ tục chưa hợp lệ.', errors);
  return db.transaction().execute((trx) => saveVersion(trx, actor, input, expectedVersion));
}

export async function saveVersion(trx: Tx, actor: Actor, input: ProcedureInputT, expectedVersion: number | null) {
  const cur = await trx.selectFrom('procedures').select(['id', 'tenant_id', 'version', 'form_version', 'form_schema', 'ui_schema'])
    .where('tenant_id', '=', actor.tenantId).where('code', '=', input.code).forUpdate().executeTakeFirst();
  if (!cur) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${input.code}".`);
  if (expectedVersion !== null && cur.version !== expectedVersion) {
    throw conflict('stale_version', 'Thủ tục vừa được người khác sửa. Vui lòng tải lại rồi sửa tiếp.');
  }
  const formChanged = !sameJson(cur.form_schema, input.formSchema) || !sameJson(cur.ui_schema, input.uiSchema ?? {});
  const version = cur.version + 1;
  const formVersion = cur.form_version + (formChanged ? 1 : 0);
  await trx.updateTable('procedures').set({
    ...columns(input), field_id: await fieldId(trx, actor.tenantId, input.field), version, form_version: formVersion, updated_at: new Date(),
  }).where('id', '=', cur.id).execute();
  await snapshot(trx, cur, version, formVersion, input, actor);
  return { version, formVersion };
}

/** Publishes or withdraws a procedure from the public catalog. */
export async function setPublished(db: Db, actor: Actor, code: string, published: boolean) {
  const r = await db.updateTable('procedures').set({ published, updated_at: new Date() })
    .where('tenant_id', '=', actor.tenantId).where('code', '=', code).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${code}".`);
}

/**
 * Sets the units that serve a procedure. A unit newly assigned gets the procedure's default internal
 * workflow (published, version 1) unless it already has one, so it can receive dossiers at once.
 */
export async function setUnits(db: Db, actor: Actor, code: string, unitIds: string[]) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const bad = unitIds.map((id, i) => ({ id, i })).filter((x) => !uuid.test(x.id));
  const found = unitIds.length && !bad.length
    ? await db.selectFrom('units').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', unitIds).execute() : [];
  const known = new Set(found.map((u) => u.id));
  const errors = unitIds.map((id, i) => ({ id, i })).filter((x) => !known.has(x.id)).map((x) => ({ path: `/unitIds/${x.i}`, message: 'Đơn vị không tồn tại.' }));
  if (errors.length) throw invalid('unit_not_found', 'Có đơn vị không tồn tại.', errors);
  await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('procedures').select(['id', 'tenant_id', 'default_workflow']).where('tenant_id', '=', actor.tenantId)
      .where('code', '=', code).forUpdate().executeTakeFirst();
    if (!p) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${code}".`);
    await assignUnits(trx, p, [...known]);
  });
}

export async function assignUnits(trx: Tx, p: { id: string; tenant_id: string; default_workflow: WorkflowDefinition }, unitIds: string[]) {
  await trx.deleteFrom('procedure_units').where('procedure_id', '=', p.id).execute();
  for (const unitId of unitIds) {
    await trx.insertInto('procedure_units').values({ tenant_id: p.tenant_id, procedure_id: p.id, unit_id: unitId }).execute();
    const wf = await trx.selectFrom('workflows').select('id').where('procedure_id', '=', p.id).where('unit_id', '=', unitId)
      .where('status', '=', 'published').executeTakeFirst();
    if (!wf) {
      const given = toGraph(p.default_workflow);
      const def = given.nodes.some((n) => n.type === 'task') ? given : DEFAULT_WORKFLOW;
      const { next } = await trx.selectFrom('workflows').select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
        .where('procedure_id', '=', p.id).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
      await trx.insertInto('workflows').values({
        tenant_id: p.tenant_id, procedure_id: p.id, unit_id: unitId, version: Number(next), status: 'published',
        definition: JSON.stringify(def), published_at: new Date(),
      }).execute();
    }
  }
}

/** The full admin view of a procedure (including unpublished ones). */
export async function getAdminProcedure(db: Tx, tenantId: string, code: string) {
  const p = await db.selectFrom('procedures as p').innerJoin('fields as f', 'f.id', 'p.field_id')
    .selectAll('p').select(['f.code as field_code', 'f.name as field_name'])
    .where('p.tenant_id', '=', tenantId).where('p.code', '=', code).executeTakeFirst();
  if (!p) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${code}".`);
  const units = await db.selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['u.id', 'u.code', 'u.name']).where('pu.procedure_id', '=', p.id).orderBy('u.name').execute();
  return {
    code: p.code, name: p.name, field: { code: p.field_code, name: p.field_name }, level: p.level_code,
    processingTime: { amount: Number(p.processing_amount), unit: p.processing_unit, text: p.processing_text }, cutOff: p.cut_off,
    fees: p.fees, feeText: p.fee_text, documents: normalizeDocuments(p.documents), steps: p.steps, conditions: p.conditions, legalBasis: p.legal_basis,
    result: p.result, applicants: p.applicants, onlineLevel: p.online_level, keywords: p.keywords, formSchema: p.form_schema,
    uiSchema: p.ui_schema, version: p.version, formVersion: p.form_version, published: p.published, units,
    updatedAt: p.updated_at.toISOString(),
  };
}

/** Procedures for the admin list, published or not. */
export async function listAdminProcedures(db: Db, tenantId: string, q: { q?: string; field?: string; published?: boolean; limit: number; offset: number }) {
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
  const rows = await qb.orderBy('p.code').limit(q.limit).offset(q.offset).execute();
  return {
    items: rows.map((r) => ({
      code: r.code, name: r.name, field: { code: r.field_code, name: r.field_name }, level: r.level_code, version: r.version,
      formVersion: r.form_version, published: r.published, unitCount: Number(r.unit_count), updatedAt: r.updated_at.toISOString(),
    })),
    total: rows[0] ? Number(rows[0].total) : 0,
  };
}
