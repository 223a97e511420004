/** The options of the WebSocket transport and the part of the WebSocket API it uses, in a file of their own so the transport and its connection both read them. */
import type { ClientAuth } from '../http/auth.js';

/**
 * The part of the standard (WHATWG) WebSocket API the transport uses. Browser and Node 22+
 * globals have it, and so does the `ws` package, whose two extras are used when present.
 */
export interface WebSocketLike {
  /** The standard state: 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** The subprotocol the server selected ('' for none). */
  readonly protocol: string;
  /** How binary frames arrive; the transport asks for `'arraybuffer'`. */
  binaryType: string;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Listens for `open`, `message`, `error` and `close`. */
  addEventListener(type: string, listener: (event: unknown) => void): void;
  /** `ws` only: drops the connection at once, without the closing handshake. */
  terminate?(): void;
  /** `ws` only: its Node events (`unexpected-response` carries the status of a refused upgrade). */
  on?(event: string, listener: (...args: never[]) => void): unknown;
}

/** Options the `ws` package takes as the constructor's third argument (other implementations ignore it). */
export interface WsClientOptions {
  /** Headers of the upgrade request (authorization, the caller's own). */
  readonly headers?: Record<string, string>;
  /** The largest message `ws` accepts, in bytes. */
  readonly maxPayload?: number;
}

/** A WebSocket constructor: the global `WebSocket`, `ws`'s, or anything with the same shape. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: WsClientOptions) => WebSocketLike;

/** How to reach a WebSocket MCP server. */
export interface WebSocketOptions {
  /** The subprotocols to offer; the server must select one of them. Default `['mcp']`. */
  readonly protocols?: readonly string[];
  /** Headers of the upgrade request. Node only (`ws`): a browser WebSocket cannot send headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Credentials: their headers are asked for once per connection, before the upgrade. On a
   * 401/403, `onUnauthorized` may ask for one more attempt with fresh headers. Node only, like `headers`.
   */
  readonly auth?: ClientAuth;
  /** The largest inbound message accepted, in bytes. Default 64 MiB. */
  readonly maxMessageBytes?: number;
  /** The WebSocket constructor to use instead of the global one or `ws`. */
  readonly WebSocket?: WebSocketConstructor;
}

/** The subprotocol MCP uses over WebSocket. */
export const MCP_WEBSOCKET_PROTOCOL = 'mcp';
