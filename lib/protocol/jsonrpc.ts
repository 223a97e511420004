/**
 * JSON-RPC 2.0 messages: their types, zod schemas, and {@link classifyMessage}, which tells what a
 * parsed inbound value is (request, notification, result, error) or why it is none of them.
 *
 * Every MCP message is one of these four. Params and results stay open records here; the MCP
 * layer (`schemas/`) gives them shapes.
 */
import * as z from 'zod/mini';

/** A JSON-RPC request id: a string or an integer, never null. */
export type RequestId = string | number;

/** A JSON object, as params and results are on the wire. */
export type JsonObject = { [key: string]: unknown };

/** A request: a method call that expects exactly one response with the same id. */
export interface JsonRpcRequest {
  /** Always `"2.0"`. */
  jsonrpc: '2.0';
  /** The id the response will carry. */
  id: RequestId;
  /** The method called. */
  method: string;
  /** The params, if any. */
  params?: JsonObject;
}

/** A notification: a method call with no id, which gets no response. */
export interface JsonRpcNotification {
  /** Always `"2.0"`. */
  jsonrpc: '2.0';
  /** The notification method. */
  method: string;
  /** The params, if any. */
  params?: JsonObject;
}

/** A successful response to the request with the same id. */
export interface JsonRpcResultResponse {
  /** Always `"2.0"`. */
  jsonrpc: '2.0';
  /** The id of the request answered. */
  id: RequestId;
  /** The result. */
  result: JsonObject;
}

/** The error member of an error response. */
export interface JsonRpcErrorObject {
  /** The JSON-RPC error code. */
  code: number;
  /** A short description of the error. */
  message: string;
  /** Additional information, if any. */
  data?: unknown;
}

/** A failed response to the request with the same id (the id may be null for unparsable requests). */
export interface JsonRpcErrorResponse {
  /** Always `"2.0"`. */
  jsonrpc: '2.0';
  /** The id of the request answered (`null` when it could not be read). */
  id: RequestId | null;
  /** The error. */
  error: JsonRpcErrorObject;
}

/** Any JSON-RPC 2.0 message. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResultResponse | JsonRpcErrorResponse;

/** zod schema of a request id. */
export const RequestIdSchema = z.union([z.string(), z.int()]);

const ParamsSchema = z.record(z.string(), z.unknown());

/** zod schema of a {@link JsonRpcRequest}. */
export const JsonRpcRequestSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: RequestIdSchema,
  method: z.string(),
  params: z.optional(ParamsSchema),
});

/** zod schema of a {@link JsonRpcNotification}. */
export const JsonRpcNotificationSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.optional(ParamsSchema),
});

/** zod schema of a {@link JsonRpcResultResponse}. */
export const JsonRpcResultResponseSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: RequestIdSchema,
  result: ParamsSchema,
});

/** zod schema of a {@link JsonRpcErrorObject}. */
export const JsonRpcErrorObjectSchema = z.looseObject({
  code: z.int(),
  message: z.string(),
  data: z.optional(z.unknown()),
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

/** The kind of a well-formed JSON-RPC message. */
export type MessageKind = 'request' | 'notification' | 'result' | 'error';

/**
 * The kind of a well-formed message, or `undefined` if `value` is not one (then
 * {@link classifyMessage} says why). The discriminating members (`method`, `id`, `result`,
 * `error`) say what the value claims to be, and it is checked against that kind's shape.
 *
 * Every inbound message passes through here, so the check is structural and allocates nothing;
 * a test holds it to the same verdicts as the zod schemas above.
 */
export function messageKind(value: unknown): MessageKind | undefined {
  // The object tests of a response are written out: this runs for every message, and each small
  // function it called was compiled on its own by the optimising compiler in the first calls.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const message = value as JsonObject;
  if (message.jsonrpc !== '2.0') return undefined;
  if (message.method === undefined && message.error === undefined) {
    const { id, result } = message;
    if (result === undefined || (typeof id !== 'string' && !Number.isSafeInteger(id))) return undefined;
    return typeof result === 'object' && result !== null && !Array.isArray(result) ? 'result' : undefined;
  }
  return otherKind(message);
}

/** {@link messageKind} of anything but a result response. */
function otherKind(value: JsonObject): MessageKind | undefined {
  if (value.method !== undefined) {
    if (typeof value.method !== 'string' || !isParams(value.params)) return undefined;
    if (value.id === undefined) return 'notification';
    return isRequestId(value.id) ? 'request' : undefined;
  }
  if (value.result !== undefined) return undefined; // a result and an error at once
  if (value.error !== undefined) return (value.id === null || isRequestId(value.id)) && isErrorObject(value.error) ? 'error' : undefined;
  return undefined;
}

/**
 * Classifies one parsed inbound value: its kind and the typed message, or, for a value that is
 * no well-formed message, the reason (from the zod schema of what it claims to be) and its id
 * when it has a usable one. Unknown extra members are allowed, as JSON-RPC allows them.
 */
export function classifyMessage(value: unknown): ClassifiedMessage {
  const kind = messageKind(value);
  if (kind !== undefined) return { kind, message: value } as ClassifiedMessage;
  if (!isObject(value)) return { kind: 'invalid', reason: 'a JSON-RPC message must be a JSON object' };
  if (value.method !== undefined) {
    return value.id !== undefined ? invalid('malformed request', JsonRpcRequestSchema, value, value.id) : invalid('malformed notification', JsonRpcNotificationSchema, value);
  }
  if (value.result !== undefined) return invalid('malformed result response', JsonRpcResultResponseSchema, value, value.id);
  if (value.error !== undefined) return invalid('malformed error response', JsonRpcErrorResponseSchema, value, value.id);
  return { kind: 'invalid', reason: 'not a request, notification or response (no method, result or error member)' };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isParams(value: unknown): boolean {
  return value === undefined || isObject(value);
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

function isErrorObject(value: unknown): boolean {
  if (!isObject(value)) return false;
  return Number.isSafeInteger(value.code) && typeof value.message === 'string';
}

function invalid(what: string, schema: z.core.$ZodType, value: unknown, id?: unknown): ClassifiedMessage {
  const parsed = z.safeParse(schema, value);
  const detail = parsed.success ? 'both result and error present' : z.prettifyError(parsed.error).replace(/\n/g, '; ');
  const reason = `${what}: ${detail}`;
  return isRequestId(id) ? { kind: 'invalid', reason, id } : { kind: 'invalid', reason };
}

/** Builds a request object. */
export function jsonRpcRequest(id: RequestId, method: string, params?: JsonObject): JsonRpcRequest {
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}

/** Builds a notification object. */
export function jsonRpcNotification(method: string, params?: JsonObject): JsonRpcNotification {
  return params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
}
