/**
 * Model of the visual e-form builder: a tree of fields that is read from and written to
 * the procedure's JSON Schema (formSchema) and rjsf uiSchema. Keywords the builder does not
 * manage are kept as they are (`extra` / `uiExtra`), so loading and saving an existing form
 * without edits gives back the same schema.
 */
import { foldVietnamese } from '../../../common/text';

type Json = Record<string, unknown>;

export type FieldType =
  | 'string'
  | 'textarea'
  | 'integer'
  | 'number'
  | 'date'
  | 'boolean'
  | 'enum'
  | 'multi'
  | 'idNumber'
  | 'phone'
  | 'email'
  | 'group'
  | 'repeat'
  | 'custom';

/** Types offered in the type select ('custom' only appears for fields loaded with an unknown shape). */
export const FIELD_TYPES: FieldType[] = [
  'string',
  'textarea',
  'integer',
  'number',
  'date',
  'boolean',
  'enum',
  'multi',
  'idNumber',
  'phone',
  'email',
  'group',
  'repeat',
];

export const ID_NUMBER_PATTERN = '^[0-9]{12}$';
export const PHONE_PATTERN = '^(0|\\+84)[0-9]{9,10}$';

export interface BuilderField {
  /** Stable id for React keys and drag and drop (not saved). */
  id: string;
  key: string;
  /** True once the key was typed by hand or loaded: the title no longer regenerates it. */
  keyLocked: boolean;
  title: string;
  type: FieldType;
  required: boolean;
  description: string;
  placeholder: string;
  /** Choices of an enum / multi field. */
  options: string[];
  /** Regular expression of a plain text field. */
  pattern: string;
  minimum: number | null;
  maximum: number | null;
  /** Fields of a group (object) or of one item of a repeated group (array of objects). */
  children: BuilderField[];
  /** Title of one item of a repeated group. */
  itemTitle: string;
  /** Other JSON Schema keywords of this field, kept as loaded. */
  extra: Json;
  /** Other uiSchema entries of this field, kept as loaded. */
  uiExtra: Json;
  /** Whole schema of a 'custom' field (shape the builder does not know). */
  raw?: Json;
}

export interface BuilderForm {
  title: string;
  description: string;
  fields: BuilderField[];
  extra: Json;
  uiExtra: Json;
}

let seq = 0;
export function newId(): string {
  seq += 1;
  return `f${Date.now().toString(36)}${seq}`;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function omit(obj: Json, keys: string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** "Họ và tên người yêu cầu" → "hoVaTenNguoiYeuCau" (ASCII camelCase, starts with a letter). */
export function toCamelKey(title: string): string {
  const words = foldVietnamese(title)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  if (!key) return '';
  return /^[a-z]/.test(key) ? key : `truong${key[0].toUpperCase()}${key.slice(1)}`;
}

/** A key not used by the siblings (adds 2, 3, … when needed). */
export function uniqueKey(base: string, taken: string[]): string {
  const root = base || 'truongMoi';
  if (!taken.includes(root)) return root;
  for (let i = 2; ; i++) if (!taken.includes(`${root}${i}`)) return `${root}${i}`;
}

export function emptyField(type: FieldType = 'string'): BuilderField {
  return {
    id: newId(),
    key: '',
    keyLocked: false,
    title: '',
    type,
    required: false,
    description: '',
    placeholder: '',
    options: type === 'enum' || type === 'multi' ? [] : [],
    pattern: '',
    minimum: null,
    maximum: null,
    children: [],
    itemTitle: '',
    extra: {},
    uiExtra: {},
  };
}

// ---------------------------------------------------------------- reading

const STRING_MANAGED = ['type', 'title', 'description', 'format', 'pattern', 'enum'];

/** Orders property keys by ui:order ("*" = the rest), then by schema order. */
function orderedKeys(props: Json, ui: Json): string[] {
  const keys = Object.keys(props);
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  if (order.length === 0) return keys;
  const listed = order.filter((k) => k !== '*' && keys.includes(k));
  const rest = keys.filter((k) => !listed.includes(k));
  const star = order.indexOf('*');
  if (star < 0) return [...listed, ...rest];
  const before = order.slice(0, star).filter((k) => listed.includes(k));
  const after = listed.filter((k) => !before.includes(k));
  return [...before, ...rest, ...after];
}

function readChildren(schema: Json, ui: Json): BuilderField[] {
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  return orderedKeys(props, ui).map((key) => {
    const prop = props[key];
    const fieldUi = isObject(ui[key]) ? (ui[key] as Json) : {};
    return readField(key, isObject(prop) ? prop : {}, fieldUi, required.includes(key));
  });
}

function readField(key: string, s: Json, ui: Json, required: boolean): BuilderField {
  const f: BuilderField = {
    ...emptyField(),
    key,
    keyLocked: true,
    title: typeof s.title === 'string' ? s.title : '',
    required,
    description: typeof s.description === 'string' ? s.description : '',
    placeholder: typeof ui['ui:placeholder'] === 'string' ? (ui['ui:placeholder'] as string) : '',
  };
  const uiRest = omit(ui, ['ui:placeholder']);
  const widget = ui['ui:widget'];
  const type = s.type;

  if (type === 'object' && !('items' in s)) {
    f.type = 'group';
    f.children = readChildren(s, ui);
    f.extra = omit(s, ['type', 'title', 'description', 'properties', 'required']);
    f.uiExtra = Object.fromEntries(Object.entries(uiRest).filter(([k]) => k.startsWith('ui:') && k !== 'ui:order'));
    return f;
  }
  if (type === 'array' && isObject(s.items) && s.items.type === 'object') {
    const items = s.items;
    const itemsUi = isObject(ui.items) ? (ui.items as Json) : {};
    f.type = 'repeat';
    f.itemTitle = typeof items.title === 'string' ? items.title : '';
    f.children = readChildren(items, itemsUi);
    f.extra = omit(s, ['type', 'title', 'description', 'items']);
    const itemsExtra = omit(items, ['type', 'title', 'properties', 'required']);
    if (Object.keys(itemsExtra).length > 0) f.extra = { ...f.extra, 'x-items': itemsExtra };
    const itemsUiExtra = Object.fromEntries(Object.entries(itemsUi).filter(([k]) => k.startsWith('ui:') && k !== 'ui:order'));
    f.uiExtra = omit(uiRest, ['items']);
    if (Object.keys(itemsUiExtra).length > 0) f.uiExtra = { ...f.uiExtra, 'x-items': itemsUiExtra };
    return f;
  }
  if (
    type === 'array' &&
    isObject(s.items) &&
    s.items.type === 'string' &&
    Array.isArray(s.items.enum) &&
    Object.keys(omit(s.items, ['type', 'enum', 'title'])).length === 0
  ) {
    f.type = 'multi';
    f.options = (s.items.enum as unknown[]).map(String);
    f.itemTitle = typeof s.items.title === 'string' ? s.items.title : '';
    f.extra = omit(s, ['type', 'title', 'description', 'items', 'uniqueItems']);
    f.uiExtra = widget === 'checkboxes' ? omit(uiRest, ['ui:widget']) : uiRest;
    return f;
  }
  if (type === 'string') {
    const rest = omit(s, STRING_MANAGED);
    if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) {
      f.type = 'enum';
      f.options = s.enum as string[];
      f.extra = omit(rest, []);
      if ('format' in s) f.extra.format = s.format;
      if ('pattern' in s) f.extra.pattern = s.pattern;
      f.uiExtra = uiRest;
      return f;
    }
    if (s.format === 'date' && !('pattern' in s)) {
      f.type = 'date';
      f.extra = rest;
      f.uiExtra = uiRest;
      return f;
    }
    if (s.format === 'email' && !('pattern' in s)) {
      f.type = 'email';
      f.extra = rest;
      f.uiExtra = uiRest;
      return f;
    }
    if (s.pattern === ID_NUMBER_PATTERN && !('format' in s)) {
      f.type = 'idNumber';
      f.extra = rest;
      f.uiExtra = uiRest;
      return f;
    }
    if (s.pattern === PHONE_PATTERN && !('format' in s)) {
      f.type = 'phone';
      f.extra = rest;
      f.uiExtra = uiRest;
      return f;
    }
    f.type = widget === 'textarea' ? 'textarea' : 'string';
    f.pattern = typeof s.pattern === 'string' ? s.pattern : '';
    f.extra = rest;
    if ('format' in s) f.extra.format = s.format;
    f.uiExtra = widget === 'textarea' ? omit(uiRest, ['ui:widget']) : uiRest;
    return f;
  }
  if (type === 'integer' || type === 'number') {
    f.type = type;
    f.minimum = typeof s.minimum === 'number' ? s.minimum : null;
    f.maximum = typeof s.maximum === 'number' ? s.maximum : null;
    f.extra = omit(s, ['type', 'title', 'description', 'minimum', 'maximum']);
    f.uiExtra = uiRest;
    return f;
  }
  if (type === 'boolean') {
    f.type = 'boolean';
    f.extra = omit(s, ['type', 'title', 'description']);
    f.uiExtra = uiRest;
    return f;
  }
  // Unknown shape: kept verbatim, only title / required / order are editable.
  f.type = 'custom';
  f.raw = omit(s, ['title', 'description']);
  f.uiExtra = uiRest;
  return f;
}

/** Read a procedure's formSchema + uiSchema into the builder model. */
export function readForm(schema: unknown, uiSchema: unknown): BuilderForm {
  const s = isObject(schema) ? schema : { type: 'object', properties: {} };
  const ui = isObject(uiSchema) ? uiSchema : {};
  const fields = readChildren(s, ui);
  const keys = new Set(fields.map((f) => f.key));
  return {
    title: typeof s.title === 'string' ? s.title : '',
    description: typeof s.description === 'string' ? s.description : '',
    fields,
    extra: omit(s, ['type', 'title', 'description', 'properties', 'required']),
    uiExtra: Object.fromEntries(Object.entries(ui).filter(([k]) => k !== 'ui:order' && !keys.has(k))),
  };
}

// ---------------------------------------------------------------- writing

function withText(out: Json, f: BuilderField): Json {
  if (f.title.trim()) out.title = f.title.trim();
  if (f.description.trim()) out.description = f.description.trim();
  return out;
}

function cleanOptions(options: string[]): string[] {
  const out: string[] = [];
  for (const o of options.map((x) => x.trim())) if (o && !out.includes(o)) out.push(o);
  return out;
}

function fieldSchema(f: BuilderField): Json {
  switch (f.type) {
    case 'group': {
      const out = withText({ type: 'object' }, f);
      Object.assign(out, childrenSchema(f.children));
      return { ...out, ...f.extra };
    }
    case 'repeat': {
      const { 'x-items': itemsExtra, ...extra } = f.extra;
      const items: Json = { type: 'object' };
      if (f.itemTitle.trim()) items.title = f.itemTitle.trim();
      Object.assign(items, childrenSchema(f.children));
      if (isObject(itemsExtra)) Object.assign(items, itemsExtra);
      return { ...withText({ type: 'array' }, f), items, ...extra };
    }
    case 'multi': {
      const items: Json = { type: 'string' };
      if (f.itemTitle.trim()) items.title = f.itemTitle.trim();
      items.enum = cleanOptions(f.options);
      return { ...withText({ type: 'array' }, f), uniqueItems: true, items, ...f.extra };
    }
    case 'enum':
      return { ...withText({ type: 'string' }, f), enum: cleanOptions(f.options), ...f.extra };
    case 'date':
      return { ...withText({ type: 'string' }, f), format: 'date', ...f.extra };
    case 'email':
      return { ...withText({ type: 'string' }, f), format: 'email', ...f.extra };
    case 'idNumber':
      return { ...withText({ type: 'string' }, f), pattern: ID_NUMBER_PATTERN, ...f.extra };
    case 'phone':
      return { ...withText({ type: 'string' }, f), pattern: PHONE_PATTERN, ...f.extra };
    case 'integer':
    case 'number': {
      const out = withText({ type: f.type }, f);
      if (f.minimum !== null) out.minimum = f.minimum;
      if (f.maximum !== null) out.maximum = f.maximum;
      return { ...out, ...f.extra };
    }
    case 'boolean':
      return { ...withText({ type: 'boolean' }, f), ...f.extra };
    case 'custom':
      return withText({ ...(f.raw ?? {}) }, f);
    case 'string':
    case 'textarea':
    default: {
      const out = withText({ type: 'string' }, f);
      if (f.pattern.trim()) out.pattern = f.pattern.trim();
      return { ...out, ...f.extra };
    }
  }
}

function childrenSchema(fields: BuilderField[]): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const f of fields) {
    properties[f.key] = fieldSchema(f);
    if (f.required) required.push(f.key);
  }
  return required.length > 0 ? { required, properties } : { properties };
}

function childrenUi(fields: BuilderField[]): Json {
  const ui: Json = { 'ui:order': fields.map((f) => f.key) };
  for (const f of fields) {
    const u = fieldUi(f);
    if (Object.keys(u).length > 0) ui[f.key] = u;
  }
  return ui;
}

function fieldUi(f: BuilderField): Json {
  const { 'x-items': itemsUiExtra, ...uiExtra } = f.uiExtra;
  const out: Json = {};
  if (f.type === 'textarea') out['ui:widget'] = 'textarea';
  if (f.type === 'multi') out['ui:widget'] = 'checkboxes';
  if (f.placeholder.trim() && f.type !== 'group' && f.type !== 'repeat') out['ui:placeholder'] = f.placeholder.trim();
  if (f.type === 'group') Object.assign(out, childrenUi(f.children));
  if (f.type === 'repeat') {
    const items = childrenUi(f.children);
    if (isObject(itemsUiExtra)) Object.assign(items, itemsUiExtra);
    out.items = items;
  }
  return { ...out, ...uiExtra };
}

/** Write the builder model back to { formSchema, uiSchema }. */
export function writeForm(form: BuilderForm): { formSchema: Json; uiSchema: Json } {
  const formSchema: Json = {};
  if ('$schema' in form.extra) formSchema.$schema = form.extra.$schema;
  if (form.title.trim()) formSchema.title = form.title.trim();
  if (form.description.trim()) formSchema.description = form.description.trim();
  formSchema.type = 'object';
  Object.assign(formSchema, childrenSchema(form.fields), omit(form.extra, ['$schema']));
  const uiSchema: Json = { ...form.uiExtra, ...childrenUi(form.fields) };
  return { formSchema, uiSchema };
}

// ---------------------------------------------------------------- editing helpers

/** Change a field's type, dropping keywords that belonged to the old type. */
export function changeType(f: BuilderField, type: FieldType): BuilderField {
  if (f.type === type) return f;
  const keepUi = omit(f.uiExtra, ['ui:widget', 'x-items']);
  const next: BuilderField = { ...f, type, extra: {}, uiExtra: keepUi, raw: undefined, pattern: '', minimum: null, maximum: null };
  if (f.required && isStringType(type)) next.extra = { minLength: 1 };
  if ((type === 'group' || type === 'repeat') && f.type !== 'group' && f.type !== 'repeat') next.children = [];
  if ((type === 'enum' || type === 'multi') && f.options.length === 0) next.options = [];
  return next;
}

function isStringType(type: FieldType): boolean {
  return type === 'string' || type === 'textarea';
}

/** Toggle "required"; plain text fields also get minLength 1 so blank text is refused. */
export function setRequired(f: BuilderField, required: boolean): BuilderField {
  const next = { ...f, required };
  if (isStringType(f.type)) {
    if (required && !('minLength' in f.extra)) next.extra = { ...f.extra, minLength: 1 };
    if (!required && f.extra.minLength === 1) next.extra = omit(f.extra, ['minLength']);
  }
  return next;
}

/** Set the title; a key that was never typed by hand follows the title. */
export function setTitle(f: BuilderField, title: string, siblingKeys: string[]): BuilderField {
  if (f.keyLocked) return { ...f, title };
  return { ...f, title, key: uniqueKey(toCamelKey(title), siblingKeys) };
}

export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type BuilderIssue = { path: number[]; kind: 'keyEmpty' | 'keyInvalid' | 'keyDuplicate' | 'noOptions' | 'noChildren' | 'badPattern' };

/** Problems that make the form unusable (empty / duplicate keys, enums without choices, …). */
export function validateFields(fields: BuilderField[], path: number[] = []): BuilderIssue[] {
  const issues: BuilderIssue[] = [];
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    const p = [...path, i];
    if (!f.key) issues.push({ path: p, kind: 'keyEmpty' });
    else if (!KEY_PATTERN.test(f.key)) issues.push({ path: p, kind: 'keyInvalid' });
    else if (seen.has(f.key)) issues.push({ path: p, kind: 'keyDuplicate' });
    seen.set(f.key, i);
    if ((f.type === 'enum' || f.type === 'multi') && f.options.filter((o) => o.trim()).length === 0) issues.push({ path: p, kind: 'noOptions' });
    if (f.type === 'string' && f.pattern.trim()) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        issues.push({ path: p, kind: 'badPattern' });
      }
    }
    if (f.type === 'group' || f.type === 'repeat') {
      if (f.children.length === 0) issues.push({ path: p, kind: 'noChildren' });
      issues.push(...validateFields(f.children, p));
    }
  });
  return issues;
}

/** Replace the list of fields at `path` (the children of the field at that path; [] = top level). */
export function updateListAt(fields: BuilderField[], path: number[], fn: (list: BuilderField[]) => BuilderField[]): BuilderField[] {
  if (path.length === 0) return fn(fields);
  const [head, ...rest] = path;
  return fields.map((f, i) => (i === head ? { ...f, children: updateListAt(f.children, rest, fn) } : f));
}

/** Move an item inside a list. */
export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = list.slice();
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Drop fields the preview cannot render yet (no / bad / duplicate key, choice list without choices). */
export function renderableFields(fields: BuilderField[]): BuilderField[] {
  const seen = new Set<string>();
  const out: BuilderField[] = [];
  for (const f of fields) {
    if (!f.key || !KEY_PATTERN.test(f.key) || seen.has(f.key)) continue;
    if ((f.type === 'enum' || f.type === 'multi') && cleanOptions(f.options).length === 0) continue;
    if (f.type === 'string' && f.pattern.trim()) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        continue;
      }
    }
    seen.add(f.key);
    out.push(f.type === 'group' || f.type === 'repeat' ? { ...f, children: renderableFields(f.children) } : f);
  }
  return out;
}
