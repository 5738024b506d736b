import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db/client';
import { localStorage } from '../server/platform/storage';
import { createCalendarProvider } from '../server/modules/calendar/provider';

// A second MotCua process on an existing database, for tests that need several processes at once.
// Prints "LISTENING <url>" when ready.
async function main() {
  const config = loadConfig();
  const db = createDb(config.databaseUrl!);
  const app = await buildApp({
    config, db, storage: localStorage(path.join(os.tmpdir(), `motcua-serve-${process.pid}`)), calendar: await createCalendarProvider(db), now: Date.now,
  }, { logger: false });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`);
  process.on('SIGTERM', () => { void app.close().then(() => db.destroy()).then(() => process.exit(0)); });
}
main().catch((err) => { console.error(err); process.exit(1); });
