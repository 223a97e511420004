/**
 * Tool parameters mirrored into HTTP headers (MCP 2026-07-28, SEP-2243). A tool's `inputSchema`
 * may mark a property with `"x-mcp-header": "<Name>"`; over Streamable HTTP the client then sends
 * that argument of every `tools/call` as the header `Mcp-Param-<Name>` too, so intermediaries can
 * route on it without parsing the body. A tool whose annotations break the spec's rules must be
 * left out of the tool list, since the server would refuse every call the client could build.
 *
 * Everything here is pure and browser-safe: a schema goes in, bindings or a reason come out; an
 * argument object goes in, header values come out.
 */
import { RxMcpError } from './errors.js';
import { shownValue } from './describe.js';

/** The schema keyword that mirrors a property into a header. */
const ANNOTATION = 'x-mcp-header';

/** What every mirrored parameter's header name starts with. */
const HEADER_PREFIX = 'Mcp-Param-';

/** RFC 9110 `token` (`1*tchar`): the only names allowed after the prefix. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The sentinel an encoded header value is wrapped in. */
const SENTINEL_PREFIX = '=?base64?';
const SENTINEL_SUFFIX = '?=';

/**
 * How deep the walk follows nested subschemas. Deeper schemas are refused rather than walked in
 * part, because an annotation past the limit could be neither checked nor mirrored. Real tool
 * schemas stay far below it; a cyclic object (never the product of `JSON.parse`) hits it.
 */
const MAX_DEPTH = 64;

/** How many subschemas one analysis visits at most, for objects that share subschemas. */
const MAX_NODES = 100_000;

/** Keywords whose value is one subschema, or (`items` before 2020-12) an array of them. */
const SINGLE_OR_ARRAY_KEYWORDS = [
  'items',
  'additionalItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
  'prefixItems',
  'allOf',
  'anyOf',
  'oneOf',
] as const;

/** Keywords whose value maps names to subschemas (`dependencies` may also hold name lists). */
const MAP_KEYWORDS = ['patternProperties', 'dependentSchemas', 'dependencies', '$defs', 'definitions'] as const;

/** The property types a header may mirror. */
export type HeaderValueType = 'string' | 'integer' | 'boolean';

/** One validated annotation: which argument goes into which header, and what type it must have. */
export interface HeaderBinding {
  /** The full header name, e.g. `Mcp-Param-Region`. */
  readonly header: string;
  /** The chain of `properties` keys leading to the argument, e.g. `['location', 'region']`. */
  readonly path: readonly string[];
  /** The annotated property's JSON Schema type. */
  readonly type: HeaderValueType;
}

/**
 * The outcome of checking one tool's annotations: the bindings to apply on every call, or why the
 * tool must be excluded from listings (the first rule found broken).
 */
export type ToolHeaderAnalysis =
  | { readonly valid: true; readonly bindings: readonly HeaderBinding[] }
  | { readonly valid: false; readonly reason: string };

/**
 * An argument of a `tools/call` cannot go into its `Mcp-Param-*` header: it has the wrong type
 * for its binding, or is an integer the header cannot carry exactly. The server would reject the
 * request, so it is not sent.
 */
export class InvalidHeaderValueError extends RxMcpError {
  /** `'InvalidHeaderValueError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'InvalidHeaderValueError';

  constructor(
    /** The header the argument was to go into. */
    readonly header: string,
    /** The path of the argument inside the arguments object. */
    readonly path: readonly string[],
    /** The argument value refused. */
    readonly value: unknown,
    /** What is wrong with it. */
    readonly detail: string,
    /** The tool called, when known. */
    readonly toolName?: string,
  ) {
    super(
      `Argument '${path.join('.')}'${toolName === undefined ? '' : ` of tool '${toolName}'`} cannot be sent as header ${header}: ${detail}`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON Pointer segment. */
function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Where a schema node sits, and whether a chain of `properties` keys alone leads there. */
interface Position {
  /** JSON Pointer into `inputSchema`, for reasons. */
  readonly pointer: string;
  /** The `properties` chain, while the node is statically reachable. */
  readonly path: readonly string[];
  /** The first keyword on the way that is not `properties`; undefined while reachable. */
  readonly via: string | undefined;
  readonly depth: number;
}

const UNCHECKABLE = 'its x-mcp-header annotations cannot be checked';

/** Thrown inside the walk to stop at the first broken rule. */
class Invalid {
  constructor(readonly reason: string) {}
}

/** Walks a whole schema, checking every annotation and collecting the valid ones. */
class Analyzer {
  readonly bindings: HeaderBinding[] = [];
  private readonly names = new Map<string, string>();
  private visited = 0;

  visit(node: unknown, at: Position): void {
    if (!isRecord(node)) return; // `true`/`false` schemas and junk hold no annotations
    if (at.depth > MAX_DEPTH) throw new Invalid(`inputSchema nests deeper than ${MAX_DEPTH} levels; ${UNCHECKABLE}`);
    if (++this.visited > MAX_NODES) throw new Invalid(`inputSchema has more than ${MAX_NODES} subschemas; ${UNCHECKABLE}`);
    if (Object.hasOwn(node, ANNOTATION)) this.check(node, at);

    const properties = node.properties;
    if (isRecord(properties)) {
      for (const [key, child] of Object.entries(properties)) {
        this.visit(child, {
          pointer: `${at.pointer}/properties/${pointerSegment(key)}`,
          path: [...at.path, key],
          via: at.via,
          depth: at.depth + 1,
        });
      }
    }
    for (const keyword of SINGLE_OR_ARRAY_KEYWORDS) {
      const value = node[keyword];
      if (!Array.isArray(value)) this.visit(value, this.below(at, keyword, keyword));
      else value.forEach((child, i) => this.visit(child, this.below(at, keyword, `${keyword}/${i}`)));
    }
    for (const keyword of MAP_KEYWORDS) {
      const value = node[keyword];
      if (!isRecord(value)) continue;
      for (const [key, child] of Object.entries(value)) {
        this.visit(child, this.below(at, keyword, `${keyword}/${pointerSegment(key)}`));
      }
    }
  }

  private below(at: Position, keyword: string, step: string): Position {
    return { pointer: `${at.pointer}/${step}`, path: at.path, via: at.via ?? keyword, depth: at.depth + 1 };
  }

  private check(node: Record<string, unknown>, at: Position): void {
    if (at.pointer === '') throw new Invalid('x-mcp-header on the root schema: only properties can be mirrored');
    if (at.via !== undefined) {
      throw new Invalid(
        `x-mcp-header at ${at.pointer} sits under '${at.via}'; it is allowed only on properties reached through 'properties' keys alone`,
      );
    }
    const name = node[ANNOTATION];
    if (typeof name !== 'string' || name === '') throw new Invalid(`x-mcp-header at ${at.pointer} must be a non-empty string`);
    const where = `x-mcp-header ${JSON.stringify(name)} at ${at.pointer}`;
    if (!TOKEN.test(name)) throw new Invalid(`${where} is not an HTTP token (RFC 9110: letters, digits and !#$%&'*+-.^_\`|~ only)`);
    const type = node.type;
    if (type !== 'string' && type !== 'integer' && type !== 'boolean') {
      const got = type === undefined ? 'no type' : `type ${shownValue(type)}`;
      throw new Invalid(`${where} is on a property with ${got}; only string, integer and boolean can be mirrored`);
    }
    const key = name.toLowerCase();
    const earlier = this.names.get(key);
    if (earlier !== undefined) throw new Invalid(`${where} repeats ${JSON.stringify(earlier)}; names must be unique ignoring case`);
    this.names.set(key, name);
    this.bindings.push({ header: `${HEADER_PREFIX}${name}`, path: at.path, type });
  }
}

/**
 * Checks every `x-mcp-header` annotation in a tool's `inputSchema` (the whole schema is walked,
 * so misplaced ones are found too) and returns the bindings to apply on `tools/call`, or the
 * reason the tool is invalid and must be excluded from listings (the caller warns with the tool
 * name and this reason). A schema without annotations is valid with no bindings.
 */
export function analyzeToolHeaders(tool: { readonly name: string; readonly inputSchema: unknown }): ToolHeaderAnalysis {
  const analyzer = new Analyzer();
  try {
    analyzer.visit(tool.inputSchema, { pointer: '', path: [], via: undefined, depth: 0 });
  } catch (error) {
    if (error instanceof Invalid) return { valid: false, reason: error.reason };
    throw error;
  }
  return { valid: true, bindings: analyzer.bindings };
}

/** The argument at `path`, or undefined when any step is missing (own properties only). */
function valueAt(args: Record<string, unknown> | undefined, path: readonly string[]): unknown {
  let node: unknown = args;
  for (const key of path) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The header text of one argument, per its binding's type. */
function headerText(binding: HeaderBinding, value: unknown, toolName: string | undefined): string {
  const fail = (detail: string): never => {
    throw new InvalidHeaderValueError(binding.header, binding.path, value, detail, toolName);
  };
  switch (binding.type) {
    case 'string':
      return typeof value === 'string' ? value : fail(`expected a string, got ${kindOf(value)}`);
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : fail(`expected a boolean, got ${kindOf(value)}`);
    case 'integer':
      if (typeof value !== 'number') return fail(`expected an integer, got ${kindOf(value)}`);
      if (!Number.isSafeInteger(value)) return fail(`expected an integer within ±(2^53−1), got ${String(value)}`);
      return String(value);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The `Mcp-Param-*` headers for one `tools/call`: each bound argument, read at its exact path,
 * converted (string as is, integer in decimal, boolean as `true`/`false`) and encoded with
 * {@link encodeHeaderValue}. An absent or null argument sends no header, as the spec requires.
 * Throws {@link InvalidHeaderValueError} (naming `toolName` when given) for an argument of the
 * wrong type or a non-integer/unsafe integer, which the server would reject anyway.
 */
export function headerValues(
  bindings: readonly HeaderBinding[],
  args: Record<string, unknown> | undefined,
  toolName?: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const binding of bindings) {
    const value = valueAt(args, binding.path);
    if (value === undefined || value === null) continue;
    headers[binding.header] = encodeHeaderValue(headerText(binding, value, toolName));
  }
  return headers;
}

/** True when `value` can travel as a header value unchanged and unambiguously. */
function isPlain(value: string): boolean {
  if (value.startsWith(SENTINEL_PREFIX) && value.endsWith(SENTINEL_SUFFIX)) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first === 0x20 || last === 0x20) return false; // tabs fail the range check below
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard padded base64 of some bytes (no `Buffer`, no `btoa`: works everywhere). */
function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${BASE64_ALPHABET[n >> 18]!}${BASE64_ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${BASE64_ALPHABET[n >> 18]!}${BASE64_ALPHABET[(n >> 12) & 63]!}${BASE64_ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * Encodes a value for an `Mcp-Param-*` or `Mcp-Name` header: unchanged when every character is
 * printable ASCII (0x20–0x7E), there is no leading or trailing space, and the value does not
 * itself look like the sentinel; otherwise `=?base64?<base64 of the UTF-8 bytes>?=`. An empty
 * string stays empty.
 */
export function encodeHeaderValue(value: string): string {
  if (value === '' || isPlain(value)) return value;
  return `${SENTINEL_PREFIX}${base64(new TextEncoder().encode(value))}${SENTINEL_SUFFIX}`;
}

/**
 * The `Mcp-Name` header value for a tool or prompt name or a resource URI: the same encoding as
 * `Mcp-Param-*` values ({@link encodeHeaderValue}), named for the call sites that build it.
 */
export function mcpNameHeaderValue(value: string): string {
  return encodeHeaderValue(value);
}
