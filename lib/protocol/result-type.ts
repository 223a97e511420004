/**
 * Reading `resultType`, the 2026-07-28 discriminator on every result.
 *
 * A missing `resultType` means `complete` (legacy servers never send it). `input_required` is only
 * valid for the three methods that may ask for more input. Any other value is invalid: a client
 * must not guess what an unknown result means.
 */
import type * as z from 'zod';
import { ProtocolViolationError } from './errors.js';
import { InputRequiredResultSchema, type InputRequiredResult } from './schemas/input-required.js';

/** Methods whose result may be `input_required`. */
export const INPUT_REQUIRED_METHODS: ReadonlySet<string> = new Set(['tools/call', 'prompts/get', 'resources/read']);

/** A decoded result: final, or an interim request for input. */
export type DecodedResult<T> =
  | { readonly resultType: 'complete'; readonly result: T }
  | { readonly resultType: 'input_required'; readonly result: InputRequiredResult };

/**
 * Validates `raw` as the result of `method`: `schema` for a complete result, the input-required
 * shape where the method allows one. Throws {@link ProtocolViolationError} for a wrong shape or an
 * unknown `resultType`.
 */
export function decodeResult<S extends z.ZodType>(method: string, raw: unknown, schema: S): DecodedResult<z.output<S>> {
  const resultType = (raw as { resultType?: unknown } | null)?.resultType ?? 'complete';
  if (resultType === 'complete') {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ProtocolViolationError(`Invalid result for '${method}': ${summarize(parsed.error)}`, raw);
    }
    return { resultType: 'complete', result: parsed.data };
  }
  if (resultType === 'input_required') {
    if (!INPUT_REQUIRED_METHODS.has(method)) {
      throw new ProtocolViolationError(`'${method}' may not return an input_required result`, raw);
    }
    const parsed = InputRequiredResultSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ProtocolViolationError(`Invalid input_required result for '${method}': ${summarize(parsed.error)}`, raw);
    }
    return { resultType: 'input_required', result: parsed.data };
  }
  throw new ProtocolViolationError(`Unknown resultType ${JSON.stringify(resultType)} for '${method}'`, raw);
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
