import { describe, expect, it } from 'vitest';
import { httpRequest } from '../test/http-client';
import { ACCESS } from './access';
import { securitySuite } from './fixtures';
import { expectProblem, ROLES, send, urlOf, type SignedInRole } from './harness';
import { bodyVariants, pathVariants, queryVariants } from './mutations';
import { REQUESTS } from './requests';

// Bad input on every operation of the OpenAPI document, made from its own schemas (security/mutations.ts):
// each variant is sent by a role that may make the call, so it meets the route's validation and its code, not
// a refusal. Every answer must be a 4xx problem+json with a code — never a 5xx — and the server must go on
// answering.

const suite = securitySuite();
let counter = 0;

/** A letter only Vietnamese writes (the answer's words are for people: title and detail). */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const problemText = (res: { json<T>(): T }) => { try { const p = res.json<{ title?: string; detail?: string }>(); return `${p.title} ${p.detail}`; } catch { return ''; } };
const caller = (key: string): SignedInRole => ROLES.find((r) => r !== 'anonymous' && ACCESS[key]!.access[r] === 'ok') as SignedInRole;

describe('bad input on every operation', () => {
  for (const key of Object.keys(ACCESS)) {
    it(key, async () => {
      const { s, f } = suite;
      const op = suite.ops.find((o) => o.key === key);
      if (!op) throw new Error(`${key} is not in the OpenAPI document`);
      const role = caller(key);
      const build = () => Promise.resolve(REQUESTS[key]!({ s: s, f, role, n: ++counter }));
      const sample = await build();
      const variants = [...(op.jsonBody ? bodyVariants(op.jsonBody, sample.json) : []), ...queryVariants(op), ...pathVariants(op)];
      for (const v of variants) {
        const call = v.apply(await build());
        const url = urlOf(op, call);
        const res = await send(s.base, s.sessions[role], op.method, url, call);
        const what = `${role} ${op.method} ${url.slice(0, 160)} — ${v.name}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect.soft(res.statusCode < 500, what).toBe(true);
        if (!v.lenient) {
          expect.soft(res.statusCode >= 400 && res.statusCode < 500, what).toBe(true);
          if (res.statusCode >= 400) {
            expectProblem(res, what);
            expect.soft(problemText(res), `${what}: not in Vietnamese`).toMatch(VIETNAMESE);
          }
        }
      }
      expect((await httpRequest(s.base, '/healthz')).statusCode, 'the server still answers').toBe(200);
    });
  }

  it('logged no unhandled error', () => {
    expect(suite.s.server.output()).not.toContain('unhandled error');
  });
});
