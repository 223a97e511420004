/**
 * The states a long-lived stream reports (Streamable HTTP's standalone GET stream, a
 * `subscriptions/listen` stream). Defined beside the machine that reports them
 * (`resilient-stream.ts`), below the transports and the operators that both use it.
 */
import type { RxMcpError } from '../protocol/errors.js';

/**
 * What happens to a long-lived stream: open, not offered by the server, re-opening after a
 * break (`attempt`, `delayMs`), given up (`error`), or closed with the connection.
 */
export type StreamStateEvent =
  | { readonly stream: string; readonly state: 'open' | 'unavailable' | 'closed' }
  | { readonly stream: string; readonly state: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly stream: string; readonly state: 'failed'; readonly error: RxMcpError };
