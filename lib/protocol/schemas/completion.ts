/**
 * Argument completion (`completion/complete`): suggestions for a prompt argument or a resource
 * template variable.
 */
import * as z from 'zod/mini';
import { MetaSchema } from './common.js';

/** What is being completed: a prompt (by name) or a resource template (by URI template). */
export type CompletionReference = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

/** The result of `completion/complete`. */
export const CompleteResultSchema = z.looseObject({
  completion: z.looseObject({
    values: z.array(z.string()),
    total: z.optional(z.int()),
    hasMore: z.optional(z.boolean()),
  }),
  _meta: z.optional(MetaSchema),
});
/** The result of `completion/complete`. */
export type CompleteResult = z.infer<typeof CompleteResultSchema>;
