/**
 * What a server may ask of the client: sampling (an LLM completion), elicitation (input from the
 * user, as a form or by visiting a URL) and the client's roots. Legacy servers send these as
 * server→client requests; 2026-07-28 servers embed them in `input_required` results. Both reach
 * the same client callbacks.
 */
import * as z from 'zod/mini';
import { MetaSchema } from './common.js';

/** A message of a sampling conversation (content is a block or, with tools, an array). */
export const SamplingMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.looseObject({ type: z.string() }), z.array(z.looseObject({ type: z.string() }))]),
  _meta: z.optional(MetaSchema),
});

/** The params of `sampling/createMessage`. */
export const CreateMessageParamsSchema = z.looseObject({
  messages: z.array(SamplingMessageSchema),
  maxTokens: z.number(),
  systemPrompt: z.optional(z.string()),
  temperature: z.optional(z.number()),
  stopSequences: z.optional(z.array(z.string())),
  includeContext: z.optional(z.enum(['none', 'thisServer', 'allServers'])),
  modelPreferences: z.optional(z.looseObject({})),
  metadata: z.optional(z.looseObject({})),
  tools: z.optional(z.array(z.looseObject({}))),
  toolChoice: z.optional(z.looseObject({})),
  _meta: z.optional(MetaSchema),
});
/** The params of `sampling/createMessage`. */
export type CreateMessageParams = z.infer<typeof CreateMessageParamsSchema>;

/** What a sampling callback answers. */
export const CreateMessageResultSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.looseObject({ type: z.string() }), z.array(z.looseObject({ type: z.string() }))]),
  model: z.string(),
  stopReason: z.optional(z.string()),
  _meta: z.optional(MetaSchema),
});
/** What a sampling callback answers. */
export type CreateMessageResult = z.infer<typeof CreateMessageResultSchema>;

/** The params of a form-mode `elicitation/create` (a missing `mode` means form). */
export const ElicitFormParamsSchema = z.looseObject({
  mode: z.optional(z.literal('form')),
  message: z.string(),
  requestedSchema: z.looseObject({ type: z.optional(z.literal('object')), properties: z.optional(z.record(z.string(), z.unknown())) }),
  _meta: z.optional(MetaSchema),
});

/** The params of a URL-mode `elicitation/create`. `elicitationId` exists only in 2025-11-25. */
export const ElicitUrlParamsSchema = z.looseObject({
  mode: z.literal('url'),
  message: z.string(),
  url: z.string(),
  elicitationId: z.optional(z.string()),
  _meta: z.optional(MetaSchema),
});

/** The params of `elicitation/create`. */
export const ElicitParamsSchema = z.union([ElicitUrlParamsSchema, ElicitFormParamsSchema]);
/** The params of `elicitation/create`: a form to fill or a URL to visit. */
export type ElicitParams = z.infer<typeof ElicitParamsSchema>;

/** What an elicitation callback answers. URL mode: `accept` means the user agreed to open the URL. */
export const ElicitResultSchema = z.looseObject({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))),
  _meta: z.optional(MetaSchema),
});
/** What an elicitation callback answers. */
export type ElicitResult = z.infer<typeof ElicitResultSchema>;

/** A root: a `file://` location the client lets the server work in. */
export const RootSchema = z.looseObject({ uri: z.string(), name: z.optional(z.string()), _meta: z.optional(MetaSchema) });
/** A root. */
export type Root = z.infer<typeof RootSchema>;

/** What a roots callback answers. */
export const ListRootsResultSchema = z.looseObject({ roots: z.array(RootSchema), _meta: z.optional(MetaSchema) });
/** What a roots callback answers. */
export type ListRootsResult = z.infer<typeof ListRootsResultSchema>;
