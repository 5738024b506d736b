import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoProcedures } from '../test/demo-data';
import {
  changeType, emptyField, ID_NUMBER_PATTERN, KEY_PATTERN, moveItem, readForm, renderableFields, setRequired, setTitle,
  toCamelKey, uniqueKey, updateListAt, validateFields, writeForm, type BuilderField, type BuilderForm, type FieldType,
} from './form-builder';

/** What a field means, without the builder's bookkeeping (React ids, key locks). */
function meaning(fields: BuilderField[]): unknown[] {
  return fields.map((f) => ({
    key: f.key, title: f.title, type: f.type, required: f.required, description: f.description, placeholder: f.placeholder,
    options: f.options, pattern: f.pattern, minimum: f.minimum, maximum: f.maximum, itemTitle: f.itemTitle,
    children: meaning(f.children),
  }));
}

describe('the e-form builder reads and writes the shipped forms', () => {
  it.each(demoProcedures.map((p) => [p.code, p] as const))('%s: saving without edits gives back the same form', (_, p) => {
    const once = writeForm(readForm(p.formSchema, p.uiSchema ?? {}));
    // `required` is a set: the builder lists it in the fields' display order.
    expect(requiredAsSets(once.formSchema)).toEqual(requiredAsSets(p.formSchema));
    // The uiSchema may gain the order of nested groups (their schema order, made explicit); nothing else.
    const twice = writeForm(readForm(once.formSchema, once.uiSchema));
    expect(twice).toEqual(once);
    expect(meaning(readForm(once.formSchema, once.uiSchema).fields)).toEqual(meaning(readForm(p.formSchema, p.uiSchema ?? {}).fields));
  });

  it('reads all 56 shipped procedures, and recognises every field of at least one of them', () => {
    expect(demoProcedures).toHaveLength(56);
    const types = new Set(demoProcedures.flatMap((p) => flatten(readForm(p.formSchema, p.uiSchema).fields).map((f) => f.type)));
    for (const t of ['string', 'date', 'enum', 'group', 'idNumber'] as FieldType[]) expect(types).toContain(t);
  });
});

/** The schema with every `required` list sorted (JSON Schema gives its order no meaning). */
function requiredAsSets(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(requiredAsSets);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'required' && Array.isArray(v) ? [...v].sort() : requiredAsSets(v)]));
}

function flatten(fields: BuilderField[]): BuilderField[] {
  return fields.flatMap((f) => [f, ...flatten(f.children)]);
}

describe('reading', () => {
  it('keeps keywords it does not manage, and a field of unknown shape verbatim', () => {
    const schema = {
      type: 'object', 'x-source': 'TT03', required: ['hoTen'],
      properties: {
        hoTen: { type: 'string', title: 'Họ và tên', minLength: 1, maxLength: 100 },
        tuoi: { type: 'integer', title: 'Tuổi', minimum: 0, multipleOf: 1 },
        toaDo: { type: ['number', 'null'], title: 'Toạ độ' },
      },
    };
    const form = readForm(schema, { hoTen: { 'ui:autofocus': true } });
    expect(form.fields.map((f) => f.type)).toEqual(['string', 'integer', 'custom']);
    expect(form.fields[0]).toMatchObject({ required: true, extra: { minLength: 1, maxLength: 100 }, uiExtra: { 'ui:autofocus': true } });
    expect(form.fields[1]).toMatchObject({ minimum: 0, maximum: null, extra: { multipleOf: 1 } });
    expect(writeForm(form).formSchema).toEqual(schema);
  });

  it('orders fields by ui:order, with "*" standing for the fields it does not list', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string' } } };
    expect(readForm(schema, { 'ui:order': ['c', 'a'] }).fields.map((f) => f.key)).toEqual(['c', 'a', 'b', 'd']);
    expect(readForm(schema, { 'ui:order': ['c', '*', 'a'] }).fields.map((f) => f.key)).toEqual(['c', 'b', 'd', 'a']);
    // Unknown names in ui:order are ignored.
    expect(readForm(schema, { 'ui:order': ['zz', 'd'] }).fields.map((f) => f.key)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('tells the special string fields apart by their keywords', () => {
    const f = (s: Record<string, unknown>) => readForm({ type: 'object', properties: { x: s } }, {}).fields[0]!.type;
    expect(f({ type: 'string', pattern: ID_NUMBER_PATTERN })).toBe('idNumber');
    expect(f({ type: 'string', format: 'date' })).toBe('date');
    // A date with a pattern is no longer a plain date field: kept as text with its keywords.
    expect(f({ type: 'string', format: 'date', pattern: '^2' })).toBe('string');
    expect(f({ type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a', 'b'] } })).toBe('multi');
    expect(f({ type: 'array', items: { type: 'object', properties: {} } })).toBe('repeat');
    expect(f({ type: 'string', enum: ['a', 1] })).toBe('string');
  });

  it('treats a missing or malformed schema as an empty form', () => {
    expect(readForm(null, null)).toMatchObject({ title: '', fields: [] });
    expect(readForm('oops', [])).toMatchObject({ fields: [] });
  });
});

describe('keys from titles', () => {
  it.each([
    ['Họ và tên người yêu cầu', 'hoVaTenNguoiYeuCau'],
    ['Địa chỉ thường trú', 'diaChiThuongTru'],
    ['ĐƯỜNG / PHỐ', 'duongPho'],
    ['1. Số tờ bản đồ', 'truong1SoToBanDo'],
    ['  ', ''],
  ])('%j → %j', (title, key) => {
    expect(toCamelKey(title)).toBe(key);
  });

  it('always gives a valid key, or none', () => {
    fc.assert(fc.property(fc.string(), (title) => {
      const key = toCamelKey(title);
      expect(key === '' || KEY_PATTERN.test(key)).toBe(true);
    }));
  });

  it('never reuses a sibling key', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 14 }), { maxLength: 20 }), (base, taken) => {
      expect(taken).not.toContain(uniqueKey(base, taken));
    }));
    expect(uniqueKey('hoTen', ['hoTen', 'hoTen2'])).toBe('hoTen3');
  });

  it('follows the title until the key is typed by hand', () => {
    const f = setTitle(emptyField(), 'Họ tên', ['hoTen']);
    expect(f.key).toBe('hoTen2');
    expect(setTitle({ ...f, keyLocked: true }, 'Ngày sinh', []).key).toBe('hoTen2');
  });
});

describe('editing', () => {
  it('makes a required text field refuse blank text, and undoes only its own rule', () => {
    const text = { ...emptyField('string'), key: 'a' };
    expect(setRequired(text, true).extra).toEqual({ minLength: 1 });
    expect(setRequired(setRequired(text, true), false).extra).toEqual({});
    // A stricter minimum typed elsewhere stays.
    expect(setRequired({ ...text, required: true, extra: { minLength: 5 } }, false).extra).toEqual({ minLength: 5 });
    expect(setRequired({ ...emptyField('integer'), key: 'n' }, true).extra).toEqual({});
  });

  it('drops the keywords of the old type when the type changes', () => {
    const f: BuilderField = { ...emptyField('integer'), key: 'n', minimum: 1, maximum: 9, extra: { multipleOf: 2 }, uiExtra: { 'ui:widget': 'updown', 'ui:help': 'x' } };
    const next = changeType(f, 'date');
    expect(next).toMatchObject({ type: 'date', minimum: null, maximum: null, extra: {}, uiExtra: { 'ui:help': 'x' } });
    expect(changeType(f, 'integer')).toBe(f);
  });

  it('reports unusable fields with their path, nested ones included', () => {
    const ok = { ...emptyField('string'), key: 'a' };
    const fields: BuilderField[] = [
      ok,
      { ...emptyField('string'), key: 'a' },
      { ...emptyField('string'), key: '' },
      { ...emptyField('string'), key: '1x' },
      { ...emptyField('enum'), key: 'e', options: ['  '] },
      { ...emptyField('string'), key: 'p', pattern: '([' },
      { ...emptyField('group'), key: 'g', children: [{ ...emptyField('multi'), key: 'm' }] },
      { ...emptyField('repeat'), key: 'r' },
    ];
    expect(validateFields(fields)).toEqual([
      { path: [1], kind: 'keyDuplicate' },
      { path: [2], kind: 'keyEmpty' },
      { path: [3], kind: 'keyInvalid' },
      { path: [4], kind: 'noOptions' },
      { path: [5], kind: 'badPattern' },
      { path: [6, 0], kind: 'noOptions' },
      { path: [7], kind: 'noChildren' },
    ]);
    expect(renderableFields(fields).map((f) => f.key)).toEqual(['a', 'g', 'r']);
    expect(renderableFields(fields)[1]!.children).toEqual([]);
  });

  it('changes the list at a path and nothing else', () => {
    const child = { ...emptyField('string'), key: 'c' };
    const fields = [{ ...emptyField('group'), key: 'g', children: [child] }, { ...emptyField('string'), key: 'x' }];
    const next = updateListAt(fields, [0], (list) => [...list, { ...emptyField('date'), key: 'd' }]);
    expect(next[0]!.children.map((f) => f.key)).toEqual(['c', 'd']);
    expect(next[1]).toBe(fields[1]);
  });

  it('moves an item without losing or duplicating any', () => {
    fc.assert(fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: -2, max: 25 }), (list, a, to) => {
      const from = a % list.length;
      const moved = moveItem(list, from, to);
      expect([...moved].sort()).toEqual([...list].sort());
      if (to >= 0 && to < list.length) expect(moved[to]).toBe(list[from]);
      else expect(moved).toBe(list);
    }));
  });
});

// ---- property: any form the builder can make survives saving and loading ----

const text = fc.string({ maxLength: 20 }).map((s) => s.trim());
const keyArb = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,11}$/);
const options = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.trim()).filter((s) => s !== ''), { minLength: 1, maxLength: 4 });
const leafType = fc.constantFrom<FieldType>('string', 'textarea', 'integer', 'number', 'date', 'boolean', 'enum', 'multi', 'idNumber', 'phone', 'email');

const leaf = fc.record({ type: leafType, title: text, description: text, placeholder: text, required: fc.boolean(), options, min: fc.option(fc.integer()), max: fc.option(fc.integer()), pattern: fc.constantFrom('', '^[A-Z]+$') })
  .map((r): Omit<BuilderField, 'key'> => ({
    ...emptyField(r.type), keyLocked: true, title: r.title, description: r.description, placeholder: r.placeholder, required: r.required,
    options: r.type === 'enum' || r.type === 'multi' ? r.options : [],
    minimum: r.type === 'integer' || r.type === 'number' ? r.min : null,
    maximum: r.type === 'integer' || r.type === 'number' ? r.max : null,
    pattern: r.type === 'string' ? r.pattern : '',
  }));

function withKeys<T>(items: T[], keys: string[]): (T & { key: string })[] {
  return items.map((f, i) => ({ ...f, key: keys[i]! }));
}

const leaves = fc.array(leaf, { minLength: 1, maxLength: 5 }).chain((fs) => fc.uniqueArray(keyArb, { minLength: fs.length, maxLength: fs.length }).map((keys) => withKeys(fs, keys)));
const container = fc.record({ type: fc.constantFrom<FieldType>('group', 'repeat'), title: text, itemTitle: text, required: fc.boolean(), children: leaves })
  .map((r): Omit<BuilderField, 'key'> => ({ ...emptyField(r.type), keyLocked: true, title: r.title, required: r.required, itemTitle: r.type === 'repeat' ? r.itemTitle : '', children: r.children }));
const formArb = fc.record({ title: text, description: text, fields: fc.array(fc.oneof(leaf, container), { maxLength: 6 }) })
  .chain((f) => fc.uniqueArray(keyArb, { minLength: f.fields.length, maxLength: f.fields.length }).map((keys): BuilderForm => ({
    title: f.title, description: f.description, fields: withKeys(f.fields, keys), extra: {}, uiExtra: {},
  })));

describe('any form made in the builder', () => {
  it('comes back field for field after saving and loading', () => {
    fc.assert(fc.property(formArb, (form) => {
      const saved = writeForm(form);
      const loaded = readForm(saved.formSchema, saved.uiSchema);
      expect(loaded.title).toBe(form.title);
      expect(meaning(loaded.fields)).toEqual(meaning(form.fields));
      expect(writeForm(loaded)).toEqual(saved);
      expect(validateFields(loaded.fields)).toEqual([]);
    }), { numRuns: 300 });
  });
});
