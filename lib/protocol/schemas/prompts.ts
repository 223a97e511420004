/**
 * Prompts: the templates a server offers (`prompts/list`) and their expansion (`prompts/get`).
 */
import * as z from 'zod/mini';
import { CacheHintShape, CursorSchema, IconSchema, MetaSchema } from './common.js';
import { ContentBlockSchema } from './content.js';

/** An argument a prompt accepts. */
export const PromptArgumentSchema = z.looseObject({
  name: z.string(),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  required: z.optional(z.boolean()),
});
/** An argument a prompt accepts. */
export type PromptArgument = z.infer<typeof PromptArgumentSchema>;

/** A prompt template. */
export const PromptSchema = z.looseObject({
  name: z.string(),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  arguments: z.optional(z.array(PromptArgumentSchema)),
  icons: z.optional(z.array(IconSchema)),
  _meta: z.optional(MetaSchema),
});
/** A prompt template. */
export type Prompt = z.infer<typeof PromptSchema>;

/** One page of `prompts/list`. */
export const ListPromptsResultSchema = z.looseObject({
  prompts: z.array(PromptSchema),
  nextCursor: z.optional(CursorSchema),
  ...CacheHintShape,
  _meta: z.optional(MetaSchema),
});
/** One page of `prompts/list`. */
export type ListPromptsResult = z.infer<typeof ListPromptsResultSchema>;

/** One message of an expanded prompt. */
export const PromptMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: ContentBlockSchema,
});
/** One message of an expanded prompt. */
export type PromptMessage = z.infer<typeof PromptMessageSchema>;

/** The result of `prompts/get`. */
export const GetPromptResultSchema = z.looseObject({
  description: z.optional(z.string()),
  messages: z.array(PromptMessageSchema),
  _meta: z.optional(MetaSchema),
});
/** The result of `prompts/get`. */
export type GetPromptResult = z.infer<typeof GetPromptResultSchema>;
