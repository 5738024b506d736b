import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config';
import { createDb, type Db, migrateToLatest } from './client';
import { EmbeddedStartError, type EmbeddedServer, ensureDatabase, runningPostmaster, startEmbeddedPostgres, withDatabase } from './embedded';

// Opening the database: DATABASE_URL as given, or the embedded PostgreSQL in DATA_DIR/postgres, kept
// alive for as long as the process runs. For the embedded one this module also keeps
// - the passwords: random per data folder, in DATA_DIR/postgres-credentials.json (mode 600);
// - the roles: the application connects as `motcua`, which owns its database and schema and is not
//   a superuser; the superuser `postgres` only creates roles and databases;
// - the data folder to one owner: DATA_DIR/motcua.lock names the process that runs the cluster, so a
//   second server refuses to start and an operator command (backup) uses the running one;
// - the supervision: when PostgreSQL dies under a running server, it is started again with a growing
//   pause; meanwhile requests answer 503 (platform/errors.ts) and /readyz says not ready.

export interface Database {
  db: Db;
  /** Connection URL of the application role. */
  url: string;
  /** Superuser URL without a database (embedded only): for operator commands. */
  adminUrl?: string;
  /** True while the database is known to be down (embedded: between a crash and the restart). */
  isDown(): boolean;
  close(): Promise<void>;
}

export const APP_ROLE = 'motcua';
export const APP_DATABASE = 'motcua';
/** The superuser password every embedded cluster had before passwords became per data folder. */
const LEGACY_PASSWORD = 'motcua-embedded';

interface Credentials { superuser: string; app: string }

/** The embedded cluster's passwords, created once per data folder (owner-only file). */
export function embeddedCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'postgres-credentials.json');
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (typeof c.superuser === 'string' && typeof c.app === 'string') return { superuser: c.superuser, app: c.app };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is unreadable: ${(err as Error).message}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const c: Credentials = { superuser: randomBytes(24).toString('base64url'), app: randomBytes(24).toString('base64url') };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(c), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return c;
}

interface LockInfo { pid: number; role: string; startedAt: string }

/** The process named in DATA_DIR/motcua.lock while it is alive. */
export function dataDirOwner(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'motcua.lock'), 'utf8')) as LockInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

/** Takes DATA_DIR/motcua.lock for this process, or throws naming the live owner. */
function takeLock(dataDir: string, role: string): () => void {
  const file = path.join(dataDir, 'motcua.lock');
  fs.mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, role, startedAt: new Date().toISOString() }), { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if ((JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo).pid === process.pid) fs.rmSync(file);
        } catch { /* already gone */ }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = dataDirOwner(dataDir);
      if (owner) {
        throw new EmbeddedStartError(`Another MotCua process (pid ${owner.pid}, ${owner.role}, since ${owner.startedAt}) is using ${dataDir}. `
          + 'Stop it first, or give this one another DATA_DIR.', '');
      }
      fs.rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new Error(`Could not take ${file}`);
}

/**
 * Gives the application its own role and database on a cluster where we hold the superuser: creates
 * them, keeps the role's password equal to ours, and hands over what an older MotCua created as the
 * superuser (database, schema, tables, sequences, functions) so the application never runs as one.
 */
export async function ensureAppRole(adminUrl: string, appPassword: string): Promise<void> {
  const q = pg.escapeIdentifier;
  const c = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await c.connect();
  try {
    const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE])).rowCount;
    await c.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${q(APP_ROLE)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${pg.escapeLiteral(appPassword)}`);
  } finally {
    await c.end();
  }
  await ensureDatabase(adminUrl, APP_DATABASE, undefined, APP_ROLE);
  const d = new pg.Client({ connectionString: withDatabase(adminUrl, APP_DATABASE) });
  await d.connect();
  try {
    await d.query(`ALTER DATABASE ${q(APP_DATABASE)} OWNER TO ${q(APP_ROLE)}`);
    await d.query(`REVOKE ALL ON DATABASE ${q(APP_DATABASE)} FROM PUBLIC`);
    await d.query(`ALTER SCHEMA public OWNER TO ${q(APP_ROLE)}`);
    // Objects an older version created as the superuser (extension members stay the extension's).
    const { rows } = await d.query<{ kind: string; name: string }>(`
      SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
             format('%I.%I', n.nspname, c.relname) AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND pg_get_userbyid(c.relowner) <> $1
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = c.oid AND dep.deptype = 'e')
         AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = c.oid AND dep.deptype IN ('a', 'i')))
      UNION ALL
      SELECT 'FUNCTION', p.oid::regprocedure::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')`, [APP_ROLE]);
    for (const r of rows) await d.query(`ALTER ${r.kind} ${r.name} OWNER TO ${q(APP_ROLE)}`);
  } finally {
    await d.end();
  }
}

/** Options of `openDatabase`. */
export interface OpenOptions {
  /** Who opens it: a server (owns the embedded cluster) or an operator command (uses a running one). */
  role?: 'server' | 'command';
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Progress and PostgreSQL's own messages. */
  log?: (m: string) => void;
  /** Pool size. */
  poolSize?: number;
}

/**
 * Connects to DATABASE_URL, or runs the embedded PostgreSQL in `dataDir/postgres` (supervised: started
 * again if it dies); then migrates. An operator command on a data folder whose server is running uses
 * that server's cluster instead of starting one.
 */
export async function openDatabase(config: Config, opts: OpenOptions = {}): Promise<Database> {
  const log = opts.log ?? (() => {});
  const poolSize = opts.poolSize ?? 10;
  const onIdleError = (err: Error) => log(`database connection lost, the pool will reconnect: ${err.message}`);
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl, poolSize, onIdleError);
    if (opts.migrate !== false) await migrateToLatest(db);
    return { db, url: config.databaseUrl, isDown: () => false, close: () => db.destroy() };
  }

  const creds = embeddedCredentials(config.dataDir);
  const dir = path.join(config.dataDir, 'postgres');
  const owner = opts.role === 'command' ? dataDirOwner(config.dataDir) : null;
  if (owner) {
    // The running server's cluster: connect to it where its pid file says it listens.
    const running = runningPostmaster(dir);
    if (!running) throw new Error(`MotCua (pid ${owner.pid}) holds ${config.dataDir} but its PostgreSQL is not running; try again in a moment.`);
    const adminUrl = `postgres://postgres:${encodeURIComponent(creds.superuser)}@127.0.0.1:${running.port}`;
    const url = `postgres://${APP_ROLE}:${encodeURIComponent(creds.app)}@127.0.0.1:${running.port}/${APP_DATABASE}`;
    const db = createDb(url, poolSize, onIdleError);
    if (opts.migrate !== false) await migrateToLatest(db);
    return { db, url, adminUrl, isDown: () => false, close: () => db.destroy() };
  }

  const release = takeLock(config.dataDir, opts.role ?? 'server');
  let server: EmbeddedServer;
  const start = () => startEmbeddedPostgres({
    dir, port: config.embeddedPgPort, password: creds.superuser, previousPasswords: [LEGACY_PASSWORD],
    log: (line) => log(`postgres: ${line}`),
  });
  try {
    server = await start();
    await ensureAppRole(server.baseUrl, creds.app);
  } catch (err) {
    release();
    throw err;
  }
  const adminUrl = server.baseUrl;
  const url = `postgres://${APP_ROLE}:${encodeURIComponent(creds.app)}@127.0.0.1:${config.embeddedPgPort}/${APP_DATABASE}`;
  const db = createDb(url, poolSize, onIdleError);

  let closing = false;
  let down = false;
  // Supervision: a PostgreSQL that exits while we did not ask it to is started again.
  const supervise = async () => {
    while (!closing) {
      const e = await server.exited;
      if (closing || e.expected) return;
      down = true;
      log(`embedded PostgreSQL exited unexpectedly (${e.signal ?? `exit ${e.code}`}); starting it again`);
      for (let attempt = 0; !closing; attempt++) {
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
        if (closing) return;
        try {
          server = await start();
          down = false;
          log('embedded PostgreSQL is running again');
          break;
        } catch (err) {
          log(`embedded PostgreSQL did not start again: ${(err as Error).message}`);
        }
      }
    }
  };
  const supervision = supervise();

  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    closing = true;
    await db.destroy();
    await server.stop();
    release();
    throw err;
  }
  return {
    db, url, adminUrl,
    isDown: () => down,
    async close() {
      closing = true;
      await db.destroy();
      await server.stop();
      await supervision;
      release();
    },
  };
}
