import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { loadConfig } from '../server/config';
import { createDb, type Db } from '../server/db/client';
import { ensureDatabase, withDatabase } from '../server/db/embedded';
import { buildApp } from '../server/app';
import { localStorage } from '../server/platform/storage';
import { createCalendarProvider } from '../server/modules/calendar/provider';
import { demoAccounts } from '../server/seed';
import { Authenticator } from './totp';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  dbUrl: string;
  filesDir: string;
  /** Moves the app's clock (ms since epoch); `null` returns to real time. */
  setNow(ms: number | null): void;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated, seeded template (demo certificates sealed with `inject('secretKey')`). */
export async function cloneTestDatabase(): Promise<{ db: Db; dbUrl: string }> {
  const base = inject('pgBaseUrl');
  const name = `motcua_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(base, name, inject('templateDb'));
      break;
    } catch (err) {
      // Two files cloning the template at the same moment: PostgreSQL refuses one; try again.
      if (attempt > 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const dbUrl = withDatabase(base, name);
  return { db: createDb(dbUrl), dbUrl };
}

/**
 * A fresh database cloned from the migrated, seeded template, and the app on it. The app uses the run's
 * master key (the demo units' certificates in the template are sealed with it) unless `env` sets SECRET_KEY.
 */
export async function createTestApp(env: Record<string, string> = {}, opts: { logStream?: NodeJS.WritableStream } = {}): Promise<TestApp> {
  const { db, dbUrl } = await cloneTestDatabase();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-files-'));
  // Sessions outlive the jumps tests make with setNow (days of legal time); session tests set their own limits.
  const config = loadConfig({
    LOGIN_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000', WEB_DIR: '/nonexistent', SECRET_KEY: inject('secretKey'),
    SESSION_HOURS: '720', SESSION_IDLE_MINUTES: '43200', ...env,
  });
  let fixed: number | null = null;
  const app = await buildApp(
    { config, db, storage: localStorage(filesDir), calendar: await createCalendarProvider(db), now: () => fixed ?? Date.now() },
    opts.logStream ? { logStream: opts.logStream } : { logger: false },
  );
  await app.ready();
  clocks.set(app, () => fixed ?? Date.now());
  const frozen = { get: () => fixed, set: (ms: number | null) => { fixed = ms; } };
  frozenClocks.add(frozen);
  return {
    app, db, dbUrl, filesDir,
    setNow: (ms) => { fixed = ms; },
    async close() {
      frozenClocks.delete(frozen);
      await app.close();
      await db.destroy();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** Each test app's clock, so TOTP codes are computed at the time the server believes. */
const clocks = new WeakMap<FastifyInstance, () => number>();

/** The test apps' frozen clocks: test/setup-clock.ts puts each back after every test (see there). */
export const frozenClocks = new Set<{ get(): number | null; set(ms: number | null): void }>();
/** The authenticator of every account enrolled through `login` (or `enrollTotp`), per app. */
const devices = new WeakMap<FastifyInstance, Map<string, Authenticator>>();

/** The authenticator app of an account enrolled in this test app, if any. */
export function totpDevice(app: FastifyInstance, username: string): Authenticator | undefined {
  return devices.get(app)?.get(username.toLowerCase());
}

/** The time the test app's server believes it is (ms). */
export const appNow = (app: FastifyInstance) => (clocks.get(app) ?? Date.now)();

/** Enrolls a signed-in officer's TOTP through the API (setup, then a first code) and keeps the authenticator. */
export async function enrollTotp(app: FastifyInstance, c: Client): Promise<Authenticator> {
  const setup = await c.post('/api/v1/account/totp/setup');
  if (setup.statusCode !== 200) throw new Error(`TOTP setup for ${c.user.username} failed: ${setup.statusCode} ${setup.body}`);
  const device = new Authenticator(setup.json().secret);
  const confirm = await c.post('/api/v1/account/totp/confirm', { code: await device.code(() => appNow(app)) });
  if (confirm.statusCode !== 204) throw new Error(`TOTP confirmation for ${c.user.username} failed: ${confirm.statusCode} ${confirm.body}`);
  if (!devices.has(app)) devices.set(app, new Map());
  devices.get(app)!.set(c.user.username.toLowerCase(), device);
  return device;
}

/** A signed-in client: cookie + CSRF token, with JSON helpers over `app.inject`. */
export interface Client {
  user: {
    id: string; username: string; fullName: string; roles: { role: string; unitId: string | null; unitCode: string | null }[];
    totpEnabled: boolean; totpRequired: boolean;
  };
  csrfToken: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
  cookie: string;
}

/** The demo password of an account in data/demo/accounts.json. */
export function demoPassword(username: string): string {
  const a = demoAccounts().find((x) => x.username === username);
  if (!a) throw new Error(`no demo account ${username}`);
  return a.password;
}

/**
 * Signs in through the API. An account with TOTP answers the challenge with the code of the authenticator
 * enrolled earlier in this app; an admin without TOTP (every admin in a fresh database) is enrolled on the way.
 */
export async function login(app: FastifyInstance, username: string, password = demoPassword(username)): Promise<Client> {
  let res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode === 200 && res.json().totpRequired) {
    const device = totpDevice(app, username);
    if (!device) throw new Error(`login ${username}: the account has TOTP, but not through this test app's login()`);
    res = await app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { challenge: res.json().challenge, code: await device.code(() => appNow(app)) } });
  }
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0]! : String(setCookie);
  const cookie = raw.split(';')[0]!;
  const { user, csrfToken } = res.json();
  const client: Client = {
    user, csrfToken, cookie,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body, headers = {}) => app.inject({
      method: 'POST', url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(body === undefined ? {} : { payload: body as object }),
    }),
    put: (url, body) => app.inject({ method: 'PUT', url, headers: { cookie, 'x-csrf-token': csrfToken }, payload: body as object }),
    del: (url) => app.inject({ method: 'DELETE', url, headers: { cookie, 'x-csrf-token': csrfToken } }),
  };
  if (user.totpRequired && !user.totpEnabled) {
    await enrollTotp(app, client);
    client.user = { ...user, totpEnabled: true };
  }
  return client;
}

/** The demo account of a role at a unit (by unit code). */
export function demoUser(role: string, unitCode?: string): string {
  const a = demoAccounts().find((x) => x.roles.includes(role as never) && (unitCode === undefined || x.unitCode === unitCode));
  if (!a) throw new Error(`no demo ${role} at ${unitCode}`);
  return a.username;
}

/** A part of a multipart body: a text field, or a file. */
export type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer; type?: string };

/** A `multipart/form-data` body with its content type: the parts in the order given (names sent as UTF-8). */
export function multipart(parts: Part[]): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = `----motcua${randomBytes(8).toString('hex')}`;
  const chunks = parts.flatMap((p) => ('value' in p
    ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`)]
    : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`), p.data, Buffer.from('\r\n')]));
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Sends a file as multipart/form-data (field `file`, after the given text fields) as the signed-in client. */
export function sendFile(
  app: FastifyInstance, c: Client, url: string, file: { name: string; data: Buffer; type?: string },
  fields: Record<string, string> = {}, method: 'POST' | 'PUT' = 'POST',
): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart([
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: 'file', filename: file.name, data: file.data, type: file.type },
  ]);
  return app.inject({ method, url, payload, headers: { ...headers, cookie: c.cookie, 'x-csrf-token': c.csrfToken } });
}
