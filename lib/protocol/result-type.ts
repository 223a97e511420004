/**
 * Reading `resultType`, the 2026-07-28 discriminator on every result.
 *
 * A missing `resultType` means `complete` (legacy servers never send it). Any other value is
 * valid only for a method the registry (`methods.ts`) says may answer it: `input_required` for
 * the three methods that may ask for more input, and whatever an extension claimed with
 * `registerResultType`. Any other value is invalid: a client must not guess what an unknown
 * result means.
 */
import * as z from 'zod/mini';
import { ProtocolViolationError } from './errors.js';
import { shownValue } from './describe.js';
import { isClaimedResultType, methodsWhere, resultParserOf } from './methods.js';
import { QUICK_CHECKS } from './quick-checks.js';
import type { InputRequiredResult } from './schemas/input-required.js';
import { summarizeZodError } from './zod-summary.js';

/** Methods whose result may be `input_required` (a view of the method registry). */
export const INPUT_REQUIRED_METHODS: ReadonlySet<string> = methodsWhere((entry) => entry.resultTypes.has('input_required'));

/** A result of a `resultType` an extension claimed for its method (see `registerResultType`), as its parser returned it. */
export interface ClaimedResult {
  /** Marks a claimed result. */
  readonly resultType: 'claimed';
  /** The `resultType` the server answered. */
  readonly claim: string;
  /** What the extension's parser returned. */
  readonly result: unknown;
}

/** A decoded result: final, an interim request for input, or a result type an extension claimed. */
export type DecodedResult<T> =
  | { readonly resultType: 'complete'; readonly result: T }
  | { readonly resultType: 'input_required'; readonly result: InputRequiredResult }
  | ClaimedResult;

/**
 * Validates `raw` as the result of `method`: `schema` for a complete result, the registered
 * parser for a `resultType` the method may answer. Throws {@link ProtocolViolationError} for a
 * wrong shape or a `resultType` the method may not answer.
 */
export function decodeResult<S extends z.core.$ZodType>(method: string, raw: unknown, schema: S): DecodedResult<z.output<S>> {
  const result = parseResult(method, raw, schema);
  const resultType = resultTypeOf(raw);
  if (resultType === 'complete') return { resultType: 'complete', result: result as z.output<S> };
  if (resultType === 'input_required') return { resultType: 'input_required', result: result as InputRequiredResult };
  return { resultType: 'claimed', claim: resultType as string, result };
}

/**
 * Like {@link decodeResult}, returning the validated result itself: a non-complete result is
 * recognisable by its `resultType` (a complete result never carries another value).
 */
export function parseResult<S extends z.core.$ZodType>(method: string, raw: unknown, schema: S): z.output<S> | InputRequiredResult {
  // read here rather than through resultTypeOf and quickCheckFor: this runs on every result, and
  // each small function on the way is compiled on its own by the optimising compiler
  const resultType = (raw as { resultType?: unknown } | null)?.resultType ?? 'complete';
  if (resultType === 'complete') {
    const quick = QUICK_CHECKS.get(schema);
    if (quick !== undefined && quick(raw)) return raw as z.output<S>;
    const parsed = z.safeParse(schema, raw);
    if (!parsed.success) {
      throw new ProtocolViolationError(`Invalid result for '${method}': ${summarizeZodError(parsed.error)}`, raw);
    }
    return parsed.data;
  }
  const parser = typeof resultType === 'string' ? resultParserOf(method, resultType) : undefined;
  if (parser !== undefined) return parser(raw, method) as InputRequiredResult;
  if (typeof resultType === 'string' && isClaimedResultType(resultType)) {
    throw new ProtocolViolationError(`'${method}' may not return an ${resultType} result`, raw);
  }
  throw new ProtocolViolationError(`Unknown resultType ${shownValue(resultType)} for '${method}'`, raw);
}

/** True for an `input_required` result. */
export function isInputRequired(result: unknown): result is InputRequiredResult {
  return (result as { resultType?: unknown } | null)?.resultType === 'input_required';
}

/** The `resultType` of a raw result, `complete` when it has none. */
function resultTypeOf(raw: unknown): unknown {
  return (raw as { resultType?: unknown } | null)?.resultType ?? 'complete';
}
