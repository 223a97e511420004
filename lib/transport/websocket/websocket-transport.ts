/**
 * The WebSocket transport: one MCP connection over one WebSocket (subprotocol `mcp`), one JSON
 * text frame per JSON-RPC message.
 *
 * - It runs anywhere. It uses the global `WebSocket` when there is one (browsers, Node 22+), and
 *   otherwise the `ws` package, loaded lazily through a specifier bundlers do not follow, so a
 *   browser bundle holds neither `ws` nor a Node built-in. `headers` and `auth` need `ws` (a
 *   browser WebSocket cannot send headers), so with them `ws` is used even where a global exists.
 * - Subscribing opens the socket. Messages sent before it is open are queued and go out on open.
 *   An opening that fails (refused, an HTTP status at the upgrade, the server not selecting `mcp`)
 *   fails the queued requests and errors `inbound$` with a `TransportError`: an
 *   `AuthenticationError` for 401/403, an `HttpStatusError` for another status (when `ws` reports
 *   the status; a browser does not say why an opening failed).
 * - Frames: text is taken as is, binary is decoded as UTF-8. A frame that is not JSON, or bigger
 *   than `maxMessageBytes`, becomes a fault item and the connection stays up. A JSON array is one
 *   value (the dispatcher flattens batches).
 * - Completing `outbound$` closes with code 1000; `inbound$` completes once the socket is closed
 *   (after at most 2 s the socket is dropped). Unsubscribing closes without waiting.
 * - The server closing (any code) errors `inbound$` with a {@link WebSocketClosedError} that
 *   carries the code and reason; a socket error, with a `ConnectionClosedError` and its cause.
 *
 * The parts: the connection and its one state union (`websocket-connection.ts`), frames into
 * items (`websocket-frames.ts`), the socket's implementation, opening errors and release
 * (`websocket-socket.ts`), the options and the socket API (`websocket-options.ts`).
 */
import { Observable } from 'rxjs';
import { checkFunction, checkStringArray } from '../../protocol/option-checks.js';
import { checkNetworkTarget } from '../http/check-http-options.js';
import type { InboundItem, OutboundMessage, Transport } from '../transport.js';
import { WebSocketConnection } from './websocket-connection.js';
import type { WebSocketOptions } from './websocket-options.js';
import { redactedUrl } from './websocket-socket.js';

export { MCP_WEBSOCKET_PROTOCOL, type WebSocketConstructor, type WebSocketLike, type WebSocketOptions, type WsClientOptions } from './websocket-options.js';

/** The schemes of a WebSocket URL (`ws` and the WHATWG WebSocket accept http(s) too, as the same endpoint). */
const WEBSOCKET_SCHEMES: readonly string[] = ['ws:', 'wss:', 'http:', 'https:'];

/** A {@link Transport} to a server at a `ws:` or `wss:` URL. */
export class WebSocketTransport implements Transport {
  /** Always `'websocket'`. */
  readonly kind = 'websocket' as const;
  /** The URL for logs and errors, with any credentials redacted. */
  readonly description: string;
  /** The URL connected to. */
  readonly url: string;

  constructor(
    url: string | URL,
    /** The options the transport was made with (WebSocket implementation, protocols, auth, …). */
    readonly options: WebSocketOptions = {},
  ) {
    checkNetworkTarget('websocket.', url, WEBSOCKET_SCHEMES, options);
    checkStringArray('websocket.protocols', options.protocols);
    checkFunction('websocket.WebSocket', options.WebSocket);
    this.url = String(url);
    this.description = `websocket: ${redactedUrl(this.url)}`;
  }

  /** Opens a WebSocket on subscribe, sends `outbound$` over it, and closes it on unsubscribe. */
  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
    return new Observable<InboundItem>((subscriber) => {
      const connection = new WebSocketConnection(this.url, this.options, subscriber);
      connection.start(outbound$);
      return () => connection.teardown();
    });
  }
}

/** Creates a WebSocket transport. */
export function websocket(url: string | URL, options?: WebSocketOptions): WebSocketTransport {
  return new WebSocketTransport(url, options);
}
