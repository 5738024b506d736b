import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { ensureDatabase, withDatabase } from '../db/embedded';
import { createCalendarProvider } from '../modules/calendar/provider';
import { verifyAuditChain } from '../platform/audit';
import { localStorage } from '../platform/storage';
import { login } from '../../test/helpers';

// A production installation starts empty: no demo province, no published passwords. The operator
// creates the tenant, its top unit and the first administrator with a command.

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function motcua(args: string[], env: Record<string, string>, stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'dist', 'server', 'cli', 'index.js'), ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000,
    }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end(stdin);
  });
}

describe('create-admin on an empty production database', () => {
  const name = `motcua_t_prod_${inject('runId')}_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(inject('pgBaseUrl'), name);
  const env = { DATABASE_URL: url, NODE_ENV: 'production', DATA_DIR: path.join(os.tmpdir(), name), SECRET_KEY: randomBytes(32).toString('hex') };
  const db = createDb(url, 2);
  afterAll(() => db.destroy());

  it('needs the tenant and unit first, then creates them with the administrator, audited', async () => {
    await ensureDatabase(inject('pgBaseUrl'), name);
    const missing = await motcua(['create-admin', '--username', 'qt.admin', '--full-name', 'Trần Văn Quản'], env, 'mot-mat-khau-dai-2026\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--tenant-code/);

    const short = await motcua(['create-admin', '--username', 'qt.admin', '--full-name', 'Trần Văn Quản', '--tenant-code', 'QTR',
      '--tenant-name', 'Tỉnh Quảng Trị', '--unit-code', 'UBND-TINH', '--unit-name', 'Ủy ban nhân dân tỉnh Quảng Trị', '--agency-code', 'H45'], env, 'ngan\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/12 characters/);

    const ok = await motcua(['create-admin', '--username', 'qt.admin', '--full-name', 'Trần Văn Quản', '--tenant-code', 'QTR',
      '--tenant-name', 'Tỉnh Quảng Trị', '--unit-code', 'UBND-TINH', '--unit-name', 'Ủy ban nhân dân tỉnh Quảng Trị', '--agency-code', 'H45'], env, 'mot-mat-khau-dai-2026\n');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/administrator qt\.admin created/);

    // Nothing of the demo: only this account, the reference calendar and levels are there.
    expect(await db.selectFrom('users').select('username').execute()).toEqual([{ username: 'qt.admin' }]);
    expect((await db.selectFrom('procedures').select('id').execute()).length).toBe(0);
    expect((await db.selectFrom('calendar_days').select('day').execute()).length).toBeGreaterThan(20);
    const tenant = await db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    const entries = await db.selectFrom('audit_log').select(['action', 'actor_name']).where('tenant_id', '=', tenant.id).execute();
    expect(entries).toEqual([{ action: 'user.create_admin', actor_name: expect.stringMatching(/^motcua create-admin/) }]);
    expect((await verifyAuditChain(db, tenant.id)).ok).toBe(true);

    // The server in production mode on this database: the admin signs in, the demo accounts do not exist.
    const config = loadConfig({ ...env, WEB_DIR: '/nonexistent' });
    expect(config.seedDemo).toBe(false);
    const app = await buildApp({ config, db, storage: localStorage(env.DATA_DIR), calendar: await createCalendarProvider(db), now: Date.now }, { logger: false });
    try {
      const first = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'qt.admin', password: 'mot-mat-khau-dai-2026' } });
      expect(first.statusCode, first.body).toBe(200);
      const demo = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'MotCua@2025' } });
      expect(demo.statusCode).toBe(401);

      // The administrator enrols a second factor, loses the phone; the operator removes it with a command.
      await login(app, 'qt.admin', 'mot-mat-khau-dai-2026'); // an admin enrols at the first sign-in (the helper does it)
      const challenged = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'qt.admin', password: 'mot-mat-khau-dai-2026' } });
      expect(challenged.json()).toMatchObject({ totpRequired: true });
      const reset = await motcua(['reset-totp', 'qt.admin'], env, '');
      expect(reset.code, reset.stderr).toBe(0);
      const after = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'qt.admin', password: 'mot-mat-khau-dai-2026' } });
      expect(after.statusCode).toBe(200);
      expect(after.json().user).toMatchObject({ totpEnabled: false, totpRequired: true });
      expect((await motcua(['reset-totp', 'nobody.here'], env, '')).code).toBe(1);
    } finally {
      await app.close();
    }

    const again = await motcua(['create-admin', '--username', 'qt.admin', '--full-name', 'X Y'], env, 'mot-mat-khau-dai-2026\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/taken/);
  });
});
