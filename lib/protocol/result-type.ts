/**
 * Reading `resultType`, the 2026-07-28 discriminator on every result.
 *
 * A missing `resultType` means `complete` (legacy servers never send it). `input_required` is only
 * valid for the three methods that may ask for more input. Any other value is invalid: a client
 * must not guess what an unknown result means.
 */
import type * as z from 'zod';
import { ProtocolViolationError } from './errors.js';
import { shownValue } from './describe.js';
import { quickCheckFor } from './quick-checks.js';
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
  const result = parseResult(method, raw, schema);
  return isInputRequired(result) ? { resultType: 'input_required', result } : { resultType: 'complete', result: result as z.output<S> };
}

/**
 * Like {@link decodeResult}, returning the validated result itself: an `input_required` result
 * is recognisable by its `resultType` (a complete result never carries that value).
 */
export function parseResult<S extends z.ZodType>(method: string, raw: unknown, schema: S): z.output<S> | InputRequiredResult {
  const resultType = (raw as { resultType?: unknown } | null)?.resultType ?? 'complete';
  if (resultType === 'complete') {
    if (quickCheckFor(schema)?.(raw) === true) return raw as z.output<S>;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ProtocolViolationError(`Invalid result for '${method}': ${summarize(parsed.error)}`, raw);
    }
    return parsed.data;
  }
  if (resultType === 'input_required') {
    if (!INPUT_REQUIRED_METHODS.has(method)) {
      throw new ProtocolViolationError(`'${method}' may not return an input_required result`, raw);
    }
    const parsed = InputRequiredResultSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ProtocolViolationError(`Invalid input_required result for '${method}': ${summarize(parsed.error)}`, raw);
    }
    return parsed.data;
  }
  throw new ProtocolViolationError(`Unknown resultType ${shownValue(resultType)} for '${method}'`, raw);
}

/** True for an `input_required` result. */
export function isInputRequired(result: unknown): result is InputRequiredResult {
  return (result as { resultType?: unknown } | null)?.resultType === 'input_required';
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
