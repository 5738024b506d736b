import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldError } from '../../platform/errors';
import { validationMessage } from '../../platform/validation-messages';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

const cache = new Map<string, ValidateFunction>();

/** The longest text a form field takes when its schema sets no `maxLength` (characters). */
export const DEFAULT_MAX_LENGTH = 4000;
/** The largest e-form data as a whole (bytes of JSON). */
export const MAX_FORM_BYTES = 128 * 1024;

type SchemaNode = Record<string, unknown>;
const isNode = (v: unknown): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains'];

/** A copy of a form schema where every string without a `maxLength` gets the default one. */
export function withLengthLimits(schema: SchemaNode): SchemaNode {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isNode(node)) return node;
    const out: SchemaNode = { ...node };
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes('string') && typeof node.maxLength !== 'number') out.maxLength = DEFAULT_MAX_LENGTH;
    for (const key of SUBSCHEMA_MAPS) {
      if (isNode(node[key])) out[key] = Object.fromEntries(Object.entries(node[key]).map(([k, v]) => [k, Array.isArray(v) ? v : walk(v)]));
    }
    for (const key of [...SUBSCHEMA_LISTS, ...SUBSCHEMAS]) if (node[key] !== undefined) out[key] = walk(node[key]);
    return out;
  };
  return walk(schema) as SchemaNode;
}

/** Compiles (once per procedure version) the e-form schema, with the default length limits added. */
export function formValidator(cacheKey: string, schema: Record<string, unknown>): ValidateFunction {
  let v = cache.get(cacheKey);
  if (!v) {
    v = ajv.compile({ ...withLengthLimits(schema), $id: undefined });
    cache.set(cacheKey, v);
  }
  return v;
}

function titleAt(schema: Record<string, unknown>, pointer: string): string | undefined {
  let node: Record<string, unknown> | undefined = schema;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (!node) return undefined;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (props && props[part]) node = props[part];
    else if (node.items && /^\d+$/.test(part)) node = node.items as Record<string, unknown>;
    else return undefined;
  }
  return typeof node?.title === 'string' ? node.title : undefined;
}

/**
 * Validates e-form data: the whole at most `MAX_FORM_BYTES`, then the schema (every string at most its
 * `maxLength`, else `DEFAULT_MAX_LENGTH`); returns field errors in Vietnamese, each with a JSON Pointer to the field.
 */
export function validateForm(v: ValidateFunction, schema: Record<string, unknown>, data: unknown): FieldError[] {
  const bytes = Buffer.byteLength(JSON.stringify(data ?? null));
  if (bytes > MAX_FORM_BYTES) {
    return [{ path: '/', message: `Biểu mẫu quá lớn (${Math.ceil(bytes / 1024)} KB, tối đa ${MAX_FORM_BYTES / 1024} KB).` }];
  }
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => {
    const path = e.keyword === 'required' ? `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}` : e.instancePath;
    const label = titleAt(schema, path) ?? (path.split('/').pop() || 'Biểu mẫu');
    return { path: path || '/', message: validationMessage(e, label, 'biểu mẫu') };
  });
}
