/**
 * The state of a client's connection, as `client.state$` reports it, and client defaults.
 */
import type { ConnectionClosedError } from '../protocol/errors.js';

/** A connection's state. `closed` carries why. */
export type ConnectionState = { readonly state: 'connected' } | { readonly state: 'closed'; readonly reason: ConnectionClosedError };

/** How many `input_required` rounds a request may take by default. */
export const DEFAULT_INPUT_REQUIRED_MAX_ROUNDS = 10;
