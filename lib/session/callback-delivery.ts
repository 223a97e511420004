/**
 * Delivery of what a server asks of the client to the client's callbacks, in both eras: on a
 * legacy connection as server→client requests (a handler per method installed on the
 * dispatcher), on a 2026-07-28 connection as the embedded requests of an `input_required`
 * result, answered all at once for the retry (`fulfil`).
 */
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { InputRequest } from '../protocol/schemas/input-required.js';
import type { ClientCallbacks, InputRequestContext } from './client-callbacks.js';
import { ClientTaskStore } from './client-task-store.js';
import { InputRequestHandler, INPUT_REQUEST_METHODS } from './input-request-handler.js';

/** The client's callbacks as the answerer of one connection's server requests. */
export class CallbackDelivery {
  private readonly inputRequests: InputRequestHandler;
  /** Removes the legacy server→client request handlers. */
  private removeHandlers: (() => void)[] = [];
  /** The client's own tasks (2025-11-25 task-augmented server requests). */
  private readonly clientTasks = new ClientTaskStore();

  constructor(
    private readonly dispatcher: Dispatcher,
    callbacks: ClientCallbacks,
  ) {
    this.inputRequests = new InputRequestHandler(callbacks);
  }

  /**
   * Installs the legacy server→client request handlers (`legacy`), or removes them (modern
   * connections have none). Replaces whatever was installed before.
   */
  install(legacy: boolean): void {
    for (const remove of this.removeHandlers) remove();
    this.removeHandlers = [];
    if (!legacy) return;
    for (const method of INPUT_REQUEST_METHODS) {
      this.removeHandlers.push(
        this.dispatcher.handle(method, async (params, context) => {
          // a request the server asks the client to run as a task: answered { task } at once, the callback runs on
          if (typeof params?.task === 'object' && params.task !== null && method !== 'roots/list') {
            const { task: _task, ...rest } = params;
            return this.clientTasks.create(params, (signal) => this.inputRequests.answer(method, rest, { requestId: context.id, signal }));
          }
          return this.inputRequests.answer(method, params, { requestId: context.id, signal: context.signal });
        }),
      );
    }
    this.removeHandlers.push(...this.clientTasks.install(this.dispatcher));
  }

  /** Answers one request the server made of the client. */
  answer(method: string, params: JsonObject | undefined, context: InputRequestContext): Promise<JsonObject> {
    return this.inputRequests.answer(method, params, context);
  }

  /**
   * Answers all embedded requests of an `input_required` result at once. The first refusal
   * aborts the others and rejects with its error.
   */
  async fulfil(requests: Readonly<Record<string, InputRequest>>, signal: AbortSignal): Promise<Record<string, JsonObject>> {
    const siblings = new AbortController();
    const abort = (): void => siblings.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    try {
      const answers = await Promise.all(
        Object.entries(requests).map(async ([key, request]) => {
          try {
            const meta = request.params?._meta as JsonObject | undefined;
            const context: InputRequestContext = meta === undefined ? { requestId: key, signal: siblings.signal } : { requestId: key, signal: siblings.signal, meta };
            return [key, await this.inputRequests.answer(request.method, request.params, context)] as const;
          } catch (error) {
            siblings.abort(error);
            throw error;
          }
        }),
      );
      return Object.fromEntries(answers);
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }
}
