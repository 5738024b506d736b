import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { foldVietnamese } from '../../../common/text';
import type { AppDeps } from '../../deps';
import { requireAdmin, type Actor } from '../../platform/auth';
import { AppError, invalid, type FieldError } from '../../platform/errors';
import { neutraliseCell, restoreCell } from '../../platform/spreadsheet-safety';
import { listLevels, unitsByCode } from '../org/repo';
import { exportRows, lockProcedure, procedureCodes } from './repo';
import type { ProcedureInputT } from './schema-admin';
import { ADMIN_ONLY, assignUnits, DEFAULT_FORM, DEFAULT_WORKFLOW, findProcedureForAdmin, insertProcedure, saveVersion } from './service';

// The catalog as a spreadsheet, in the columns of the national procedure database's exports:
// one row per procedure, multi-valued cells one item per line.

export const COLUMNS = [
  ['code', 'Mã thủ tục'], ['name', 'Tên thủ tục'], ['fieldCode', 'Mã lĩnh vực'], ['fieldName', 'Tên lĩnh vực'],
  ['level', 'Cấp thực hiện'], ['amount', 'Thời hạn giải quyết'], ['unit', 'Đơn vị thời hạn'], ['timeText', 'Mô tả thời hạn'],
  ['fees', 'Phí, lệ phí'], ['documents', 'Thành phần hồ sơ'], ['steps', 'Trình tự thực hiện'], ['conditions', 'Điều kiện thực hiện'],
  ['legalBasis', 'Căn cứ pháp lý'], ['result', 'Kết quả thực hiện'], ['applicants', 'Đối tượng thực hiện'],
  ['onlineLevel', 'Mức độ dịch vụ công'], ['units', 'Cơ quan thực hiện'],
] as const;
type Key = (typeof COLUMNS)[number][0];
const REQUIRED: Key[] = ['code', 'name', 'fieldCode', 'fieldName', 'level', 'amount', 'unit', 'onlineLevel'];
const HEADER_OF = Object.fromEntries(COLUMNS) as Record<Key, string>;

export interface SheetRow { row: number; cells: Partial<Record<Key, string>> }

const lines = (s: string | undefined) => (s ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** Reads the first worksheet of an .xlsx or a .csv file into rows keyed by column. */
export async function readSheet(data: Buffer, format: 'xlsx' | 'csv'): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
      ws = wb.worksheets[0];
    } else {
      const text = data.toString('utf8').replace(/^\uFEFF/, '');
      const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
      const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
      ws = await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v, parserOptions: { delimiter } });
    }
  } catch {
    throw invalid('unreadable_file', `Không đọc được tệp ${format === 'xlsx' ? 'Excel (.xlsx)' : 'CSV'}. Hãy kiểm tra lại định dạng tệp.`);
  }
  if (!ws || ws.rowCount < 1) throw invalid('empty_file', 'Tệp không có dữ liệu.');
  const header = ws.getRow(1);
  const colOf = new Map<Key, number>();
  const wanted = new Map(COLUMNS.map(([k, h]) => [foldVietnamese(h), k]));
  header.eachCell((cell, col) => {
    const key = wanted.get(foldVietnamese(String(cell.text ?? '')));
    if (key && !colOf.has(key)) colOf.set(key, col);
  });
  const missing = REQUIRED.filter((k) => !colOf.has(k));
  if (missing.length) {
    throw invalid('missing_columns', `Tệp thiếu cột: ${missing.map((k) => `"${HEADER_OF[k]}"`).join(', ')}.`,
      missing.map((k) => ({ path: `/columns/${k}`, message: `Thiếu cột "${HEADER_OF[k]}".` })));
  }
  const rows: SheetRow[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const cells: Partial<Record<Key, string>> = {};
    let any = false;
    for (const [key, col] of colOf) {
      const v = restoreCell(String(r.getCell(col).text ?? '').trim());
      if (v) { cells[key] = v; any = true; }
    }
    if (any) rows.push({ row: n, cells });
  });
  return rows;
}

const ONLINE: Record<string, ProcedureInputT['onlineLevel']> = {
  'toan trinh': 'full', full: 'full', 'muc 4': 'full', 'mot phan': 'partial', partial: 'partial', 'muc 3': 'partial',
  'cung cap thong tin': 'info', info: 'info', 'muc 2': 'info', 'truc tiep': 'info',
};
const ONLINE_LABEL: Record<ProcedureInputT['onlineLevel'], string> = { full: 'Toàn trình', partial: 'Một phần', info: 'Cung cấp thông tin' };
const FEE_LINE = /^(.+?):\s*([\d.,]+)\s*(?:đồng|đ|vnđ|vnd)\b\.?\s*(?:\((.*)\))?\s*$/i;
const DOC_LINE = /^(.*?)\s*\(bản chính:\s*(\d+)\s*,\s*bản sao:\s*(\d+)\)\s*(?:\[mẫu:\s*(.*)\])?$/i;

function levelCode(value: string, levels: { code: string; name: string }[]): string | null {
  const f = foldVietnamese(value);
  const hit = levels.find((l) => l.code === value || foldVietnamese(l.name) === f);
  if (hit) return hit.code;
  if (/\btinh\b/.test(f) && !/\bso\b/.test(f)) return levels.find((l) => l.code === 'province')?.code ?? null;
  if (/\bxa\b|phuong|dac khu/.test(f)) return levels.find((l) => l.code === 'commune')?.code ?? null;
  if (/\bso\b|nganh/.test(f)) return levels.find((l) => l.code === 'department')?.code ?? null;
  return null;
}

/**
 * Checks every row and, unless `dryRun`, writes them all in one transaction: new codes are created
 * (published, with a starter e-form and workflow), known codes get a new version (their e-form kept).
 * Any bad row: 422 listing every problem by row and column, nothing written.
 */
export async function importProcedures(deps: Pick<AppDeps, 'db' | 'onUnitsAssigned'>, actor: Actor, rows: SheetRow[], dryRun: boolean) {
  requireAdmin(actor, ADMIN_ONLY);
  const { db } = deps;
  const levels = await listLevels(db);
  const units = await unitsByCode(db, actor.tenantId);
  const unitByCode = new Map(units.map((u) => [u.code.toUpperCase(), u.id]));
  const existing = await procedureCodes(db, actor.tenantId);
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const parsed: { input: Omit<ProcedureInputT, 'formSchema' | 'uiSchema' | 'keywords' | 'cutOff'>; unitIds: string[] | null; row: number }[] = [];

  for (const { row, cells } of rows) {
    const bad = (key: Key, message: string) => errors.push({ path: `/rows/${row}/${key}`, message: `Dòng ${row}, cột "${HEADER_OF[key]}": ${message}` });
    const before = errors.length;
    for (const k of REQUIRED) if (!cells[k]) bad(k, 'không được để trống.');
    const code = cells.code ?? '';
    if (code && !/^[0-9A-Za-z][0-9A-Za-z.\-_]{2,59}$/.test(code)) bad('code', 'mã chỉ gồm chữ, số, dấu chấm, gạch ngang (ít nhất 3 ký tự).');
    if (code && seen.has(code)) bad('code', `mã "${code}" bị lặp (đã có ở dòng ${seen.get(code)}).`);
    if (code) seen.set(code, row);
    const level = cells.level ? levelCode(cells.level, levels) : null;
    if (cells.level && !level) bad('level', `không nhận ra cấp "${cells.level}" (dùng: ${levels.map((l) => l.name).join('; ')}).`);
    const amount = Number((cells.amount ?? '').replace(',', '.'));
    if (cells.amount && (!Number.isFinite(amount) || amount < 0 || amount > 3650)) bad('amount', `"${cells.amount}" không phải số ngày/giờ hợp lệ.`);
    const unitText = foldVietnamese(cells.unit ?? '');
    const unit = /gio|hour/.test(unitText) ? 'hour' : /ngay|day/.test(unitText) ? 'day' : null;
    if (cells.unit && !unit) bad('unit', `"${cells.unit}" phải là "Ngày làm việc" hoặc "Giờ làm việc".`);
    const online = ONLINE[foldVietnamese(cells.onlineLevel ?? '').replace(/[()]/g, '').replace(/\s+\(?muc \d\)?$/, '')]
      ?? ONLINE[foldVietnamese(cells.onlineLevel ?? '')];
    if (cells.onlineLevel && !online) bad('onlineLevel', `"${cells.onlineLevel}" phải là Toàn trình, Một phần hoặc Cung cấp thông tin.`);
    let unitIds: string[] | null = null;
    if (cells.units) {
      unitIds = [];
      for (const c of cells.units.split(/[;\n,]/).map((x) => x.trim()).filter(Boolean)) {
        const id = unitByCode.get(c.toUpperCase());
        if (!id) bad('units', `không có đơn vị mã "${c}".`);
        else unitIds.push(id);
      }
    }
    const fees: ProcedureInputT['fees'] = [];
    const feeProse: string[] = [];
    for (const l of lines(cells.fees)) {
      const m = FEE_LINE.exec(l);
      if (m) fees.push({ name: m[1]!.trim(), amount: Number(m[2]!.replace(/[.,]/g, '')), ...(m[3] ? { note: m[3] } : {}) });
      else feeProse.push(l);
    }
    const documents = lines(cells.documents).map((l) => {
      const m = DOC_LINE.exec(l);
      return m ? { name: m[1]!, originals: Number(m[2]), copies: Number(m[3]), ...(m[4] ? { template: m[4] } : {}) } : { name: l, originals: 1, copies: 0 };
    });
    if (errors.length > before) continue;
    parsed.push({
      row, unitIds,
      input: {
        code, name: cells.name!, field: { code: cells.fieldCode!, name: cells.fieldName! }, level: level!,
        processingTime: { amount, unit: unit!, text: cells.timeText ?? `${amount} ${unit === 'hour' ? 'giờ' : 'ngày'} làm việc` },
        fees, feeText: feeProse.join('\n'), documents, steps: cells.steps ?? '', conditions: cells.conditions ?? '',
        legalBasis: lines(cells.legalBasis), result: cells.result ?? '', applicants: lines(cells.applicants?.replace(/;/g, '\n')),
        onlineLevel: online!,
      },
    });
  }
  if (errors.length) throw invalid('invalid_import', `Tệp có ${errors.length} lỗi; chưa nhập dòng nào.`, errors);
  const created = parsed.filter((p) => !existing.has(p.input.code)).length;
  const result = { dryRun, total: parsed.length, created, updated: parsed.length - created, errors: [] as FieldError[] };
  if (dryRun) return result;

  await db.transaction().execute(async (trx) => {
    for (const p of parsed) {
      if (existing.has(p.input.code)) {
        const cur = await findProcedureForAdmin(trx, actor.tenantId, p.input.code);
        // Keep what the sheet does not carry: the e-form, keywords, cut-off, upload slots of known documents.
        const uploads = new Map(cur.documents.map((d) => [d.name, d.upload]));
        await saveVersion(trx, actor, {
          ...p.input, formSchema: cur.formSchema, uiSchema: cur.uiSchema, keywords: cur.keywords, cutOff: cur.cutOff,
          documents: p.input.documents.map((d) => (uploads.get(d.name) ? { ...d, upload: true } : d)),
        }, null);
      } else {
        await insertProcedure(trx, actor, { ...p.input, formSchema: DEFAULT_FORM, uiSchema: {}, keywords: '', cutOff: '15:00' }, true);
      }
      if (p.unitIds) {
        const proc = (await lockProcedure(trx, actor.tenantId, p.input.code))!;
        await assignUnits(deps, trx, { ...proc, default_workflow: proc.default_workflow ?? DEFAULT_WORKFLOW }, p.unitIds);
      }
    }
  });
  return result;
}

/** The tenant's catalog as .xlsx or .csv (UTF-8 with BOM so spreadsheet programs read Vietnamese). */
export async function exportProcedures(deps: Pick<AppDeps, 'db'>, actor: Actor, format: 'xlsx' | 'csv'): Promise<Buffer> {
  requireAdmin(actor, ADMIN_ONLY);
  const { procs, assigned } = await exportRows(deps.db, actor.tenantId);
  const unitsOf = new Map<string, string[]>();
  for (const a of assigned) unitsOf.set(a.procedure_id, [...(unitsOf.get(a.procedure_id) ?? []), a.code]);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Thủ tục hành chính');
  ws.columns = COLUMNS.map(([key, header]) => ({ key, header, width: ['name', 'documents', 'steps', 'conditions', 'fees', 'legalBasis'].includes(key) ? 50 : 18 }));
  // CSV: no cell may start like a formula; .xlsx: every text is a plain string cell already.
  const text = format === 'csv' ? neutraliseCell : (v: string) => v;
  for (const p of procs) {
    const feeLines = p.fees.map((f) => `${f.name}: ${f.amount.toLocaleString('vi-VN')} đồng${f.note ? ` (${f.note})` : ''}`);
    const row: Record<Key, string | number> = {
      code: p.code, name: p.name, fieldCode: p.field_code, fieldName: p.field_name, level: p.level_name,
      amount: Number(p.processing_amount), unit: p.processing_unit === 'hour' ? 'Giờ làm việc' : 'Ngày làm việc', timeText: p.processing_text,
      fees: [...feeLines, ...(p.fee_text ? [p.fee_text] : [])].join('\n'),
      documents: p.documents.map((d) => `${d.name} (bản chính: ${d.originals}, bản sao: ${d.copies})${d.template ? ` [mẫu: ${d.template}]` : ''}`).join('\n'),
      steps: p.steps, conditions: p.conditions, legalBasis: p.legal_basis.join('\n'), result: p.result,
      applicants: p.applicants.join('\n'), onlineLevel: ONLINE_LABEL[p.online_level], units: (unitsOf.get(p.id) ?? []).join('; '),
    };
    ws.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? text(v) : v])));
  }
  if (format === 'csv') {
    const csv = await wb.csv.writeBuffer();
    return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(csv as ArrayBuffer)]);
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.getColumn('code').numFmt = '@';
  ws.eachRow((r) => { r.alignment = { wrapText: true, vertical: 'top' }; });
  return Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

/**
 * An uploaded catalog file (.xlsx by its ZIP signature, or .csv by name; anything else 415), checked row by
 * row and, unless `dryRun`, imported in one transaction.
 */
export async function importCatalogFile(
  deps: Pick<AppDeps, 'db' | 'onUnitsAssigned'>, actor: Actor, file: { filename: string; data: Buffer }, dryRun: boolean,
) {
  requireAdmin(actor, ADMIN_ONLY);
  const isZip = file.data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (!isZip && !file.filename.toLowerCase().endsWith('.csv')) {
    throw new AppError(415, 'file_type_not_allowed', 'Định dạng tệp không được chấp nhận', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
  }
  return importProcedures(deps, actor, await readSheet(file.data, isZip ? 'xlsx' : 'csv'), dryRun);
}
