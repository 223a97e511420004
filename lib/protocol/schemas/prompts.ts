/**
 * Prompts: the templates a server offers (`prompts/list`) and their expansion (`prompts/get`).
 */
import * as z from 'zod';
import { CacheHintShape, CursorSchema, IconSchema, MetaSchema } from './common.js';
import { ContentBlockSchema } from './content.js';

/** An argument a prompt accepts. */
export const PromptArgumentSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
});
/** An argument a prompt accepts. */
export type PromptArgument = z.infer<typeof PromptArgumentSchema>;

/** A prompt template. */
export const PromptSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(PromptArgumentSchema).optional(),
  icons: z.array(IconSchema).optional(),
  _meta: MetaSchema.optional(),
});
/** A prompt template. */
export type Prompt = z.infer<typeof PromptSchema>;

/** One page of `prompts/list`. */
export const ListPromptsResultSchema = z.looseObject({
  prompts: z.array(PromptSchema),
  nextCursor: CursorSchema.optional(),
  ...CacheHintShape,
  _meta: MetaSchema.optional(),
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
  description: z.string().optional(),
  messages: z.array(PromptMessageSchema),
  _meta: MetaSchema.optional(),
});
/** The result of `prompts/get`. */
export type GetPromptResult = z.infer<typeof GetPromptResultSchema>;
