import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { createDb, migrateToLatest } from '../server/db/client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '../server/db/embedded';
import { seedIfEmpty } from '../server/seed';
import { secretBox } from '../server/platform/secrets';

declare module 'vitest' {
  export interface ProvidedContext {
    pgBaseUrl: string;
    templateDb: string;
    /** The master key (hex) that sealed the template's demo certificates: test apps must use it to sign. */
    secretKey: string;
    /** Part of the name of every database this run creates (test files run in other processes). */
    runId: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * One PostgreSQL per test run: the embedded server (fsync off) or the server of DATABASE_URL.
 * A template database is migrated and seeded once; each test file clones it. The seed seals the demo
 * units' signing certificates with a master key made for this run, provided as `secretKey`.
 */
export default async function setup(project: TestProject) {
  // Specs that start the server as `npm start` does run dist/server: compile it from the sources under test
  // (well under a second), so a spec never meets a stale bundle. The web app is built by `npm test`.
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'inherit' });
  let baseUrl: string;
  let stop: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (process.env.DATABASE_URL) {
    baseUrl = withDatabase(process.env.DATABASE_URL, '').replace(/\/$/, '');
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-test-pg-'));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'motcua-test', ephemeral: true, fast: true });
    baseUrl = server.baseUrl;
    stop = server.stop;
  }
  // Every database of this run is named motcua_t…_<runId>_…: the teardown drops them on an external server.
  const runId = String(process.pid);
  const templateDb = `motcua_tpl_${runId}`;
  await ensureDatabase(baseUrl, templateDb);
  const db = createDb(withDatabase(baseUrl, templateDb), 2);
  await migrateToLatest(db);
  const secretKey = randomBytes(32).toString('hex');
  await seedIfEmpty(db, secretBox(Buffer.from(secretKey, 'hex')));
  await db.destroy();
  project.provide('pgBaseUrl', baseUrl);
  project.provide('templateDb', templateDb);
  project.provide('secretKey', secretKey);
  project.provide('runId', runId);

  return async () => {
    if (stop) {
      await stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: withDatabase(baseUrl, 'postgres') });
      await c.connect();
      const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'motcua\\_t%\\_${runId}\\_%' OR datname = $1`, [templateDb]);
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      await c.end();
    }
  };
}
