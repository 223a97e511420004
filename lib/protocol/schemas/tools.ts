/**
 * Tools: their definitions (`tools/list`) and call results (`tools/call`).
 */
import * as z from 'zod/mini';
import { CacheHintShape, CursorSchema, IconSchema, MetaSchema } from './common.js';
import { ContentBlockSchema } from './content.js';

/** Untrusted hints about a tool's behaviour. */
export const ToolAnnotationsSchema = z.looseObject({
  title: z.optional(z.string()),
  readOnlyHint: z.optional(z.boolean()),
  destructiveHint: z.optional(z.boolean()),
  idempotentHint: z.optional(z.boolean()),
  openWorldHint: z.optional(z.boolean()),
});

/** A JSON Schema object (open). */
export const JsonSchemaObjectSchema = z.looseObject({});

/** A tool the server offers. */
export const ToolSchema = z.looseObject({
  name: z.string(),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  inputSchema: z.looseObject({ type: z.optional(z.literal('object')) }),
  outputSchema: z.optional(JsonSchemaObjectSchema),
  annotations: z.optional(ToolAnnotationsSchema),
  icons: z.optional(z.array(IconSchema)),
  _meta: z.optional(MetaSchema),
});
/** A tool the server offers. */
export type Tool = z.infer<typeof ToolSchema>;

/** One page of `tools/list`. */
export const ListToolsResultSchema = z.looseObject({
  tools: z.array(ToolSchema),
  nextCursor: z.optional(CursorSchema),
  ...CacheHintShape,
  _meta: z.optional(MetaSchema),
});
/** One page of `tools/list`. */
export type ListToolsResult = z.infer<typeof ListToolsResultSchema>;

/** The result of `tools/call`. */
export const CallToolResultSchema = z.looseObject({
  content: z._default(z.array(ContentBlockSchema), []),
  structuredContent: z.optional(z.unknown()),
  isError: z.optional(z.boolean()),
  _meta: z.optional(MetaSchema),
});
/** The result of `tools/call`. */
export type CallToolResult = z.infer<typeof CallToolResultSchema>;
