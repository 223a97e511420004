/**
 * Shapes shared by many MCP messages: implementation info, icons, `_meta`, cursors.
 *
 * Every object schema is loose: members a newer protocol revision adds pass through untouched,
 * so an older rxmcp keeps working against a newer server.
 */
import * as z from 'zod';

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
  mimeType: z.string().optional(),
  sizes: z.array(z.string()).optional(),
  theme: z.string().optional(),
});
/** An icon a client may render. */
export type Icon = z.infer<typeof IconSchema>;

/** The name and version of a client or server implementation. */
export const ImplementationSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  websiteUrl: z.string().optional(),
  icons: z.array(IconSchema).optional(),
});
/** The name and version of a client or server implementation. */
export type Implementation = z.infer<typeof ImplementationSchema>;

/** An opaque pagination cursor (an empty string is a valid cursor). */
export const CursorSchema = z.string();

/** Cache hints on cacheable results (2026-07-28). */
export const CacheHintShape = {
  ttlMs: z.number().optional(),
  cacheScope: z.enum(['public', 'private']).optional(),
};
