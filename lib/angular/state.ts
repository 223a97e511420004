/**
 * The connection state the Angular client service reports: the client's own `ConnectionState`
 * once connected, plus what comes before it (or instead of it).
 */
import type { ConnectionState } from '../client/connection-state.js';

/**
 * `idle`: server rendering, where the service never connects. `connecting`: `Client.connect` is
 * under way. `failed`: it rejected (`error`, an `RxMcpError` for anything the library raises).
 * Then the client's own states (`connected`, `reconnecting`, `degraded`, `closed`).
 */
export type McpClientState =
  | { readonly state: 'idle' }
  | { readonly state: 'connecting' }
  | { readonly state: 'failed'; readonly error: unknown }
  | ConnectionState;
