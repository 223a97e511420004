/**
 * Requests the server sends to the client (legacy era: `ping`, `sampling/createMessage`,
 * `elicitation/create`, `roots/list`). Each method has at most one handler; `ping` is answered by
 * the library. A method without a handler is answered with -32601, a handler that throws with its
 * `McpError` code or -32603, and a request the server cancels gets no answer at all.
 */
import { messageOf } from '../protocol/describe.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest, RequestId } from '../protocol/jsonrpc.js';

/** What a server request handler is told besides the params. */
export interface ServerRequestContext {
  /** The server's id for this request. */
  readonly id: RequestId;
  /** The method called. */
  readonly method: string;
  /** Aborted when the server cancels the request or the connection closes. */
  readonly signal: AbortSignal;
}

/** Handles one server→client request method; returns the result to send back. */
export type ServerRequestHandler = (
  params: JsonObject | undefined,
  context: ServerRequestContext,
) => JsonObject | Promise<JsonObject>;

/** Routes server→client requests to their handlers and writes the responses. */
export class ServerRequestRouter {
  private readonly handlers = new Map<string, ServerRequestHandler>([['ping', () => ({})]]);
  private readonly inFlight = new Map<RequestId, AbortController>();

  constructor(private readonly respond: (message: JsonRpcMessage) => void) {}

  /**
   * Installs the handler for `method`, replacing any earlier one (including the built-in `ping`).
   * Returns a function that removes it again.
   */
  handle(method: string, handler: ServerRequestHandler): () => void {
    this.handlers.set(method, handler);
    return () => {
      if (this.handlers.get(method) === handler) this.handlers.delete(method);
    };
  }

  /** Runs the handler for one inbound request and sends its response. */
  dispatch(request: JsonRpcRequest): void {
    const handler = this.handlers.get(request.method);
    if (handler === undefined) {
      this.respond({ jsonrpc: '2.0', id: request.id, error: { code: ErrorCode.MethodNotFound, message: 'Method not found', data: request.method } });
      return;
    }
    const controller = new AbortController();
    this.inFlight.set(request.id, controller);
    const context: ServerRequestContext = { id: request.id, method: request.method, signal: controller.signal };
    new Promise<JsonObject>((resolve) => resolve(handler(request.params, context)))
      .then(
        (result) => {
          if (!controller.signal.aborted) this.respond({ jsonrpc: '2.0', id: request.id, result });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) this.respond({ jsonrpc: '2.0', id: request.id, error: toErrorObject(error) });
        },
      )
      .finally(() => {
        if (this.inFlight.get(request.id) === controller) this.inFlight.delete(request.id);
      });
  }

  /** The server cancelled request `id`: abort its handler; no response will be sent. */
  cancel(id: RequestId, reason?: unknown): void {
    this.inFlight.get(id)?.abort(reason);
  }

  /** Aborts every handler still running (the connection closed). */
  abortAll(reason: unknown): void {
    for (const controller of this.inFlight.values()) controller.abort(reason);
    this.inFlight.clear();
  }
}

function toErrorObject(error: unknown): { code: number; message: string; data?: unknown } {
  if (error instanceof McpError) {
    return error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
  }
  return { code: ErrorCode.InternalError, message: messageOf(error) };
}
