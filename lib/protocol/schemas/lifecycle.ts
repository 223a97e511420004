/**
 * What a server says about itself: the legacy `initialize` result and the modern
 * `server/discover` result.
 */
import * as z from 'zod/mini';
import { CacheHintShape, ImplementationSchema, MetaSchema } from './common.js';
import { ServerCapabilitiesSchema } from './capabilities.js';

/** The answer to `initialize` (legacy era). */
export const InitializeResultSchema = z.looseObject({
  protocolVersion: z.string(),
  capabilities: ServerCapabilitiesSchema,
  serverInfo: ImplementationSchema,
  instructions: z.optional(z.string()),
  _meta: z.optional(MetaSchema),
});
/** The answer to `initialize` (legacy era). */
export type InitializeResult = z.infer<typeof InitializeResultSchema>;

/** The answer to `server/discover` (modern era). The server's identity is in `_meta`. */
export const DiscoverResultSchema = z.looseObject({
  supportedVersions: z.array(z.string()),
  capabilities: ServerCapabilitiesSchema,
  instructions: z.optional(z.string()),
  ...CacheHintShape,
  _meta: z.optional(MetaSchema),
});
/** The answer to `server/discover` (modern era). The server's identity is in `_meta`. */
export type DiscoverResult = z.infer<typeof DiscoverResultSchema>;

/** An empty result (`ping`, and acknowledgements). */
export const EmptyResultSchema = z.looseObject({ _meta: z.optional(MetaSchema) });
/** An empty result. */
export type EmptyResult = z.infer<typeof EmptyResultSchema>;
