/**
 * Client and server capabilities. Both are open sets: a capability is a key whose value is an
 * object of settings (often empty).
 */
import * as z from 'zod';

const settings = z.looseObject({});

/** What the server offers. */
export const ServerCapabilitiesSchema = z.looseObject({
  experimental: z.record(z.string(), settings).optional(),
  logging: settings.optional(),
  completions: settings.optional(),
  prompts: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  resources: z.looseObject({ subscribe: z.boolean().optional(), listChanged: z.boolean().optional() }).optional(),
  tools: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  tasks: settings.optional(),
  extensions: z.record(z.string(), settings).optional(),
});
/** What the server offers. */
export type ServerCapabilities = z.infer<typeof ServerCapabilitiesSchema>;

/** What the client offers. */
export const ClientCapabilitiesSchema = z.looseObject({
  experimental: z.record(z.string(), settings).optional(),
  roots: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  sampling: z.looseObject({ context: settings.optional(), tools: settings.optional() }).optional(),
  elicitation: z.looseObject({ form: settings.optional(), url: settings.optional() }).optional(),
  tasks: settings.optional(),
  extensions: z.record(z.string(), settings).optional(),
});
/** What the client offers. */
export type ClientCapabilities = z.infer<typeof ClientCapabilitiesSchema>;
