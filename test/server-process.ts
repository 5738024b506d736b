import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'vitest';
import { freePort } from './global-setup';

// The server exactly as `npm start` runs it: `node dist/server/index.js` in a child process, configured only
// by its environment. Tests that start it talk to it over real HTTP (test/http-client.ts).

const ROOT = path.resolve(import.meta.dirname, '..');
/** The compiled server that `npm start` runs (built by `npm run build`, and by the API tests' global setup). */
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'server', 'index.js');

// Settings the test runner's own environment must not pass on: the child gets exactly what the test gives.
const CONFIG_VARS = ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'EMBEDDED_PG_PORT', 'SEED_DEMO', 'SESSION_HOURS', 'SESSION_IDLE_MINUTES',
  'SECURE_COOKIES', 'TRUST_PROXY', 'LOGIN_LOCK_AFTER', 'LOGIN_LOCK_MAX_MINUTES', 'LOGIN_ADDRESS_LIMIT', 'METRICS_TOKEN',
  'MAX_UPLOAD_MB', 'LOGIN_RATE_LIMIT', 'LOOKUP_RATE_LIMIT', 'LOG_LEVEL', 'WEB_DIR', 'SEARCH_CACHE_SECONDS', 'PUBLIC_URL', 'SECRET_KEY'];
const KEEP_OUTPUT = 256 * 1024;

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  pid: number;
  /** What the process wrote to stdout and stderr (the last 256 KB). */
  output(): string;
  /** SIGTERM and wait for the graceful shutdown (it stops an embedded PostgreSQL too); SIGKILL after 30 s. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** MotCua's environment (PORT is chosen here unless given). Inherited MotCua settings are dropped first. */
  env: Record<string, string>;
  /** Working directory (default: the project folder, as `npm start`). */
  cwd?: string;
  /** How long to wait for `/healthz` (default 180 s: a first start initialises PostgreSQL and seeds). */
  readyTimeoutMs?: number;
}

/**
 * Starts `node dist/server/index.js` with `env` on a free port and resolves once `GET /healthz` answers 200.
 * Rejects with the process's output when it exits or does not answer in time. Lines the server logs at
 * warn or above (and anything that is not a log line) are echoed to the test's stderr as they come.
 */
export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
  const port = Number(opts.env.PORT ?? await freePort());
  const inherited = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => !CONFIG_VARS.includes(k) && !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    // In the test runner's process group: Ctrl-C reaches it too, and it shuts down as it would for a user.
    cwd: opts.cwd ?? ROOT, env: { ...inherited, ...opts.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test file that ends without stop() (a failed beforeAll…) must not leave a server behind.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  let output = '';
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-KEEP_OUTPUT);
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (worthEchoing(line)) process.stderr.write(`[server ${port}] ${line}\n`);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => { gone = true; process.off('exit', orphaned); });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (gone) throw new Error(`the server exited with code ${await exited} before answering /healthz:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within ${opts.readyTimeoutMs ?? 180_000} ms:\n${output}`);
    }
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    base, port, pid: child.pid!,
    output: () => output,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** pino lines at warn (40) or above, and anything that is not a JSON log line (startup messages, crashes). */
function worthEchoing(line: string): boolean {
  if (!line.trim()) return false;
  if (!line.startsWith('{')) return !line.startsWith('MotCua: ');
  try {
    return (JSON.parse(line) as { level?: number }).level! >= 40;
  } catch {
    return true;
  }
}

/**
 * An `afterEach` hook that prints the server's output when the test failed:
 * `afterEach(serverOutputOnFailure(() => server))`.
 */
export function serverOutputOnFailure(server: () => ServerProcess | undefined) {
  return (ctx: TestContext) => {
    const s = server();
    if (s && ctx.task.result?.state === 'fail') {
      process.stderr.write(`\n--- output of the server process on port ${s.port} (test "${ctx.task.name}" failed) ---\n${s.output()}\n--- end ---\n`);
    }
  };
}
