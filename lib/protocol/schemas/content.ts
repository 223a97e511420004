/**
 * Content blocks: what tools return and prompts contain (text, image, audio, resource links and
 * embedded resources).
 */
import * as z from 'zod/mini';
import { IconSchema, MetaSchema } from './common.js';

/** Hints about how a client should use or display an object. */
export const AnnotationsSchema = z.looseObject({
  audience: z.optional(z.array(z.enum(['user', 'assistant']))),
  priority: z.optional(z.number()),
  lastModified: z.optional(z.string()),
});

const base = { annotations: z.optional(AnnotationsSchema), _meta: z.optional(MetaSchema) };

/** Plain text. */
export const TextContentSchema = z.looseObject({ type: z.literal('text'), text: z.string(), ...base });
/** A base64-encoded image. */
export const ImageContentSchema = z.looseObject({ type: z.literal('image'), data: z.string(), mimeType: z.string(), ...base });
/** Base64-encoded audio. */
export const AudioContentSchema = z.looseObject({ type: z.literal('audio'), data: z.string(), mimeType: z.string(), ...base });

/** The text contents of a resource. */
export const TextResourceContentsSchema = z.looseObject({
  uri: z.string(),
  mimeType: z.optional(z.string()),
  text: z.string(),
  _meta: z.optional(MetaSchema),
});
/** The binary (base64) contents of a resource. */
export const BlobResourceContentsSchema = z.looseObject({
  uri: z.string(),
  mimeType: z.optional(z.string()),
  blob: z.string(),
  _meta: z.optional(MetaSchema),
});

/** A resource the server exposes (listed by `resources/list`, linked from content). */
export const ResourceSchema = z.looseObject({
  uri: z.string(),
  name: z.string(),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  mimeType: z.optional(z.string()),
  size: z.optional(z.number()),
  icons: z.optional(z.array(IconSchema)),
  ...base,
});
/** A resource the server exposes. */
export type Resource = z.infer<typeof ResourceSchema>;

/** A link to a resource the client may read: a resource, tagged as a content block. */
export const ResourceLinkSchema = z.extend(ResourceSchema, { type: z.literal('resource_link') });
/** A resource embedded inline. */
export const EmbeddedResourceSchema = z.looseObject({
  type: z.literal('resource'),
  resource: z.union([TextResourceContentsSchema, BlobResourceContentsSchema]),
  ...base,
});

/** Any content block. */
export const ContentBlockSchema = z.discriminatedUnion('type', [
  TextContentSchema,
  ImageContentSchema,
  AudioContentSchema,
  ResourceLinkSchema,
  EmbeddedResourceSchema,
]);
/** Any content block. */
export type ContentBlock = z.infer<typeof ContentBlockSchema>;
/** Plain text content. */
export type TextContent = z.infer<typeof TextContentSchema>;
