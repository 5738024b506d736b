import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './db/client';
import type { Role } from './db/types';
import { type LegacyStep, type WorkflowGraph, toGraph } from '../common/workflow';
import { hashPassword } from './platform/passwords';
import { projectRoot } from './platform/paths';
import type { SecretBox } from './platform/secrets';
import { issueDemoCertificates } from './modules/documents/demo-ca';
import { saveCertificate } from './modules/documents/result';

const DATA = path.join(projectRoot(), 'data');

interface ProvinceFile {
  tenant: { code: string; name: string };
  levels: { code: string; name: string; nameEn: string; rank: number }[];
  units: { code: string; agencyCode: string; name: string; level: string; parent: string | null; address?: string; phone?: string }[];
}
interface ProcedureFile {
  code: string; name: string; field: { code: string; name: string }; level: string;
  processingTime: { amount: number; unit: 'day' | 'hour'; text: string }; cutOff?: string;
  fees: { name: string; amount: number; note?: string }[]; feeText: string;
  documents: { name: string; originals: number; copies: number; template?: string }[];
  steps: string; conditions: string; legalBasis: string[]; result: string; applicants: string[];
  onlineLevel: 'full' | 'partial' | 'info'; units: string[]; formSchema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>; workflow: LegacyStep[] | WorkflowGraph;
  /** Units with a process of their own (unit code → definition naming units by code). */
  unitWorkflows?: Record<string, LegacyStep[] | WorkflowGraph>;
}
export interface DemoAccount {
  username: string; password: string; roles: Role[]; unitCode?: string; fullName: string; email?: string; phone?: string;
  idNumber?: string; birthDate?: string; address?: string; taxCode?: string;
  /** The demo citizen's ID number is seeded as verified (method `seed`), so walk-ins link to the account. */
  idVerified?: boolean;
}
interface HolidayFile { year: number; days: { date: string; kind: 'holiday' | 'swapped_working'; name: string; mark?: string }[] }

const readJson = <T>(...p: string[]): T => JSON.parse(fs.readFileSync(path.join(DATA, ...p), 'utf8')) as T;

/** The national calendar shipped in data/holidays (one file per year). */
export function holidayFiles(): HolidayFile[] {
  const dir = path.join(DATA, 'holidays');
  return fs.readdirSync(dir).filter((f) => /^\d{4}\.json$/.test(f)).sort().map((f) => readJson<HolidayFile>('holidays', f));
}

/** The demo catalog: one reviewable file per procedure in data/demo/procedures. */
function procedureFiles(): ProcedureFile[] {
  const dir = path.join(DATA, 'demo', 'procedures');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => readJson<ProcedureFile>('demo', 'procedures', f));
}

/** Demo accounts as listed for people and scripts in data/demo/accounts.json. */
export const demoAccounts = (): DemoAccount[] => readJson<DemoAccount[]>('demo', 'accounts.json');

/**
 * Loads the demo province (units, procedures with their e-forms and workflows, staff, citizens, a demo
 * signing certificate for every unit with a leader, sealed with `secrets` like an uploaded one) and the
 * holiday calendar into an empty database, in one transaction. Returns null when data is already there.
 */
export async function seedIfEmpty(db: Db, secrets: SecretBox) {
  const existing = await db.selectFrom('tenants').select('id').executeTakeFirst();
  if (existing) return null;
  const province = readJson<ProvinceFile>('demo', 'province.json');
  const procedures = procedureFiles();
  const accounts = demoAccounts();
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  const signing = new Set(accounts.filter((a) => a.roles.includes('leader')).map((a) => a.unitCode));
  const certificates = await issueDemoCertificates(province.units.filter((u) => signing.has(u.code)), province.tenant.name);

  // Upgrade tests seed a database still at an older schema, before accounts had a verified ID number.
  const verifiable = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'id_verified_at'`.execute(db)).rows[0]!.n > 0;

  return db.transaction().execute(async (trx) => {
    // Another process may have seeded meanwhile: the tenant code is unique, so only one wins.
    const tenant = await trx.insertInto('tenants').values({ code: province.tenant.code, name: province.tenant.name })
      .onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
    if (!tenant) return null;
    const tenantId = tenant.id;
    for (const l of province.levels) {
      await trx.insertInto('unit_levels').values({ code: l.code, name: l.name, name_en: l.nameEn, rank: l.rank })
        .onConflict((oc) => oc.column('code').doNothing()).execute();
    }
    const unitIds = new Map<string, string>();
    for (const u of province.units) {
      const parent = u.parent ? unitIds.get(u.parent) : null;
      if (u.parent && !parent) throw new Error(`seed: unit ${u.code} lists parent ${u.parent} before it is defined`);
      const row = await trx.insertInto('units').values({
        tenant_id: tenantId, parent_id: parent ?? null, code: u.code, agency_code: u.agencyCode, name: u.name,
        level_code: u.level, address: u.address ?? null, phone: u.phone ?? null, effective_from: '2025-07-01', effective_to: null,
      }).returning('id').executeTakeFirstOrThrow();
      unitIds.set(u.code, row.id);
    }
    const unitId = (code: string) => {
      const id = unitIds.get(code);
      if (!id) throw new Error(`seed: unknown unit code ${code}`);
      return id;
    };
    const fieldIds = new Map<string, string>();
    for (const p of procedures) {
      let fieldId = fieldIds.get(p.field.code);
      if (!fieldId) {
        fieldId = (await trx.insertInto('fields').values({ tenant_id: tenantId, code: p.field.code, name: p.field.name })
          .returning('id').executeTakeFirstOrThrow()).id;
        fieldIds.set(p.field.code, fieldId);
      }
      const proc = await trx.insertInto('procedures').values({
        tenant_id: tenantId, code: p.code, name: p.name, field_id: fieldId, level_code: p.level,
        processing_amount: p.processingTime.amount, processing_unit: p.processingTime.unit, processing_text: p.processingTime.text,
        cut_off: p.cutOff ?? '15:00', fees: JSON.stringify(p.fees), fee_text: p.feeText, documents: JSON.stringify(p.documents),
        steps: p.steps, conditions: p.conditions, legal_basis: JSON.stringify(p.legalBasis), result: p.result,
        applicants: JSON.stringify(p.applicants), online_level: p.onlineLevel, form_schema: JSON.stringify(p.formSchema),
        ui_schema: JSON.stringify(p.uiSchema ?? {}), default_workflow: JSON.stringify(withUnitIds(toGraph(Array.isArray(p.workflow) ? { steps: p.workflow } : p.workflow), unitId)),
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('procedure_versions').values({
        procedure_id: proc.id, tenant_id: tenantId, version: 1, form_version: 1, snapshot: JSON.stringify(p),
      }).execute();
      for (const code of p.units) {
        const uid = unitId(code);
        await trx.insertInto('procedure_units').values({ tenant_id: tenantId, procedure_id: proc.id, unit_id: uid }).execute();
        // A unit may have its own process (e.g. a liên thông leg); otherwise the procedure's.
        const own = p.unitWorkflows?.[code] ?? p.workflow;
        await trx.insertInto('workflows').values({
          tenant_id: tenantId, procedure_id: proc.id, unit_id: uid, version: 1, status: 'published',
          definition: JSON.stringify(withUnitIds(toGraph(Array.isArray(own) ? { steps: own } : own), unitId)), published_at: new Date(),
        }).execute();
      }
    }
    for (const [i, a] of accounts.entries()) {
      const kind = a.roles.includes('citizen') ? 'citizen' : a.roles.includes('business') ? 'business' : 'officer';
      const user = await trx.insertInto('users').values({
        tenant_id: tenantId, username: a.username, password_hash: hashes[i]!, full_name: a.fullName, kind,
        email: a.email ?? null, phone: a.phone ?? null, id_number: a.idNumber ?? null, tax_code: a.taxCode ?? null,
        birth_date: a.birthDate ?? null, address: a.address ?? null,
        ...(a.idVerified && a.idNumber && verifiable ? { id_verified_at: new Date(), id_verification_method: 'seed' as const } : {}),
      }).returning('id').executeTakeFirstOrThrow();
      for (const role of a.roles) {
        const bound = role === 'citizen' || role === 'business' ? null : unitId(a.unitCode ?? '');
        await trx.insertInto('user_roles').values({ tenant_id: tenantId, user_id: user.id, role, unit_id: bound }).execute();
      }
    }
    for (const [code, c] of certificates) {
      await saveCertificate(trx, secrets, { tenantId, userId: null }, unitId(code), c.p12, c.passphrase);
    }
    for (const year of holidayFiles()) {
      for (const d of year.days) {
        await trx.insertInto('calendar_days').values({ day: d.date, kind: d.kind, name: d.name, mark: d.mark ?? null })
          .onConflict((oc) => oc.column('day').doNothing()).execute();
      }
    }
    return { units: province.units.length, procedures: procedures.length, users: accounts.length, certificates: certificates.size };
  });
}

/** Demo workflows name units by code; stored definitions use ids. */
function withUnitIds(g: WorkflowGraph, unitId: (code: string) => string): WorkflowGraph {
  const id = (ref: string | null | undefined) => (ref ? unitId(ref) : ref);
  return {
    ...g,
    nodes: g.nodes.map((n) => {
      switch (n.type) {
        case 'task': return { ...n, assignee: { ...n.assignee, unitId: id(n.assignee.unitId) ?? null } };
        case 'consultation': return { ...n, units: n.units.map((u) => unitId(u)) };
        case 'transfer': return { ...n, unitId: unitId(n.unitId) };
        default: return n;
      }
    }),
  };
}
