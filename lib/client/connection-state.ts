/**
 * The state of a client's connection, as `client.state$` reports it, and client defaults.
 */
import type { ConnectionClosedError, RxMcpError } from '../protocol/errors.js';

/**
 * A connection's state, the worst of its sources (see `client-state.ts`): each long-lived stream
 * (Streamable HTTP's legacy standalone GET stream, each 2026-07-28 `subscriptions/listen` stream)
 * and, over Streamable HTTP, the requests. `reconnecting`: a stream broke (or the server ended a
 * subscription the client keeps) and is being re-opened; requests still work. `degraded`: a
 * stream could not be re-opened (`reason`), so the server can no longer send on its own; or,
 * with `stream: 'requests'`, the last request could not reach the server (a network failure, a
 * 5xx), until one is answered again. `closed` carries why.
 */
export type ConnectionState =
  | { readonly state: 'connected' }
  | { readonly state: 'reconnecting'; readonly stream: string; readonly attempt: number; readonly delayMs: number }
  | { readonly state: 'degraded'; readonly stream: string; readonly reason: RxMcpError }
  | { readonly state: 'closed'; readonly reason: ConnectionClosedError };

/** How many `input_required` rounds a request may take by default. */
export const DEFAULT_INPUT_REQUIRED_MAX_ROUNDS = 10;
