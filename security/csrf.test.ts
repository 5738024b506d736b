import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../test/http-client';
import { ACCESS } from './access';
import { securitySuite } from './fixtures';
import { changedTables, expectProblem, fingerprint, isWrite, ROLES, send, urlOf, type SignedInRole } from './harness';
import { REQUESTS } from './requests';

// CSRF on every state-changing operation of the OpenAPI document, on the compiled server: a session of a role
// that may make the call, with a body that would succeed, but without `x-csrf-token` — through the path as
// documented and through other spellings of it — is refused with 403 `csrf_failed` (or the spelling reaches
// no route: 404), and a write a browser marks as coming from another site is refused even with the token.
// Nothing may change in the database.

/** Operations that start a new session, so there is no token to send yet (config `csrf: false`). */
const STARTS_A_SESSION = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/login/totp', 'POST /api/v1/auth/register']);

const suite = securitySuite();
const writes = () => suite.ops.filter(isWrite);
let counter = 0;

/**
 * Other spellings of a path that a router may resolve to the same route: a percent-encoded letter in
 * "api", a doubled slash, a letter in the middle percent-encoded with upper- and with lower-case hex digits,
 * an upper-case prefix, a trailing slash.
 */
function spellings(url: string): string[] {
  const [path, query] = url.split('?') as [string, string | undefined];
  const q = query ? `?${query}` : '';
  // A letter of a fixed segment near the middle of the path (not in a parameter's value), with hex digits that are letters when possible.
  const segments = path.split('/');
  const fixed = segments.map((seg, i) => ({ seg, i })).filter(({ seg, i }) => i > 2 && /^[a-z-]+$/.test(seg));
  const { seg, i } = fixed[Math.floor(fixed.length / 2)] ?? { seg: 'v1', i: 2 };
  const at = Math.max(0, [...seg].findIndex((c) => /[j-oz]/.test(c)));
  const hex = seg.charCodeAt(at).toString(16);
  const encoded = (h: string) => segments.map((x, j) => (j === i ? `${seg.slice(0, at)}%${h}${seg.slice(at + 1)}` : x)).join('/');
  return [
    `/%61pi${path.slice(4)}${q}`, `/api/${path.slice(4)}${q}`, `${encoded(hex.toUpperCase())}${q}`,
    `${encoded(hex.toLowerCase())}${q}`, `/API${path.slice(4)}${q}`, `${path}/${q}`,
  ];
}

const firstAllowed = (key: string): SignedInRole => ROLES.find((r) => r !== 'anonymous' && ACCESS[key]!.access[r] === 'ok') as SignedInRole;
const refusedAs = (res: HttpResponse, code: string) => res.statusCode === 403 && res.json<{ code?: string }>().code === code;

describe('CSRF on every state-changing operation', () => {
  it('covers the writes of the OpenAPI document', () => {
    expect(writes().length).toBeGreaterThan(40);
    expect(writes().filter((op) => !ACCESS[op.key]).map((op) => op.key)).toEqual([]);
  });

  it('refuses every write without the token, however the path is spelled, and cross-site writes even with it; nothing changes', async () => {
    const { s, f } = suite;
    const routed = new Set<string>();
    for (const op of writes()) {
      const role = firstAllowed(op.key);
      const session = s.sessions[role];
      const call = await REQUESTS[op.key]!({ s: s, f, role, n: ++counter });
      const url = urlOf(op, call);
      const before = await fingerprint(s.db);

      if (!STARTS_A_SESSION.has(op.key)) {
        const plain = await send(s.base, session, op.method, url, call, false);
        expect.soft(refusedAs(plain, 'csrf_failed'), `${role} ${op.method} ${url} without a token: ${plain.statusCode} ${plain.body.slice(0, 200)}`).toBe(true);
        expectProblem(plain, `${op.method} ${url}`);
        for (const spelled of spellings(url)) {
          const res = await send(s.base, session, op.method, spelled, call, false);
          const what = `${role} ${op.method} ${spelled} without a token: ${res.statusCode} ${res.body.slice(0, 200)}`;
          const unrouted = res.statusCode === 404 && res.json<{ code?: string }>().code === 'route_not_found';
          expect.soft(refusedAs(res, 'csrf_failed') || unrouted, what).toBe(true);
          if (!unrouted) routed.add(spelled.replace(/[0-9a-f-]{36}/g, '{id}'));
        }
      }
      // From another site: refused with the token too, whether the browser says so by Sec-Fetch-Site or only by Origin.
      for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
        const res = await send(s.base, session, op.method, url, { ...call, headers }, true);
        expect.soft(refusedAs(res, 'cross_site_request'), `${role} ${op.method} ${url} with ${JSON.stringify(headers)}: ${res.statusCode} ${res.body.slice(0, 200)}`).toBe(true);
      }
      expect.soft(changedTables(before, await fingerprint(s.db)), `tables written by refused ${op.key}`).toEqual([]);
    }
    // The encoded spellings do reach routes: the guard is tested on the route, not on a 404.
    expect([...routed].some((u) => u.startsWith('/%61pi/'))).toBe(true);
  });

  it('left every session of the cast alive: no refused logout or "end my sessions" went through', async () => {
    for (const [role, c] of Object.entries(suite.s.sessions)) expect((await c.get('/api/v1/auth/me')).statusCode, role).toBe(200);
  });
});
