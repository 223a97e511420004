/**
 * ToolOutputValidator: which results it checks, the errors it raises, its per-tool compile cache,
 * and that it bundles for browsers.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { RxMcpError } from '../../lib/protocol/errors.js';
import type { CallToolResult, Tool } from '../../lib/protocol/schemas/tools.js';
import { InvalidSchemaError, ToolOutputValidationError } from '../../lib/validation/errors.js';
import { createJsonSchemaValidator, type CompiledSchema, type JsonSchemaValidator } from '../../lib/validation/json-schema-validator.js';
import { ToolOutputValidator } from '../../lib/validation/tool-output-validator.js';

const ROOT = join(__dirname, '..', '..');

const WEATHER_SCHEMA = {
  type: 'object',
  properties: { temperature: { type: 'number' }, conditions: { type: 'string' } },
  required: ['temperature'],
};

function tool(name: string, outputSchema?: Record<string, unknown>): Tool {
  return { name, inputSchema: { type: 'object' }, ...(outputSchema === undefined ? {} : { outputSchema }) };
}

function result(fields: Partial<CallToolResult> = {}): CallToolResult {
  return { content: [], ...fields };
}

/** The default validator, with its `compile` spied on and every compiled function recorded. */
function spiedValidator(): { validator: JsonSchemaValidator; compile: jest.SpyInstance; compiled: CompiledSchema[] } {
  const validator = createJsonSchemaValidator();
  const compiled: CompiledSchema[] = [];
  const original = validator.compile.bind(validator);
  const compile = jest.spyOn(validator, 'compile').mockImplementation((schema) => {
    const check = jest.fn(original(schema));
    compiled.push(check);
    return check;
  });
  return { validator, compile, compiled };
}

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('ToolOutputValidator', () => {
  const outputs = new ToolOutputValidator(createJsonSchemaValidator());

  describe('which results it checks', () => {
    it('accepts structured content that matches the output schema', () => {
      expect(() => outputs.check(tool('weather', WEATHER_SCHEMA), result({ structuredContent: { temperature: 21.5 } }))).not.toThrow();
    });

    it('ignores tools without an output schema', () => {
      expect(() => outputs.check(tool('plain'), result())).not.toThrow();
      expect(() => outputs.check(tool('plain'), result({ structuredContent: 'anything' }))).not.toThrow();
    });

    it('raises when structured content is missing', () => {
      const error = thrown(() => outputs.check(tool('weather', WEATHER_SCHEMA), result({ content: [{ type: 'text', text: '21.5' }] })));
      expect(error).toBeInstanceOf(ToolOutputValidationError);
      expect(error).toBeInstanceOf(RxMcpError);
      expect(error).toMatchObject({
        name: 'ToolOutputValidationError',
        message: 'Tool weather has an output schema but did not return structured content',
        toolName: 'weather',
        reason: 'missing-structured-content',
        errors: [],
      });
    });

    it('raises when structured content does not match', () => {
      const error = thrown(() => outputs.check(tool('weather', WEATHER_SCHEMA), result({ structuredContent: { temperature: 'warm' } })));
      expect(error).toBeInstanceOf(ToolOutputValidationError);
      expect(error).toMatchObject({
        message:
          'Invalid structured content returned by tool weather: #: Property "temperature" does not match schema.; ' +
          '#/temperature: Instance type "string" is invalid. Expected "number".',
        toolName: 'weather',
        reason: 'invalid-structured-content',
        errors: ['#: Property "temperature" does not match schema.', '#/temperature: Instance type "string" is invalid. Expected "number".'],
      });
      expect(() => outputs.check(tool('weather', WEATHER_SCHEMA), result({ structuredContent: null }))).toThrow(ToolOutputValidationError);
    });

    it('never validates isError results, even with wrong or missing structured content', () => {
      const weather = tool('weather', WEATHER_SCHEMA);
      expect(() => outputs.check(weather, result({ isError: true, structuredContent: { temperature: 'warm' } }))).not.toThrow();
      expect(() => outputs.check(weather, result({ isError: true }))).not.toThrow();
      expect(() => outputs.check(weather, result({ isError: false }))).toThrow(ToolOutputValidationError);
    });

    it('validates array outputs (2026-07-28 style)', () => {
      const list = tool('list', { type: 'array', items: { type: 'string' } });
      expect(() => outputs.check(list, result({ structuredContent: ['a', 'b'] }))).not.toThrow();
      expect(() => outputs.check(list, result({ structuredContent: ['a', 2] }))).toThrow(
        'Invalid structured content returned by tool list: #: Items did not match schema.; #/1: Instance type "number" is invalid. Expected "string".',
      );
    });

    it('honours a declared draft-07 output schema', () => {
      const legacy = tool('legacy', {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { when: { $ref: '#/definitions/stamp' } },
        definitions: { stamp: { type: 'integer' } },
      });
      expect(() => outputs.check(legacy, result({ structuredContent: { when: 1 } }))).not.toThrow();
      expect(() => outputs.check(legacy, result({ structuredContent: { when: 'now' } }))).toThrow(ToolOutputValidationError);
    });
  });

  describe('invalid schemas', () => {
    it('raise an InvalidSchemaError naming the tool, without fetching anything', () => {
      const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.reject(new Error('no network in tests')));
      try {
        const remote = tool('remote', { $ref: 'https://example.com/schema.json' });
        const error = thrown(() => outputs.check(remote, result({ structuredContent: {} })));
        expect(error).toBeInstanceOf(InvalidSchemaError);
        expect(error).toMatchObject({
          toolName: 'remote',
          reason: '$ref "https://example.com/schema.json" points outside the schema; remote references are never fetched',
          message:
            'Tool remote has an invalid output schema: $ref "https://example.com/schema.json" points outside the schema; remote references are never fetched',
        });
        expect((error as Error).cause).toBeInstanceOf(InvalidSchemaError);
        expect(fetchSpy).not.toHaveBeenCalled();
      } finally {
        fetchSpy.mockRestore();
      }
    });

    it('raise for an unknown dialect, and keep raising from the cache', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      const odd = tool('odd', { $schema: 'https://example.com/dialect', type: 'object' });
      for (let i = 0; i < 3; i++) {
        expect(() => checker.check(odd, result({ structuredContent: {} }))).toThrow(
          'Tool odd has an invalid output schema: unsupported JSON Schema dialect "https://example.com/dialect"',
        );
      }
      expect(compile).toHaveBeenCalledTimes(1);
    });

    it('raise for a schema that is too deep or too large', () => {
      const checker = new ToolOutputValidator(createJsonSchemaValidator({ maxDepth: 4, maxNodes: 50 }));
      const deep = tool('deep', { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } });
      expect(() => checker.check(deep, result({ structuredContent: {} }))).toThrow(/nests deeper than 4 levels/);
      const wide = tool('wide', { type: 'object', properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, true])) });
      expect(() => checker.check(wide, result({ structuredContent: {} }))).toThrow(/holds more than 50 values/);
    });

    it('raise for a schema that is not JSON', () => {
      const cyclic: Record<string, unknown> = { type: 'object' };
      cyclic['properties'] = { self: cyclic };
      const error = thrown(() => outputs.check(tool('cyclic', cyclic), result({ structuredContent: {} })));
      expect(error).toBeInstanceOf(InvalidSchemaError);
      expect((error as InvalidSchemaError).message).toBe('Tool cyclic has an invalid output schema: the schema cannot be serialized as JSON');
    });

    it('only once structured content is present (a missing one is reported first)', () => {
      expect(() => outputs.check(tool('remote', { $ref: 'https://example.com/s.json' }), result())).toThrow(ToolOutputValidationError);
    });
  });

  describe('compile cache', () => {
    it('compiles a tool schema once and reuses the compiled function', () => {
      const { validator, compile, compiled } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      const weather = tool('weather', WEATHER_SCHEMA);
      checker.check(weather, result({ structuredContent: { temperature: 1 } }));
      checker.check(tool('weather', structuredClone(WEATHER_SCHEMA)), result({ structuredContent: { temperature: 2 } }));
      expect(compile).toHaveBeenCalledTimes(1);
      expect(compiled).toHaveLength(1);
      expect(compiled[0]).toHaveBeenCalledTimes(2);
    });

    it('recompiles when the schema of a tool changes', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      checker.check(tool('weather', WEATHER_SCHEMA), result({ structuredContent: { temperature: 1 } }));
      const stricter = tool('weather', { ...WEATHER_SCHEMA, required: ['temperature', 'conditions'] });
      expect(() => checker.check(stricter, result({ structuredContent: { temperature: 1 } }))).toThrow(
        'Invalid structured content returned by tool weather: #: Instance does not have required property "conditions".',
      );
      expect(compile).toHaveBeenCalledTimes(2);
      checker.check(stricter, result({ structuredContent: { temperature: 1, conditions: 'sun' } }));
      expect(compile).toHaveBeenCalledTimes(2);
    });

    it('keeps one entry per tool name, even for equal schemas', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      checker.check(tool('a', WEATHER_SCHEMA), result({ structuredContent: { temperature: 1 } }));
      checker.check(tool('b', WEATHER_SCHEMA), result({ structuredContent: { temperature: 1 } }));
      checker.check(tool('a', WEATHER_SCHEMA), result({ structuredContent: { temperature: 1 } }));
      expect(compile).toHaveBeenCalledTimes(2);
    });

    it('forget drops one tool', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      const ok = result({ structuredContent: { temperature: 1 } });
      checker.check(tool('a', WEATHER_SCHEMA), ok);
      checker.check(tool('b', WEATHER_SCHEMA), ok);
      checker.forget('a');
      checker.forget('never-seen');
      checker.check(tool('a', WEATHER_SCHEMA), ok);
      checker.check(tool('b', WEATHER_SCHEMA), ok);
      expect(compile).toHaveBeenCalledTimes(3);
    });

    it('retain keeps only the listed tools', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      const ok = result({ structuredContent: { temperature: 1 } });
      for (const name of ['a', 'b', 'c']) checker.check(tool(name, WEATHER_SCHEMA), ok);
      checker.retain(new Set(['b']).values());
      for (const name of ['a', 'b', 'c']) checker.check(tool(name, WEATHER_SCHEMA), ok);
      expect(compile).toHaveBeenCalledTimes(5); // a, b, c, then a and c again
      checker.retain([]);
      checker.check(tool('b', WEATHER_SCHEMA), ok);
      expect(compile).toHaveBeenCalledTimes(6);
    });

    it('is capped, dropping the least recently used tool', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator, { maxCachedTools: 2 });
      const ok = result({ structuredContent: { temperature: 1 } });
      checker.check(tool('a', WEATHER_SCHEMA), ok);
      checker.check(tool('b', WEATHER_SCHEMA), ok);
      checker.check(tool('a', WEATHER_SCHEMA), ok); // a is now the most recent
      checker.check(tool('c', WEATHER_SCHEMA), ok); // drops b
      expect(compile).toHaveBeenCalledTimes(3);
      checker.check(tool('a', WEATHER_SCHEMA), ok);
      expect(compile).toHaveBeenCalledTimes(3);
      checker.check(tool('b', WEATHER_SCHEMA), ok);
      expect(compile).toHaveBeenCalledTimes(4);
    });

    it('does not compile for tools without a schema or for isError results', () => {
      const { validator, compile } = spiedValidator();
      const checker = new ToolOutputValidator(validator);
      checker.check(tool('plain'), result());
      checker.check(tool('weather', WEATHER_SCHEMA), result({ isError: true }));
      expect(compile).not.toHaveBeenCalled();
    });
  });

  describe('with a validator of your own', () => {
    it('uses it through the JsonSchemaValidator interface', () => {
      const custom: JsonSchemaValidator = {
        compile: (schema) => (value) =>
          JSON.stringify(value) === JSON.stringify((schema as { const: unknown }).const) ? { valid: true } : { valid: false, errors: ['#: not the constant'] },
      };
      const checker = new ToolOutputValidator(custom);
      const constant = tool('constant', { const: { a: 1 } });
      expect(() => checker.check(constant, result({ structuredContent: { a: 1 } }))).not.toThrow();
      expect(() => checker.check(constant, result({ structuredContent: { a: 2 } }))).toThrow(
        'Invalid structured content returned by tool constant: #: not the constant',
      );
    });

    it('wraps its compile failures as InvalidSchemaError and its validation failures as ToolOutputValidationError', () => {
      const broken = new Error('strict mode: unknown keyword');
      const failingCompile = new ToolOutputValidator({
        compile: () => {
          throw broken;
        },
      });
      const compileFailure = thrown(() => failingCompile.check(tool('t', {}), result({ structuredContent: {} })));
      expect(compileFailure).toBeInstanceOf(InvalidSchemaError);
      expect(compileFailure).toMatchObject({ toolName: 't', reason: 'strict mode: unknown keyword', cause: broken });

      const failingCheck = new ToolOutputValidator({
        compile: () => () => {
          throw new Error('regex too complex');
        },
      });
      const checkFailure = thrown(() => failingCheck.check(tool('t', {}), result({ structuredContent: {} })));
      expect(checkFailure).toBeInstanceOf(ToolOutputValidationError);
      expect(checkFailure).toMatchObject({ reason: 'invalid-structured-content', errors: ['#: could not be validated (regex too complex)'] });
    });
  });

  it('bundles for the browser without any Node built-in', async () => {
    const bundled = await build({
      entryPoints: [join(ROOT, 'lib', 'validation', 'tool-output-validator.ts'), join(ROOT, 'lib', 'validation', 'json-schema-validator.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      outdir: 'out',
      metafile: true,
      logLevel: 'silent',
    });
    expect(bundled.errors).toEqual([]);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const inputs = Object.entries(bundled.metafile.inputs);
    const imports = inputs.flatMap(([, input]) => input.imports.map((imported) => imported.path));
    expect(imports.filter((path) => builtins.has(path) || path.startsWith('node:'))).toEqual([]);
    expect(inputs.some(([path]) => path.includes('@cfworker/json-schema'))).toBe(true);
    const code = bundled.outputFiles.map((file) => file.text).join('\n');
    expect(code).not.toMatch(/\bfetch\(/);
  });
});
