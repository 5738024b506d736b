import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { expect, inject } from 'vitest';
import type { Db } from '../server/db/client';
import { cloneTestDatabase, demoPassword } from '../test/helpers';
import { httpLogin, httpRequest, type HttpClient, type HttpResponse } from '../test/http-client';
import { startServerProcess, type ServerProcess } from '../test/server-process';
import { authenticatorFor } from '../test/totp';

// The security suite's server: the compiled server (`node dist/server/index.js`, as `npm start` runs it) in a
// child process on its own database cloned from the seeded template, reached over real HTTP. The suite reads
// the routes from the server's own OpenAPI document, so a route added later is tested (or fails the suite
// until it is classified) without anyone remembering to.

/** Who calls: nobody, the dossier's applicant, a stranger, officers of the dossier's ward and of another ward, the admin. */
export type Role =
  | 'anonymous' | 'applicant' | 'stranger' | 'desk' | 'specialist' | 'leader' | 'otherDesk' | 'otherSpecialist' | 'otherLeader' | 'admin';
export type SignedInRole = Exclude<Role, 'anonymous'>;

/** The demo accounts playing each role (data/demo/accounts.json): the dossiers are at P-DONGHOI, "other" is P-DONGTHUAN. */
export const CAST: Record<SignedInRole, string> = {
  applicant: 'congdan', stranger: 'congdan2',
  desk: 'motcua.donghoi', specialist: 'chuyenvien.donghoi', leader: 'lanhdao.donghoi',
  otherDesk: 'motcua.dongthuan', otherSpecialist: 'chuyenvien.dongthuan', otherLeader: 'lanhdao.dongthuan',
  admin: 'admin',
};
export const ROLES: Role[] = ['anonymous', ...Object.keys(CAST) as SignedInRole[]];

/** One operation of the OpenAPI document. */
export interface Operation {
  /** `METHOD /path/{param}` as in the document: the key of every table in this suite. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema: JsonSchema }[];
  /** The JSON body schema, when the operation takes JSON (uploads read multipart themselves: platform/uploads.ts). */
  jsonBody?: JsonSchema;
}

/** The subset of JSON Schema the route schemas use (TypeBox output as @fastify/swagger prints it). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** True for the methods that change state (and need the CSRF token). */
export const isWrite = (op: Pick<Operation, 'method'>) => WRITE.has(op.method);

/** Every operation of the served OpenAPI document. */
export async function openApiOperations(base: string): Promise<Operation[]> {
  const res = await httpRequest(base, '/api/openapi.json');
  expect(res.statusCode).toBe(200);
  const doc = res.json() as { paths: Record<string, Record<string, {
    parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: JsonSchema }> };
  }>> };
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [m, o] of Object.entries(methods)) {
      const method = m.toUpperCase() as Operation['method'];
      ops.push({
        key: `${method} ${p}`, method, path: p, parameters: o.parameters ?? [],
        jsonBody: o.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** What a call sends: path parameters, a query string, and a JSON body or a multipart form (made fresh per call). */
export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** Path parameters and query values put into the URL as written: already percent-encoded, or broken on purpose. */
  rawParams?: Record<string, string>;
  rawQuery?: Record<string, string>;
  json?: unknown;
  form?: () => FormData;
  headers?: Record<string, string>;
}

/** The URL of an operation with its path parameters filled in (percent-encoded) and the query string. */
export function urlOf(op: Pick<Operation, 'path'>, call: Call = {}): string {
  const pathname = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const raw = call.rawParams?.[name];
    if (raw !== undefined) return raw;
    const v = call.params?.[name];
    if (v === undefined) throw new Error(`${op.path}: no value for {${name}}`);
    return encodeURIComponent(v);
  });
  const query = {
    ...Object.fromEntries(Object.entries(call.query ?? {}).map(([k, v]) => [k, encodeURIComponent(String(v))])),
    ...call.rawQuery,
  };
  const q = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
  return q ? `${pathname}?${q}` : pathname;
}

/** A running server with the cast signed in. */
export interface SecurityServer {
  base: string;
  server: ServerProcess;
  /** The server's own database, for checks that nothing changed. */
  db: Db;
  /** A session of each role signed in at the start. */
  sessions: Record<SignedInRole, HttpClient>;
  /** Signs one more session in (the admin with its next TOTP code). */
  signIn(username: string): Promise<HttpClient>;
  close(): Promise<void>;
}

/**
 * Starts the compiled server on a fresh clone of the seeded template with `env` (limits high unless given)
 * and signs in the cast (or the roles in `cast`); the admin enrolls TOTP through the API first, as admins must.
 */
export async function startSecurityServer(env: Record<string, string> = {}, cast = Object.keys(CAST) as SignedInRole[]): Promise<SecurityServer> {
  const t = await cloneTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-security-'));
  const server = await startServerProcess({
    env: {
      DATABASE_URL: t.dbUrl, DATA_DIR: dataDir, WEB_DIR: '/nonexistent', SECRET_KEY: inject('secretKey'), LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '10000', LOOKUP_RATE_LIMIT: '10000', LOGIN_ADDRESS_LIMIT: '10000', ...env,
    },
  }).catch(async (err) => { await t.db.destroy(); throw err; });
  const base = server.base;
  const signIn = async (username: string) => {
    const device = await authenticatorFor(base, username, demoPassword(username), username === 'admin');
    return httpLogin(base, username, demoPassword(username), device ? await device.code() : undefined);
  };
  const sessions = {} as Record<SignedInRole, HttpClient>;
  for (const role of cast) sessions[role] = await signIn(CAST[role]);
  return {
    base, server, db: t.db, sessions, signIn,
    async close() {
      await server.stop();
      await t.db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends one call as `session` (null: anonymous), with its CSRF token unless `csrf` is false. */
export function send(
  base: string, session: Pick<HttpClient, 'cookie' | 'csrfToken'> | null, method: string, url: string, call: Call = {}, csrf = true,
): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...(session ? { cookie: session.cookie } : {}), ...(session && csrf ? { 'x-csrf-token': session.csrfToken } : {}), ...call.headers };
  return httpRequest(base, url, { method, headers, body: call.form ? call.form() : call.json });
}

// Tables whose rows change without anyone's write being allowed: sessions and sign-in counters (every call
// touches them), and the audit log (reads by officers are recorded, in batches, a moment after them).
const VOLATILE = new Set(['sessions', 'login_throttle', 'login_challenges', 'audit_log', 'audit_chain_heads']);

/**
 * A digest of every row of every table but the volatile ones: two equal fingerprints mean nothing was
 * written in between. Computed in PostgreSQL (one md5 per table over its rows in a stable order).
 */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely%' ORDER BY 1`.execute(db)).rows
    .map((r) => r.name).filter((n) => !VOLATILE.has(n));
  const parts = tables.map((n) => sql`SELECT ${n}::text AS name, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${sql.table(n)} t`);
  const rows = (await sql<{ name: string; digest: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db)).rows;
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The tables whose fingerprints differ. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);

/** Checks (softly: the test goes on to check that nothing changed) that an answer is a problem document with a code. */
export function expectProblem(res: HttpResponse, what: string): void {
  expect.soft(res.headers['content-type'], `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`).toMatch(/^application\/problem\+json/);
  let code: unknown;
  try { code = res.json<{ code?: unknown }>().code; } catch { code = undefined; }
  expect.soft(typeof code === 'string' && code.length > 0, `${what}: no code in ${res.body.slice(0, 300)}`).toBe(true);
}
