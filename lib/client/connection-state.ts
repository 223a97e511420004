/**
 * The state of a client's connection, as `client.state$` reports it, and client defaults.
 */
import type { ConnectionClosedError, RxMcpError } from '../protocol/errors.js';

/**
 * A connection's state. `reconnecting`: a long-lived stream of the transport (Streamable HTTP's
 * standalone GET stream) broke and is being re-opened; requests still work. `degraded`: it could
 * not be re-opened (`reason`); requests still work, but the server can no longer send on its own.
 * `closed` carries why.
 */
export type ConnectionState =
  | { readonly state: 'connected' }
  | { readonly state: 'reconnecting'; readonly stream: string; readonly attempt: number; readonly delayMs: number }
  | { readonly state: 'degraded'; readonly stream: string; readonly reason: RxMcpError }
  | { readonly state: 'closed'; readonly reason: ConnectionClosedError };

/** How many `input_required` rounds a request may take by default. */
export const DEFAULT_INPUT_REQUIRED_MAX_ROUNDS = 10;
