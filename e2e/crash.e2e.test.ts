import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../test/global-setup';
import { httpLogin, httpRequest, type HttpClient } from '../test/http-client';
import { serverOutputOnFailure, startServerProcess, type ServerProcess } from '../test/server-process';

// The crash test: citizens submit dossiers without pause while PostgreSQL is killed with SIGKILL under
// the running server, and then the server process itself is killed and started again as an operator
// would (`npm start` on the same data folder). Every dossier the server acknowledged (201) must be there
// afterwards, codes unique and gap-free per unit and day, and the server must recover by itself.
// Run alone: `npx vitest run e2e/crash.e2e.test.ts` (after `npm run build`).

const PHASE_MS = 4_000;
const WORKERS = 6;

let server: ServerProcess | undefined;
const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-crash-')), 'data');
afterEach(serverOutputOnFailure(() => server));
afterAll(async () => {
  await server?.stop();
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
}, 60_000);

const birthForm = {
  hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha',
  hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-03-01', noiSinh: 'Bệnh viện Đồng Hới',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilReady(base: string, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status === 200, () => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error('the server did not become ready again');
}

describe('crashes under load', () => {
  it('keeps every acknowledged dossier through kill -9 of PostgreSQL and of the server', async () => {
    const env = {
      DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()),
      SECRET_KEY: randomBytes(32).toString('hex'), LOOKUP_RATE_LIMIT: '100000',
    };
    server = await startServerProcess({ env });
    const base = server.base;
    const citizens: HttpClient[] = [await httpLogin(base, 'congdan'), await httpLogin(base, 'congdan2')];
    const proc = (await httpRequest(base, '/api/v1/procedures/1.001193')).json() as { units: { id: string; code: string }[] };
    const unitId = proc.units.find((u) => u.code === 'P-DONGHOI')!.id;

    const acknowledged = new Map<string, { code: string; owner: number }>();
    const failures = new Map<string, number>();
    let stop = false;
    const worker = async (w: number) => {
      const owner = w % citizens.length;
      while (!stop) {
        try {
          const res = await citizens[owner]!.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId, formData: birthForm });
          if (res.statusCode === 201) {
            const d = res.json() as { id: string; code: string };
            acknowledged.set(d.id, { code: d.code, owner });
          } else {
            failures.set(String(res.statusCode), (failures.get(String(res.statusCode)) ?? 0) + 1);
            await sleep(50);
          }
        } catch {
          failures.set('connection', (failures.get('connection') ?? 0) + 1); // the server is down
          await sleep(100);
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    try {
      await sleep(PHASE_MS);
      const beforePgKill = acknowledged.size;

      // 1. PostgreSQL dies under the running server.
      const pgPid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pgPid, 'SIGKILL');
      await sleep(1_000);
      await untilReady(base);
      await sleep(PHASE_MS);
      expect(acknowledged.size).toBeGreaterThan(beforePgKill);
      const beforeServerKill = acknowledged.size;

      // 2. The server process dies; its PostgreSQL is left behind. The operator starts it again.
      process.kill(server.pid, 'SIGKILL');
      await sleep(500);
      server = await startServerProcess({ env });
      await untilReady(base);
      await sleep(PHASE_MS);
      expect(acknowledged.size).toBeGreaterThan(beforeServerKill);
    } finally {
      stop = true;
      await Promise.all(workers);
    }
    console.log(`crash test: ${acknowledged.size} dossiers acknowledged; refused or unanswered: ${JSON.stringify(Object.fromEntries(failures))}`);
    // The outages were real: some requests were refused while the database or the server was down.
    expect((failures.get('503') ?? 0) + (failures.get('connection') ?? 0)).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThan(30);

    // Every acknowledged dossier is there, with the code it was acknowledged with.
    for (const [id, { code, owner }] of acknowledged) {
      const res = await citizens[owner]!.get(`/api/v1/dossiers/${id}`);
      expect(res.statusCode, `dossier ${code}`).toBe(200);
      expect(res.json().code).toBe(code);
    }
    // Codes are unique and gap-free per unit and day, across every restart.
    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as { app: string };
    const c = new pg.Client({ connectionString: `postgres://motcua:${encodeURIComponent(creds.app)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/motcua` });
    await c.connect();
    try {
      const { rows } = await c.query<{ seq: number[] }>(`
        SELECT array_agg(split_part(code, '-', 3)::int ORDER BY split_part(code, '-', 3)::int) AS seq
          FROM dossiers WHERE code IS NOT NULL AND origin_dossier_id IS NULL
         GROUP BY unit_id, split_part(code, '-', 2)`);
      for (const r of rows) expect(r.seq).toEqual(r.seq.map((_, i) => i + 1));
      const codes = [...acknowledged.values()].map((a) => a.code);
      expect(new Set(codes).size).toBe(codes.length);
    } finally {
      await c.end();
    }
  }, 300_000);
});
