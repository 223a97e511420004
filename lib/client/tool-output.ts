/**
 * Parsed tool output (FastMCP's `call_tool`): the result of a tool that declares an
 * `outputSchema` exposes its validated `structuredContent` as `data`, typed by the caller
 * (`client.callTool<T>(…)`) or inferred from a schema the caller passes (a zod schema, or any
 * object with `parse`); a plain JSON Schema is checked with the client's JSON Schema validator.
 * `raiseOnError` turns an `isError` result into a {@link ToolError}. An adapter over the result
 * of the request chain, so the call itself (stages, interceptors, the fast path) is unchanged:
 * the chain has already checked `structuredContent` against the tool's own `outputSchema`.
 */
import type { McpRequest } from '../pipeline/mcp-request.js';
import { checkBoolean, refuseOption } from '../protocol/option-checks.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { CompiledSchema, JsonSchemaValidator } from '../validation/json-schema-validator.js';
import { ToolOutputValidationError } from '../validation/errors.js';
import { validatorReady } from '../validation/lazy-json-schema-validator.js';
import { ToolError } from './tool-error.js';

/** A parsing schema (a zod schema, or anything with `parse`): its output type becomes `data`'s. */
export interface OutputParser<T> {
  /** Returns the parsed value, or throws when `value` does not fit. */
  parse(value: unknown): T;
}

/** A JSON Schema object (`data` is then typed by the caller: `callTool<T>(…)`). */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

/** The output options of `callTool`. */
export interface ToolOutputOptions<T> {
  /**
   * Throw a {@link ToolError} (carrying the result) when the tool reports `isError: true`.
   * Default: the client's `raiseOnError` (itself default `false`: the error is in the result).
   */
  readonly raiseOnError?: boolean;
  /**
   * Parse `structuredContent` with this schema as well (a zod schema, inferring `T`, or a JSON
   * Schema object): a mismatch is a `ToolOutputValidationError`.
   */
  readonly outputSchema?: OutputParser<T> | JsonSchemaObject;
}

/** A tool result with its parsed output: every field as sent, plus `data`. */
export type ToolCallResult<T = unknown> = CallToolResult & {
  /** The validated `structuredContent`, parsed by `outputSchema` when given; `undefined` for an error result or when there is none. */
  readonly data: T | undefined;
};

/** Turns the chain's result into a {@link ToolCallResult}, or throws (see the module doc). */
export class ToolOutput {
  /** JSON Schemas the callers passed, compiled once each. */
  private readonly compiled = new WeakMap<object, CompiledSchema>();

  constructor(
    private readonly validator: JsonSchemaValidator,
    /** The client-wide `raiseOnError`. */
    private readonly raiseOnError: boolean,
  ) {}

  /**
   * `undefined` when {@link parse} can run at once; otherwise the Promise of loading the validator
   * that checking `result` against a JSON Schema `outputSchema` needs (the default loads on first use).
   */
  ready<T>(result: CallToolResult, options: ToolOutputOptions<T>): Promise<void> | undefined {
    const schema = options.outputSchema;
    if (schema === undefined || isParser(schema) || result.isError === true || result.structuredContent === undefined) return undefined;
    return validatorReady(this.validator);
  }

  /**
   * `callTool`'s last step: {@link parse} at once, or once the validator {@link ready} says it
   * needs has loaded. The call's tool and options are its request's (one function per client).
   */
  finish<T>(result: CallToolResult, request: McpRequest): ToolCallResult<T> | Promise<ToolCallResult<T>> {
    const name = request.params!.name as string;
    const options = request.options as ToolOutputOptions<T>;
    const loading = this.ready(result, options);
    return loading === undefined ? this.parse(name, result, options) : loading.then(() => this.parse(name, result, options));
  }

  /** `result` of tool `name`, with `data`; a {@link ToolError} for an error result when asked. */
  parse<T>(name: string, result: CallToolResult, options: ToolOutputOptions<T>): ToolCallResult<T> {
    if (result.isError === true) {
      if (options.raiseOnError ?? this.raiseOnError) throw new ToolError(name, result);
      return withData(result, undefined);
    }
    return withData(result, this.dataOf(name, result.structuredContent, options.outputSchema));
  }

  /** The structured content, through the caller's schema when there is one. */
  private dataOf<T>(name: string, content: unknown, schema: OutputParser<T> | JsonSchemaObject | undefined): T | undefined {
    if (schema === undefined) return content as T | undefined;
    if (content === undefined) throw new ToolOutputValidationError(name, 'missing-structured-content');
    if (isParser(schema)) {
      try {
        return schema.parse(content);
      } catch (error) {
        throw new ToolOutputValidationError(name, 'invalid-structured-content', [error instanceof Error ? error.message : String(error)], { cause: error });
      }
    }
    let check = this.compiled.get(schema);
    if (check === undefined) {
      check = this.validator.compile(schema);
      this.compiled.set(schema, check);
    }
    const outcome = check(content);
    if (!outcome.valid) throw new ToolOutputValidationError(name, 'invalid-structured-content', outcome.errors);
    return content as T;
  }
}

/** Checks a call's `raiseOnError` and `outputSchema` (an `InvalidOptionError` naming the option). */
export function checkToolOutputOptions<T>(options: ToolOutputOptions<T>): void {
  checkBoolean('raiseOnError', options.raiseOnError);
  const schema: unknown = options.outputSchema;
  if (schema !== undefined && (typeof schema !== 'object' || schema === null)) refuseOption('outputSchema', 'a schema with parse (zod) or a JSON Schema object', schema);
}

/**
 * A frozen copy of `result` plus `data`. A spread, not `Object.assign`: a result is the server's
 * JSON, and an own `__proto__` key assigned onto a fresh object would set its prototype (a spread
 * defines it as data; spec/hostile/holds-proto-keys.spec.ts).
 */
function withData<T>(result: CallToolResult, data: T | undefined): ToolCallResult<T> {
  return Object.freeze({ ...result, data });
}

/** True for a parsing schema (zod, …), false for a JSON Schema object. */
function isParser<T>(schema: OutputParser<T> | JsonSchemaObject): schema is OutputParser<T> {
  return typeof (schema as { parse?: unknown }).parse === 'function';
}
