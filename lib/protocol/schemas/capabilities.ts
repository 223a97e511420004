/**
 * Client and server capabilities. Both are open sets: a capability is a key whose value is an
 * object of settings (often empty).
 */
import * as z from 'zod/mini';

const settings = z.looseObject({});

/** What the server offers. */
export const ServerCapabilitiesSchema = z.looseObject({
  experimental: z.optional(z.record(z.string(), settings)),
  logging: z.optional(settings),
  completions: z.optional(settings),
  prompts: z.optional(z.looseObject({ listChanged: z.optional(z.boolean()) })),
  resources: z.optional(z.looseObject({ subscribe: z.optional(z.boolean()), listChanged: z.optional(z.boolean()) })),
  tools: z.optional(z.looseObject({ listChanged: z.optional(z.boolean()) })),
  tasks: z.optional(settings),
  extensions: z.optional(z.record(z.string(), settings)),
});
/** What the server offers. */
export type ServerCapabilities = z.infer<typeof ServerCapabilitiesSchema>;

/** What the client offers. */
export const ClientCapabilitiesSchema = z.looseObject({
  experimental: z.optional(z.record(z.string(), settings)),
  roots: z.optional(z.looseObject({ listChanged: z.optional(z.boolean()) })),
  sampling: z.optional(z.looseObject({ context: z.optional(settings), tools: z.optional(settings) })),
  elicitation: z.optional(z.looseObject({ form: z.optional(settings), url: z.optional(settings) })),
  tasks: z.optional(settings),
  extensions: z.optional(z.record(z.string(), settings)),
});
/** What the client offers. */
export type ClientCapabilities = z.infer<typeof ClientCapabilitiesSchema>;
