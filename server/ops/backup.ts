import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import { migrateTo, migrateToLatest } from '../db/client';
import { verifyAuditChain } from '../platform/audit';

// Backup and restore of a MotCua installation: the database and the uploaded files together, in one
// file (a gzip'd tar). The database part is a logical copy taken inside one REPEATABLE READ snapshot,
// so it is consistent while the server keeps working; the files part is every file that snapshot
// references (files are written before the row that names them commits and are never changed after,
// so all of them exist), each checked against the SHA-256 the database keeps. Restore rebuilds the
// schema with our own migrations up to the backup's, loads the rows, then runs the newer migrations:
// a backup taken by an older MotCua restores into a newer one. No pg_dump is needed, so it works the
// same on the embedded PostgreSQL and on any server of DATABASE_URL.

export const BACKUP_FORMAT = 'motcua-backup';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  /** The last migration applied in the backed-up database. */
  migration: string;
  tables: { name: string; columns: string[]; rows: number; sha256: string }[];
  files: { count: number; bytes: number; missing: string[] };
  /** First 16 hex digits of SHA-256(master key): restore warns when the target's key differs. */
  secretKeyFingerprint: string | null;
}

/** First 16 hex digits of the master key's SHA-256 (to recognise the key, not to reveal it). */
export const keyFingerprint = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

const q = (name: string) => pg.escapeIdentifier(name);

/** The application's tables (not the migration bookkeeping) and their stored columns, in order. */
async function tablesOf(c: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await c.query<{ table: string; columns: string[] }>(`
    SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'kysely\\_%'
     GROUP BY c.relname ORDER BY c.relname`);
  return rows.map((r) => ({ name: r.table, columns: r.columns }));
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(fs.createReadStream(file), h);
  return h.digest('hex');
}

function safeKey(key: string): string {
  const norm = path.posix.normalize(key);
  if (norm.startsWith('..') || path.isAbsolute(norm) || norm.includes('\0')) throw new Error(`unsafe storage key in backup: ${key}`);
  return norm;
}

/**
 * Writes a backup of the database at `url` and the files it references under `filesDir` to `outFile`.
 * The file appears only when complete (written beside it, then renamed).
 */
export async function backup(opts: {
  url: string; filesDir: string; outFile: string; secretKey: Buffer | null; log?: (m: string) => void;
}): Promise<BackupManifest> {
  const log = opts.log ?? (() => {});
  const out = path.resolve(opts.outFile);
  const stage = `${out}.partial.d`;
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(path.join(stage, 'db'), { recursive: true, mode: 0o700 });
  const c = new pg.Client({ connectionString: opts.url });
  await c.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migration = (await c.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1')).rows[0]?.name;
    if (!migration) throw new Error('The database has no MotCua schema (no migrations applied): nothing to back up.');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), migration, tables: [],
      files: { count: 0, bytes: 0, missing: [] }, secretKeyFingerprint: opts.secretKey ? keyFingerprint(opts.secretKey) : null,
    };
    for (const t of await tablesOf(c)) {
      const file = path.join(stage, 'db', `${t.name}.copy`);
      const hash = createHash('sha256');
      let rows = 0;
      const stream = c.query(copyTo(`COPY (SELECT ${t.columns.map(q).join(', ')} FROM ${q(t.name)}) TO STDOUT`));
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        for (const b of chunk) if (b === 10) rows += 1;
      });
      await pipeline(stream, fs.createWriteStream(file, { mode: 0o600 }));
      manifest.tables.push({ ...t, rows, sha256: hash.digest('hex') });
    }
    // Every file the snapshot references, checked against its recorded hash.
    const { rows: refs } = await c.query<{ key: string; sha256: string }>(
      'SELECT DISTINCT storage_key AS key, sha256 FROM dossier_files UNION SELECT DISTINCT storage_key, sha256 FROM stored_documents');
    await c.query('COMMIT');
    for (const r of refs) {
      const key = safeKey(r.key);
      const src = path.join(opts.filesDir, key);
      const dst = path.join(stage, 'files', key);
      if (!fs.existsSync(src)) {
        manifest.files.missing.push(key);
        continue;
      }
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      if (!fs.existsSync(dst)) {
        try {
          fs.linkSync(src, dst); // no copy when on the same file system
        } catch {
          fs.copyFileSync(src, dst);
        }
      }
      if ((await sha256File(dst)) !== r.sha256) {
        // Signed results are stored once per signature; any other mismatch is damage worth knowing.
        log(`warning: ${key} does not match the SHA-256 recorded in the database`);
      }
      manifest.files.count += 1;
      manifest.files.bytes += fs.statSync(dst).size;
    }
    for (const m of manifest.files.missing) log(`warning: file ${m} is referenced by the database but missing from ${opts.filesDir}`);
    fs.writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    const entries = ['manifest.json', 'db', ...(fs.existsSync(path.join(stage, 'files')) ? ['files'] : [])];
    await tar.create({ gzip: true, file: `${out}.partial`, cwd: stage, portable: true, mode: 0o600 } as tar.TarOptionsWithAliasesAsyncFile, entries);
    fs.chmodSync(`${out}.partial`, 0o600);
    fs.renameSync(`${out}.partial`, out);
    return manifest;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    fs.rmSync(`${out}.partial`, { force: true });
    throw err;
  } finally {
    await c.end();
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Reads and checks a backup's manifest and parts; returns the folder it was unpacked into. */
async function unpack(file: string): Promise<{ dir: string; manifest: BackupManifest }> {
  const dir = fs.mkdtempSync(path.join(path.dirname(path.resolve(file)), '.motcua-restore-'));
  fs.chmodSync(dir, 0o700);
  await tar.extract({ file, cwd: dir, strict: true, preservePaths: false });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== 1) throw new Error(`${file} is not a MotCua backup (format ${manifest.format}).`);
  for (const t of manifest.tables) {
    const got = await sha256File(path.join(dir, 'db', `${t.name}.copy`));
    if (got !== t.sha256) throw new Error(`${file} is damaged: the data of table ${t.name} does not match its checksum.`);
  }
  return { dir, manifest };
}

/** True when the database at `url` has no table of ours with a row in it. */
export async function databaseIsEmpty(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const t of await tablesOf(c)) {
      if ((await c.query(`SELECT 1 FROM ${q(t.name)} LIMIT 1`)).rowCount) return false;
    }
    return true;
  } finally {
    await c.end();
  }
}

/**
 * Restores a backup into the database at `url` (its schema is dropped and rebuilt: the caller has made
 * sure this is wanted) and the files into `filesDir`. Returns the manifest and the audit chains' verdicts.
 */
export async function restore(opts: {
  url: string; filesDir: string; file: string; secretKey: Buffer | null; log?: (m: string) => void;
}): Promise<{ manifest: BackupManifest; auditChains: { chainId: string; ok: boolean; entries: number }[] }> {
  const log = opts.log ?? (() => {});
  const { dir, manifest } = await unpack(opts.file);
  try {
    if (manifest.secretKeyFingerprint && opts.secretKey && manifest.secretKeyFingerprint !== keyFingerprint(opts.secretKey)) {
      log('warning: this installation\'s master key (SECRET_KEY or DATA_DIR/secret.key) is not the one the backup was made with: '
        + 'unit signing certificates cannot be opened until the original key is put back.');
    }
    const pool = new pg.Pool({ connectionString: opts.url, max: 1 });
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    try {
      const c = await pool.connect();
      try {
        await c.query('DROP SCHEMA IF EXISTS public CASCADE');
        await c.query('CREATE SCHEMA public');
      } finally {
        c.release();
      }
      // The schema as it was when the backup was taken…
      await migrateTo(db, manifest.migration);
      const c2 = await pool.connect();
      try {
        await c2.query('BEGIN');
        const present = new Map((await tablesOf(c2)).map((t) => [t.name, t.columns]));
        for (const t of manifest.tables) {
          if (!present.has(t.name)) throw new Error(`The backup has table ${t.name}, which migration ${manifest.migration} does not create.`);
        }
        // Constraints between tables are set aside while loading (some tables reference each other)
        // and checked in full when they are put back; append-only triggers are paused meanwhile.
        const { rows: fks } = await c2.query<{ table: string; name: string; def: string }>(`
          SELECT cl.relname AS table, co.conname AS name, pg_get_constraintdef(co.oid) AS def
            FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
           WHERE n.nspname = 'public' AND co.contype = 'f'`);
        for (const fk of fks) await c2.query(`ALTER TABLE ${q(fk.table)} DROP CONSTRAINT ${q(fk.name)}`);
        for (const t of manifest.tables) {
          await c2.query(`ALTER TABLE ${q(t.name)} DISABLE TRIGGER USER`);
          await c2.query(`DELETE FROM ${q(t.name)}`); // rows a migration inserted (reference data)
          await pipeline(fs.createReadStream(path.join(dir, 'db', `${t.name}.copy`)),
            c2.query(copyFrom(`COPY ${q(t.name)} (${t.columns.map(q).join(', ')}) FROM STDIN`)));
          await c2.query(`ALTER TABLE ${q(t.name)} ENABLE TRIGGER USER`);
          const n = Number((await c2.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(t.name)}`)).rows[0]!.n);
          if (n !== t.rows) throw new Error(`Table ${t.name}: ${n} rows loaded, the backup has ${t.rows}.`);
        }
        for (const fk of fks) await c2.query(`ALTER TABLE ${q(fk.table)} ADD CONSTRAINT ${q(fk.name)} ${fk.def}`);
        // Identity and serial counters continue after the restored rows.
        const { rows: seqs } = await c2.query<{ table: string; column: string; seq: string }>(`
          SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(format('%I', c.relname), a.attname) AS seq
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_serial_sequence(format('%I', c.relname), a.attname) IS NOT NULL`);
        for (const s of seqs) {
          await c2.query(`SELECT setval($1, coalesce((SELECT max(${q(s.column)}) FROM ${q(s.table)}), 0) + 1, false)`, [s.seq]);
        }
        await c2.query('COMMIT');
      } catch (err) {
        await c2.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c2.release();
      }
      // …then whatever this version adds.
      await migrateToLatest(db);

      // The files, each checked against the restored database's hash before it is put in place.
      const { rows: refs } = await pool.query<{ key: string; sha256: string }>(
        'SELECT DISTINCT storage_key AS key, sha256 FROM dossier_files UNION SELECT DISTINCT storage_key, sha256 FROM stored_documents');
      let restored = 0;
      for (const r of refs) {
        const key = safeKey(r.key);
        const src = path.join(dir, 'files', key);
        if (!fs.existsSync(src)) {
          if (!manifest.files.missing.includes(key)) throw new Error(`The backup lacks file ${key}.`);
          continue;
        }
        const dst = path.join(opts.filesDir, key);
        fs.mkdirSync(path.dirname(dst), { recursive: true });
        fs.copyFileSync(src, `${dst}.restore`);
        fs.renameSync(`${dst}.restore`, dst);
        restored += 1;
      }
      if (restored !== manifest.files.count) throw new Error(`${restored} files restored, the backup has ${manifest.files.count}.`);

      const { rows: chains } = await pool.query<{ chain_id: string }>('SELECT chain_id FROM audit_chain_heads ORDER BY chain_id');
      const auditChains = [];
      for (const ch of chains) {
        const v = await verifyAuditChain(db as never, ch.chain_id);
        auditChains.push({ chainId: ch.chain_id, ok: v.ok, entries: v.entries });
      }
      return { manifest, auditChains };
    } finally {
      await db.destroy();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
