/**
 * The transport contract: a connection is a function from the stream of messages the client
 * sends to the stream of what arrives from the server.
 *
 * ```ts
 * const inbound$ = transport.connect(outbound$);
 * ```
 *
 * - Subscribing to `inbound$` opens the connection (spawns the process, opens the socket) and
 *   starts writing every message `outbound$` emits.
 * - `outbound$` completing closes the connection gracefully; `inbound$` completes once it is
 *   fully closed (the process has exited, the session was deleted).
 * - Unsubscribing from `inbound$` closes the connection without waiting for it.
 * - A failure that ends the connection errors `inbound$` with a typed error
 *   (`ConnectionClosedError`, `TransportError`). A failure that does not (an unparsable line, an
 *   oversized message) arrives as a `fault` item and the connection stays up.
 */
import type { Observable } from 'rxjs';
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';
import type { RxMcpError } from '../protocol/errors.js';
import type { StreamStateEvent } from '../streams/stream-state.js';

/**
 * A message to send, with transport hints (HTTP headers) that stream transports ignore. A
 * transport reads it while handling the value (`next`); the dispatcher lets go of the message
 * right afterwards, so it is not kept alive while the request waits for its answer.
 */
export interface OutboundMessage {
  /** The message to write. */
  readonly message: JsonRpcMessage;
  /** Extra HTTP headers for this message (`Mcp-Param-*` and the like). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A parsed inbound value, not yet validated as JSON-RPC (the dispatcher does that). */
export interface InboundMessage {
  /** Marks a message. */
  readonly type: 'message';
  /** The parsed JSON value (classifying it is the dispatcher's job). */
  readonly message: unknown;
}

/**
 * Something went wrong without ending the connection. When the transport knows which request it
 * concerns (an HTTP error answering a POST), `requestId` names it and that request fails.
 */
export interface InboundFault {
  /** Marks a fault. */
  readonly type: 'fault';
  /** What went wrong. */
  readonly error: RxMcpError;
  /** The request it concerns, when the transport knows. */
  readonly requestId?: RequestId;
}

/** One item of `inbound$`. */
export type InboundItem = InboundMessage | InboundFault;

/**
 * The kinds of transport, one key each (the values mean nothing). A transport of a new kind
 * declares it in its own file, by module augmentation, so adding a transport touches no list:
 *
 * ```ts
 * declare module '../transport.js' {
 *   interface TransportKinds { 'my-kind': true }
 * }
 * ```
 */
export interface TransportKinds {
  /** One end of a linked in-memory pair (`MemoryTransport`). */
  memory: true;
  /** A server run as a child process, over its stdin and stdout (rxmcp/node). */
  stdio: true;
  /** The Streamable HTTP transport of the current protocol. */
  'streamable-http': true;
  /** The legacy HTTP+SSE transport (2024-11-05). */
  sse: true;
  /** A server at a `ws:` or `wss:` URL. */
  websocket: true;
}

/**
 * The kind of a transport. Negotiation reads it: a server on a process pipe (`stdio`, `memory`)
 * that stays silent to a `server/discover` probe is a legacy server, while silence over the
 * network (every other kind) is an outage; a -32020 header mismatch means a modern server only
 * over `streamable-http`.
 */
export type TransportKind = keyof TransportKinds;

/** What happens to a transport's long-lived streams (defined with the machine that reports it). */
export type { StreamStateEvent } from '../streams/stream-state.js';

/** A way to reach one MCP server. */
export interface Transport {
  /** What kind of connection this is. */
  readonly kind: TransportKind;
  /** A short human-readable description (`stdio: node server.js`), for errors and logs. */
  readonly description: string;
  /** Opens a connection that writes `outbound$` and emits what the server sends. Cold. */
  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem>;
  /** The state of the transport's long-lived streams, for transports that have any. Hot. */
  readonly streamState$?: Observable<StreamStateEvent>;
}

/** Builds an inbound message item. */
export function inboundMessage(message: unknown): InboundMessage {
  return { type: 'message', message };
}

/** Builds an inbound fault item. */
export function inboundFault(error: RxMcpError, requestId?: RequestId): InboundFault {
  return requestId === undefined ? { type: 'fault', error } : { type: 'fault', error, requestId };
}
