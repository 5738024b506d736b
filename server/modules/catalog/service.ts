import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Tx } from '../../db/client';
import type { WorkflowDefinition } from '../../db/types';
import type { AppDeps } from '../../deps';
import { requireAdmin, type Actor } from '../../platform/auth';
import { conflict, invalid, notFound, type FieldError } from '../../platform/errors';
import { fromSteps } from '../../../common/workflow';
import { listLevels, unitIdsIn } from '../org/repo';
import type { ProcedureInputT } from './schema-admin';
import { foldVietnamese } from '../../../common/text';
import { normalizeDocuments, presentAdminProcedure, presentAdminSummary, presentProcedure, presentProcedureSummary } from './present';
import {
  findAdminProcedure, findProcedureByCode, listFields, searchProcedures, unitsServing, type ProcedureQuery, insertProcedureRow, insertProcedureVersion, lockProcedure, procedureExists, procedureVersions, replaceProcedureUnits,
  searchAdminProcedures, setProcedurePublished, updateProcedureRow, upsertField, type ProcedureColumns,
} from './repo';

// The public catalog (search, a procedure's page, fields) and its administration: create, edit (each save is
// an immutable version), publish, assign to units. Every administration use case checks that the caller is
// an admin first.

type CatalogDeps = Pick<AppDeps, 'db' | 'onUnitsAssigned'>;
export const ADMIN_ONLY = 'Chỉ quản trị viên mới quản lý được danh mục thủ tục.';

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

/** Published procedures matching a search, as people type it; results are cached briefly (`searchCache`). */
export async function searchCatalog(deps: Pick<AppDeps, 'db' | 'searchCache'>, tenantId: string | null, query: ProcedureQuery) {
  const key = JSON.stringify([tenantId, foldVietnamese(query.q ?? ''), query.unit, query.field, query.level, query.limit, query.offset]);
  const cached = deps.searchCache?.get(key) as { items: ReturnType<typeof presentProcedureSummary>[]; total: number } | undefined;
  if (cached) return cached;
  const { rows, total } = await searchProcedures(deps.db, tenantId, query);
  const result = { items: rows.map(presentProcedureSummary), total };
  deps.searchCache?.set(key, result);
  return result;
}

/** A published procedure's public page, with the units serving it. */
export async function procedurePage(deps: Pick<AppDeps, 'db'>, code: string) {
  const p = await findProcedureByCode(deps.db, code);
  if (!p) throw notFound('procedure_not_found', `Không tìm thấy thủ tục có mã "${code}".`);
  return presentProcedure(p, await unitsServing(deps.db, p.id));
}

/** Every field (lĩnh vực). */
export async function fields(deps: Pick<AppDeps, 'db'>) {
  return { items: await listFields(deps.db) };
}

/** Checks what the type system cannot: a real level, a compilable object e-form, sane codes. */
export async function validateProcedure(db: Tx, input: ProcedureInputT, pathPrefix = ''): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const at = (p: string, message: string) => errors.push({ path: `${pathPrefix}${p}`, message });
  if (!/^[0-9A-Za-z][0-9A-Za-z.\-_]{2,59}$/.test(input.code)) at('/code', 'Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch ngang (ít nhất 3 ký tự).');
  if (!input.name.trim()) at('/name', 'Tên thủ tục không được để trống.');
  if (!/^[A-Z0-9_.\-]{1,40}$/i.test(input.field.code)) at('/field/code', 'Mã lĩnh vực chỉ gồm chữ, số, dấu gạch.');
  if (!(await listLevels(db)).some((l) => l.code === input.level)) at('/level', `Cấp thực hiện "${input.level}" không tồn tại.`);
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

function columns(input: ProcedureInputT): ProcedureColumns {
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
  await insertProcedureVersion(trx, { procedureId: p.id, tenantId: p.tenant_id, version, formVersion, snapshot: input, createdBy: actor?.userId ?? null });
}

/** Creates a procedure (not yet published) as version 1. */
export async function createProcedure(deps: CatalogDeps, actor: Actor, input: ProcedureInputT, opts: { published?: boolean } = {}) {
  requireAdmin(actor, ADMIN_ONLY);
  const { db } = deps;
  const errors = await validateProcedure(db, input);
  if (errors.length) throw invalid('invalid_procedure', 'Thông tin thủ tục chưa hợp lệ.', errors);
  return db.transaction().execute((trx) => insertProcedure(trx, actor, input, opts.published ?? false));
}

/** Inserts a procedure as version 1, in the caller's transaction (409 when the code is taken). */
export async function insertProcedure(trx: Tx, actor: Actor, input: ProcedureInputT, published: boolean, workflow: WorkflowDefinition = DEFAULT_WORKFLOW) {
  if (await procedureExists(trx, actor.tenantId, input.code)) throw conflict('procedure_exists', `Đã có thủ tục mã "${input.code}".`);
  const row = await insertProcedureRow(trx, {
    tenant_id: actor.tenantId, code: input.code.trim(), field_id: await upsertField(trx, actor.tenantId, input.field), ...columns(input),
    published, default_workflow: JSON.stringify(workflow),
  });
  await snapshot(trx, row, 1, 1, input, actor);
  return input.code.trim();
}

/** Saves a new version; the form version moves only when the e-form changed. 409 when `expectedVersion` is stale. */
export async function updateProcedure(deps: CatalogDeps, actor: Actor, code: string, input: ProcedureInputT, expectedVersion: number) {
  requireAdmin(actor, ADMIN_ONLY);
  const { db } = deps;
  if (input.code !== code) throw invalid('code_immutable', 'Không đổi được mã thủ tục; hãy tạo thủ tục mới.', [{ path: '/code', message: 'Mã thủ tục không đổi được.' }]);
  const errors = await validateProcedure(db, input);
  if (errors.length) throw invalid('invalid_procedure', 'Thông tin thủ tục chưa hợp lệ.', errors);
  return db.transaction().execute((trx) => saveVersion(trx, actor, input, expectedVersion));
}

/** Saves a new version in the caller's transaction; `expectedVersion` null: whatever the current one is. */
export async function saveVersion(trx: Tx, actor: Actor, input: ProcedureInputT, expectedVersion: number | null) {
  const cur = await lockProcedure(trx, actor.tenantId, input.code);
  if (!cur) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${input.code}".`);
  if (expectedVersion !== null && cur.version !== expectedVersion) {
    throw conflict('stale_version', 'Thủ tục vừa được người khác sửa. Vui lòng tải lại rồi sửa tiếp.');
  }
  const formChanged = !sameJson(cur.form_schema, input.formSchema) || !sameJson(cur.ui_schema, input.uiSchema ?? {});
  const version = cur.version + 1;
  const formVersion = cur.form_version + (formChanged ? 1 : 0);
  await updateProcedureRow(trx, cur.id, {
    ...columns(input), field_id: await upsertField(trx, actor.tenantId, input.field), version, form_version: formVersion,
  });
  await snapshot(trx, cur, version, formVersion, input, actor);
  return { version, formVersion };
}

/** Publishes or withdraws a procedure from the public catalog. */
export async function setPublished(deps: CatalogDeps, actor: Actor, code: string, published: boolean) {
  requireAdmin(actor, ADMIN_ONLY);
  if (!(await setProcedurePublished(deps.db, actor.tenantId, code, published))) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${code}".`);
}

/**
 * Sets the units that serve a procedure. A unit newly assigned gets the procedure's default internal
 * workflow (published, version 1) unless it already has one, so it can receive dossiers at once.
 */
export async function setUnits(deps: CatalogDeps, actor: Actor, code: string, unitIds: string[]) {
  requireAdmin(actor, ADMIN_ONLY);
  const { db } = deps;
  const known = await unitIdsIn(db, actor.tenantId, unitIds);
  const errors = unitIds.map((id, i) => ({ id, i })).filter((x) => !known.has(x.id)).map((x) => ({ path: `/unitIds/${x.i}`, message: 'Đơn vị không tồn tại.' }));
  if (errors.length) throw invalid('unit_not_found', 'Có đơn vị không tồn tại.', errors);
  await db.transaction().execute(async (trx) => {
    const p = await lockProcedure(trx, actor.tenantId, code);
    if (!p) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${code}".`);
    await assignUnits(deps, trx, p, [...known]);
  });
}

/** Sets the units serving a procedure in the caller's transaction; each new one gets its workflow (`onUnitsAssigned`). */
export async function assignUnits(deps: Pick<CatalogDeps, 'onUnitsAssigned'>, trx: Tx, p: { id: string; tenant_id: string; default_workflow: WorkflowDefinition }, unitIds: string[]) {
  await replaceProcedureUnits(trx, p, unitIds);
  await deps.onUnitsAssigned!(trx, p, unitIds);
}

/** The full admin view of a procedure (including unpublished ones); 404 when the tenant has none with this code. */
export async function findProcedureForAdmin(db: Tx, tenantId: string, code: string) {
  const p = await findAdminProcedure(db, tenantId, code);
  if (!p) throw notFound('procedure_not_found', `Không tìm thấy thủ tục mã "${code}".`);
  return presentAdminProcedure(p);
}

/** A procedure as the admin edits it. */
export async function getAdminProcedure(deps: Pick<AppDeps, 'db'>, actor: Actor, code: string) {
  requireAdmin(actor, ADMIN_ONLY);
  return findProcedureForAdmin(deps.db, actor.tenantId, code);
}

/** Procedures for the admin list, published or not. */
export async function listAdminProcedures(deps: Pick<AppDeps, 'db'>, actor: Actor, q: { q?: string; field?: string; published?: boolean; limit: number; offset: number }) {
  requireAdmin(actor, ADMIN_ONLY);
  const rows = await searchAdminProcedures(deps.db, actor.tenantId, q);
  return { items: rows.map(presentAdminSummary), total: rows[0] ? Number(rows[0].total) : 0 };
}

/** The versions of a procedure, newest first. */
export async function listVersions(deps: Pick<AppDeps, 'db'>, actor: Actor, code: string) {
  requireAdmin(actor, ADMIN_ONLY);
  await findProcedureForAdmin(deps.db, actor.tenantId, code);
  const rows = await procedureVersions(deps.db, actor.tenantId, code);
  return { items: rows.map((r) => ({ version: r.version, formVersion: r.form_version, createdAt: r.created_at.toISOString(), createdBy: r.full_name })) };
}
