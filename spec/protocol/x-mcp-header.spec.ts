import { RxMcpError } from '../../lib/protocol/errors.js';
import {
  analyzeToolHeaders,
  encodeHeaderValue,
  headerValues,
  InvalidHeaderValueError,
  mcpNameHeaderValue,
  type HeaderBinding,
  type ToolHeaderAnalysis,
} from '../../lib/protocol/x-mcp-header.js';

/** Decodes a header value the way a server does, to check round trips. */
function decode(value: string): string {
  const match = /^=\?base64\?(.*)\?=$/s.exec(value);
  if (match === null) return value;
  const binary = atob(match[1]!);
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function analyze(inputSchema: unknown): ToolHeaderAnalysis {
  return analyzeToolHeaders({ name: 'tool', inputSchema });
}

function reasonOf(inputSchema: unknown): string {
  const analysis = analyze(inputSchema);
  if (analysis.valid) throw new Error(`expected an invalid tool, got bindings ${JSON.stringify(analysis.bindings)}`);
  return analysis.reason;
}

function bindingsOf(inputSchema: unknown): readonly HeaderBinding[] {
  const analysis = analyze(inputSchema);
  if (!analysis.valid) throw new Error(`expected a valid tool: ${analysis.reason}`);
  return analysis.bindings;
}

const region = (name: unknown = 'Region', type: unknown = 'string') => ({ type, 'x-mcp-header': name });

describe('analyzeToolHeaders', () => {
  it('binds the spec example (execute_sql)', () => {
    const analysis = analyzeToolHeaders({
      name: 'execute_sql',
      inputSchema: {
        type: 'object',
        properties: {
          region: { type: 'string', description: 'The region to execute the query in', 'x-mcp-header': 'Region' },
          query: { type: 'string', description: 'The SQL query to execute' },
        },
        required: ['region', 'query'],
      },
    });
    expect(analysis).toEqual({ valid: true, bindings: [{ header: 'Mcp-Param-Region', path: ['region'], type: 'string' }] });
  });

  it('accepts a schema without annotations, or no schema at all, with no bindings', () => {
    expect(analyze({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({ valid: true, bindings: [] });
    expect(analyze({ type: 'object' })).toEqual({ valid: true, bindings: [] });
    expect(analyze(undefined)).toEqual({ valid: true, bindings: [] });
  });

  it('binds nested properties reached through properties keys only, in every allowed type', () => {
    const bindings = bindingsOf({
      type: 'object',
      properties: {
        location: {
          type: 'object',
          properties: {
            region: region(),
            zone: { type: 'object', properties: { id: { type: 'integer', 'x-mcp-header': 'Zone-Id' } } },
          },
        },
        dryRun: { type: 'boolean', 'x-mcp-header': 'Dry_Run' },
      },
    });
    expect(bindings).toEqual([
      { header: 'Mcp-Param-Region', path: ['location', 'region'], type: 'string' },
      { header: 'Mcp-Param-Zone-Id', path: ['location', 'zone', 'id'], type: 'integer' },
      { header: 'Mcp-Param-Dry_Run', path: ['dryRun'], type: 'boolean' },
    ]);
  });

  it('accepts every tchar', () => {
    const name = "!#$%&'*+-.^_`|~09azAZ";
    expect(bindingsOf({ type: 'object', properties: { a: region(name) } })).toEqual([{ header: `Mcp-Param-${name}`, path: ['a'], type: 'string' }]);
  });

  it('rejects names that are not unique ignoring case, even in different branches', () => {
    const reason = reasonOf({
      type: 'object',
      properties: { a: region('Region'), b: { type: 'object', properties: { c: region('REGION') } } },
    });
    expect(reason).toContain('"REGION"');
    expect(reason).toContain('"Region"');
    expect(reason).toContain('unique');
  });

  it.each([
    ['number', 'number'],
    ['array', 'array'],
    ['object', 'object'],
    ['null', 'null'],
    ['a multi-type list', ['string', 'null']],
    ['a one-type list', ['string']],
    ['a missing type', undefined],
  ])('rejects an annotation on a property with %s', (_label, type) => {
    const property: Record<string, unknown> = { 'x-mcp-header': 'Value' };
    if (type !== undefined) property.type = type;
    expect(reasonOf({ type: 'object', properties: { value: property } })).toMatch(/only string, integer and boolean/);
  });

  it.each([
    ['a space', 'Has Space'],
    ['a colon', 'a:b'],
    ['non-ASCII letters', 'ünï'],
    ['CR/LF', 'X\r\nInjected: yes'],
    ['a control character', 'A\u0001'],
    ['a delimiter', 'a/b'],
  ])('rejects a name with %s', (_label, name) => {
    expect(reasonOf({ type: 'object', properties: { a: region(name) } })).toContain('not an HTTP token');
  });

  it.each([
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
    ['true', true],
  ])('rejects %s as the name', (_label, name) => {
    expect(reasonOf({ type: 'object', properties: { a: region(name) } })).toContain('non-empty string');
  });

  it('rejects an annotation on the root schema', () => {
    expect(reasonOf({ type: 'object', 'x-mcp-header': 'Root', properties: {} })).toContain('root schema');
    expect(reasonOf({ type: 'string', 'x-mcp-header': 'Root' })).toContain('root schema');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an array item', { tags: { type: 'array', items: region() } }, "'items'"],
    ['an array item (array form)', { tags: { type: 'array', items: [region()] } }, "'items'"],
    ['a prefixItems entry', { pair: { type: 'array', prefixItems: [{ type: 'string' }, region()] } }, "'prefixItems'"],
    ['a contains schema', { list: { type: 'array', contains: region() } }, "'contains'"],
    ['additionalProperties', { map: { type: 'object', additionalProperties: region() } }, "'additionalProperties'"],
    ['patternProperties', { map: { type: 'object', patternProperties: { '^r': region() } } }, "'patternProperties'"],
    ['a oneOf branch', { v: { oneOf: [region(), { type: 'integer' }] } }, "'oneOf'"],
    ['an anyOf branch', { v: { anyOf: [region()] } }, "'anyOf'"],
    ['an allOf branch', { v: { allOf: [region()] } }, "'allOf'"],
    ['a not schema', { v: { not: region() } }, "'not'"],
    ['an if schema', { v: { if: region() } }, "'if'"],
    ['a then schema', { v: { then: region() } }, "'then'"],
    ['an else schema', { v: { else: region() } }, "'else'"],
    ['dependentSchemas', { v: { dependentSchemas: { a: region() } } }, "'dependentSchemas'"],
    ['a property of an object inside oneOf', { v: { oneOf: [{ type: 'object', properties: { r: region() } }] } }, "'oneOf'"],
  ])('rejects an annotation under %s', (_label, properties, keyword) => {
    const reason = reasonOf({ type: 'object', properties });
    expect(reason).toContain(keyword);
    expect(reason).toContain('/properties/');
  });

  it('rejects annotations in $defs/definitions and properties reached through $ref', () => {
    const viaRef = {
      type: 'object',
      properties: { location: { $ref: '#/$defs/Location' } },
      $defs: { Location: { type: 'object', properties: { region: region() } } },
    };
    expect(reasonOf(viaRef)).toContain("sits under '$defs'");
    expect(reasonOf({ type: 'object', properties: {}, definitions: { R: region() } })).toContain("'definitions'");
    // Unused definitions count too: the whole schema is walked.
    expect(reasonOf({ type: 'object', properties: { a: { type: 'string' } }, $defs: { unused: region() } })).toContain('/$defs/unused');
  });

  it('rejects the whole tool when one of several annotations is invalid', () => {
    const reason = reasonOf({
      type: 'object',
      properties: { good: region('Good'), bad: region('Bad', 'number') },
    });
    expect(reason).toContain('"Bad"');
  });

  it('does not mistake data or a property named x-mcp-header for an annotation', () => {
    expect(
      bindingsOf({
        type: 'object',
        properties: { 'x-mcp-header': { type: 'string' } },
        examples: [{ 'x-mcp-header': 'Not a schema' }],
        default: { 'x-mcp-header': 'Nor this' },
      }),
    ).toEqual([]);
  });

  it('treats a property named __proto__ as an ordinary key', () => {
    const inputSchema: unknown = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string","x-mcp-header":"Proto"}}}');
    const bindings = bindingsOf(inputSchema);
    expect(bindings).toEqual([{ header: 'Mcp-Param-Proto', path: ['__proto__'], type: 'string' }]);
    expect(headerValues(bindings, {})).toEqual({});
    expect(headerValues(bindings, JSON.parse('{"__proto__":"x"}') as Record<string, unknown>)).toEqual({ 'Mcp-Param-Proto': 'x' });
  });

  it('refuses schemas too deep to check, and survives cycles', () => {
    let deep: Record<string, unknown> = region();
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { n: deep } };
    expect(reasonOf(deep)).toContain('deeper than');

    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic.properties = { self: cyclic, other: cyclic };
    expect(reasonOf(cyclic)).toMatch(/deeper than|more than/);
  });
});

describe('headerValues', () => {
  const bindings = bindingsOf({
    type: 'object',
    properties: {
      region: region(),
      count: { type: 'integer', 'x-mcp-header': 'Count' },
      verbose: { type: 'boolean', 'x-mcp-header': 'Verbose' },
      location: { type: 'object', properties: { zone: { type: 'string', 'x-mcp-header': 'Zone' } } },
    },
  });

  it('converts each type and reads nested paths', () => {
    expect(headerValues(bindings, { region: 'us-west1', count: 42, verbose: false, location: { zone: 'b' }, other: 'x' })).toEqual({
      'Mcp-Param-Region': 'us-west1',
      'Mcp-Param-Count': '42',
      'Mcp-Param-Verbose': 'false',
      'Mcp-Param-Zone': 'b',
    });
    expect(headerValues(bindings, { count: -7, verbose: true })).toEqual({ 'Mcp-Param-Count': '-7', 'Mcp-Param-Verbose': 'true' });
    expect(headerValues(bindings, { count: 9007199254740991 })).toEqual({ 'Mcp-Param-Count': '9007199254740991' });
    expect(headerValues(bindings, { count: -9007199254740991 })).toEqual({ 'Mcp-Param-Count': '-9007199254740991' });
  });

  it('omits absent and null values, and paths whose parents are missing', () => {
    expect(headerValues(bindings, undefined)).toEqual({});
    expect(headerValues(bindings, {})).toEqual({});
    expect(headerValues(bindings, { region: null, count: null, location: null })).toEqual({});
    expect(headerValues(bindings, { location: {} })).toEqual({});
    expect(headerValues(bindings, { location: { zone: null } })).toEqual({});
    expect(headerValues(bindings, { region: undefined })).toEqual({});
  });

  it('keeps empty strings and encodes what cannot travel plain', () => {
    expect(headerValues(bindings, { region: '' })).toEqual({ 'Mcp-Param-Region': '' });
    expect(headerValues(bindings, { region: 'Hello, 世界' })).toEqual({ 'Mcp-Param-Region': '=?base64?SGVsbG8sIOS4lueVjA==?=' });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a number for a string', { region: 5 }, /expected a string, got a number/],
    ['an object for a string', { region: { a: 1 } }, /expected a string, got an object/],
    ['a string for an integer', { count: '42' }, /expected an integer, got a string/],
    ['a fraction for an integer', { count: 1.5 }, /within ±\(2\^53−1\), got 1\.5/],
    ['an unsafe integer', { count: 2 ** 53 }, /within/],
    ['NaN', { count: Number.NaN }, /within/],
    ['Infinity', { count: Number.POSITIVE_INFINITY }, /within/],
    ['a string for a boolean', { verbose: 'true' }, /expected a boolean, got a string/],
    ['an array for a boolean', { verbose: [true] }, /expected a boolean, got an array/],
    ['a boolean for a nested string', { location: { zone: false } }, /expected a string, got a boolean/],
  ])('throws InvalidHeaderValueError for %s', (_label, args, message) => {
    let thrown: unknown;
    try {
      headerValues(bindings, args, 'deploy');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidHeaderValueError);
    expect(thrown).toBeInstanceOf(RxMcpError);
    const error = thrown as InvalidHeaderValueError;
    expect(error.name).toBe('InvalidHeaderValueError');
    expect(error.toolName).toBe('deploy');
    expect(error.message).toMatch(message);
    expect(error.message).toContain("of tool 'deploy'");
    expect(error.message).toContain(error.header);
  });

  it('names the header and path without a tool name', () => {
    expect(() => headerValues(bindings, { location: { zone: 1 } })).toThrow(
      "Argument 'location.zone' cannot be sent as header Mcp-Param-Zone: expected a string, got a number",
    );
  });
});

describe('encodeHeaderValue', () => {
  it.each([
    ['us-west1', 'us-west1'],
    ['Hello, 世界', '=?base64?SGVsbG8sIOS4lueVjA==?='],
    [' padded ', '=?base64?IHBhZGRlZCA=?='],
    ['line1\nline2', '=?base64?bGluZTEKbGluZTI=?='],
    ['=?base64?literal?=', '=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?='],
    ['', ''],
  ])('encodes %j as %j', (value, encoded) => {
    expect(encodeHeaderValue(value)).toBe(encoded);
    expect(decode(encoded)).toBe(value);
  });

  it.each([
    'inner space and ~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./',
    'a',
    '=?base64?', // a prefix alone is not the sentinel
    'x?=',
  ])('leaves %j plain', (value) => {
    expect(encodeHeaderValue(value)).toBe(value);
  });

  it.each([
    ['a leading space', ' a'],
    ['a trailing space', 'a '],
    ['a single space', ' '],
    ['a leading tab', '\ta'],
    ['an inner tab', 'a\tb'],
    ['a carriage return', 'a\rb'],
    ['NUL', 'a\u0000b'],
    ['DEL', 'a\u007fb'],
    ['a Latin-1 letter', 'café'],
    ['an astral character', 'ok 🎉'],
    ['the sentinel pattern', '=?base64?abc?='],
    ['an overlapping sentinel', '=?base64?='],
  ])('encodes a value with %s and decodes back', (_label, value) => {
    const encoded = encodeHeaderValue(value);
    expect(encoded).toMatch(/^=\?base64\?[A-Za-z0-9+/]*={0,2}\?=$/);
    expect(decode(encoded)).toBe(value);
  });

  it('matches btoa for every padding length and all byte values', () => {
    for (const value of ['é', 'éa', 'éab', 'éabc', '\u0080\u00ff\u0100\u07ff\u0800\uffff']) {
      const bytes = new TextEncoder().encode(value);
      const expected = btoa(String.fromCharCode(...bytes));
      expect(encodeHeaderValue(value)).toBe(`=?base64?${expected}?=`);
    }
  });

  it('serves Mcp-Name the same way', () => {
    expect(mcpNameHeaderValue('get_weather')).toBe('get_weather');
    expect(mcpNameHeaderValue('file:///projects/myapp/config.json')).toBe('file:///projects/myapp/config.json');
    expect(mcpNameHeaderValue('héllo')).toBe('=?base64?aMOpbGxv?=');
  });
});
