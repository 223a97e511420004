/**
 * Content blocks: what tools return and prompts contain (text, image, audio, resource links and
 * embedded resources).
 */
import * as z from 'zod';
import { IconSchema, MetaSchema } from './common.js';

/** Hints about how a client should use or display an object. */
export const AnnotationsSchema = z.looseObject({
  audience: z.array(z.enum(['user', 'assistant'])).optional(),
  priority: z.number().optional(),
  lastModified: z.string().optional(),
});

const base = { annotations: AnnotationsSchema.optional(), _meta: MetaSchema.optional() };

/** Plain text. */
export const TextContentSchema = z.looseObject({ type: z.literal('text'), text: z.string(), ...base });
/** A base64-encoded image. */
export const ImageContentSchema = z.looseObject({ type: z.literal('image'), data: z.string(), mimeType: z.string(), ...base });
/** Base64-encoded audio. */
export const AudioContentSchema = z.looseObject({ type: z.literal('audio'), data: z.string(), mimeType: z.string(), ...base });

/** The text contents of a resource. */
export const TextResourceContentsSchema = z.looseObject({
  uri: z.string(),
  mimeType: z.string().optional(),
  text: z.string(),
  _meta: MetaSchema.optional(),
});
/** The binary (base64) contents of a resource. */
export const BlobResourceContentsSchema = z.looseObject({
  uri: z.string(),
  mimeType: z.string().optional(),
  blob: z.string(),
  _meta: MetaSchema.optional(),
});

/** A resource the server exposes (listed by `resources/list`, linked from content). */
export const ResourceSchema = z.looseObject({
  uri: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().optional(),
  icons: z.array(IconSchema).optional(),
  ...base,
});
/** A resource the server exposes. */
export type Resource = z.infer<typeof ResourceSchema>;

/** A link to a resource the client may read: a resource, tagged as a content block. */
export const ResourceLinkSchema = ResourceSchema.extend({ type: z.literal('resource_link') });
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
