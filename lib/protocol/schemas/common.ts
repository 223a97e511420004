/**
 * Shapes shared by many MCP messages: implementation info, icons, `_meta`, cursors.
 *
 * Every object schema is loose: members a newer protocol revision adds pass through untouched,
 * so an older rxmcp keeps working against a newer server.
 */
import * as z from 'zod/mini';
import '../zod-locale.js';

/**
 * An open `_meta` record: any JSON object. Checked as a plain object and passed through as is,
 * because it is on almost every result and its entries are never interpreted here (a record
 * schema would re-validate every key).
 */
export const MetaSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
  message: 'expected a JSON object',
});

/** An icon a client may render. */
export const IconSchema = z.looseObject({
  src: z.string(),
  mimeType: z.optional(z.string()),
  sizes: z.optional(z.array(z.string())),
  theme: z.optional(z.string()),
});
/** An icon a client may render. */
export type Icon = z.infer<typeof IconSchema>;

/** The name and version of a client or server implementation. */
export const ImplementationSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  websiteUrl: z.optional(z.string()),
  icons: z.optional(z.array(IconSchema)),
});
/** The name and version of a client or server implementation. */
export type Implementation = z.infer<typeof ImplementationSchema>;

/** An opaque pagination cursor (an empty string is a valid cursor). */
export const CursorSchema = z.string();

/** Cache hints on cacheable results (2026-07-28). */
export const CacheHintShape = {
  ttlMs: z.optional(z.number()),
  cacheScope: z.optional(z.enum(['public', 'private'])),
};
