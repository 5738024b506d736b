import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { APP_DATABASE, dataDirOwner, embeddedCredentials, ensureAppRole, openDatabase } from '../db/connect';
import { withDatabase } from '../db/embedded';
import { backup, databaseIsEmpty, restore } from '../ops/backup';
import { createAdmin, readPassword } from '../ops/admin';
import { seedIfEmpty } from '../seed';
import { resetTotp } from '../modules/accounts/totp';
import pg from 'pg';
import { loadMasterKey, secretBox } from '../platform/secrets';

// `npm run motcua -- <command>`: operator tasks that do not need the HTTP server.
const USAGE = `Usage: npm run motcua -- <command> [options]

  migrate                 apply pending database migrations
  seed                    load the demo province (public demo passwords!) into an empty database
  create-admin            create an administrator (and, on an empty database, the tenant and its
                          top unit); the password is asked for, or read from standard input
      --username NAME  --full-name "…"  [--email …]
      on an empty database also: --tenant-code QTR --tenant-name "Tỉnh …"
        --unit-code UBND-TINH --unit-name "Ủy ban nhân dân tỉnh …" --agency-code H45
  reset-totp USERNAME     remove an account's two-step verification (an administrator's lost phone);
                          they set it up again at the next sign-in
  backup FILE             write the database and the uploaded files to FILE (.tar.gz); safe while
                          the server runs
  restore FILE [--force]  replace the database and files with those in FILE; the server must be
                          stopped; --force to overwrite a database that has data

Settings come from the environment as for the server (DATA_DIR, DATABASE_URL, SECRET_KEY…).`;

// PostgreSQL's routine lines (started, ready, shut down) are noise in a command's output; its warnings are not.
const log = (m: string) => {
  if (!m.startsWith('postgres: ') || /\b(WARNING|ERROR|FATAL|PANIC):/.test(m)) console.log(`motcua: ${m}`);
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const filesDir = path.join(config.dataDir, 'files');

  switch (cmd) {
    case 'migrate':
    case 'seed': {
      const database = await openDatabase(config, { role: 'command', log });
      try {
        if (cmd === 'migrate') log('migrations applied');
        else {
          const r = await seedIfEmpty(database.db, secretBox(loadMasterKey(config.secretKey, config.dataDir)));
          log(r ? `seeded: ${JSON.stringify(r)}` : 'the database already has data: nothing seeded');
        }
      } finally {
        await database.close();
      }
      return 0;
    }

    case 'create-admin': {
      const { values } = parseArgs({
        args: rest, options: {
          username: { type: 'string' }, 'full-name': { type: 'string' }, email: { type: 'string' },
          'tenant-code': { type: 'string' }, 'tenant-name': { type: 'string' }, 'unit-code': { type: 'string' },
          'unit-name': { type: 'string' }, 'agency-code': { type: 'string' },
        },
      });
      if (!values.username || !values['full-name']) {
        console.error('create-admin needs --username and --full-name (see npm run motcua -- help)');
        return 2;
      }
      const password = await readPassword(`Mật khẩu cho ${values.username} / password: `);
      const database = await openDatabase(config, { role: 'command', log });
      try {
        const r = await createAdmin(database.db, {
          username: values.username, fullName: values['full-name'], email: values.email ?? null, password,
          tenant: values['tenant-code'] ? { code: values['tenant-code'], name: values['tenant-name'] ?? '' } : null,
          unit: values['unit-code'] ? { code: values['unit-code'], name: values['unit-name'] ?? '', agencyCode: values['agency-code'] ?? '' } : null,
        });
        log(`administrator ${r.username} created at ${r.unitName}${r.createdTenant ? ` (new tenant ${r.tenantName})` : ''}`);
        log('at the first sign-in the administrator sets up two-step verification (TOTP).');
      } finally {
        await database.close();
      }
      return 0;
    }

    case 'reset-totp': {
      const username = rest[0];
      if (!username) {
        console.error('reset-totp needs a username: npm run motcua -- reset-totp USERNAME');
        return 2;
      }
      const database = await openDatabase(config, { role: 'command', log });
      try {
        if (!(await resetTotp(database.db, username))) {
          console.error(`No account named ${username}.`);
          return 1;
        }
        log(`two-step verification of ${username} removed (audited); it is set up again at the next sign-in`);
      } finally {
        await database.close();
      }
      return 0;
    }

    case 'backup': {
      const file = rest[0];
      if (!file) {
        console.error('backup needs a file name: npm run motcua -- backup /path/motcua-YYYYMMDD.tar.gz');
        return 2;
      }
      const database = await openDatabase(config, { role: 'command', migrate: false, log });
      try {
        const m = await backup({ url: database.url, filesDir, outFile: file, secretKey: loadMasterKey(config.secretKey, config.dataDir), log });
        const rows = m.tables.reduce((n, t) => n + t.rows, 0);
        log(`backup written to ${path.resolve(file)}: ${m.tables.length} tables, ${rows} rows, ${m.files.count} files (${m.files.bytes} bytes), schema ${m.migration}`);
        log('keep the master key (SECRET_KEY, or DATA_DIR/secret.key) apart from backups: certificates in them are sealed with it.');
        if (m.files.missing.length) log(`warning: ${m.files.missing.length} referenced files were missing`);
      } finally {
        await database.close();
      }
      return 0;
    }

    case 'restore': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: 'boolean' } } });
      const file = positionals[0];
      if (!file) {
        console.error('restore needs the backup file: npm run motcua -- restore FILE [--force]');
        return 2;
      }
      if (!config.databaseUrl) {
        const owner = dataDirOwner(config.dataDir);
        if (owner) {
          console.error(`MotCua (pid ${owner.pid}, ${owner.role}) is running on ${config.dataDir}: stop it before restoring.`);
          return 1;
        }
      }
      const database = await openDatabase(config, { role: 'command', migrate: false, log });
      try {
        if (!values.force && !(await databaseIsEmpty(database.url))) {
          console.error('The database has data. Restoring replaces all of it: run again with --force if that is what you want.');
          return 1;
        }
        if (database.adminUrl) {
          // Embedded: a new, empty database owned by the application role.
          const c = new pg.Client({ connectionString: withDatabase(database.adminUrl, 'postgres') });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(APP_DATABASE)} WITH (FORCE)`);
          await c.end();
          await ensureAppRole(database.adminUrl, embeddedCredentials(config.dataDir).app);
        }
        const r = await restore({ url: database.url, filesDir, file, secretKey: loadMasterKey(config.secretKey, config.dataDir), log });
        const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
        log(`restored ${rows} rows in ${r.manifest.tables.length} tables and ${r.manifest.files.count} files from the backup of ${r.manifest.createdAt}`);
        for (const ch of r.auditChains) log(`audit chain ${ch.chainId}: ${ch.entries} entries, ${ch.ok ? 'intact' : 'BROKEN'}`);
        return r.auditChains.every((c) => c.ok) ? 0 : 1;
      } finally {
        await database.close();
      }
    }

    default:
      console.error(`Unknown command "${cmd}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code)).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Cấu hình không hợp lệ / invalid configuration: ${err.message}`);
  else console.error(`motcua: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
