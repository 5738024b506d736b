import { randomBytes } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { sql } from 'kysely';
import { fromSteps, type LegacyStep, type WorkflowGraph } from '../common/workflow';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb, migrateToLatest, type Db } from '../server/db/client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '../server/db/embedded';
import { localStorage } from '../server/platform/storage';
import { createCalendarProvider } from '../server/modules/calendar/provider';
import {
  decide, decideIntake, type ActorContext, type Decision, type EngineContext, type Snapshot,
} from '../server/modules/workflow/engine';
import { demoAccounts, seedIfEmpty } from '../server/seed';
import { secretBox } from '../server/platform/secrets';
import { freePort } from '../test/global-setup';

// The workflow engine and the dossier action API under load.
//
// 1. In process: whole 5-step sequential processes per second, our pure `decide()` against the
//    `bpmn-engine` package (start → 5 user tasks → end, each task signalled as soon as it waits).
// 2. Over HTTP: `advance` actions per second on accepted dossiers, 10 concurrent clients (a separate
//    process), against pgbench running the same SQL transaction with the same clients and duration on
//    the same database: how close the API comes to what PostgreSQL alone can do on this machine.
//    pgbench: Debian 12 ships it in the `postgresql-15` package (`apt-get install postgresql-15`); without
//    it that figure is skipped. Run alone: `npx tsx bench/workflow.ts` (about 50 s).

const STEPS: LegacyStep[] = [
  { key: 'thu_ly', name: 'Thụ lý hồ sơ', role: 'specialist', quotaHours: 8 },
  { key: 'tham_dinh', name: 'Thẩm định', role: 'specialist', quotaHours: 16 },
  { key: 'du_thao', name: 'Dự thảo kết quả', role: 'specialist', quotaHours: 8 },
  { key: 'kiem_tra', name: 'Lãnh đạo phòng kiểm tra', role: 'leader', quotaHours: 4 },
  { key: 'phe_duyet', name: 'Lãnh đạo phê duyệt', role: 'leader', quotaHours: 4 },
];
const TRANSITIONS = STEPS.length;

// ---------------------------------------------------------------------------------------------
// 1. Engines in process

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="motcua_bench" targetNamespace="http://bpmn.io/schema/bpmn">
  <process id="ho_so" isExecutable="true">
    <startEvent id="start" />
${STEPS.map((s) => `    <userTask id="${s.key}" name="${s.name}" />`).join('\n')}
    <endEvent id="ket_qua" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="${STEPS[0]!.key}" />
${STEPS.slice(1).map((s, i) => `    <sequenceFlow id="f${i + 1}" sourceRef="${STEPS[i]!.key}" targetRef="${s.key}" />`).join('\n')}
    <sequenceFlow id="f${STEPS.length}" sourceRef="${STEPS.at(-1)!.key}" targetRef="ket_qua" />
  </process>
</definitions>`;

type BpmnSource = Pick<BpmnEngineOptions, 'source' | 'sourceContext'>;

/** One bpmn-engine process to its end: each user task is signalled the moment it waits. Returns the signals sent. */
async function bpmnProcess(source: BpmnSource): Promise<number> {
  const engine = new Engine({ name: 'bench', ...source });
  const listener = new EventEmitter();
  let signals = 0;
  listener.on('wait', (api: { signal(): void }) => { signals++; api.signal(); });
  const ended = new Promise<void>((resolve, reject) => { engine.once('end', () => resolve()); engine.once('error', reject); });
  await engine.execute({ listener });
  await ended;
  return signals;
}

interface Tally { processes: number; bad: number; seconds: number }
const add = (x: Tally, y: Tally): Tally => ({ processes: x.processes + y.processes, bad: x.bad + y.bad, seconds: x.seconds + y.seconds });
const rate = (t: Tally) => ({ ...t, perSecond: t.processes / t.seconds, transitionsPerSecond: (t.processes * TRANSITIONS) / t.seconds });

/** Whole bpmn-engine processes for about `seconds`; `bad` counts processes that did not take 5 signals. */
async function timeBpmn(source: BpmnSource, seconds: number): Promise<Tally> {
  let processes = 0, bad = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    if ((await bpmnProcess(source)) !== TRANSITIONS) bad++;
    processes++;
  }
  return { processes, bad, seconds: (performance.now() - t0) / 1000 };
}

const ENGINE_CTX: EngineContext = { unitId: 'unit', receivingUnitId: 'unit', formData: {}, feeTotal: 0 };
const OFFICER: ActorContext = {
  userId: 'officer', isApplicant: false, roles: [{ unitId: 'unit', role: 'specialist' }, { unitId: 'unit', role: 'leader' }],
};

/** The next snapshot from a decision, as the dossier service persists it: the status and node, closed tasks gone, new ones open. */
function apply(snap: Snapshot, d: Decision, newId: () => string): Snapshot {
  const closed = new Set(d.close.map((c) => c.taskId));
  const answers = d.close.filter((c) => c.outcome === 'answered').length;
  return {
    status: d.toStatus, nodeKey: d.toNode, supplementStage: d.supplementStage,
    extensionCount: snap.extensionCount + (d.effects.includes('extend') ? 1 : 0),
    answered: d.toNode === snap.nodeKey ? snap.answered + answers : 0,
    isLeg: snap.isLeg,
    tasks: [
      ...snap.tasks.filter((t) => !closed.has(t.id)),
      ...d.open.map((o) => ({ id: newId(), nodeKey: o.nodeKey, kind: o.kind, unitId: o.unitId, role: o.role, userId: o.userId })),
    ],
  };
}

function accepted(def: WorkflowGraph, newId: () => string): Snapshot {
  const start = decideIntake(def, { kind: 'receive', decision: 'accept' }, { userId: 'desk', isApplicant: false, roles: [{ unitId: ENGINE_CTX.receivingUnitId, role: 'desk' }] }, ENGINE_CTX);
  if (!start.ok) throw new Error(`intake: ${start.code}`);
  return apply({ status: 'submitted', nodeKey: null, supplementStage: null, extensionCount: 0, answered: 0, isLeg: false, tasks: [] }, start, newId);
}

/** Whole processes through `decide()`: from the accepted state (a task open at the first step), `advance` to the result. */
function oursRunner() {
  const def = fromSteps(STEPS);
  let seq = 0;
  const newId = () => `t${++seq}`;
  const advance = { action: 'advance' } as const;
  let bad = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      let snap = accepted(def, newId);
      for (let k = 0; k < TRANSITIONS; k++) {
        const d = decide(def, snap, advance, OFFICER, ENGINE_CTX);
        if (!d.ok) { bad++; break; }
        snap = apply(snap, d, newId);
      }
      if (snap.status !== 'result_ready') bad++;
    }
  };
  return (seconds: number): Tally => {
    bad = 0;
    let processes = 0;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    while (performance.now() < end) { run(1_000); processes += 1_000; }
    return { processes, bad, seconds: (performance.now() - t0) / 1000 };
  };
}

/** Both engines in alternating rounds (so that other load on the machine hits both alike), after a warm-up. */
export async function benchEngines(opts: { seconds?: number; rounds?: number } = {}) {
  const seconds = opts.seconds ?? 8;
  const rounds = opts.rounds ?? 4;
  // bpmn-engine parses the XML (bpmn-moddle) for each new Engine; the serialized context of a first parse can be
  // handed to later engines instead. Both are measured; the ratio is taken against the faster.
  const [loaded] = await new Engine({ source: BPMN }).getDefinitions();
  const sourceContext = (loaded as unknown as { environment: { options: { source: BpmnEngineOptions['sourceContext'] } } }).environment.options.source;
  const ours = oursRunner();
  ours(0.3);
  await timeBpmn({ sourceContext }, 0.3);
  await timeBpmn({ source: BPMN }, 0.2);
  const zero: Tally = { processes: 0, bad: 0, seconds: 0 };
  let o = zero, parsed = zero, xml = zero;
  const cpu0 = cpuSnapshot();
  for (let r = 0; r < rounds; r++) {
    o = add(o, ours(seconds / 4 / rounds));
    parsed = add(parsed, await timeBpmn({ sourceContext }, seconds / 2 / rounds));
    xml = add(xml, await timeBpmn({ source: BPMN }, seconds / 4 / rounds));
  }
  const cpu = cpuUse(cpu0, cpuSnapshot(), 0);
  const bpmnParsed = rate(parsed), bpmnXml = rate(xml);
  const best = Math.max(bpmnParsed.perSecond, bpmnXml.perSecond);
  return { ours: rate(o), bpmnParsed, bpmnXml, ratio: rate(o).perSecond / best, rounds, cpu };
}

// ---------------------------------------------------------------------------------------------
// 2. The action API against pgbench

const CLIENTS = 10; // = the server's pool (server/db/connect.ts)
const RACES = 1_000;
/** A clone's id, so pgbench can address clone n without a lookup. */
const cloneId = (n: string) => `('00000000-0000-4000-8000-' || lpad(to_hex((${n})::int), 12, '0'))::uuid`;

async function login(base: string, username: string, password?: string): Promise<{ cookie: string; csrfToken: string; user: { id: string; roles: { unitId: string | null }[] } }> {
  const account = demoAccounts().find((a) => a.username === username);
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: password ?? account!.password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; user: { id: string; roles: { unitId: string | null }[] } };
  return { cookie: res.headers.getSetCookie()[0]!.split(';')[0]!, csrfToken: body.csrfToken, user: body.user };
}

async function post(base: string, s: { cookie: string; csrfToken: string }, url: string, body: unknown) {
  const res = await fetch(`${base}${url}`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrfToken }, body: JSON.stringify(body),
  });
  const json = await res.json() as { id: string; version: number; status: string };
  if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Copies rows of `table` chosen by `where` once per clone `g` (1..n), with `overrides` (SQL over the row `r` and `g`). */
async function cloneRows(db: Db, table: string, from: string, overrides: Record<string, string>) {
  const { rows } = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' AND is_identity = 'NO'
    ORDER BY ordinal_position`.execute(db);
  const cols = rows.map((r) => r.column_name);
  const values = cols.map((c) => overrides[c] ?? `r.${c}`);
  await sql.raw(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${values.join(', ')} FROM ${from}`).execute(db);
}

function pgbenchPath(): string | null {
  for (const p of ['/usr/lib/postgresql/17/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    if (fs.existsSync(p)) return p;
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && fs.existsSync(path.join(dir, 'pgbench'))) return path.join(dir, 'pgbench');
  }
  return null;
}

/** The statements the dossier service sends for one `advance` (server/modules/dossiers/service.ts performAction,
 *  applyDecision; repo.ts findDossier, openTasks): the reads the decision needs, then one transaction writing the
 *  dossier (version-checked), the closed and the opened task, the event and the outbox row. Not included: the
 *  session check, and the files and fees read for the response. Delegations are read only when an officer acts
 *  on someone's behalf, which the bench does not. Each client works on its own dossiers. */
const PGBENCH_SCRIPT = `
\\set n :client_id * :per + random(1, :per)
BEGIN;
SELECT version FROM dossiers WHERE id = ${cloneId(':n')} FOR UPDATE;
SELECT d.*, p.code AS procedure_code, p.name AS procedure_name, p.processing_amount, p.processing_unit, p.cut_off,
       p.form_schema, p.fees AS procedure_fees, u.name AS unit_name, w.definition,
       array(SELECT DISTINCT t.unit_id FROM dossier_tasks t WHERE t.dossier_id = d.id
             UNION SELECT o.unit_id FROM dossiers o WHERE o.id = d.origin_dossier_id) AS task_units,
       (SELECT count(*) FROM dossier_tasks t WHERE t.dossier_id = d.id AND t.status = 'answered'
          AND t.node_key = d.step_key AND t.opened_at >= coalesce((SELECT max(o.opened_at) FROM dossier_tasks o
            WHERE o.dossier_id = d.id AND o.node_key = d.step_key AND o.kind = 'consultation' AND o.status = 'open'), 'infinity'))::int AS answered,
       coalesce((SELECT json_agg(json_build_object('id', t.id, 'node_key', t.node_key, 'kind', t.kind, 'unit_id', t.unit_id, 'role', t.role,
         'assignee_id', t.assignee_id) ORDER BY t.opened_at, t.id) FROM dossier_tasks t WHERE t.dossier_id = d.id AND t.status = 'open'), '[]') AS open_tasks,
       (SELECT id FROM dossier_tasks WHERE dossier_id = d.id AND status = 'open' ORDER BY opened_at, id LIMIT 1) AS task_id
FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN units u ON u.id = d.unit_id JOIN workflows w ON w.id = d.workflow_id
WHERE d.id = ${cloneId(':n')}
\\gset p_
UPDATE dossiers SET status = 'in_progress', step_key = 'tham_dinh', supplement_stage = NULL, step_due_at = now() + interval '2 days', version = :p_version + 1, updated_at = now()
WHERE id = :p_id AND version = :p_version;
UPDATE dossier_tasks SET status = 'done', closed_at = now(), closed_by = :officer, comment = NULL WHERE id = :p_task_id AND status = 'open';
INSERT INTO dossier_tasks (tenant_id, dossier_id, node_key, kind, unit_id, role, assignee_id, quota_hours, opened_at, due_at)
VALUES (:tenant, :p_id, 'tham_dinh', 'task', :unit, 'specialist', NULL, 16, now(), now() + interval '2 days') RETURNING id, due_at;
INSERT INTO dossier_events (tenant_id, dossier_id, action, from_status, to_status, from_step, to_step, actor_id, actor_role, at, comment, data, idempotency_key)
VALUES (:tenant, :p_id, 'advance', 'in_progress', 'in_progress', 'thu_ly', 'tham_dinh', :officer, 'specialist', now(), NULL,
  '{"label":"Chuyển bước: Thẩm định","stepDueAt":"2026-03-12T10:00:00.000Z","taskId":"00000000-0000-4000-8000-000000000000"}', NULL);
INSERT INTO outbox (tenant_id, topic, payload)
VALUES (:tenant, 'dossier.status_changed', '{"dossierId":"00000000-0000-4000-8000-000000000000","code":"BENCH-000000","action":"advance","fromStatus":"in_progress","toStatus":"in_progress","applicantId":"00000000-0000-4000-8000-000000000000"}');
COMMIT;
`;

function runPgbench(bin: string, url: string, vars: Record<string, string>, clients: number, seconds: number, dir: string) {
  const script = path.join(dir, 'advance.sql');
  fs.writeFileSync(script, PGBENCH_SCRIPT);
  const args = ['-n', '-M', 'extended', '-c', String(clients), '-j', String(Math.min(clients, os.cpus().length)), '-T', String(seconds),
    '-f', script, ...Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]), url];
  return new Promise<{ tps: number; transactions: number; failed: number; latencyMs: number }>((resolve, reject) => {
    execFile(bin, args, { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
      if (err || !tps) { reject(new Error(`pgbench failed: ${stderr.split('\n').slice(0, 6).join('\n')}\n${stdout}`)); return; }
      resolve({
        tps: Number(tps[1]),
        transactions: Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1] ?? 0),
        failed: Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0),
        latencyMs: Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? 0),
      });
    });
  });
}

/** CPU seconds used so far (Linux /proc): this process, its reaped children (pgbench), our PostgreSQL (its live
 *  processes and the exited ones the postmaster reaped) and the whole machine. Null where /proc is not readable. */
function cpuSnapshot() {
  const tick = 100; // USER_HZ
  try {
    const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{
          pid: Number(pid), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ppid: Number(f[1]),
          cpu: (Number(f[11]) + Number(f[12])) / tick, reaped: (Number(f[13]) + Number(f[14])) / tick,
        }];
      } catch { return []; }
    });
    const self = procs.find((p) => p.pid === process.pid);
    const postmaster = procs.find((p) => p.ppid === process.pid && p.comm === 'postgres');
    const postgres = postmaster ? procs.filter((p) => p.ppid === postmaster.pid).reduce((sum, p) => sum + p.cpu, postmaster.cpu + postmaster.reaped) : 0;
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = cpu.reduce((a, b) => a + b, 0) - (cpu[3] ?? 0) - (cpu[4] ?? 0); // minus idle and iowait
    return { server: self?.cpu ?? 0, children: self?.reaped ?? 0, postgres, machine: busy / tick, at: performance.now() };
  } catch {
    return null;
  }
}
type Cpu = NonNullable<ReturnType<typeof cpuSnapshot>>;
/** Average cores busy between two snapshots: this process, a load generator (its own CPU seconds, or our reaped
 *  children), PostgreSQL, and everything else on the machine. */
function cpuUse(a: Cpu | null, b: Cpu | null, loadSeconds?: number) {
  if (!a || !b) return null;
  const s = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / s, postgres = (b.postgres - a.postgres) / s;
  const load = (loadSeconds ?? b.children - a.children) / s;
  return { server, load, postgres, other: (b.machine - a.machine) / s - server - load - postgres };
}
export type CpuUse = ReturnType<typeof cpuUse>;

const versionSum = async (db: Db) =>
  Number((await sql<{ v: string }>`SELECT coalesce(sum(version), 0) AS v FROM dossiers WHERE code LIKE 'BENCH-%'`.execute(db)).rows[0]!.v);

interface ApiResult {
  actions: number; errors: number; firstError: string | null; dossiersDone: number; ranOut: boolean;
  seconds: number; perSecond: number; p50: number; p95: number; cpuSeconds: number;
}

export async function benchActions(opts: { seconds?: number; dossiers?: number } = {}) {
  const seconds = opts.seconds ?? 15;
  const dossiers = opts.dossiers ?? 8_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'motcua-test', ephemeral: true, fast: true });
  await ensureDatabase(pg.baseUrl, 'bench');
  const url = withDatabase(pg.baseUrl, 'bench');
  const db = createDb(url, CLIENTS);
  try {
    await migrateToLatest(db);
    await seedIfEmpty(db, secretBox(randomBytes(32)));
    // The birth registration at Đồng Hới gets the 5-step workflow (3 specialist steps, then 2 leader steps).
    const unit = await db.selectFrom('units').select(['id', 'tenant_id']).where('code', '=', 'P-DONGHOI').executeTakeFirstOrThrow();
    const proc = await db.selectFrom('procedures').select('id').where('code', '=', '1.001193').executeTakeFirstOrThrow();
    // Published versions are immutable: retire the seeded one and publish version 2.
    const wf = await db.updateTable('workflows').set({ status: 'retired' })
      .where('procedure_id', '=', proc.id).where('unit_id', '=', unit.id).where('status', '=', 'published').executeTakeFirst();
    if (Number(wf.numUpdatedRows) !== 1) throw new Error('no published workflow for 1.001193 at P-DONGHOI');
    await db.insertInto('workflows').values({
      tenant_id: unit.tenant_id, procedure_id: proc.id, unit_id: unit.id, version: 2, status: 'published',
      definition: JSON.stringify(fromSteps(STEPS)), published_at: new Date(),
    }).execute();

    const app = await buildApp({
      config: loadConfig({ WEB_DIR: '/nonexistent', LOGIN_RATE_LIMIT: '1000' }), db, storage: localStorage(path.join(dir, 'files')),
      calendar: await createCalendarProvider(db), now: Date.now,
    }, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    let api: ApiResult, apiCpu: CpuUse = null, apiMoved = 0, officerId: string, races: Record<string, number> = {};
    try {
      const [citizen, desk, specialist, leader] = await Promise.all(
        ['congdan', 'motcua.donghoi', 'chuyenvien.donghoi', 'lanhdao.donghoi'].map((u) => login(base, u)));
      officerId = specialist!.user.id;
      // One dossier through the API (submitted online, accepted at the desk: a task open at the first step), then
      // copied row for row (dossier, tasks, events) into `dossiers` clones.
      const submitted = await post(base, citizen!, '/api/v1/dossiers', {
        procedureCode: '1.001193', unitId: unit.id,
        formData: {
          hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha', hoTenTre: 'Nguyễn Minh Khang',
          gioiTinhTre: 'Nam', ngaySinhTre: '2026-03-01', noiSinh: 'Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới',
        },
      });
      const acceptedDossier = await post(base, desk!, `/api/v1/dossiers/${submitted.id}/actions/accept`, { version: submitted.version });
      if (acceptedDossier.status !== 'in_progress') throw new Error(`accepted dossier is ${acceptedDossier.status}`);
      const tpl = `'${submitted.id}'::uuid`;
      const clones = `generate_series(1, ${dossiers}) g`;
      await cloneRows(db, 'dossiers', `dossiers r, ${clones} WHERE r.id = ${tpl}`, { id: cloneId('g'), code: `'BENCH-' || lpad(g::text, 6, '0')` });
      await cloneRows(db, 'dossier_tasks', `dossier_tasks r, ${clones} WHERE r.dossier_id = ${tpl}`, { id: 'gen_random_uuid()', dossier_id: cloneId('g') });
      await cloneRows(db, 'dossier_events', `dossier_events r, ${clones} WHERE r.dossier_id = ${tpl}`, { dossier_id: cloneId('g') });
      await sql`VACUUM ANALYZE`.execute(db);
      const ids = (await sql<{ id: string }>`SELECT id FROM dossiers WHERE code LIKE 'BENCH-%' ORDER BY code`.execute(db)).rows.map((r) => r.id);

      const plan = {
        base, concurrency: CLIENTS, seconds, ids, version: acceptedDossier.version,
        sessions: STEPS.map((s) => (s.role === 'leader' ? leader! : specialist!)).map(({ cookie, csrfToken }) => ({ cookie, csrfToken })),
      };
      const moved0 = await versionSum(db);
      let cpu0: Cpu | null = null, cpu1: Cpu | null = null;
      api = await new Promise<ApiResult>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'workflow-client.ts')]);
        let stdout = '';
        child.stdout.on('data', (d) => {
          stdout += d;
          if (!cpu0 && stdout.startsWith('started\n')) cpu0 = cpuSnapshot();
          if (!cpu1 && stdout.endsWith('}\n')) cpu1 = cpuSnapshot();
        });
        child.stderr.on('data', (d) => process.stderr.write(d));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.slice(stdout.indexOf('\n') + 1))) : reject(new Error(`load client exited ${code}`))));
        child.stdin.end(JSON.stringify(plan));
      });
      apiCpu = cpuUse(cpu0, cpu1, api.cpuSeconds);
      apiMoved = (await versionSum(db)) - moved0;

      // Races: two specialists act on the same fresh dossier at the same instant, with the same version.
      const src = await db.selectFrom('users').selectAll().where('username', '=', 'chuyenvien.donghoi').executeTakeFirstOrThrow();
      const second = await db.insertInto('users').values({
        tenant_id: src.tenant_id, username: 'chuyenvien2.donghoi', password_hash: src.password_hash, full_name: 'Lê Thị Hạnh', kind: 'officer',
      }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('user_roles').values({ tenant_id: src.tenant_id, user_id: second.id, role: 'specialist', unit_id: unit.id }).execute();
      const rivals = [specialist!, await login(base, 'chuyenvien2.donghoi', demoAccounts().find((a) => a.username === 'chuyenvien.donghoi')!.password)];
      const raceClones = `generate_series(1, ${RACES}) g`;
      const raceId = (g: string) => `('00000000-0000-4000-9000-' || lpad(${g}::text, 12, '0'))::uuid`;
      await cloneRows(db, 'dossiers', `dossiers r, ${raceClones} WHERE r.id = ${tpl}`, { id: raceId('g'), code: `'RACE-' || lpad(g::text, 6, '0')` });
      await cloneRows(db, 'dossier_tasks', `dossier_tasks r, ${raceClones} WHERE r.dossier_id = ${tpl}`, { id: 'gen_random_uuid()', dossier_id: raceId('g') });
      const raceIds = (await sql<{ id: string }>`SELECT id FROM dossiers WHERE code LIKE 'RACE-%' ORDER BY code`.execute(db)).rows.map((r) => r.id);
      const outcomes = new Map<string, number>();
      for (const rid of raceIds) {
        const pair = await Promise.all([
          fetch(`${base}/api/v1/dossiers/${rid}/actions/advance`, {
            method: 'POST', headers: { 'content-type': 'application/json', cookie: rivals[0]!.cookie, 'x-csrf-token': rivals[0]!.csrfToken },
            body: JSON.stringify({ version: acceptedDossier.version }),
          }).then(async (r) => `${r.status}${r.status === 409 ? ` ${((await r.json()) as { code: string }).code}` : ''}`),
          fetch(`${base}/api/v1/dossiers/${rid}/actions/request_supplement`, {
            method: 'POST', headers: { 'content-type': 'application/json', cookie: rivals[1]!.cookie, 'x-csrf-token': rivals[1]!.csrfToken },
            body: JSON.stringify({ version: acceptedDossier.version, comment: 'Bổ sung giấy tờ' }),
          }).then(async (r) => `${r.status}${r.status === 409 ? ` ${((await r.json()) as { code: string }).code}` : ''}`),
        ]);
        const key = pair.sort().join(' + ');
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      races = Object.fromEntries(outcomes);
    } finally {
      await app.close();
    }

    // The same transaction straight from pgbench, the server stopped, on the same database.
    const bin = pgbenchPath();
    let pgbench: (Awaited<ReturnType<typeof runPgbench>> & { cpu: CpuUse; moved: number; version: string }) | null = null;
    if (bin) {
      const version = await new Promise<string>((r) => execFile(bin, ['--version'], (_e, out) => r(String(out).trim())));
      const moved0 = await versionSum(db);
      const cpu0 = cpuSnapshot();
      const run = await runPgbench(bin, url, { per: String(Math.floor(dossiers / CLIENTS)), tenant: unit.tenant_id, unit: unit.id, officer: officerId }, CLIENTS, seconds, dir);
      const cpu = cpuUse(cpu0, cpuSnapshot());
      pgbench = { ...run, cpu, moved: (await versionSum(db)) - moved0, version };
    }
    return {
      clients: CLIENTS, seconds, dossiers, api: { ...api, cpu: apiCpu, moved: apiMoved }, pgbench, pgbenchBin: bin, races,
      ratio: pgbench ? api.perSecond / pgbench.tps : null,
    };
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (cores: number, perSecond: number) => `${((cores / perSecond) * 1000).toFixed(1)} ms`;

/** Runs both and prints the figures (for `npm run bench` and `npx tsx bench/workflow.ts`). */
export async function printWorkflowBench() {
  const cpus = os.cpus();
  const bpmnVersion = (JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.resolve('bpmn-engine'))), '..', 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`workflow: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown CPU'}), Node ${process.version}; the server, PostgreSQL and the load generators share them.\n` +
    `  engine: whole processes of 5 sequential steps, in process on one core: ours = decide() (server/modules/workflow/engine.ts) from the\n` +
    `    accepted state, each decision applied to the snapshot; bpmn-engine ${bpmnVersion} = start → 5 userTasks → end, each signalled as it waits.\n` +
    `  API: POST /api/v1/dossiers/{id}/actions/advance on accepted dossiers (5 steps each, then the next dossier), ${CLIENTS} concurrent clients in\n` +
    `    a separate process, pool ${CLIENTS}; pgbench: the SQL of the same action (one transaction: the row locked, read with its tasks, written), ${CLIENTS} clients,\n` +
    `    same duration, same database (embedded PostgreSQL, fsync off). CPU: average cores busy, per process group (Linux /proc).`);

  const e = await benchEngines();
  console.log(`workflow engine: ours ${fmt(e.ours.perSecond)} processes/s (${fmt(e.ours.transitionsPerSecond)} transitions/s) vs bpmn-engine ` +
    `${fmt(e.bpmnParsed.perSecond)} processes/s (${fmt(e.bpmnParsed.transitionsPerSecond)} transitions/s, XML parsed once; ${fmt(e.bpmnXml.perSecond)}/s parsing it ` +
    `for each process): ${fmt(e.ratio)}× the faster (${fmt(e.ours.processes)} vs ${fmt(e.bpmnParsed.processes)} processes in ${e.rounds} alternating rounds` +
    `${e.cpu ? `, others on the machine meanwhile ${Math.max(0, e.cpu.other).toFixed(2)} cores` : ''}; goal ≥ 100×)` +
    (e.ours.bad + e.bpmnParsed.bad + e.bpmnXml.bad ? ` — ${e.ours.bad + e.bpmnParsed.bad + e.bpmnXml.bad} processes did not end as expected` : ''));

  const a = await benchActions();
  const api = a.api;
  console.log(`workflow API: ${fmt(api.perSecond)} advance actions/s (p50 ${api.p50.toFixed(1)} ms, p95 ${api.p95.toFixed(1)} ms; ${fmt(api.actions)} actions ` +
    `in ${api.seconds.toFixed(1)} s, ${api.errors} errors, ${fmt(api.dossiersDone)} dossiers to the result)` +
    (api.errors ? ` — first error: ${api.firstError}` : '') + (api.ranOut ? ' — ran out of dossiers: raise `dossiers`' : '') +
    (api.moved !== api.actions ? ` — dossier versions moved ${api.moved}, not ${api.actions}` : ''));
  if (a.pgbench) {
    const p = a.pgbench;
    console.log(`workflow pgbench: ${fmt(p.tps)} transactions/s of the same SQL (latency ${p.latencyMs.toFixed(1)} ms, ${fmt(p.transactions)} transactions, ` +
      `${p.failed} failed; ${p.version}) → API/pgbench ${a.ratio!.toFixed(2)} (goal ≥ 0.5)` +
      (p.moved !== p.transactions ? ` — dossier versions moved ${p.moved}, not ${p.transactions}` : ''));
  } else {
    console.log('workflow pgbench: skipped — pgbench not found (PATH, /usr/lib/postgresql/*/bin); on Debian 12 it comes with `apt-get install postgresql-15`');
  }
  const wins = a.races['200 + 409 stale_version'] ?? 0;
  console.log(`workflow races: ${fmt(wins)} of ${fmt(RACES)} races of two specialists on a fresh dossier (advance and request_supplement, same version, ` +
    `at once) ended with one 200 and one 409 stale_version (goal: all)` + (wins === RACES ? '' : ` — outcomes: ${JSON.stringify(a.races)}`));
  if (api.cpu) {
    const c = api.cpu;
    console.log(`  CPU per API action: server ${ms(c.server, api.perSecond)}, PostgreSQL ${ms(c.postgres, api.perSecond)}, load generator ${ms(c.load, api.perSecond)} ` +
      `(cores busy: server ${c.server.toFixed(2)}, PostgreSQL ${c.postgres.toFixed(2)}, load ${c.load.toFixed(2)}, others on the machine ${Math.max(0, c.other).toFixed(2)})`);
  }
  if (a.pgbench?.cpu) {
    const c = a.pgbench.cpu;
    console.log(`  CPU per pgbench transaction: PostgreSQL ${ms(c.postgres, a.pgbench.tps)}, pgbench ${ms(c.load, a.pgbench.tps)} ` +
      `(cores busy: PostgreSQL ${c.postgres.toFixed(2)}, pgbench ${c.load.toFixed(2)}, others on the machine ${Math.max(0, c.other).toFixed(2)})`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await printWorkflowBench();
  process.exit(0);
}
