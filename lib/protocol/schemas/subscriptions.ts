/**
 * `subscriptions/listen` (2026-07-28): one long-lived request whose stream carries the change
 * notifications the client opted in to.
 */
import * as z from 'zod/mini';
import { MetaSchema } from './common.js';

/** Which notifications a listen stream should carry. Every field is opt-in. */
export const SubscriptionFilterSchema = z.looseObject({
  toolsListChanged: z.optional(z.boolean()),
  promptsListChanged: z.optional(z.boolean()),
  resourcesListChanged: z.optional(z.boolean()),
  resourceSubscriptions: z.optional(z.array(z.string())),
});
/** Which notifications a listen stream should carry. */
export type SubscriptionFilter = z.infer<typeof SubscriptionFilterSchema>;

/** The params of `notifications/subscriptions/acknowledged`: the part of the filter the server honours. */
export const SubscriptionAcknowledgedParamsSchema = z.looseObject({
  notifications: SubscriptionFilterSchema,
  _meta: z.optional(MetaSchema),
});
