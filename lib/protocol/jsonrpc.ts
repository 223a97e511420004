/**
 * JSON-RPC 2.0 messages: their types, zod schemas, and {@link classifyMessage}, which tells what a
 * parsed inbound value is (request, notification, result, error) or why it is none of them.
 *
 * Every MCP message is one of these four. Params and results stay open records here; the MCP
 * layer (`schemas/`) gives them shapes.
 */
import * as z from 'zod';

/** A JSON-RPC request id: a string or an integer, never null. */
export type RequestId = string | number;

/** A JSON object, as params and results are on the wire. */
export type JsonObject = { [key: string]: unknown };

/** A request: a method call that expects exactly one response with the same id. */
export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: JsonObject;
}

/** A notification: a method call with no id, which gets no response. */
export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: JsonObject;
}

/** A successful response to the request with the same id. */
export interface JsonRpcResultResponse {
  jsonrpc: '2.0';
  id: RequestId;
  result: JsonObject;
}

/** The error member of an error response. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** A failed response to the request with the same id (the id may be null for unparsable requests). */
export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: JsonRpcErrorObject;
}

/** Any JSON-RPC 2.0 message. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResultResponse | JsonRpcErrorResponse;

/** zod schema of a request id. */
export const RequestIdSchema = z.union([z.string(), z.number().int()]);

const ParamsSchema = z.record(z.string(), z.unknown());

/** zod schema of a {@link JsonRpcRequest}. */
export const JsonRpcRequestSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: RequestIdSchema,
  method: z.string(),
  params: ParamsSchema.optional(),
});

/** zod schema of a {@link JsonRpcNotification}. */
export const JsonRpcNotificationSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: ParamsSchema.optional(),
});

/** zod schema of a {@link JsonRpcResultResponse}. */
export const JsonRpcResultResponseSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: RequestIdSchema,
  result: ParamsSchema,
});

/** zod schema of a {@link JsonRpcErrorObject}. */
export const JsonRpcErrorObjectSchema = z.looseObject({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});

/** zod schema of a {@link JsonRpcErrorResponse}. */
export const JsonRpcErrorResponseSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([RequestIdSchema, z.null()]),
  error: JsonRpcErrorObjectSchema,
});

/** What {@link classifyMessage} found. `invalid` carries a reason and, when it has one, the id. */
export type ClassifiedMessage =
  | { readonly kind: 'request'; readonly message: JsonRpcRequest }
  | { readonly kind: 'notification'; readonly message: JsonRpcNotification }
  | { readonly kind: 'result'; readonly message: JsonRpcResultResponse }
  | { readonly kind: 'error'; readonly message: JsonRpcErrorResponse }
  | { readonly kind: 'invalid'; readonly reason: string; readonly id?: RequestId };

/**
 * Classifies one parsed inbound value. The discriminating members (`method`, `id`, `result`,
 * `error`) pick the one schema that applies, so each value is validated once, by the schema of
 * what it claims to be. Unknown extra members are allowed, as JSON-RPC allows them.
 */
export function classifyMessage(value: unknown): ClassifiedMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'a JSON-RPC message must be a JSON object' };
  }
  const candidate = value as Record<string, unknown>;
  if ('method' in candidate) {
    if ('id' in candidate) {
      const parsed = JsonRpcRequestSchema.safeParse(value);
      return parsed.success
        ? { kind: 'request', message: parsed.data as JsonRpcRequest }
        : invalid('malformed request', parsed.error, candidate.id);
    }
    const parsed = JsonRpcNotificationSchema.safeParse(value);
    return parsed.success
      ? { kind: 'notification', message: parsed.data as JsonRpcNotification }
      : invalid('malformed notification', parsed.error);
  }
  if ('result' in candidate) {
    const parsed = JsonRpcResultResponseSchema.safeParse(value);
    return parsed.success
      ? { kind: 'result', message: parsed.data as JsonRpcResultResponse }
      : invalid('malformed result response', parsed.error, candidate.id);
  }
  if ('error' in candidate) {
    const parsed = JsonRpcErrorResponseSchema.safeParse(value);
    return parsed.success
      ? { kind: 'error', message: parsed.data as JsonRpcErrorResponse }
      : invalid('malformed error response', parsed.error, candidate.id);
  }
  return { kind: 'invalid', reason: 'not a request, notification or response (no method, result or error member)' };
}

function invalid(what: string, error: z.ZodError, id?: unknown): ClassifiedMessage {
  const reason = `${what}: ${z.prettifyError(error).replace(/\n/g, '; ')}`;
  return RequestIdSchema.safeParse(id).success ? { kind: 'invalid', reason, id: id as RequestId } : { kind: 'invalid', reason };
}

/** Builds a request object. */
export function jsonRpcRequest(id: RequestId, method: string, params?: JsonObject): JsonRpcRequest {
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}

/** Builds a notification object. */
export function jsonRpcNotification(method: string, params?: JsonObject): JsonRpcNotification {
  return params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
}
