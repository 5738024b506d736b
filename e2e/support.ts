import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Db } from '../server/db/client';
import { cloneTestDatabase, demoPassword } from '../test/helpers';
import { httpLogin, type HttpClient } from '../test/http-client';
import { startServerProcess, type ServerProcess } from '../test/server-process';
import { authenticatorFor } from '../test/totp';
import { demoAccounts } from '../server/seed';

// Shared by the browser specs: the compiled server started as `npm start` starts it (a child process) on a
// database cloned from the seeded template, serving the built web app, and Debian's Chromium driven like a
// person. Screenshots go to test-results/e2e/<spec>/.

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WEB = path.join(ROOT, 'dist', 'web');

export interface BrowserApp {
  /** The spec's own database, for setup the UI cannot do (the server process uses the same one). */
  t: { db: Db; dbUrl: string };
  /** The server process (its output is shown when a test fails: `afterEach(serverOutputOnFailure(() => b?.server))`). */
  server: ServerProcess;
  base: string;
  browser: Browser;
  signIn(username: string): Promise<{ ctx: BrowserContext; page: Page }>;
  /** Signs in over the API (for setup through HTTP, beside the browser). */
  login(username: string): Promise<HttpClient>;
  snap(page: Page, name: string): Promise<void>;
  /** Saves a file (e.g. a printed PDF) beside the screenshots; returns its path. */
  artifact(name: string, data: Buffer): string;
  close(): Promise<void>;
}

const isAdmin = (username: string) => !!demoAccounts().find((a) => a.username === username)?.roles.includes('admin');

export async function startBrowserApp(spec: string): Promise<BrowserApp> {
  if (!fs.existsSync(path.join(WEB, 'index.html'))) throw new Error('dist/web is missing: run `npm run build` first (npm test does).');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
  const shots = path.join(ROOT, 'test-results', 'e2e', spec);
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  const t = await cloneTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `motcua-e2e-${spec}-`));
  const server = await startServerProcess({
    env: {
      DATABASE_URL: t.dbUrl, DATA_DIR: dataDir, WEB_DIR: WEB, SECRET_KEY: inject('secretKey'),
      LOGIN_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000', // dozens of sign-ins from one address
    },
  }).catch(async (err) => { await t.db.destroy(); throw err; });
  const base = server.base;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  }).catch(async (err) => { await server.stop(); await t.db.destroy(); throw err; });
  let shot = 0;
  const contexts: BrowserContext[] = [];
  return {
    t, server, base, browser,
    async login(username) {
      const device = await authenticatorFor(base, username, demoPassword(username), isAdmin(username));
      return httpLogin(base, username, demoPassword(username), device ? await device.code() : undefined);
    },
    async signIn(username) {
      const ctx = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 900 } });
      contexts.push(ctx);
      const page = await ctx.newPage();
      await page.goto(`${base}/dang-nhap`);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(demoPassword(username));
      // Admins must have a second factor: enrolled through the API on first use, the code typed like a person.
      const device = await authenticatorFor(base, username, demoPassword(username), isAdmin(username));
      await page.getByTestId('login-submit').click();
      if (device) {
        await page.getByTestId('login-totp-code').fill(await device.code());
        await page.getByTestId('login-totp-submit').click();
      }
      await expect.poll(() => page.url(), { timeout: 15_000 }).not.toContain('/dang-nhap'); // password hashing on a busy box
      return { ctx, page };
    },
    async snap(page, name) {
      shot += 1;
      await page.screenshot({ path: path.join(shots, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    artifact(name, data) {
      const file = path.join(shots, name);
      fs.writeFileSync(file, data);
      return file;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await server.stop();
      await t.db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens an Ant Design select and clicks the visible option with exactly this text. */
export async function choose(page: Page, select: Locator, option: string) {
  await select.click();
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${escaped}$`) }).first().click();
}

/** Fills the birth-registration e-form (1.001193) and the unit as a citizen would. */
export async function fillBirthRegistration(page: Page) {
  await choose(page, page.getByTestId('unit-select'), 'Ủy ban nhân dân phường Đồng Hới');
  await page.getByLabel('Họ, chữ đệm, tên người yêu cầu').fill('Nguyễn Văn An');
  await page.getByLabel('Số định danh cá nhân người yêu cầu').fill('044095001234');
  await choose(page, page.getByLabel('Quan hệ với người được khai sinh'), 'Cha');
  await page.getByLabel('Họ, chữ đệm, tên người được khai sinh').fill('Nguyễn Minh Khang');
  await choose(page, page.getByLabel('Giới tính'), 'Nam');
  const birth = page.getByLabel('Ngày, tháng, năm sinh');
  await birth.fill('10/11/2026');
  await birth.press('Enter');
  await page.getByLabel('Nơi sinh').fill('Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới');
}
