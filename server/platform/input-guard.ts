import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

// PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate is not text at all
// (jsonb refuses its escape, a text column would get U+FFFD). Such input is refused at the door,
// for every route at once, before validation and before any SQL: 400 `invalid_characters`.
//
// JSON bodies take only the properties their schema lists (400 `invalid_request`, at the property): a misspelt
// field silently dropped is a value the sender believes was saved. Parts a schema leaves open on purpose (an
// e-form's data, a workflow graph: records without listed properties) stay open.

/** NUL, or a surrogate that is not half of a pair (with the `u` flag a pair is one code point). */
const BAD = /[\u0000\ud800-\udfff]/u;

/** True when a string holds a character that cannot be stored as text. */
export const hasBadText = (s: string): boolean => BAD.test(s);

/**
 * The JSON Pointer of the first string (or object key) in `value` holding NUL or a lone surrogate,
 * or null. Walks iteratively, so a deeply nested body cannot exhaust the stack.
 */
export function badTextPath(value: unknown, base = ''): string | null {
  const stack: [unknown, string][] = [[value, base]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD.test(v)) return path || '/';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (BAD.test(k)) return p;
        stack.push([child, p]);
      }
    }
  }
  return null;
}

/** The 400 answer for unstorable characters at `path` of a request part (the value itself is never echoed). */
export function badTextError(part: 'body' | 'querystring' | 'params' | 'multipart', path: string): AppError {
  // The path shows where: a key holding NUL would otherwise echo it back.
  const shown = path.replace(/[\u0000\ud800-\udfff]/gu, '\uFFFD');
  return new AppError(400, 'invalid_characters', 'Yêu cầu không hợp lệ',
    `Dữ liệu gửi lên (${part}) có ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode không trọn vẹn) tại ${shown}.`,
    [{ path: shown, message: 'Chứa ký tự không hợp lệ (NUL hoặc ký tự Unicode không trọn vẹn).' }]);
}

type SchemaNode = Record<string, unknown>;
const isNode = (v: unknown): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A copy of a JSON Schema in which every object that lists its properties takes no others (unless it says otherwise). */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!isNode(schema)) return schema;
  const out: SchemaNode = { ...schema };
  if (isNode(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, closeObjects(v)]));
    if (schema.additionalProperties === undefined && schema.patternProperties === undefined) out.additionalProperties = false;
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf']) if (schema[key] !== undefined) out[key] = closeObjects(schema[key]);
  return out;
}

/**
 * Refuses NUL and lone surrogates in the path parameters, query string and JSON body of every route, and
 * closes every route's JSON body schema (`closeObjects`). Register before the routes and the OpenAPI
 * document, which then says so too.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.body) route.schema.body = closeObjects(route.schema.body);
  });
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
      const path = badTextPath(value);
      if (path !== null) throw badTextError(part, path);
    }
  });
}
