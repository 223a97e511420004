/**
 * Tools: their definitions (`tools/list`) and call results (`tools/call`).
 */
import * as z from 'zod';
import { CacheHintShape, CursorSchema, IconSchema, MetaSchema } from './common.js';
import { ContentBlockSchema } from './content.js';

/** Untrusted hints about a tool's behaviour. */
export const ToolAnnotationsSchema = z.looseObject({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});

/** A JSON Schema object (open). */
export const JsonSchemaObjectSchema = z.looseObject({});

/** A tool the server offers. */
export const ToolSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.looseObject({ type: z.literal('object').optional() }),
  outputSchema: JsonSchemaObjectSchema.optional(),
  annotations: ToolAnnotationsSchema.optional(),
  icons: z.array(IconSchema).optional(),
  _meta: MetaSchema.optional(),
});
/** A tool the server offers. */
export type Tool = z.infer<typeof ToolSchema>;

/** One page of `tools/list`. */
export const ListToolsResultSchema = z.looseObject({
  tools: z.array(ToolSchema),
  nextCursor: CursorSchema.optional(),
  ...CacheHintShape,
  _meta: MetaSchema.optional(),
});
/** One page of `tools/list`. */
export type ListToolsResult = z.infer<typeof ListToolsResultSchema>;

/** The result of `tools/call`. */
export const CallToolResultSchema = z.looseObject({
  content: z.array(ContentBlockSchema).default([]),
  structuredContent: z.unknown().optional(),
  isError: z.boolean().optional(),
  _meta: MetaSchema.optional(),
});
/** The result of `tools/call`. */
export type CallToolResult = z.infer<typeof CallToolResultSchema>;
