/**
 * The arguments of `call`: `--json '{…}'` (or `--args '{…}'`) gives an object, each `--arg k=v`
 * sets one member, read as the type the tool's input schema gives that property (a number, a
 * boolean, JSON for objects and arrays, else text). The result is validated against the input
 * schema before anything is sent; a mismatch is a {@link ToolArgumentsError} quoting the
 * validator's messages and the schema's descriptions of the properties concerned.
 */
import { createJsonSchemaValidator, InvalidSchemaError, type JsonObject, type Tool } from '../index.js';
import { CliUsageError, ToolArgumentsError } from './errors.js';
import { keyValues } from './key-values.js';

/** A property of an input schema, as far as coercion reads it. */
interface PropertySchema {
  readonly type?: unknown;
  readonly description?: unknown;
  readonly title?: unknown;
}

/** Parses a JSON object given on the command line; anything else is a usage error naming the option. */
export function parseJsonObject(option: string, text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${option} is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CliUsageError(`${option} must be a JSON object, got ${JSON.stringify(value)}`);
  return value as JsonObject;
}

/** The arguments object for `tool` from a base object and `--arg` words. */
export function buildToolArguments(tool: Tool, base: JsonObject | undefined, argWords: readonly string[]): JsonObject {
  const properties = propertiesOf(tool);
  const args: Record<string, unknown> = { ...base };
  for (const [key, text] of Object.entries(keyValues('--arg', argWords))) args[key] = coerce(text, properties[key]);
  return args as JsonObject;
}

/** Checks `args` against the tool's input schema; throws a {@link ToolArgumentsError} when they do not match. */
export function validateToolArguments(tool: Tool, args: JsonObject): void {
  let check;
  try {
    check = createJsonSchemaValidator({ shortCircuit: false, maxErrors: 10 }).compile(tool.inputSchema);
  } catch (error) {
    // a schema the validator cannot use is the server's problem: send, and let the server judge
    if (error instanceof InvalidSchemaError) return;
    throw error;
  }
  const outcome = check(args);
  if (outcome.valid) return;
  const specific = outcome.errors.filter((message) => !/does not match schema\.$/.test(message));
  const problems = (specific.length > 0 ? specific : outcome.errors).map((message) => withDescription(message, propertiesOf(tool)));
  throw new ToolArgumentsError(tool.name, problems);
}

function propertiesOf(tool: Tool): Readonly<Record<string, PropertySchema>> {
  const properties = (tool.inputSchema as { properties?: unknown }).properties;
  return properties !== null && typeof properties === 'object' ? (properties as Record<string, PropertySchema>) : {};
}

/** The validator's message, followed by the schema's description of the property it names. */
function withDescription(message: string, properties: Readonly<Record<string, PropertySchema>>): string {
  const named = /^#\/([^/:]+)/.exec(message)?.[1] ?? /property "([^"]+)"/.exec(message)?.[1];
  const property = named === undefined ? undefined : properties[named];
  const words = property === undefined ? undefined : typeof property.description === 'string' ? property.description : typeof property.title === 'string' ? property.title : undefined;
  return words === undefined ? message : `${message} (${named}: ${words})`;
}

/** A `--arg` value read as the schema's type for it: numbers, booleans, null and JSON where the schema says so. */
function coerce(text: string, property: PropertySchema | undefined): unknown {
  const types = new Set(Array.isArray(property?.type) ? property.type : property?.type === undefined ? [] : [property.type]);
  if (types.size === 0 || types.has('string')) return text;
  if ((types.has('number') || types.has('integer')) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && text === 'null') return null;
  if (types.has('object') || types.has('array')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text; // the schema check says what is wrong with it
    }
  }
  return text;
}
