import type { Call, JsonSchema, Operation } from './harness';

// Bad inputs made from an operation's OpenAPI schemas and a valid call: for every field the schema describes,
// a NUL, a lone surrogate, a string longer than allowed, a value of the wrong type, numbers far beyond any
// column, and a property the schema does not have. Parts the schema leaves open (an e-form's data, a workflow
// graph) get the characters nothing can store. Each variant changes one thing.

/**
 * One bad request: what is changed (for the failure message), and how, applied to a fresh valid call (values
 * that must be unique — a receipt number, a desk code — are new each time, so only the change can fail it).
 * `lenient`: a value the server may take as written (broken UTF-8 in a free-text query is kept literally), so
 * only a 5xx is wrong.
 */
export interface Variant { name: string; apply: (valid: Call) => Call; lenient?: boolean }

const NUL = 'Đồng\u0000Hới';
const LONE_SURROGATE = 'Đồng Hới \ud800';
/** Beyond every column and every limit a JSON body could meet inside the 1 MB body limit. */
const HUGE_NUMBERS = [1e23, -1e23, 2 ** 63, 1e308];
/** A string longer than any field without a declared length should take. */
const UNBOUNDED = 100_000;
const MAX_DEPTH = 5;

/** The schema's own type (a nullable or a union of literals reads as its first non-null alternative). */
function resolve(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return resolve(alt.find((a) => a.type !== 'null') ?? alt[0]);
  return schema;
}
const typeOf = (schema: JsonSchema | undefined): string | undefined => {
  const t = resolve(schema)?.type;
  return Array.isArray(t) ? t.find((x) => x !== 'null') : t;
};

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
/** A copy of `value` with `replacement` at `path` (creating objects on the way). */
function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const root = clone(value ?? {}) as Record<string | number, unknown>;
  let node = root;
  path.slice(0, -1).forEach((p) => {
    if (node[p] === null || typeof node[p] !== 'object') node[p] = {};
    node = node[p] as Record<string | number, unknown>;
  });
  node[path[path.length - 1]!] = replacement;
  return root;
}
const pointer = (path: (string | number)[]) => `/${path.join('/')}`;

/** The string leaves of an open value (at most `limit`), for the characters nothing can store. */
function stringLeaves(value: unknown, path: (string | number)[], limit = 3): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (out.length >= limit) return;
    if (typeof v === 'string') out.push(p);
    else if (Array.isArray(v)) v.slice(0, 2).forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(value, path);
  return out;
}

/** The bad values for one field described by `schema`, whose valid value is `valid`. */
function fieldValues(schema: JsonSchema, valid: unknown): [string, unknown][] {
  const s = resolve(schema)!;
  switch (typeOf(s)) {
    case 'string': return [
      ['a NUL character', NUL], ['a lone surrogate', LONE_SURROGATE],
      [`a string over its length (${s.maxLength ?? 'none declared'})`, 'đ'.repeat((s.maxLength ?? UNBOUNDED) + 1)], ['a number for a string', 12345],
    ];
    case 'integer':
    case 'number': return [
      ['a string for a number', String(typeof valid === 'number' ? valid : 1)], ...HUGE_NUMBERS.map((n): [string, unknown] => [`the number ${n}`, n]),
      ...(typeOf(s) === 'integer' ? [['a fraction for an integer', 1.5] as [string, unknown]] : []),
    ];
    case 'boolean': return [['a string for a boolean', 'có']];
    case 'array': return [['an object for a list', {}]];
    case 'object': return [['a list for an object', []]];
    default: return [];
  }
}

/** Every variant of a JSON body: the whole body, then each field the schema describes, recursively. */
export function bodyVariants(schema: JsonSchema, valid: unknown): Variant[] {
  type Change = { name: string; body: (v: unknown) => unknown };
  const at = (path: (string | number)[], bad: unknown) => (v: unknown) => setAt(v, path, bad);
  const out: Change[] = [
    { name: 'a list instead of the body', body: (v) => [v] }, { name: 'a string instead of the body', body: () => 'Đồng Hới' },
  ];
  const walk = (s: JsonSchema | undefined, value: unknown, path: (string | number)[], depth: number) => {
    const node = resolve(s);
    if (!node || depth > MAX_DEPTH) return;
    const t = typeOf(node);
    if (t === 'object' && node.properties) {
      out.push({ name: `a property the schema does not have at ${pointer(path)}`, body: at([...path, 'truongKhongCo'], 'x') });
      for (const [key, sub] of Object.entries(node.properties)) {
        const here = [...path, key];
        const v = (value as Record<string, unknown> | undefined)?.[key];
        for (const [name, bad] of fieldValues(sub, v)) out.push({ name: `${name} at ${pointer(here)}`, body: at(here, bad) });
        walk(sub, v, here, depth + 1);
      }
    } else if (t === 'array' && node.items && Array.isArray(value) && value.length) {
      const here = [...path, 0];
      for (const [name, bad] of fieldValues(node.items, value[0])) out.push({ name: `${name} at ${pointer(here)}`, body: at(here, bad) });
      walk(node.items, value[0], here, depth + 1);
    } else if (t === 'object' || t === undefined) {
      // Open data (an e-form, a workflow graph): only what no schema could allow.
      for (const leaf of stringLeaves(value, path)) {
        out.push({ name: `a NUL character at ${pointer(leaf)}`, body: at(leaf, NUL) });
        out.push({ name: `a lone surrogate at ${pointer(leaf)}`, body: at(leaf, LONE_SURROGATE) });
      }
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        out.push({ name: `a key with a NUL character at ${pointer(path)}`, body: at([...path, 'khoa\u0000'], 'x') });
      }
    }
  };
  walk(schema, valid, [], 0);
  return out.map((v) => ({ name: `body: ${v.name}`, apply: (c: Call) => ({ ...c, json: v.body(c.json) }) }));
}

/** Bad query values: the characters nothing can store (also as broken UTF-8), lengths, types and numbers. */
export function queryVariants(op: Operation): Variant[] {
  const out: Variant[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    const s = resolve(p.schema)!;
    const raw = (name: string, v: string, lenient?: true): Variant => ({
      name: `query ${p.name}: ${name}`, lenient, apply: (c) => ({ ...c, rawQuery: { ...c.rawQuery, [p.name]: v } }),
    });
    const free = typeOf(s) === 'string' && !s.enum && !s.anyOf && !s.format && !s.pattern;
    out.push(raw('a NUL character', '%C4%90%00'));
    out.push(raw('a lone surrogate as UTF-8', '%ED%A0%80', free || undefined), raw('an over-long UTF-8 NUL', '%C0%80', free || undefined));
    out.push(raw(`${s.maxLength ?? 'no declared'} characters + 1`, 'x'.repeat((s.maxLength ?? 4000) + 1)));
    if (typeOf(s) === 'integer' || typeOf(s) === 'number') {
      for (const n of ['abc', '1e23', '-1e23', '99999999999999999999999', '1e400']) out.push(raw(n, n));
      if (typeOf(s) === 'integer') out.push(raw('a fraction', '1.5'));
    } else if (!free) {
      out.push(raw('a value it does not take', 'khong-hop-le'));
    }
  }
  return out;
}

/** Bad path parameters: the characters nothing can store, broken UTF-8, and very long values. */
export function pathVariants(op: Operation): Variant[] {
  return op.parameters.filter((x) => x.in === 'path').flatMap((p) => [
    ['a NUL character', '%00'], ['a lone surrogate as UTF-8', '%ED%A0%80'], ['a broken percent-escape', '%E0%A4%A'], ['5,000 characters', 'x'.repeat(5000)],
  ].map(([name, v]): Variant => ({ name: `path {${p.name}}: ${name}`, apply: (c) => ({ ...c, rawParams: { ...c.rawParams, [p.name]: v! } }) })));
}
