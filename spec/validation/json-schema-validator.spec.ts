/**
 * The default JSON Schema validator (on @cfworker/json-schema): dialects, local-only references,
 * cost limits, error messages, and that it neither fetches nor modifies the caller's schema.
 */
import { RxMcpError } from '../../lib/protocol/errors.js';
import { InvalidSchemaError } from '../../lib/validation/errors.js';
import { createJsonSchemaValidator, type SchemaCheck } from '../../lib/validation/json-schema-validator.js';

const validator = createJsonSchemaValidator();

function check(schema: unknown, value: unknown): SchemaCheck {
  return validator.compile(schema)(value);
}

function errorsOf(result: SchemaCheck): readonly string[] {
  return result.valid ? [] : result.errors;
}

function compileError(schema: unknown, options?: Parameters<typeof createJsonSchemaValidator>[0]): InvalidSchemaError {
  try {
    createJsonSchemaValidator(options).compile(schema);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSchemaError);
    return error as InvalidSchemaError;
  }
  throw new Error('compile did not throw');
}

/** `{ properties: { a: { properties: { a: ... } } } }`, `levels` schemas deep (two JSON levels each). */
function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

describe('createJsonSchemaValidator', () => {
  describe('2020-12, the default dialect', () => {
    it('applies prefixItems with items: false', () => {
      const schema = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false };
      expect(check(schema, ['a', 1])).toEqual({ valid: true });
      expect(errorsOf(check(schema, ['a', 'b']))).toEqual(['#: Items did not match schema.', '#/1: Instance type "string" is invalid. Expected "number".']);
      expect(check(schema, ['a', 1, true]).valid).toBe(false);
    });

    it('resolves $defs through a local $ref', () => {
      const schema = {
        type: 'object',
        properties: { point: { $ref: '#/$defs/point' } },
        $defs: { point: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } } },
      };
      expect(check(schema, { point: { x: 1 } })).toEqual({ valid: true });
      expect(errorsOf(check(schema, { point: { x: 'one' } }))).toEqual([
        '#: Property "point" does not match schema.',
        '#/point: Property "x" does not match schema.',
        '#/point/x: Instance type "string" is invalid. Expected "number".',
      ]);
      expect(errorsOf(check(schema, { point: {} }))).toContain('#/point: Instance does not have required property "x".');
    });

    it('resolves $anchor references', () => {
      const schema = { $ref: '#count', $defs: { count: { $anchor: 'count', type: 'integer' } } };
      expect(check(schema, 3)).toEqual({ valid: true });
      expect(check(schema, 3.5).valid).toBe(false);
    });

    it('applies unevaluatedProperties across allOf', () => {
      const schema = {
        type: 'object',
        allOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'number' } } }],
        unevaluatedProperties: false,
      };
      expect(check(schema, { a: 'x', b: 1 })).toEqual({ valid: true });
      expect(errorsOf(check(schema, { a: 'x', c: true }))).toEqual(['#: Property "c" does not match unevaluated properties schema.']);
    });

    it('accepts the 2020-12 $schema URI explicitly, with or without the trailing #', () => {
      for (const $schema of ['https://json-schema.org/draft/2020-12/schema', 'https://json-schema.org/draft/2020-12/schema#']) {
        expect(check({ $schema, type: 'array', prefixItems: [{ const: 1 }] }, [2]).valid).toBe(false);
      }
    });

    it('applies $ref together with its sibling keywords', () => {
      const schema = { $defs: { n: { type: 'number' } }, $ref: '#/$defs/n', maximum: 10 };
      expect(check(schema, 5)).toEqual({ valid: true });
      expect(check(schema, 11).valid).toBe(false);
    });
  });

  describe('other declared dialects', () => {
    it('draft-07: definitions, the array form of items, and additionalItems', () => {
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'array',
        items: [{ $ref: '#/definitions/name' }, { type: 'integer' }],
        additionalItems: false,
        definitions: { name: { type: 'string', minLength: 1 } },
      };
      expect(check(schema, ['ada', 36])).toEqual({ valid: true });
      expect(check(schema, ['', 36]).valid).toBe(false);
      expect(errorsOf(check(schema, ['ada', 36, 'extra']))).toEqual(['#: Items did not match additional items schema.']);
    });

    it('draft-07: siblings of $ref are ignored, unlike in 2020-12', () => {
      const body = { definitions: { n: { type: 'number' } }, $ref: '#/definitions/n', type: 'string' };
      expect(check({ $schema: 'http://json-schema.org/draft-07/schema#', ...body }, 5)).toEqual({ valid: true });
      expect(check(body, 5).valid).toBe(false);
    });

    it('2019-09: $recursiveRef and unevaluatedProperties', () => {
      const tree = {
        $schema: 'https://json-schema.org/draft/2019-09/schema',
        $recursiveAnchor: true,
        type: 'object',
        properties: { value: { type: 'number' }, children: { type: 'array', items: { $recursiveRef: '#' } } },
        unevaluatedProperties: false,
      };
      expect(check(tree, { value: 1, children: [{ value: 2, children: [] }] })).toEqual({ valid: true });
      expect(check(tree, { value: 1, children: [{ value: 'two' }] }).valid).toBe(false);
      expect(check(tree, { value: 1, extra: true }).valid).toBe(false);
    });

    it('draft-04: boolean exclusiveMaximum', () => {
      const schema = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 10, exclusiveMaximum: true };
      expect(check(schema, 9)).toEqual({ valid: true });
      expect(check(schema, 10).valid).toBe(false);
    });

    it('rejects an unknown or unsupported $schema with an InvalidSchemaError', () => {
      const unknown = compileError({ $schema: 'https://example.com/my-dialect', type: 'object' });
      expect(unknown).toBeInstanceOf(RxMcpError);
      expect(unknown.name).toBe('InvalidSchemaError');
      expect(unknown.reason).toBe('unsupported JSON Schema dialect "https://example.com/my-dialect"');
      expect(unknown.message).toBe('Invalid JSON Schema: unsupported JSON Schema dialect "https://example.com/my-dialect"');
      expect(compileError({ $schema: 'http://json-schema.org/draft-06/schema#' }).reason).toMatch(/unsupported JSON Schema dialect/);
      expect(compileError({ $schema: 'http://json-schema.org/draft-03/schema#' }).reason).toMatch(/unsupported JSON Schema dialect/);
      expect(compileError({ $schema: 42 }).reason).toBe('$schema must be a string, not a number');
    });

    it('rejects a subschema that switches dialect', () => {
      const schema = { properties: { a: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' } } };
      expect(compileError(schema).reason).toMatch(/different \$schema dialect/);
    });
  });

  describe('schema shape', () => {
    it('accepts boolean schemas', () => {
      expect(check(true, { anything: [1, 'x'] })).toEqual({ valid: true });
      expect(check(false, 1)).toEqual({ valid: false, errors: ['#: False boolean schema.'] });
      expect(errorsOf(check({ properties: { a: false } }, { a: 1 }))).toEqual(['#: Property "a" does not match schema.']);
    });

    it('rejects a schema that is neither an object nor a boolean', () => {
      expect(compileError(null).reason).toBe('a schema must be an object or a boolean, not null');
      expect(compileError([]).reason).toBe('a schema must be an object or a boolean, not an array');
      expect(compileError('object').reason).toBe('a schema must be an object or a boolean, not a string');
      expect(compileError(undefined).reason).toBe('a schema must be an object or a boolean, not an undefined');
    });

    it('rejects values that are not JSON inside a schema', () => {
      expect(compileError({ properties: { a: { maximum: Infinity } } }).reason).toBe('the schema holds Infinity, which is not JSON');
      expect(compileError({ default: () => 1 }).reason).toBe('the schema holds a function, which is not JSON');
    });

    it('validates array schemas and array outputs (2026-07-28 style)', () => {
      const schema = { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } };
      expect(check(schema, [{ id: 1 }, { id: 2 }])).toEqual({ valid: true });
      expect(errorsOf(check(schema, [{ id: 1 }, { id: 'b' }]))).toEqual([
        '#: Items did not match schema.',
        '#/1: Property "id" does not match schema.',
        '#/1/id: Instance type "string" is invalid. Expected "integer".',
      ]);
      expect(check({ type: 'string' }, 'plain')).toEqual({ valid: true });
    });

    it('rejects $dynamicRef, which the engine would silently ignore', () => {
      const schema = { $dynamicAnchor: 'node', properties: { next: { $dynamicRef: '#node' } } };
      expect(compileError(schema).reason).toBe('$dynamicRef is not supported by the default validator');
    });

    it('rejects invalid regular expressions at compile time', () => {
      expect(compileError({ pattern: '(' }).reason).toBe('pattern "(" is not a valid regular expression');
      expect(compileError({ patternProperties: { '[': true } }).reason).toBe('pattern "[" is not a valid regular expression');
      expect(check({ pattern: '^a+$' }, 'aaa')).toEqual({ valid: true });
    });

    it('never modifies the caller schema', () => {
      const schema = { type: 'object', $defs: { a: { type: 'string' } }, properties: { a: { $ref: '#/$defs/a' } } };
      const frozen = deepFreeze(structuredClone(schema));
      expect(validator.compile(frozen)({ a: 'x' })).toEqual({ valid: true });
      expect(frozen).toEqual(schema);
      expect(Object.getOwnPropertyNames(frozen.properties.a)).toEqual(['$ref']);
    });

    it('keeps a __proto__ member an ordinary property', () => {
      const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as unknown;
      expect(check(schema, JSON.parse('{"__proto__":"x"}'))).toEqual({ valid: true });
      expect(check(schema, JSON.parse('{"__proto__":1}')).valid).toBe(false);
    });
  });

  describe('references never leave the schema', () => {
    let fetchSpy: jest.SpyInstance;

    beforeEach(() => {
      fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.reject(new Error('no network in tests')));
    });

    afterEach(() => {
      fetchSpy.mockRestore();
    });

    it('rejects a remote $ref without fetching it', () => {
      const error = compileError({ $ref: 'https://example.com/schema.json' });
      expect(error.reason).toBe('$ref "https://example.com/schema.json" points outside the schema; remote references are never fetched');
      expect(compileError({ properties: { a: { $ref: 'https://example.com/schema.json#/$defs/a' } } }).reason).toMatch(/points outside the schema/);
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('rejects relative references to other documents, including the engine default base URI', () => {
      expect(compileError({ $ref: 'other.json' }).reason).toMatch(/points outside the schema/);
      expect(compileError({ $ref: '/absolute/path.json' }).reason).toMatch(/points outside the schema/);
      expect(compileError({ $defs: { a: true }, $ref: 'https://github.com/cfworker#/$defs/a' }).reason).toMatch(/points outside the schema/);
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('rejects a local $ref that does not resolve', () => {
      expect(compileError({ $ref: '#/$defs/missing' }).reason).toBe('$ref "#/$defs/missing" does not resolve to a subschema');
      expect(compileError({ $ref: '#nowhere' }).reason).toBe('$ref "#nowhere" does not resolve to a subschema');
      expect(compileError({ $ref: 7 }).reason).toBe('$ref must be a string, not a number');
    });

    it('allows references to $ids defined inside the schema', () => {
      const schema = {
        $id: 'https://example.com/root.json',
        type: 'object',
        properties: { item: { $ref: 'item.json' }, count: { $ref: 'https://example.com/root.json#/$defs/count' } },
        $defs: { item: { $id: 'item.json', type: 'string' }, count: { type: 'integer' } },
      };
      const compiled = validator.compile(schema);
      expect(compiled({ item: 'a', count: 1 })).toEqual({ valid: true });
      expect(compiled({ item: 1 }).valid).toBe(false);
      expect(compiled({ count: 'many' }).valid).toBe(false);
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('rejects $ref loops that never consume input, and accepts recursion that does', () => {
      expect(compileError({ $ref: '#' }).reason).toMatch(/endless \$ref loop/);
      expect(
        compileError({ $defs: { a: { $ref: '#/$defs/b' }, b: { allOf: [{ $ref: '#/$defs/a' }] } }, $ref: '#/$defs/a' }).reason,
      ).toMatch(/endless \$ref loop/);
      const list = { $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } }, $ref: '#/$defs/node' };
      expect(check(list, { next: { next: {} } })).toEqual({ valid: true });
      expect(check(list, { next: { next: 1 } }).valid).toBe(false);
    });
  });

  describe('cost limits', () => {
    it('rejects a schema nested deeper than 64 levels by default', () => {
      expect(() => validator.compile(nested(30))).not.toThrow();
      expect(compileError(nested(40)).reason).toBe('the schema nests deeper than 64 levels');
    });

    it('rejects a schema with more than 10,000 values by default', () => {
      const big = { enum: Array.from({ length: 10_000 }, (_, i) => i) };
      expect(compileError(big).reason).toBe('the schema holds more than 10000 values');
      expect(() => validator.compile({ enum: Array.from({ length: 9_000 }, (_, i) => i) })).not.toThrow();
    });

    it('takes both limits as options', () => {
      expect(compileError(nested(3), { maxDepth: 5 }).reason).toBe('the schema nests deeper than 5 levels');
      expect(() => createJsonSchemaValidator({ maxDepth: 200 }).compile(nested(80))).not.toThrow();
      expect(compileError({ properties: { a: {}, b: {}, c: {} } }, { maxNodes: 4 }).reason).toBe('the schema holds more than 4 values');
    });

    it('rejects a self-referencing JavaScript object through the depth limit', () => {
      const schema: Record<string, unknown> = { type: 'object' };
      schema['properties'] = { self: schema };
      expect(compileError(schema).reason).toBe('the schema nests deeper than 64 levels');
    });

    it('reports at most maxErrors short messages', () => {
      const properties = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, { type: 'string' }]));
      const value = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, i]));
      const all = createJsonSchemaValidator({ shortCircuit: false }).compile({ properties })(value);
      expect(errorsOf(all)).toHaveLength(5);
      const two = createJsonSchemaValidator({ shortCircuit: false, maxErrors: 2 }).compile({ properties })(value);
      expect(errorsOf(two)).toHaveLength(2);
      const first = check({ properties }, value);
      expect(errorsOf(first).length).toBeLessThanOrEqual(5);
      expect(errorsOf(first)[0]).toBe('#: Property "p0" does not match schema.');
    });

    it('clips long messages', () => {
      const key = 'k'.repeat(5_000);
      const result = check({ additionalProperties: false }, { [key]: 1 });
      expect(errorsOf(result)).toHaveLength(1);
      expect(errorsOf(result)[0]!.length).toBeLessThanOrEqual(200);
      expect(errorsOf(result)[0]).toMatch(/^#: Property "kkk.*…$/);
    });
  });

  it('reports a value that is not JSON as invalid instead of throwing', () => {
    const compiled = validator.compile({ type: 'object' });
    expect(compiled(undefined)).toEqual({ valid: false, errors: ['#: could not be validated (Instances of "undefined" type are not supported.)'] });
    expect(compiled({ a: () => 1 })).toEqual({ valid: true }); // no keyword looks at "a"
    expect(validator.compile({ properties: { a: {} } })({ a: () => 1 }).valid).toBe(false);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
