/**
 * The errors of tool output validation: a schema that cannot be used ({@link InvalidSchemaError})
 * and a tool result that does not satisfy its tool's output schema
 * ({@link ToolOutputValidationError}).
 */
import { RxMcpError } from '../protocol/errors.js';

/**
 * A JSON Schema that cannot be compiled: not an object or boolean, an unsupported `$schema`
 * dialect, a `$ref` that leaves the schema, a pattern that is not a valid regular expression, or
 * more depth or size than the configured limits. Raised instead of validating permissively.
 * `reason` says what is wrong; `toolName` is set when the schema is a tool's `outputSchema`.
 */
export class InvalidSchemaError extends RxMcpError {
  /** `'InvalidSchemaError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'InvalidSchemaError';

  /** The tool whose output schema this is, when known. */
  readonly toolName: string | undefined;

  constructor(
    /** What is wrong with the schema. */
    readonly reason: string,
    options?: { toolName?: string; cause?: unknown },
  ) {
    super(
      options?.toolName === undefined
        ? `Invalid JSON Schema: ${reason}`
        : `Tool ${options.toolName} has an invalid output schema: ${reason}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.toolName = options?.toolName;
  }
}

/** What was wrong with a tool result: no `structuredContent` at all, or content the schema rejects. */
export type ToolOutputProblem = 'missing-structured-content' | 'invalid-structured-content';

/**
 * A successful `tools/call` result broke its tool's `outputSchema`: `structuredContent` was missing
 * (`reason` is `'missing-structured-content'`) or did not validate (`'invalid-structured-content'`,
 * with the validator's messages in `errors`).
 */
export class ToolOutputValidationError extends RxMcpError {
  /** `'ToolOutputValidationError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ToolOutputValidationError';

  constructor(
    /** The tool whose result broke its schema. */
    readonly toolName: string,
    /** What was wrong: `'missing-structured-content'` or `'invalid-structured-content'`. */
    readonly reason: ToolOutputProblem,
    /** The validator's messages (for `'invalid-structured-content'`). */
    readonly errors: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'missing-structured-content'
        ? `Tool ${toolName} has an output schema but did not return structured content`
        : `Invalid structured content returned by tool ${toolName}: ${errors.join('; ')}`,
      options,
    );
  }
}
