/**
 * Resources: what a server exposes for reading (`resources/list`, `resources/templates/list`,
 * `resources/read`).
 */
import * as z from 'zod/mini';
import { CacheHintShape, CursorSchema, IconSchema, MetaSchema } from './common.js';
import { AnnotationsSchema, BlobResourceContentsSchema, ResourceSchema, TextResourceContentsSchema } from './content.js';

export { ResourceSchema, type Resource } from './content.js';

/** A family of resources described by an RFC 6570 URI template. */
export const ResourceTemplateSchema = z.looseObject({
  uriTemplate: z.string(),
  name: z.string(),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  mimeType: z.optional(z.string()),
  annotations: z.optional(AnnotationsSchema),
  icons: z.optional(z.array(IconSchema)),
  _meta: z.optional(MetaSchema),
});
/** A family of resources described by a URI template. */
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>;

/** One page of `resources/list`. */
export const ListResourcesResultSchema = z.looseObject({
  resources: z.array(ResourceSchema),
  nextCursor: z.optional(CursorSchema),
  ...CacheHintShape,
  _meta: z.optional(MetaSchema),
});
/** One page of `resources/list`. */
export type ListResourcesResult = z.infer<typeof ListResourcesResultSchema>;

/** One page of `resources/templates/list`. */
export const ListResourceTemplatesResultSchema = z.looseObject({
  resourceTemplates: z.array(ResourceTemplateSchema),
  nextCursor: z.optional(CursorSchema),
  ...CacheHintShape,
  _meta: z.optional(MetaSchema),
});
/** One page of `resources/templates/list`. */
export type ListResourceTemplatesResult = z.infer<typeof ListResourceTemplatesResultSchema>;

/** The result of `resources/read`: one or more text or binary contents. */
export const ReadResourceResultSchema = z.looseObject({
  contents: z.array(z.union([TextResourceContentsSchema, BlobResourceContentsSchema])),
  ...CacheHintShape,
  _meta: z.optional(MetaSchema),
});
/** The result of `resources/read`. */
export type ReadResourceResult = z.infer<typeof ReadResourceResultSchema>;
