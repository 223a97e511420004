/**
 * `McpRequest`: one request as it travels the interceptor chain, and the chain's two function
 * types. The value is immutable: an interceptor that wants another request makes one with a
 * `with…` helper (a clone described afresh for the wire) and passes that to `next`.
 *
 * ```ts
 * const tenant: McpInterceptor = (request, next) => next(request.withHeaders({ 'x-tenant': 'acme' }));
 * ```
 */
import type { Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { RequestSpec } from '../dispatch/request-spec.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { methodEntry, type MethodEntry } from '../protocol/methods.js';
import type { McpRequestOptions } from './call-options.js';
import { McpContext } from './context.js';

/** Handles a request: its progress events, then its result (the backend sends it; an interceptor wraps one). */
export type McpHandler = (request: McpRequest) => Observable<RequestEvent<unknown>>;

/**
 * One stage of the chain: given the request and the rest of the chain (`next`), returns the
 * request's events. Call `next` any number of times (each call is a new attempt or round), or
 * not at all (answer from your own data: nothing goes on the wire).
 */
export type McpInterceptor = (request: McpRequest, next: McpHandler) => Observable<RequestEvent<unknown>>;

/** Turns a request's method, params and options into what the dispatcher runs (the client's session does). */
export interface RequestDescriber {
  /** The session's description of a request for the negotiated era (stamped params, headers, result schema). */
  describe(method: string, params: JsonObject | undefined, options: McpRequestOptions): RequestSpec<unknown>;
}

/** One request of the chain (see the module doc). */
export class McpRequest {
  private ctx: McpContext | undefined;

  private constructor(
    /** The JSON-RPC method. */
    readonly method: string,
    /** The request's params as the caller gave them, before the era's `_meta` stamping. Do not modify: clone with {@link McpRequest.withParams}. */
    readonly params: Readonly<JsonObject> | undefined,
    /** The call's options (deadlines, headers, `meta`, retry, cache mode, …). */
    readonly options: Readonly<McpRequestOptions>,
    private readonly describer: RequestDescriber,
    /** What the backend sends: the session's description of this request for the negotiated era. */
    readonly spec: RequestSpec<unknown>,
    context: McpContext | undefined,
    /** When the call began (`Date.now()`), kept by every clone: a claim's resolution counts the call's total deadline from it. */
    readonly startedAt: number,
  ) {
    this.ctx = context;
  }

  /**
   * A request described by `describer` at once, so a request that cannot be made (an invalid
   * option, a method the era lacks) throws here, before any stage runs.
   */
  static create(method: string, params: JsonObject | undefined, options: McpRequestOptions, describer: RequestDescriber): McpRequest {
    return new McpRequest(method, params, options, describer, describer.describe(method, params, options), options.context, Date.now());
  }

  /** The method's entry in the registry (`lib/protocol/methods.ts`), if it has one. */
  get entry(): MethodEntry | undefined {
    return methodEntry(this.method);
  }

  /** The call's context bag, shared by every clone of this request. */
  get context(): McpContext {
    return (this.ctx ??= new McpContext());
  }

  /** The same request with other params. */
  withParams(params: JsonObject | undefined): McpRequest {
    return this.clone(params, this.options);
  }

  /** The same request with some options replaced. */
  withOptions(change: Partial<McpRequestOptions>): McpRequest {
    return this.clone(this.params as JsonObject | undefined, Object.assign({}, this.options, change));
  }

  /** The same request with extra HTTP headers (they win over the call's own of the same name). */
  withHeaders(headers: Readonly<Record<string, string>>): McpRequest {
    return this.withOptions({ headers: Object.assign({}, this.options.headers, headers) });
  }

  /** The same request with extra `_meta` entries (they win over the call's own). */
  withMeta(meta: JsonObject): McpRequest {
    return this.withOptions({ meta: Object.assign({}, this.options.meta, meta) });
  }

  /** The same request described again, from what the session knows now (a fresh tool listing's headers). */
  redescribed(): McpRequest {
    return this.clone(this.params as JsonObject | undefined, this.options);
  }

  private clone(params: JsonObject | undefined, options: McpRequestOptions): McpRequest {
    return new McpRequest(this.method, params, options, this.describer, this.describer.describe(this.method, params, options), this.context, this.startedAt);
  }
}
