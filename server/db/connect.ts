import path from 'node:path';
import type { Config } from '../config';
import { createDb, type Db, migrateToLatest } from './client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from './embedded';

export interface Database {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL in `dataDir/postgres`; then migrates. */
export async function openDatabase(config: Config, log: (m: string) => void = () => {}): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort, log });
    await ensureDatabase(server.baseUrl, 'motcua');
    url = withDatabase(server.baseUrl, 'motcua');
    stopEmbedded = server.stop;
  }
  const db = createDb(url, 10, (err) => console.warn(`MotCua: database connection lost, the pool will reconnect: ${err.message}`));
  await migrateToLatest(db);
  return {
    db, url,
    async close() {
      await db.destroy();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
