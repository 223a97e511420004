/**
 * The default JSON Schema validator's logic, on an engine module passed in (`@cfworker/json-schema`):
 * `createJsonSchemaValidator` passes the statically imported module, the client's default
 * validator (`lazy-json-schema-validator.ts`) the one it loads with `import()` on first use, so
 * a client whose tools declare no output schema never loads the engine.
 *
 * It refuses, at compile time and with an {@link InvalidSchemaError}, what the engine cannot
 * validate faithfully or cheaply: unsupported dialects, `$ref`s that leave the schema or do not
 * resolve, `$ref` loops that never consume input, invalid patterns, `$dynamicRef`, and schemas
 * deeper or larger than the limits. It validates a private copy of the schema, so the caller's
 * object is never modified.
 */
import type { OutputUnit, Schema, SchemaDraft } from '@cfworker/json-schema';
import { messageOf } from '../protocol/describe.js';
import { InvalidSchemaError } from './errors.js';

/** The outcome of one validation: valid, or invalid with a few short messages naming the location. */
export type SchemaCheck = { valid: true } | { valid: false; errors: readonly string[] };

/** A compiled schema: validates one value. Never throws for an invalid value; it reports it. */
export type CompiledSchema = (value: unknown) => SchemaCheck;

/**
 * A JSON Schema engine. `compile` turns a schema into a reusable check, and throws an
 * {@link InvalidSchemaError} for a schema it cannot use (it must never fetch a remote `$ref`).
 * Independent of any engine, so an Ajv-based implementation can stand in for the default one.
 */
export interface JsonSchemaValidator {
  /** Compiles `schema` once; throws `InvalidSchemaError` when it cannot be used. */
  compile(schema: unknown): CompiledSchema;
}

/** Limits and behaviour of the default validator. Every limit bounds the cost of a hostile schema. */
export interface JsonSchemaValidatorOptions {
  /** Deepest nesting of objects and arrays in a schema (JSON levels, not schema levels). Default 64. */
  maxDepth?: number;
  /** Most values (every object member and array element) a schema may hold. Default 10,000. */
  maxNodes?: number;
  /** Most messages one failed check reports. Default 5. */
  maxErrors?: number;
  /** Stop at the first failure where the engine allows it: cheaper, fewer messages. Default true. */
  shortCircuit?: boolean;
}

/** Default deepest nesting of a schema. */
export const DEFAULT_MAX_SCHEMA_DEPTH = 64;
/** Default most values in a schema. */
export const DEFAULT_MAX_SCHEMA_NODES = 10_000;
/** Default most messages per failed check. */
export const DEFAULT_MAX_SCHEMA_ERRORS = 5;

const MAX_MESSAGE_LENGTH = 200;
const VALID: SchemaCheck = Object.freeze({ valid: true });

/** `$schema` URIs (without scheme and trailing `#`) mapped to the engine's draft names. */
const DIALECTS: Readonly<Record<string, SchemaDraft>> = {
  'json-schema.org/draft/2020-12/schema': '2020-12',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft-07/schema': '7',
  'json-schema.org/draft-04/schema': '4',
};

/** What the default validator uses of `@cfworker/json-schema` (its module, imported statically or with `import()`). */
export type SchemaEngine = Pick<typeof import('@cfworker/json-schema'), 'dereference' | 'ignoredKeyword' | 'schemaArrayKeyword' | 'schemaMapKeyword' | 'validate'>;

/**
 * The default {@link JsonSchemaValidator} on `engine` (see `createJsonSchemaValidator`). The
 * dialect comes from the root `$schema` (2020-12 when absent; 2019-09, draft-07 and draft-04 when declared).
 */
export function validatorOn(engine: SchemaEngine, options: JsonSchemaValidatorOptions = {}): JsonSchemaValidator {
  const limits = {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_SCHEMA_DEPTH,
    maxNodes: options.maxNodes ?? DEFAULT_MAX_SCHEMA_NODES,
  };
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_SCHEMA_ERRORS;
  const shortCircuit = options.shortCircuit ?? true;
  return {
    compile(schema: unknown): CompiledSchema {
      if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
        throw new InvalidSchemaError(`a schema must be an object or a boolean, not ${describe(schema)}`);
      }
      const root = copyWithinLimits(schema, limits) as Schema | boolean;
      const draft = dialectOf(root);
      let lookup: Record<string, Schema | boolean>;
      try {
        lookup = engine.dereference(root);
      } catch (error) {
        throw new InvalidSchemaError(firstLine(error), { cause: error });
      }
      checkSchemas(engine, root, draft, lookup);
      return (value) => {
        let units: OutputUnit[];
        try {
          const result = engine.validate(value, root, draft, lookup, shortCircuit);
          if (result.valid) return VALID;
          units = result.errors;
        } catch (error) {
          // A value that is not JSON (undefined, a function) or nests too deep for the stack.
          return { valid: false, errors: [clip(`#: could not be validated (${firstLine(error)})`)] };
        }
        return { valid: false, errors: formatErrors(units, maxErrors) };
      };
    },
  };
}

/** A plain JSON copy of `value`, refusing non-JSON values and anything past the limits. */
function copyWithinLimits(value: unknown, limits: { maxDepth: number; maxNodes: number }): unknown {
  let nodes = 0;
  const copy = (item: unknown, depth: number): unknown => {
    if (++nodes > limits.maxNodes) {
      throw new InvalidSchemaError(`the schema holds more than ${limits.maxNodes} values`);
    }
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return item;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new InvalidSchemaError(`the schema holds ${item}, which is not JSON`);
      return item;
    }
    if (typeof item !== 'object') throw new InvalidSchemaError(`the schema holds ${describe(item)}, which is not JSON`);
    if (depth > limits.maxDepth) {
      throw new InvalidSchemaError(`the schema nests deeper than ${limits.maxDepth} levels`);
    }
    if (Array.isArray(item)) {
      const out: unknown[] = [];
      for (const element of item) out.push(element === undefined ? null : copy(element, depth + 1));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(item)) {
      if (member === undefined) continue;
      // defineProperty keeps a `__proto__` member an ordinary member.
      Object.defineProperty(out, key, { value: copy(member, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return copy(value, 1);
}

/** The engine draft of a root schema, from its `$schema`; 2020-12 when there is none. */
function dialectOf(root: Schema | boolean): SchemaDraft {
  if (typeof root === 'boolean' || root.$schema === undefined) return '2020-12';
  return draftOf(root.$schema);
}

function draftOf(uri: unknown): SchemaDraft {
  if (typeof uri !== 'string') throw new InvalidSchemaError(`$schema must be a string, not ${describe(uri)}`);
  const match = /^https?:\/\/(.*?)#?$/.exec(uri);
  const draft = match?.[1] === undefined ? undefined : DIALECTS[match[1]];
  if (draft === undefined) throw new InvalidSchemaError(`unsupported JSON Schema dialect ${clip(JSON.stringify(uri))}`);
  return draft;
}

/**
 * Checks every subschema (as the engine walks them) for what the engine would apply wrongly or
 * not at all: non-local or unresolved `$ref`s, `$dynamicRef`, mixed dialects, invalid patterns,
 * and reference loops that recurse without consuming input.
 */
function checkSchemas(engine: SchemaEngine, root: Schema | boolean, draft: SchemaDraft, lookup: Record<string, Schema | boolean>): void {
  const schemas = subschemasOf(engine, root);
  const ids = new Set<string>();
  for (const schema of schemas) {
    const id: unknown = schema.$id || schema['id'];
    const uri = schema.__absolute_uri__;
    if (typeof id === 'string' && typeof uri === 'string' && !uri.includes('#')) ids.add(uri);
  }
  for (const schema of schemas) {
    if (schema !== root && schema.$schema !== undefined && draftOf(schema.$schema) !== draft) {
      throw new InvalidSchemaError('a subschema declares a different $schema dialect than the root');
    }
    if (schema.$ref !== undefined) checkRef(schema, ids, lookup);
    if (schema.$recursiveRef !== undefined && schema.$recursiveRef !== '#') {
      throw new InvalidSchemaError(`$recursiveRef ${clip(JSON.stringify(schema.$recursiveRef))} is not supported; only "#" is`);
    }
    if (schema['$dynamicRef'] !== undefined && draft === '2020-12') {
      throw new InvalidSchemaError('$dynamicRef is not supported by the default validator');
    }
    if (typeof schema.pattern === 'string') checkPattern(schema.pattern);
    const patternProperties: unknown = schema.patternProperties;
    if (isObject(patternProperties)) for (const pattern of Object.keys(patternProperties)) checkPattern(pattern);
  }
  checkNoLoops(schemas, draft, lookup);
}

/** A `$ref` must stay inside the schema (a `#` fragment or an `$id` defined in it) and resolve. */
function checkRef(schema: Schema, ids: ReadonlySet<string>, lookup: Record<string, Schema | boolean>): void {
  const ref: unknown = schema.$ref;
  if (typeof ref !== 'string') throw new InvalidSchemaError(`$ref must be a string, not ${describe(ref)}`);
  const target = schema.__absolute_ref__;
  const shown = clip(JSON.stringify(ref));
  const local = ref.startsWith('#') || (target !== undefined && ids.has(target.split('#')[0] ?? ''));
  if (!local) throw new InvalidSchemaError(`$ref ${shown} points outside the schema; remote references are never fetched`);
  if (target === undefined || lookup[target] === undefined) {
    throw new InvalidSchemaError(`$ref ${shown} does not resolve to a subschema`);
  }
}

function checkPattern(pattern: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch {
    throw new InvalidSchemaError(`pattern ${clip(JSON.stringify(pattern))} is not a valid regular expression`);
  }
}

/** Every object subschema the engine would visit, in the same walk its `dereference` makes. */
function subschemasOf(engine: SchemaEngine, root: Schema | boolean): Schema[] {
  const { ignoredKeyword, schemaArrayKeyword, schemaMapKeyword } = engine;
  const found: Schema[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const schema = pending.pop();
    if (!isObject(schema)) continue;
    found.push(schema);
    for (const key in schema) {
      if (ignoredKeyword[key]) continue;
      const sub: unknown = schema[key];
      if (Array.isArray(sub)) {
        if (schemaArrayKeyword[key]) for (const element of sub) pending.push(element);
      } else if (schemaMapKeyword[key]) {
        if (isObject(sub)) for (const member of Object.values(sub)) pending.push(member);
      } else {
        pending.push(sub);
      }
    }
  }
  return found;
}

/** Keywords whose subschemas apply to the same value as their parent (no input consumed). */
const IN_PLACE_ONE = ['not', 'if', 'then', 'else'] as const;
const IN_PLACE_MANY = ['allOf', 'anyOf', 'oneOf'] as const;

/** The subschemas applied to the same value as `schema`, through references and in-place keywords. */
function inPlaceTargets(schema: Schema, draft: SchemaDraft, lookup: Record<string, Schema | boolean>): unknown[] {
  const ref = schema.__absolute_ref__ === undefined ? undefined : lookup[schema.__absolute_ref__];
  // Before 2019-09 the engine ignores the siblings of `$ref`.
  if (schema.$ref !== undefined && (draft === '4' || draft === '7')) return isObject(ref) ? [ref] : [];
  const targets: unknown[] = [ref];
  if (schema.__absolute_recursive_ref__ !== undefined) targets.push(lookup[schema.__absolute_recursive_ref__]);
  for (const key of IN_PLACE_ONE) targets.push(schema[key]);
  for (const key of IN_PLACE_MANY) if (Array.isArray(schema[key])) targets.push(...(schema[key] as unknown[]));
  for (const key of ['dependentSchemas', 'dependencies']) {
    const map: unknown = schema[key];
    if (isObject(map)) targets.push(...Object.values(map).filter((value) => !Array.isArray(value)));
  }
  return targets.filter(isObject);
}

/** Rejects a cycle of in-place applications (`{ "$ref": "#" }`): the engine would recurse forever. */
function checkNoLoops(schemas: readonly Schema[], draft: SchemaDraft, lookup: Record<string, Schema | boolean>): void {
  const done = new Set<Schema>();
  const onPath = new Set<Schema>();
  for (const start of schemas) {
    if (done.has(start)) continue;
    const stack: { schema: Schema; targets: unknown[] }[] = [{ schema: start, targets: inPlaceTargets(start, draft, lookup) }];
    onPath.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.targets.pop();
      if (next === undefined) {
        stack.pop();
        onPath.delete(top.schema);
        done.add(top.schema);
        continue;
      }
      if (!isObject(next) || done.has(next)) continue;
      if (onPath.has(next)) {
        throw new InvalidSchemaError('the schema references itself without consuming any input (an endless $ref loop)');
      }
      onPath.add(next);
      stack.push({ schema: next, targets: inPlaceTargets(next, draft, lookup) });
    }
  }
}

/**
 * Short messages from the engine's output units: the `$ref` wrappers ("A subschema had errors")
 * and the bare "False boolean schema" under a keyword that already names the value are dropped.
 */
function formatErrors(units: readonly OutputUnit[], maxErrors: number): string[] {
  const out: string[] = [];
  for (const unit of units) {
    if (out.length >= maxErrors) break;
    if (unit.keyword === '$ref' || unit.keyword === '$recursiveRef') continue;
    if (unit.keyword === 'false' && out.length > 0) continue;
    const message = clip(`${unit.instanceLocation}: ${unit.error}`);
    if (!out.includes(message)) out.push(message);
  }
  return out.length > 0 ? out : ['#: does not match the schema'];
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function firstLine(error: unknown): string {
  const message = messageOf(error);
  return clip(message.split('\n')[0] ?? '');
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}
