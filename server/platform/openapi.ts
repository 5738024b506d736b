import { Type, type TLiteral, type TUnion } from 'typebox';

/** The problem+json body every error answers with. */
export const Problem = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  /** `draft_exists`: the draft already open for this procedure and unit. */
  draftId: Type.Optional(Type.String()),
  /** `workflow_invalid`: every problem found by the validator. */
  /** `login_locked`, `login_rate_limited`: seconds until the next attempt may be made (also in Retry-After). */
  retryAfter: Type.Optional(Type.Integer()),
  issues: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String(), node: Type.Optional(Type.String()) }))),
});

// Bounds for numbers that reach the database. A JSON number or a query value like 1e23 is an integer to the
// validator, but not to PostgreSQL: without a bound it became a 500 ("invalid input syntax for type bigint").

/** A paging offset. */
export const Offset = Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 });
/** A row's version sent back for optimistic locking (an `integer` column). */
export const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
/** An amount of money in đồng: at most a thousand billion. */
export const Money = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

/** Response entries for the given error statuses, for route schemas (OpenAPI). */
export function problemResponses(...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries(statuses.map((s) => [s, Problem]));
}

/** One of the given strings, as `anyOf` of constants (what the OpenAPI document and the validator get) typed
 *  as the union of those strings (what the handler gets). */
export function Literals<const T extends readonly string[]>(values: T) {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}
