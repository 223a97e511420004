/**
 * What a server may ask of the client: sampling (an LLM completion), elicitation (input from the
 * user, as a form or by visiting a URL) and the client's roots. Legacy servers send these as
 * server→client requests; 2026-07-28 servers embed them in `input_required` results. Both reach
 * the same client callbacks.
 */
import * as z from 'zod';
import { MetaSchema } from './common.js';

/** A message of a sampling conversation (content is a block or, with tools, an array). */
export const SamplingMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.looseObject({ type: z.string() }), z.array(z.looseObject({ type: z.string() }))]),
  _meta: MetaSchema.optional(),
});

/** The params of `sampling/createMessage`. */
export const CreateMessageParamsSchema = z.looseObject({
  messages: z.array(SamplingMessageSchema),
  maxTokens: z.number(),
  systemPrompt: z.string().optional(),
  temperature: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  includeContext: z.enum(['none', 'thisServer', 'allServers']).optional(),
  modelPreferences: z.looseObject({}).optional(),
  metadata: z.looseObject({}).optional(),
  tools: z.array(z.looseObject({})).optional(),
  toolChoice: z.looseObject({}).optional(),
  _meta: MetaSchema.optional(),
});
/** The params of `sampling/createMessage`. */
export type CreateMessageParams = z.infer<typeof CreateMessageParamsSchema>;

/** What a sampling callback answers. */
export const CreateMessageResultSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.looseObject({ type: z.string() }), z.array(z.looseObject({ type: z.string() }))]),
  model: z.string(),
  stopReason: z.string().optional(),
  _meta: MetaSchema.optional(),
});
/** What a sampling callback answers. */
export type CreateMessageResult = z.infer<typeof CreateMessageResultSchema>;

/** The params of a form-mode `elicitation/create` (a missing `mode` means form). */
export const ElicitFormParamsSchema = z.looseObject({
  mode: z.literal('form').optional(),
  message: z.string(),
  requestedSchema: z.looseObject({ type: z.literal('object').optional(), properties: z.record(z.string(), z.unknown()).optional() }),
  _meta: MetaSchema.optional(),
});

/** The params of a URL-mode `elicitation/create`. `elicitationId` exists only in 2025-11-25. */
export const ElicitUrlParamsSchema = z.looseObject({
  mode: z.literal('url'),
  message: z.string(),
  url: z.string(),
  elicitationId: z.string().optional(),
  _meta: MetaSchema.optional(),
});

/** The params of `elicitation/create`. */
export const ElicitParamsSchema = z.union([ElicitUrlParamsSchema, ElicitFormParamsSchema]);
/** The params of `elicitation/create`: a form to fill or a URL to visit. */
export type ElicitParams = z.infer<typeof ElicitParamsSchema>;

/** What an elicitation callback answers. URL mode: `accept` means the user agreed to open the URL. */
export const ElicitResultSchema = z.looseObject({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
  _meta: MetaSchema.optional(),
});
/** What an elicitation callback answers. */
export type ElicitResult = z.infer<typeof ElicitResultSchema>;

/** A root: a `file://` location the client lets the server work in. */
export const RootSchema = z.looseObject({ uri: z.string(), name: z.string().optional(), _meta: MetaSchema.optional() });
/** A root. */
export type Root = z.infer<typeof RootSchema>;

/** What a roots callback answers. */
export const ListRootsResultSchema = z.looseObject({ roots: z.array(RootSchema), _meta: MetaSchema.optional() });
/** What a roots callback answers. */
export type ListRootsResult = z.infer<typeof ListRootsResultSchema>;
