import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/connect';
import { EmbeddedStartError } from './db/embedded';
import { buildApp } from './app';
import { runDueTimers } from './modules/dossiers/service';
import { localStorage } from './platform/storage';
import { createCalendarProvider } from './modules/calendar/provider';
import { seedIfEmpty } from './seed';
import { loadMasterKey, secretBox } from './platform/secrets';

// Process entry: config → database (embedded or URL) → migrate → seed → app → listen.
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cấu hình không hợp lệ / invalid configuration: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  console.log(config.databaseUrl ? 'MotCua: connecting to DATABASE_URL' : `MotCua: starting embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')}`);
  const database = await openDatabase(config, { role: 'server', log: (m) => console.log(`MotCua: ${m}`) });
  const secrets = secretBox(loadMasterKey(config.secretKey, config.dataDir));
  if (config.seedDemo) {
    const seeded = await seedIfEmpty(database.db, secrets);
    if (seeded) console.log(`MotCua: seeded demo province (${seeded.units} units, ${seeded.procedures} procedures, ${seeded.users} accounts, ${seeded.certificates} demo signing certificates)`);
  } else if (!(await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst())) {
    console.log('MotCua: the database has no accounts yet. Create the first administrator: npm run motcua -- create-admin --help');
  }
  const storage = localStorage(path.join(config.dataDir, 'files'));
  const calendar = await createCalendarProvider(database.db);
  const app = await buildApp({ config, db: database.db, storage, calendar, secrets, now: Date.now, databaseDown: database.isDown });
  // Timers are rows (open tasks with a due date): every process polls; SKIP LOCKED keeps them apart.
  let timerRun: Promise<unknown> = Promise.resolve();
  const timers = setInterval(() => {
    timerRun = app.metrics.observeTimerRun(() => runDueTimers({ db: database.db, calendar, storage, now: Date.now }))
      .catch((err) => app.log.error({ err }, 'workflow timers failed'));
  }, 60_000);
  timers.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(timers);
    await timerRun;
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(`MotCua: http://localhost:${config.port}  (API docs: /api/docs)`);
}

main().catch((err) => {
  // What failed, in its own words (PostgreSQL's included): never a bare "undefined".
  console.error(`MotCua could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && !(err instanceof EmbeddedStartError) && err.stack) console.error(err.stack);
  process.exit(1);
});
