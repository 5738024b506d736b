import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../test/helpers';
import { ensureDatabase, withDatabase } from '../db/embedded';

// Backup and restore as an operator runs them (`npm run motcua -- backup FILE` / `restore FILE`),
// while the server keeps accepting dossiers: the restored installation has every dossier of the
// snapshot with its files, intact codes and an intact audit chain.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PDF = (n: number) => Buffer.from(`%PDF-1.4\n% dossier attachment ${n} ${randomBytes(8).toString('hex')}\ntrailer<<>>\n%%EOF\n`);

/** The operator command as `npm run motcua -- …` runs it (the compiled CLI), with the installation's environment. */
async function motcua(args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(ROOT, 'dist', 'server', 'cli', 'index.js'), ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000,
  });
}

function upload(c: Client, t: TestApp, dossierId: string, data: Buffer) {
  const boundary = `----motcua${randomBytes(6).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="giay-to.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST', url: `/api/v1/dossiers/${dossierId}/files`, payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, 'x-csrf-token': c.csrfToken },
  });
}

const birthForm = {
  hoTenNguoiYeuCau: 'Nguyễn Văn An', soDinhDanhNguoiYeuCau: '044095001234', quanHe: 'Cha',
  hoTenTre: 'Nguyễn Minh Khang', gioiTinhTre: 'Nam', ngaySinhTre: '2026-03-01', noiSinh: 'Bệnh viện Đồng Hới',
};

describe('backup and restore', () => {
  let t: TestApp;
  let citizen: Client;
  let unitId: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-'));
  beforeAll(async () => {
    t = await createTestApp();
    citizen = await login(t.app, 'congdan');
    const desk = await login(t.app, 'motcua.donghoi');
    unitId = desk.user.roles[0]!.unitId!;
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function submitWithFile(n: number) {
    const res = await citizen.post('/api/v1/dossiers', { procedureCode: '1.001193', unitId, formData: birthForm });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as { id: string; code: string };
    const up = await upload(citizen, t, d.id, PDF(n));
    expect(up.statusCode, up.body).toBe(201);
    return d;
  }

  it('round-trips the database and the files, taken while dossiers keep arriving', async () => {
    for (let i = 0; i < 5; i++) await submitWithFile(i);
    const env = { DATABASE_URL: t.dbUrl, DATA_DIR: path.join(work, 'source'), SECRET_KEY: randomBytes(32).toString('hex') };
    // The test app keeps its files in its own folder: the command sees it as DATA_DIR/files.
    fs.mkdirSync(env.DATA_DIR, { recursive: true });
    fs.symlinkSync(t.filesDir, path.join(env.DATA_DIR, 'files'));
    const file = path.join(work, 'motcua.tar.gz');

    // Writers go on during the backup.
    let stop = false;
    const writers = (async () => {
      let n = 100;
      while (!stop) await submitWithFile(n++);
    })();
    const out = await motcua(['backup', file], env).finally(() => { stop = true; });
    await writers;
    expect(out.stdout).toMatch(/backup written to/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // A fresh installation: an empty database, an empty files folder.
    const name = `motcua_t_restore_${inject('runId')}_${randomBytes(4).toString("hex")}`;
    await ensureDatabase(inject('pgBaseUrl'), name);
    const target = { DATABASE_URL: withDatabase(inject('pgBaseUrl'), name), DATA_DIR: path.join(work, 'target'), SECRET_KEY: env.SECRET_KEY };
    const restored = await motcua(['restore', file], target);
    expect(restored.stdout).toMatch(/restored \d+ rows/);
    expect(restored.stdout).not.toMatch(/BROKEN/);

    const c = new pg.Client({ connectionString: target.DATABASE_URL });
    await c.connect();
    try {
      const manifest = JSON.parse((await run('tar', ['-xzOf', file, 'manifest.json'])).stdout) as { tables: { name: string; rows: number }[] };
      for (const tbl of manifest.tables) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(tbl.name)}`);
        expect(rows[0].n, tbl.name).toBe(tbl.rows);
      }
      // Every dossier of the snapshot is there with all its files, byte for byte.
      const files = (await c.query('SELECT storage_key, sha256 FROM dossier_files')).rows as { storage_key: string; sha256: string }[];
      expect(files.length).toBeGreaterThanOrEqual(5);
      for (const f of files) {
        const data = fs.readFileSync(path.join(target.DATA_DIR, 'files', f.storage_key));
        expect(createHash('sha256').update(data).digest('hex')).toBe(f.sha256);
      }
      // Codes stay unique and gap-free per unit and day.
      const { rows: codes } = await c.query(`SELECT split_part(code, '-', 2) AS day, array_agg(split_part(code, '-', 3)::int ORDER BY code) AS seq
        FROM dossiers WHERE code IS NOT NULL AND origin_dossier_id IS NULL GROUP BY unit_id, split_part(code, '-', 2)`);
      for (const r of codes as { seq: number[] }[]) expect(r.seq).toEqual(r.seq.map((_, i) => i + 1));
      // History stays append-only in the restored installation.
      await expect(c.query('DELETE FROM dossier_events')).rejects.toThrow(/append-only/);
    } finally {
      await c.end();
    }

    // Restoring over data needs --force.
    const again = await motcua(['restore', file], target).catch((e: { stderr: string; code: number }) => e);
    expect((again as { code: number }).code).toBe(1);
    expect((again as { stderr: string }).stderr).toMatch(/--force/);
    expect((await motcua(['restore', file, '--force'], target)).stdout).toMatch(/restored/);
  });

  it('refuses a damaged backup', async () => {
    const file = path.join(work, 'bad.tar.gz');
    fs.writeFileSync(file, 'not a backup');
    const name = `motcua_t_restore_${inject('runId')}_${randomBytes(4).toString("hex")}`;
    await ensureDatabase(inject('pgBaseUrl'), name);
    const res = await motcua(['restore', file], { DATABASE_URL: withDatabase(inject('pgBaseUrl'), name), DATA_DIR: path.join(work, 'bad') })
      .catch((e: { stderr: string; code: number }) => e);
    expect((res as { code: number }).code).toBe(1);
    expect((res as { stderr: string }).stderr).toMatch(/motcua: /);
  });
});
