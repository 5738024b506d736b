import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/global-setup';
import { loadConfig } from '../config';
import { buildApp } from '../app';
import { localStorage } from '../platform/storage';
import { createCalendarProvider } from '../modules/calendar/provider';
import { openDatabase } from './connect';
import { EmbeddedStartError, runningPostmaster, startEmbeddedPostgres } from './embedded';

// The embedded PostgreSQL as an operator meets it: a private folder, a server left running by a killed
// process, a crash under a running server, an older data folder, and a start that fails.

const isRoot = process.getuid?.() === 0;
const made: string[] = [];
/** A data folder inside a private (mode 700) parent, like a checkout in /root. */
function privateDir(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-private-'));
  fs.chmodSync(parent, 0o700);
  made.push(parent);
  return path.join(parent, 'data');
}
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

async function query<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('embedded PostgreSQL', () => {
  it.runIf(isRoot)('runs as root in a folder only root can enter, and the files stay root\'s', async () => {
    const dir = path.join(privateDir(), 'pg');
    const s = await startEmbeddedPostgres({ dir, port: await freePort(), password: 'p1', fast: true });
    try {
      expect((await query<{ one: number }>(`${s.baseUrl}/postgres`, 'SELECT 1 AS one'))[0]!.one).toBe(1);
      expect(fs.statSync(path.join(dir, 'PG_VERSION')).uid).toBe(0);
      expect(fs.statSync(path.dirname(path.dirname(dir))).mode & 0o777).toBe(0o700);
    } finally {
      await s.stop();
    }
  });

  it('stops a server left running on its folder, then starts its own', async () => {
    const dir = path.join(privateDir(), 'pg');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dir, port, password: 'p2', fast: true });
    expect(runningPostmaster(dir)?.pid).toBe(first.pid);
    // As after `kill -9` of the MotCua process: the old postmaster still holds the folder.
    const second = await startEmbeddedPostgres({ dir, port, password: 'p2', fast: true });
    try {
      const e = await first.exited;
      expect(e.expected).toBe(false);
      expect(runningPostmaster(dir)?.pid).toBe(second.pid);
      expect((await query<{ one: number }>(`${second.baseUrl}/postgres`, 'SELECT 1 AS one'))[0]!.one).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('says in PostgreSQL\'s own words why it does not start', async () => {
    const dir = path.join(privateDir(), 'pg');
    const port = await freePort();
    const s = await startEmbeddedPostgres({ dir, port, password: 'p3', fast: true });
    await s.stop();
    fs.appendFileSync(path.join(dir, 'postgresql.conf'), '\nshared_buffers = lots\n');
    const err = await startEmbeddedPostgres({ dir, port, password: 'p3', fast: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedStartError);
    expect(String((err as Error).message)).toMatch(/shared_buffers/);
    expect(String((err as Error).message)).toMatch(/PostgreSQL said/);
  });

  it('upgrades an older data folder: random passwords, the application as a non-superuser owner', async () => {
    const dataDir = privateDir();
    const port = await freePort();
    // The cluster as MotCua made it before: the shared password, tables owned by the superuser.
    const old = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), port, password: 'motcua-embedded', fast: true });
    await query(`${old.baseUrl}/postgres`, 'CREATE DATABASE motcua');
    await query(`${old.baseUrl}/motcua`, 'CREATE TABLE legacy_thing (id int)');
    await old.stop();

    const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) });
    const database = await openDatabase(config, { role: 'server' });
    try {
      const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as { superuser: string; app: string };
      expect(fs.statSync(path.join(dataDir, 'postgres-credentials.json')).mode & 0o777).toBe(0o600);
      expect(creds.superuser).not.toBe('motcua-embedded');
      // The shared password no longer opens it.
      await expect(query(`postgres://postgres:motcua-embedded@127.0.0.1:${port}/postgres`, 'SELECT 1')).rejects.toThrow(/password/);
      const me = await sql<{ user: string; rolsuper: boolean }>`SELECT current_user AS user, r.rolsuper FROM pg_roles r WHERE r.rolname = current_user`.execute(database.db);
      expect(me.rows[0]).toEqual({ user: 'motcua', rolsuper: false });
      const owners = await sql<{ owner: string }>`SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`.execute(database.db);
      expect(owners.rows.map((r) => r.owner)).toEqual(['motcua']);
      // Migrations ran as that role (extensions included).
      expect((await database.db.selectFrom('tenants').select('id').execute())).toEqual([]);
    } finally {
      await database.close();
    }
    expect(runningPostmaster(path.join(dataDir, 'postgres'))).toBeNull();
    expect(fs.existsSync(path.join(dataDir, 'motcua.lock'))).toBe(false);
  });

  it('answers 503 while PostgreSQL is down under a running server, restarts it, and recovers by itself', async () => {
    const dataDir = privateDir();
    const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), WEB_DIR: '/nonexistent' });
    const database = await openDatabase(config, { role: 'server' });
    const app = await buildApp({
      config, db: database.db, storage: localStorage(path.join(dataDir, 'files')), calendar: await createCalendarProvider(database.db),
      now: Date.now, databaseDown: database.isDown,
    }, { logger: false });
    try {
      expect((await app.inject('/readyz')).statusCode).toBe(200);
      // A second server on the same folder is refused while this one runs.
      await expect(openDatabase(config, { role: 'server' })).rejects.toThrow(/Another MotCua process/);
      const pid = runningPostmaster(path.join(dataDir, 'postgres'))!.pid;
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => database.isDown(), { timeout: 10_000 }).toBe(true);
      const during = await app.inject('/api/v1/units');
      expect(during.statusCode).toBe(503);
      expect(during.headers['content-type']).toMatch(/problem\+json/);
      expect(during.json()).toMatchObject({ code: 'database_unavailable' });
      expect(during.headers['retry-after']).toBe('5');
      expect((await app.inject('/healthz')).statusCode).toBe(200); // alive, not ready
      const until = Date.now() + 60_000;
      let ready = 0;
      while (Date.now() < until && ready !== 200) {
        await new Promise((r) => setTimeout(r, 250));
        ready = (await app.inject('/readyz')).statusCode;
      }
      expect(ready).toBe(200);
      expect(runningPostmaster(path.join(dataDir, 'postgres'))!.pid).not.toBe(pid);
      expect((await app.inject('/api/v1/units')).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
