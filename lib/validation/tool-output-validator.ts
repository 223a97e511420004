/**
 * Checks `tools/call` results against their tool's `outputSchema`, as the MCP specification asks
 * clients to: a successful result of a tool with an output schema must carry `structuredContent`
 * that validates. Error results (`isError: true`) are never validated. Compiled schemas are cached
 * per tool name and recompiled when the tool's schema changes.
 */
import { messageOf } from '../protocol/describe.js';
import type { CallToolResult, Tool } from '../protocol/schemas/tools.js';
import { InvalidSchemaError, ToolOutputValidationError } from './errors.js';
import type { CompiledSchema, JsonSchemaValidator, SchemaCheck } from './engine-validator.js';
import { validatorReady } from './lazy-json-schema-validator.js';

/** Options of a {@link ToolOutputValidator}. */
export interface ToolOutputValidatorOptions {
  /** Most tools whose compiled schemas are kept; the least recently used go first. Default 1,000. */
  maxCachedTools?: number;
}

/** Default most tools whose compiled schemas a {@link ToolOutputValidator} keeps. */
export const DEFAULT_MAX_CACHED_TOOLS = 1000;

/** A tool's schema as JSON text (to notice a change), and what compiling it gave. */
type CacheEntry =
  | { readonly schemaJson: string; readonly compiled: CompiledSchema }
  | { readonly schemaJson: string; readonly invalid: { readonly reason: string; readonly cause: unknown } };

/**
 * Validates tool results with a {@link JsonSchemaValidator} (the default one from
 * `createJsonSchemaValidator`, or your own). Call `check` on each result; call
 * `retain` (or `forget`) when the tool list changes so the cache keeps only live tools.
 */
export class ToolOutputValidator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly maxCachedTools: number;

  constructor(
    private readonly validator: JsonSchemaValidator,
    options: ToolOutputValidatorOptions = {},
  ) {
    this.maxCachedTools = Math.max(1, options.maxCachedTools ?? DEFAULT_MAX_CACHED_TOOLS);
  }

  /**
   * Throws a {@link ToolOutputValidationError} when `tool` has an `outputSchema`, `result` is not
   * an error result, and its `structuredContent` is missing or does not validate; throws an
   * {@link InvalidSchemaError} (naming the tool) when the schema itself cannot be compiled.
   */
  check(tool: Tool, result: CallToolResult): void {
    const schema: unknown = tool.outputSchema;
    if (schema === undefined || result.isError === true) return;
    if (result.structuredContent === undefined) {
      throw new ToolOutputValidationError(tool.name, 'missing-structured-content');
    }
    const compiled = this.compiledFor(tool.name, schema);
    let outcome: SchemaCheck;
    try {
      outcome = compiled(result.structuredContent);
    } catch (error) {
      const message = messageOf(error);
      throw new ToolOutputValidationError(tool.name, 'invalid-structured-content', [`#: could not be validated (${message})`], {
        cause: error,
      });
    }
    if (!outcome.valid) throw new ToolOutputValidationError(tool.name, 'invalid-structured-content', outcome.errors);
  }

  /** `undefined` when `check` can run now; otherwise the Promise of loading the validator's engine (the client's default loads on first use). */
  ready(): Promise<void> | undefined {
    return validatorReady(this.validator);
  }

  /** Drops the compiled schema of one tool (it was removed, or will be re-listed). */
  forget(toolName: string): void {
    this.cache.delete(toolName);
  }

  /** Keeps the compiled schemas of the named tools only, dropping every other (after `tools/list`). */
  retain(toolNames: Iterable<string>): void {
    const keep = new Set(toolNames);
    for (const name of this.cache.keys()) if (!keep.has(name)) this.cache.delete(name);
  }

  /** The cached compiled schema when the tool's schema is unchanged; compiles (and caches) otherwise. */
  private compiledFor(toolName: string, schema: unknown): CompiledSchema {
    let schemaJson: string;
    try {
      schemaJson = JSON.stringify(schema);
    } catch (error) {
      throw new InvalidSchemaError('the schema cannot be serialized as JSON', { toolName, cause: error });
    }
    let entry = this.cache.get(toolName);
    if (entry !== undefined && entry.schemaJson === schemaJson) {
      this.cache.delete(toolName); // re-insert: most recently used last
    } else {
      entry = this.compile(schemaJson, schema);
    }
    this.cache.set(toolName, entry);
    while (this.cache.size > this.maxCachedTools) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    if ('invalid' in entry) throw new InvalidSchemaError(entry.invalid.reason, { toolName, cause: entry.invalid.cause });
    return entry.compiled;
  }

  private compile(schemaJson: string, schema: unknown): CacheEntry {
    try {
      return { schemaJson, compiled: this.validator.compile(schema) };
    } catch (error) {
      const reason = error instanceof InvalidSchemaError ? error.reason : messageOf(error);
      return { schemaJson, invalid: { reason, cause: error } };
    }
  }
}
