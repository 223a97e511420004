/**
 * What a built-in stage of the chain is: an interceptor that also says, once per method at
 * connect, whether it has anything to do for that method with this client's settings, and,
 * when it only ever reacts to a request's outcome, a cheap predicate on that outcome. The
 * Promise adapter (`client/to-promise.ts`) sends a request straight to the dispatcher when every
 * stage that applies is outcome-reactive, and runs the chain only for an outcome a predicate
 * claims; see `chain.ts`. Such a stage may also be told when the fast path sends (`sent`).
 */
import type { ResponseCache } from '../cache/response-cache.js';
import type { RetryPolicy } from '../operators/retry.js';
import type { ListToolsResult } from '../protocol/schemas/tools.js';
import type { ClientSession } from '../session/client-session.js';
import type { McpInterceptor, McpRequest } from './mcp-request.js';
import type { Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { McpRequestOptions } from './call-options.js';
import type { ClaimResolverTable } from './claim-resolution.js';

/** What the built-in stages need of their client. */
export interface PipelineHost {
  readonly session: ClientSession;
  /** The response cache, unless the client has none. */
  readonly cache: ResponseCache | undefined;
  /** The client-wide retry policy; `false` turns retries off. */
  readonly retry: RetryPolicy | false;
  /** How many `input_required` rounds a request may take. */
  readonly maxRounds: number;
  /** Lists every tool from the server (never from the cache), so a call's headers are computed afresh. */
  relistTools(): Promise<void>;
  /** A `tools/list` first page (fetched or a cache hit) teaches the session the tools' schemas and headers. */
  absorbTools(page: ListToolsResult): void;
  /** The resolvers of the result types the client's extensions claim, unless it has none. */
  readonly claims?: ClaimResolverTable;
  /** A request through the client's whole chain, as events (a claim resolver's follow-ups). */
  send$(method: string, params: JsonObject | undefined, options: McpRequestOptions): Observable<RequestEvent<unknown>>;
  /** A request through the client's whole chain, as a Promise (its `signal` gives it up). */
  send(method: string, params: JsonObject | undefined, options: McpRequestOptions & { readonly signal?: AbortSignal }): Promise<unknown>;
}

/** One built-in stage (see the module doc). */
export interface BuiltinStage {
  /** Its name, for the documentation of the order and for tests. */
  readonly name: string;
  /** Whether the stage can do anything for `method` on this client (asked once per method at connect). */
  appliesTo(method: string): boolean;
  /** The stage itself. */
  readonly intercept: McpInterceptor;
  /**
   * Present on an outcome-reactive stage (it passes the request on unchanged once and acts only
   * on what comes back): true when this result needs the stage.
   */
  needsResult?(request: McpRequest, result: unknown): boolean;
  /**
   * Present instead of {@link needsResult} on an outcome-reactive stage that needs exactly the
   * results of one `resultType` (`input_required`, the session's `claimed` mark): the plan reads a
   * result's `resultType` once for all such stages, so a complete result, nearly every one, asks
   * none of them.
   */
  readonly needsResultType?: string;
  /** Like {@link needsResult}, for a failure. */
  needsError?(request: McpRequest, error: unknown): boolean;
  /**
   * Present on an outcome-reactive stage that must, for some requests, act before they are
   * sent (a 2025-11-25 call run as a task): true sends this request through the chain. Left
   * out when no request of this connection can need it (the stage decides when it is made), so
   * the fast path asks nothing per request.
   */
  needsRequest?(request: McpRequest): boolean;
  /**
   * Present on an outcome-reactive stage that gets ready for the outcome while the request is on
   * the wire (output validation lists an unknown tool beside its call): called by the Promise
   * fast path once it has handed a request of the method to the dispatcher. What it returns is
   * called once that call is over: settled, the chain's work on a claimed outcome included, or
   * given up. A request the chain sends (a `$` call, a fast-path call that needs the chain before
   * it is sent, a retry or a later round) is not announced: the stage then acts on the outcome alone.
   */
  sent?(request: McpRequest): (() => void) | undefined;
}

/** Makes a built-in stage for one client. */
export type StageFactory = (host: PipelineHost) => BuiltinStage;
