/**
 * The client's requests as calls over its chain: `events$` for a `$` method, `result` for a
 * Promise method (the same chain, ended by the one adapter of `to-promise.ts`). Each builds the
 * call's {@link McpRequest} (described at once, so a request that cannot be made fails before
 * anything runs) after checking the call's options.
 */
import { defer, type Observable } from 'rxjs';
import type { ProgressEvent, RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { NO_OPTIONS } from '../protocol/option-checks.js';
import type { McpRequestOptions } from '../pipeline/call-options.js';
import { RequestChain, type ClientInterceptors } from '../pipeline/chain.js';
import { McpRequest, type McpHandler } from '../pipeline/mcp-request.js';
import type { PipelineHost } from '../pipeline/stage.js';
import type { ClientSession } from '../session/client-session.js';
import { checkCallOptions, checkPromiseOptions } from './check-options.js';
import { SessionDescriber } from './session-describer.js';
import { requestToPromise, type FinishResult, type PromiseRequestOptions } from './to-promise.js';

/** One client's calls. */
export class ClientCalls {
  /** The chains, one per method. */
  readonly chain: RequestChain;
  private readonly describer: SessionDescriber;

  constructor(
    private readonly session: ClientSession,
    host: PipelineHost,
    interceptors: ClientInterceptors,
    /** Where exceptions of `onProgress` callbacks go. */
    private readonly reportError: (error: unknown) => void,
    /** The client-wide `onProgress`, for Promise calls that pass none of their own. */
    private readonly defaultOnProgress?: (event: ProgressEvent) => void,
  ) {
    const dispatcher = session.dispatcher;
    const backend: McpHandler = (request) => dispatcher.send$(request.spec);
    this.chain = new RequestChain(host, interceptors, backend);
    this.describer = new SessionDescriber(session);
  }

  /** A request's events through its chain; each subscription is one call. */
  events$<R>(method: string, params: JsonObject | undefined, options: McpRequestOptions): Observable<RequestEvent<R>> {
    return defer(() => {
      checkCallOptions(options);
      return this.chain.handle(McpRequest.create(method, params, options, this.describer));
    }) as Observable<RequestEvent<R>>;
  }

  /**
   * A request's result through its chain, then `finish` (in the same step, no further Promise).
   * A request that cannot be made rejects.
   */
  result<R, T = R>(method: string, params: JsonObject | undefined, options: McpRequestOptions & PromiseRequestOptions, finish?: FinishResult<R, T>): Promise<T> {
    let request: McpRequest;
    try {
      if (options !== NO_OPTIONS) {
        checkPromiseOptions(options);
        checkCallOptions(options);
      }
      request = McpRequest.create(method, params, options, this.describer);
    } catch (error) {
      return Promise.reject(error);
    }
    const promiseOptions = options.onProgress === undefined && this.defaultOnProgress !== undefined ? { signal: options.signal, onProgress: this.defaultOnProgress } : options;
    return requestToPromise<R, T>(this.chain, this.session.dispatcher, request, promiseOptions, this.reportError, finish);
  }
}
