import { applyElicitationDefaults, defaultsOf } from '../../lib/session/elicitation-defaults.js';
import { specExample, specExamples } from '../helpers/spec-examples.js';

/** The requestedSchema of the conformance scenario `elicitation-sep1034-client-defaults`. */
const conformanceSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'User name', default: 'John Doe' },
    age: { type: 'integer', description: 'User age', default: 30 },
    score: { type: 'number', description: 'User score', default: 95.5 },
    status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
    verified: { type: 'boolean', description: 'Verification status', default: true },
  },
  required: [],
};

const formOf = (properties: Record<string, unknown>) => ({ type: 'object', properties });

describe('applyElicitationDefaults', () => {
  it('fills every default of the conformance scenario into an empty accept', () => {
    expect(applyElicitationDefaults(conformanceSchema, {})).toEqual({
      name: 'John Doe',
      age: 30,
      score: 95.5,
      status: 'active',
      verified: true,
    });
    expect(applyElicitationDefaults(conformanceSchema, undefined)).toEqual(defaultsOf(conformanceSchema));
  });

  it('applies the default of each primitive kind from the official schema examples', () => {
    const kinds = {
      string: specExample('StringSchema'),
      number: specExample('NumberSchema'),
      boolean: specExample('BooleanSchema'),
      untitledEnum: specExample('UntitledSingleSelectEnumSchema'),
      titledEnum: specExample('TitledSingleSelectEnumSchema'),
      untitledMulti: specExample('UntitledMultiSelectEnumSchema'),
      titledMulti: specExample('TitledMultiSelectEnumSchema'),
    };
    expect(applyElicitationDefaults(formOf(kinds), {})).toEqual({
      string: 'user@example.com',
      number: 50,
      boolean: false,
      untitledEnum: 'Red',
      titledEnum: '#FF0000',
      untitledMulti: ['Red', 'Green'],
      titledMulti: ['#FF0000', '#00FF00'],
    });
  });

  it('applies integer and legacy enumNames defaults', () => {
    const schema = formOf({
      count: { type: 'integer', minimum: 1, default: 3 },
      size: { type: 'string', enum: ['s', 'm', 'l'], enumNames: ['Small', 'Medium', 'Large'], default: 'm' },
    });
    expect(applyElicitationDefaults(schema, {})).toEqual({ count: 3, size: 'm' });
  });

  it('never overwrites a provided value, falsy ones included', () => {
    const provided = { name: '', age: 0, score: 0, status: 'pending', verified: false };
    expect(applyElicitationDefaults(conformanceSchema, provided)).toEqual(provided);
    expect(applyElicitationDefaults(conformanceSchema, { verified: false, age: 0 })).toEqual({
      name: 'John Doe',
      age: 0,
      score: 95.5,
      status: 'active',
      verified: false,
    });
  });

  it('fills properties whose value is undefined, and keeps content the schema does not mention', () => {
    expect(applyElicitationDefaults(conformanceSchema, { name: undefined, extra: 'kept' })).toEqual({
      name: 'John Doe',
      age: 30,
      score: 95.5,
      status: 'active',
      verified: true,
      extra: 'kept',
    });
  });

  it('invents nothing for properties without a default', () => {
    const example = specExamples('ElicitRequestFormParams')['elicit-multiple-fields.json'] as { requestedSchema: unknown };
    expect(applyElicitationDefaults(example.requestedSchema, { name: 'Ada' })).toEqual({ name: 'Ada' });
    const result = applyElicitationDefaults(formOf({ a: { type: 'string' }, b: { type: 'string', default: 'x' } }), {});
    expect(result).toEqual({ b: 'x' });
    expect(Object.hasOwn(result, 'a')).toBe(false);
  });

  it('returns a new object and mutates neither argument', () => {
    const schema = formOf({
      colors: { type: 'array', items: { type: 'string', enum: ['Red', 'Green'] }, default: ['Red'] },
      name: { type: 'string', default: 'x' },
    });
    const schemaBefore = JSON.parse(JSON.stringify(schema)) as unknown;
    const content = Object.freeze({ other: 1 });
    const result = applyElicitationDefaults(schema, content);
    expect(result).not.toBe(content);
    expect(content).toEqual({ other: 1 });
    expect(result).toEqual({ other: 1, colors: ['Red'], name: 'x' });
    (result.colors as string[]).push('Green');
    expect(schema).toEqual(schemaBefore);
    expect(applyElicitationDefaults(schema, {})).toEqual({ colors: ['Red'], name: 'x' });
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'schema'],
    ['an array', [{ type: 'string', default: 'x' }]],
    ['a non-object root type', { type: 'string', properties: { a: { type: 'string', default: 'x' } } }],
    ['no properties', { type: 'object' }],
    ['properties that are not an object', { type: 'object', properties: ['a'] }],
  ])('copies the content unchanged for %s as schema', (_label, schema) => {
    const content = { kept: true };
    const result = applyElicitationDefaults(schema, content);
    expect(result).toEqual({ kept: true });
    expect(result).not.toBe(content);
    expect(applyElicitationDefaults(schema, undefined)).toEqual({});
  });

  it('accepts a requestedSchema without type', () => {
    expect(applyElicitationDefaults({ properties: { a: { type: 'string', default: 'x' } } }, {})).toEqual({ a: 'x' });
  });

  it('skips defaults that do not fit their property', () => {
    const schema = formOf({
      notAString: { type: 'string', default: 5 },
      notAnOption: { type: 'string', enum: ['a', 'b'], default: 'c' },
      notATitledOption: { type: 'string', oneOf: [{ const: 'a', title: 'A' }], default: 'b' },
      notAnInteger: { type: 'integer', default: 1.5 },
      notANumber: { type: 'number', default: '1' },
      notFinite: { type: 'number', default: Number.NaN },
      notABoolean: { type: 'boolean', default: 'true' },
      notAList: { type: 'array', items: { type: 'string', enum: ['a'] }, default: 'a' },
      notListOptions: { type: 'array', items: { anyOf: [{ const: 'a', title: 'A' }] }, default: ['a', 'z'] },
      noOptions: { type: 'array', items: { type: 'string' }, default: ['a'] },
      noType: { default: 'x' },
      objectType: { type: 'object', default: {} },
      notASchema: 'x',
      undefinedDefault: { type: 'string', default: undefined },
      fits: { type: 'string', enum: ['a', 'b'], default: 'b' },
    });
    expect(applyElicitationDefaults(schema, {})).toEqual({ fits: 'b' });
  });

  it('handles a property named __proto__ as an ordinary key', () => {
    const schema: unknown = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string","default":"x"}}}');
    const result = applyElicitationDefaults(schema, {});
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('x');
  });
});

describe('defaultsOf', () => {
  it('lists only the declared defaults, for pre-filling a form', () => {
    expect(defaultsOf(conformanceSchema)).toEqual({ name: 'John Doe', age: 30, score: 95.5, status: 'active', verified: true });
    expect(defaultsOf(formOf({ a: { type: 'string' }, b: { type: 'boolean', default: false } }))).toEqual({ b: false });
    expect(defaultsOf(undefined)).toEqual({});
  });

  it('hands out fresh copies of array defaults', () => {
    const schema = formOf({ tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, default: ['a'] } });
    const first = defaultsOf(schema);
    (first.tags as string[]).push('b');
    expect(defaultsOf(schema)).toEqual({ tags: ['a'] });
  });
});
