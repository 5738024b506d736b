import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './types';
import * as m0001 from './migrations/2026_11_23_0001_init';
import * as m0002 from './migrations/2026_11_23_0002_legal_time';
import * as m0003 from './migrations/2026_11_23_0003_catalog';
import * as m0004 from './migrations/2026_11_23_0004_search';
import * as m0005 from './migrations/2026_11_23_0005_desk';
import * as m0006 from './migrations/2026_11_23_0006_signing';
import * as m0007 from './migrations/2026_11_23_0007_data_store';
import * as m0008 from './migrations/2026_11_23_0008_workflow_graph';
import * as m0009 from './migrations/2026_12_07_0009_audit';
import * as m0010 from './migrations/2026_12_07_0010_accounts_security';
import * as m0011 from './migrations/2026_12_07_0011_identity';

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repository functions take either. */
export type Tx = Transaction<Database> | Db;

// Dates stay ISO strings (no time-zone shift through JS Date); bigint counts become numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);

const pools = new WeakMap<Db, pg.Pool>();

/** Opens a Kysely client on a connection string. */
export function createDb(connectionString: string, max = 10, onIdleError: (err: Error) => void = () => {}): Db {
  // A request must not wait forever for a connection while the database is down: it answers 503.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000 });
  // An idle connection dropped by the server (restart, failover, shutdown) must not crash the process:
  // the pool replaces it on the next query.
  pool.on('error', onIdleError);
  // A connection that is checked out (inside a transaction, between two queries) when the server goes
  // away gets its error as an event with nobody listening, which would end the process. The query in
  // flight fails on its own (503 to the caller); the event only needs a listener.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** The connection pool under a client made by `createDb` (for metrics: total, idle, waiting), if any. */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

const migrations: Record<string, Migration> = {
  '2026_11_23_0001_init': m0001,
  '2026_11_23_0002_legal_time': m0002,
  '2026_11_23_0003_catalog': m0003,
  '2026_11_23_0004_search': m0004,
  '2026_11_23_0005_desk': m0005,
  '2026_11_23_0006_signing': m0006,
  '2026_11_23_0007_data_store': m0007,
  '2026_11_23_0008_workflow_graph': m0008,
  '2026_12_07_0009_audit': m0009,
  '2026_12_07_0010_accounts_security': m0010,
  '2026_12_07_0011_identity': m0011,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Applies migrations up to and including `name` (upgrade tests); throws with the failing migration's error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: new StaticProvider() }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Applies every pending migration; throws with the failing migration's error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
