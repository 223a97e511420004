/**
 * Answers what a server asks of the client: `sampling/createMessage`, `elicitation/create`,
 * `roots/list`. One handler serves both eras: legacy server→client requests (whose answer is
 * written back as a response) and the embedded requests of 2026-07-28 `input_required` results
 * (whose answers go into the retry's `inputResponses`).
 *
 * Requests and callback results are validated: malformed params are refused with -32602, a
 * capability without a callback with -32600 ("… not supported"), a callback result of the wrong
 * shape with -32603 ("Client callback returned an invalid result"). A callback that throws an
 * `McpError` refuses with that error.
 */
import * as z from 'zod/mini';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import {
  CreateMessageParamsSchema,
  CreateMessageResultSchema,
  ElicitParamsSchema,
  ElicitResultSchema,
  ListRootsResultSchema,
  type ElicitResult,
} from '../protocol/schemas/client-requests.js';
import type { ClientCallbacks, InputRequestContext } from './client-callbacks.js';
import { applyElicitationDefaults } from './elicitation-defaults.js';

/** The methods a server may ask of the client. */
export const INPUT_REQUEST_METHODS: readonly string[] = ['sampling/createMessage', 'elicitation/create', 'roots/list'];

/** Dispatches the server's requests to the client callbacks. */
export class InputRequestHandler {
  constructor(private readonly callbacks: ClientCallbacks) {}

  /** Answers one request; rejects with an `McpError` when it is refused. */
  async answer(method: string, params: JsonObject | undefined, context: InputRequestContext): Promise<JsonObject> {
    switch (method) {
      case 'sampling/createMessage': {
        const callback = this.callbacks.samplingCallback;
        if (callback === undefined) throw new McpError(ErrorCode.InvalidRequest, 'Sampling not supported');
        const result = await callback(parseParams(CreateMessageParamsSchema, params), context);
        return checkResult(CreateMessageResultSchema, result);
      }
      case 'elicitation/create': {
        const callback = this.callbacks.elicitationCallback;
        if (callback === undefined) throw new McpError(ErrorCode.InvalidRequest, 'Elicitation not supported');
        const request = parseParams(ElicitParamsSchema, params);
        const mode = request.mode ?? 'form';
        const modes = this.callbacks.elicitationModes ?? ['form', 'url'];
        if (!modes.includes(mode)) throw new McpError(ErrorCode.InvalidParams, `Elicitation mode '${mode}' not supported`);
        const result = checkResult(ElicitResultSchema, await callback(request, context)) as ElicitResult;
        if (mode === 'form' && result.action === 'accept') {
          return { ...result, content: applyElicitationDefaults(request.requestedSchema, result.content) };
        }
        return result;
      }
      case 'roots/list': {
        const callback = this.callbacks.listRootsCallback;
        if (callback === undefined) throw new McpError(ErrorCode.InvalidRequest, 'List roots not supported');
        const result = await callback(context);
        return checkResult(ListRootsResultSchema, Array.isArray(result) ? { roots: result } : result);
      }
      default:
        throw new McpError(ErrorCode.MethodNotFound, 'Method not found', method);
    }
  }
}

function parseParams<S extends z.core.$ZodType>(schema: S, params: JsonObject | undefined): z.output<S> {
  const parsed = z.safeParse(schema, params ?? {});
  if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, 'Invalid request parameters', parsed.error.issues.slice(0, 3).map((issue) => issue.message));
  return parsed.data;
}

function checkResult(schema: z.core.$ZodType, result: unknown): JsonObject {
  const parsed = z.safeParse(schema, result);
  if (!parsed.success) throw new McpError(ErrorCode.InternalError, 'Client callback returned an invalid result');
  return parsed.data as JsonObject;
}
