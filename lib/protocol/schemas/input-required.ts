/**
 * The 2026-07-28 multi round-trip interim result: the server needs input (elicitation, sampling,
 * roots) or wants its opaque `requestState` echoed before it can finish.
 */
import * as z from 'zod/mini';
import { MetaSchema } from './common.js';

/** One embedded request of an `input_required` result: `{ method, params }`, no id. */
export const InputRequestSchema = z.looseObject({
  method: z.string(),
  params: z.optional(z.record(z.string(), z.unknown())),
});
/** One embedded request of an `input_required` result. */
export type InputRequest = z.infer<typeof InputRequestSchema>;

/** An `input_required` result. At least one of `inputRequests` and `requestState` is present. */
export const InputRequiredResultSchema = z.looseObject({
    resultType: z.literal('input_required'),
    inputRequests: z.optional(z.record(z.string(), InputRequestSchema)),
    requestState: z.optional(z.string()),
    _meta: z.optional(MetaSchema),
}).check(
  z.refine((result) => result.inputRequests !== undefined || result.requestState !== undefined, {
    message: 'an input_required result needs inputRequests or requestState',
  }),
);
/** An `input_required` result. */
export type InputRequiredResult = z.infer<typeof InputRequiredResultSchema>;
