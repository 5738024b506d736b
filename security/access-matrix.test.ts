import { describe, expect, it } from 'vitest';
import { ACCESS, type Outcome } from './access';
import { securitySuite } from './fixtures';
import { changedTables, expectProblem, fingerprint, isWrite, ROLES, send, urlOf, type Call, type Role } from './harness';
import { REQUESTS } from './requests';

// Every operation of the OpenAPI document × every role, on the compiled server, with real objects.
// Refused calls are made first, each with a body that would be valid for an allowed caller, and must change
// nothing in the database; then the allowed roles call. Reads allowed must answer 2xx; writes allowed must not
// be refused (a business answer — 409, 422 — is theirs to give). See security/access.ts for the table.

const suite = securitySuite();
let counter = 0;
/** What each role was answered where it was allowed, for the check that nothing leaks through it. */
const answers: { role: Role; what: string; body: string }[] = [];

describe('the access table covers the API', () => {
  it('classifies every operation of the OpenAPI document, and only those', () => {
    const documented = suite.ops.map((o) => o.key).sort();
    const ops = new Set(documented);
    expect(documented.filter((k) => !ACCESS[k]), 'operations without an access class in security/access.ts').toEqual([]);
    expect(documented.filter((k) => !REQUESTS[k]), 'operations without a request in security/requests.ts').toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !ops.has(k)), 'rows for operations the document no longer has').toEqual([]);
    expect(Object.keys(REQUESTS).filter((k) => !ops.has(k)), 'requests for operations the document no longer has').toEqual([]);
  });
});

/** The code of an item-level refusal in a bulk answer, for the refusal the role would get on the single route. */
const ITEM_CODE: Partial<Record<Outcome, string>> = { 403: 'forbidden', 404: 'dossier_not_found' };

describe('route × role', () => {
  for (const [key, rule] of Object.entries(ACCESS)) {
    it(`${key} — ${rule.access.name}`, async () => {
      const { s, f } = suite;
      const op = suite.ops.find((o) => o.key === key);
      if (!op) throw new Error(`${key} is not in the OpenAPI document`);
      // Requests are made ready first: some builders write (a citizen registering for a desk code).
      const calls = new Map<Role, { url: string; call: Call }>();
      for (const role of ROLES) {
        const c = await REQUESTS[key]!({ s: s, f, role, n: ++counter });
        calls.set(role, { url: urlOf(op, c), call: c });
      }
      const call = async (role: Role) => {
        const { url, call: c } = calls.get(role)!;
        return { res: await send(s.base, role === 'anonymous' ? null : s.sessions[role], op.method, url, c), url };
      };
      const refused = ROLES.filter((role) => rule.access[role] !== 'ok');
      const allowed = ROLES.filter((role) => rule.access[role] === 'ok');

      const before = isWrite(op) && refused.length ? await fingerprint(s.db) : undefined;
      for (const role of refused) {
        const expected = rule.access[role];
        const { res, url } = await call(role);
        const what = `${role} ${op.method} ${url}`;
        if (rule.perItem && role !== 'anonymous') {
          expect.soft(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(200);
          expect.soft(res.json<{ items: { ok: boolean; code?: string }[] }>().items?.[0], what).toMatchObject({ ok: false, code: ITEM_CODE[expected] });
          continue;
        }
        expect.soft(res.statusCode, `${what} should be refused with ${expected}: ${res.body.slice(0, 300)}`).toBe(expected);
        expectProblem(res, what);
        if (expected === 401) expect.soft(res.json().code, what).toBe('unauthenticated');
      }
      if (before) expect(changedTables(before, await fingerprint(s.db)), `tables written by refused ${key}`).toEqual([]);

      for (const role of allowed) {
        const { res, url } = await call(role);
        const what = `${role} ${op.method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        answers.push({ role, what: `${op.method} ${url}`, body: res.body });
        expect.soft(res.statusCode, what).toBeLessThan(500);
        if (!isWrite(op)) {
          expect.soft(res.statusCode >= 200 && res.statusCode < 300, what).toBe(true);
        } else {
          const refusedAnswer = res.statusCode === 403 || res.statusCode === 404 || (res.statusCode === 401 && res.json().code === 'unauthenticated');
          expect.soft(refusedAnswer, `${what} (allowed, but refused)`).toBe(false);
          if (rule.perItem) expect.soft(res.json().items?.[0]?.ok, what).toBe(true);
        }
      }
    });
  }
});

describe('what the allowed calls answered', () => {
  it('never shows the applicant\'s dossiers, files, stored documents or tasks to those who may not read them', () => {
    const { f } = suite;
    // Roles to whom the dossiers are 404, and the ids they must not meet in any answer they were allowed.
    const outsiders = ROLES.filter((r) => ACCESS['GET /api/v1/dossiers/{id}']!.access[r] === 404 || r === 'anonymous');
    const secrets: Record<string, string> = {
      'a dossier': [f.accepted, f.submitted, f.decided, f.turn, f.turnBulk].map((d) => d.id).join('|'),
      'the attached file': f.file, 'the stored document': f.storedDocument, 'the task': f.task,
    };
    const leaks = answers.filter((a) => outsiders.includes(a.role)).flatMap((a) => Object.entries(secrets)
      .filter(([, ids]) => ids.split('|').some((id) => a.body.includes(id))).map(([name]) => `${a.role} saw ${name} in ${a.what}`));
    expect(answers.length).toBeGreaterThan(300);
    expect(leaks).toEqual([]);
  });
});
