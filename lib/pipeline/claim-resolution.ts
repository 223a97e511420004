/**
 * What resolving a claimed result needs, as the request chain sees it: a resolver per claimed
 * `resultType` of a method, and the context it is handed. The chain's claim stage
 * (`claim-stage.ts`) calls them; the extensions layer (`lib/extensions/`) fills them from each
 * `ResultClaim`. Types only, so the chain never imports the extensions.
 */
import type { Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { ClientSession } from '../session/client-session.js';
import type { McpRequestOptions } from './call-options.js';

/**
 * What a claim's resolver is handed: the call it resolves and a way to send follow-up requests
 * through the client's own chain (so the client's interceptors see them, each with the era's
 * envelope and deadlines).
 */
export interface ClaimContext {
  /** The method of the call being resolved (`tools/call`). */
  readonly method: string;
  /** The call's params as the caller gave them. */
  readonly params: Readonly<JsonObject> | undefined;
  /** The call's options as the caller gave them (its deadlines, headers, …). */
  readonly options: Readonly<McpRequestOptions>;
  /**
   * When the call's `totalTimeoutMs` runs out (`Date.now()` clock, counted from the call's
   * start), or `undefined` without one: a resolver's follow-ups share the call's one deadline.
   */
  readonly deadlineAt: number | undefined;
  /** The session of the connection: its callbacks (`fulfilInputRequests`), notifications and state. */
  readonly session: ClientSession;
  /** Aborts when the caller gives the call up (unsubscribes, or its Promise's `signal` aborts). */
  readonly signal: AbortSignal;
  /** Sends a follow-up request through the client's chain; its events (progress, then the result). */
  request$(method: string, params?: JsonObject, options?: McpRequestOptions): Observable<RequestEvent<unknown>>;
  /** Sends a follow-up request through the client's chain; its result. Aborted with {@link ClaimContext.signal}. */
  request(method: string, params?: JsonObject, options?: McpRequestOptions): Promise<unknown>;
}

/**
 * Turns a claimed result (as its parser returned it) into the method's ordinary result: a value,
 * a Promise of one, or an Observable of events (progress events the caller's `$` form sees, then
 * the result event). Unsubscribing from that Observable is the caller giving the call up.
 */
export type ClaimResolver = (claimed: unknown, context: ClaimContext) => unknown | PromiseLike<unknown> | Observable<RequestEvent<unknown>>;

/** The claim resolvers of one client: method → claimed `resultType` → resolver. */
export type ClaimResolverTable = ReadonlyMap<string, ReadonlyMap<string, ClaimResolver>>;
