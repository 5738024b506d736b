import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The rooms of every module under server/modules/, checked on the sources (docs/architecture.md, "Modules"):
// each table has one owning module, and only the owner writes it or reads it as the main table of a query;
// SQL sits in repo.ts. Other modules' tables appear only joined into a read (a name beside an id, the inbox's
// view of the dossiers), and such reads are listed here, so a new one is a decision someone saw.

const MODULES = path.join(import.meta.dirname, 'modules');

/** Who owns each table (platform/ owns the sessions it makes and the audit chain it appends to, outside the modules). */
const OWNER: Record<string, string> = {
  tenants: 'org', units: 'org', unit_levels: 'org',
  users: 'accounts', user_roles: 'accounts', sessions: 'accounts', login_throttle: 'accounts', user_totp: 'accounts',
  login_challenges: 'accounts', delegations: 'accounts',
  identity_codes: 'identity',
  people: 'desk',
  calendar_days: 'calendar', unit_schedules: 'calendar', unit_closures: 'calendar', calendar_state: 'calendar',
  fields: 'catalog', procedures: 'catalog', procedure_units: 'catalog', procedure_versions: 'catalog',
  workflows: 'workflow',
  dossiers: 'dossiers', dossier_events: 'dossiers', dossier_files: 'dossiers', dossier_tasks: 'dossiers',
  dossier_code_sequences: 'dossiers', outbox: 'dossiers',
  dossier_fees: 'fees',
  stored_documents: 'store',
  unit_form_settings: 'documents', unit_certificates: 'documents',
  audit_log: 'audit', audit_chain_heads: 'audit',
};

/** Reads whose main table is another module's: read models, each for a stated reason. */
const FOREIGN_READS: Record<string, string> = {
  'inbox/repo.ts dossier_tasks': 'the inbox is the open tasks of the dossiers, for the caller\'s roles',
};

/**
 * The dossier write path is being rewritten (one command + commit path, issue 14): until it lands,
 * these files keep their hand-written writes and lookups. Each entry is file → the tables it reaches.
 */
const PENDING: Record<string, string[]> = {
  'dossiers/service.ts': ['procedures', 'procedure_units', 'workflows', 'users', 'unit_certificates'],
  'dossiers/commit.ts': ['users', 'workflows', 'units'],
  'desk/service.ts': ['procedures', 'procedure_units', 'workflows', 'users'],
};

/** Files of a module that may hold SQL besides repo.ts (each named with why). */
const SQL_OUTSIDE_REPO: Record<string, string> = {
  'dossiers/service.ts': 'the write path under rewrite (issue 14)',
  'desk/service.ts': 'walk-in reception, part of the same rewrite',
  'dossiers/commit.ts': 'the one commit of every dossier change (issue 14), its SQL still to move to repo.ts',
};

function sources(): { file: string; module: string; text: string }[] {
  const out: { file: string; module: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        const file = path.relative(MODULES, p).split(path.sep).join('/');
        out.push({ file, module: file.split('/')[0]!, text: fs.readFileSync(p, 'utf8') });
      }
    }
  };
  walk(MODULES);
  return out;
}

/** Statements in a source: `x.selectFrom('t')` (but not a sub-query `eb.selectFrom`), `x.insertInto('t')`,
 *  `x.updateTable('t')`, `x.deleteFrom('t')`, and raw `INSERT INTO t`, `UPDATE t SET`, `DELETE FROM t`. */
function statements(text: string): { kind: 'read' | 'write'; table: string }[] {
  const out: { kind: 'read' | 'write'; table: string }[] = [];
  for (const m of text.matchAll(/(\w+)\s*\.(selectFrom|insertInto|updateTable|deleteFrom)\(\s*'(\w+)/g)) {
    if (m[1] === 'eb') continue;
    out.push({ kind: m[2] === 'selectFrom' ? 'read' : 'write', table: m[3]! });
  }
  for (const m of text.matchAll(/\b(?:INSERT INTO|DELETE FROM)\s+(\w+)|\bUPDATE\s+(\w+)\s+SET\b/g)) out.push({ kind: 'write', table: (m[1] ?? m[2])! });
  return out;
}

describe('the rooms of every module', () => {
  const files = sources();

  it('knows the owner of every table the modules touch', () => {
    const unknown = new Set(files.flatMap((f) => statements(f.text).map((s) => s.table)).filter((t) => !OWNER[t]));
    expect([...unknown]).toEqual([]);
  });

  it('lets only the owning module write a table', () => {
    const wrong = files.flatMap((f) => statements(f.text)
      .filter((s) => s.kind === 'write' && OWNER[s.table] !== f.module && !PENDING[f.file]?.includes(s.table))
      .map((s) => `${f.file} writes ${s.table} (${OWNER[s.table]}'s)`));
    expect(wrong).toEqual([]);
  });

  it('reads another module\'s table as the main table of a query only in a listed read model', () => {
    const wrong = files.flatMap((f) => statements(f.text)
      .filter((s) => s.kind === 'read' && OWNER[s.table] !== f.module && !PENDING[f.file]?.includes(s.table) && !FOREIGN_READS[`${f.file} ${s.table}`])
      .map((s) => `${f.file} reads ${s.table} (${OWNER[s.table]}'s)`));
    expect(wrong).toEqual([]);
  });

  it('keeps SQL in repo.ts: routes, services and presenters only call functions', () => {
    const wrong = files.filter((f) => !/(^|\/)repo\.ts$/.test(f.file) && !SQL_OUTSIDE_REPO[f.file] && statements(f.text).length > 0).map((f) => f.file);
    expect(wrong).toEqual([]);
  });

  it('gives every module that has routes a service, a schema and a presenter, and routes that import no repo', () => {
    const byModule = new Map<string, string[]>();
    for (const f of files) byModule.set(f.module, [...(byModule.get(f.module) ?? []), f.file.slice(f.module.length + 1)]);
    const missing: string[] = [];
    for (const [mod, names] of byModule) {
      if (!names.some((n) => n.endsWith('routes.ts'))) continue;
      if (!names.includes('service.ts')) missing.push(`${mod}/service.ts`);
      if (!names.some((n) => /^schema(-\w+)?\.ts$/.test(n))) missing.push(`${mod}/schema.ts`);
      if (!names.includes('present.ts')) missing.push(`${mod}/present.ts`);
    }
    expect(missing).toEqual([]);
    const routesUsingRepos = files.filter((f) => /routes\.ts$/.test(f.file) && /from '\.{1,2}\/(\w+\/)?repo'/.test(f.text)).map((f) => f.file);
    expect(routesUsingRepos).toEqual([]);
  });

  it('lists no exception that is no longer needed', () => {
    const stale = Object.entries(PENDING).flatMap(([file, tables]) => {
      const f = files.find((x) => x.file === file);
      const reached = new Set(f ? statements(f.text).filter((s) => OWNER[s.table] !== f.module).map((s) => s.table) : []);
      return tables.filter((t) => !reached.has(t)).map((t) => `${file} ${t}`);
    });
    expect(stale).toEqual([]);
  });
});
