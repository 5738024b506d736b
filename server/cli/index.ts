import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { seedIfEmpty } from '../seed';
import { loadMasterKey, secretBox } from '../platform/secrets';

// `npm run motcua -- <command>`: operator tasks that do not need the HTTP server.
const USAGE = `Usage: npm run motcua -- <command>
  migrate   apply pending database migrations
  seed      load the demo province into an empty database`;

async function main(cmd: string | undefined) {
  if (cmd !== 'migrate' && cmd !== 'seed') {
    console.log(USAGE);
    process.exit(cmd ? 2 : 0);
  }
  const config = loadConfig();
  const database = await openDatabase(config); // migrates
  try {
    if (cmd === 'migrate') console.log('migrations applied');
    if (cmd === 'seed') {
      const r = await seedIfEmpty(database.db, secretBox(loadMasterKey(config.secretKey, config.dataDir)));
      console.log(r ? `seeded: ${JSON.stringify(r)}` : 'database already has data: nothing seeded');
    }
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
