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
 */
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { messageOf } from '../../protocol/describe.js';
import { ConnectError, ConnectionClosedError, ProtocolViolationError, RxMcpError, TransportError } from '../../protocol/errors.js';
import { systemCodeOf } from '../connect-error.js';
import { jsonFrame, oversizedFrame, SNIFF_CHARS, sniffFrameId } from '../json-frames.js';
import { sniffId } from '../sniff-id.js';
import type { RequestId } from '../../protocol/jsonrpc.js';
import type { ClientAuth } from '../http/auth.js';
import { offerUnauthorized, upgradeHeaders } from '../http/credentials.js';
import { AuthenticationError, HttpStatusError } from '../../protocol/http-errors.js';
import { checkNetworkTarget } from '../http/check-http-options.js';
import { checkFunction, checkStringArray } from '../../protocol/option-checks.js';
import { inboundFault, type InboundItem, type OutboundMessage, type Transport } from '../transport.js';
import { WebSocketClosedError } from './websocket-errors.js';

/**
 * The part of the standard (WHATWG) WebSocket API the transport uses. Browser and Node 22+
 * globals have it, and so does the `ws` package, whose two extras are used when present.
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** The subprotocol the server selected ('' for none). */
  readonly protocol: string;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  /** `ws` only: drops the connection at once, without the closing handshake. */
  terminate?(): void;
  /** `ws` only: its Node events (`unexpected-response` carries the status of a refused upgrade). */
  on?(event: string, listener: (...args: never[]) => void): unknown;
}

/** Options the `ws` package takes as the constructor's third argument (other implementations ignore it). */
export interface WsClientOptions {
  readonly headers?: Record<string, string>;
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

/** The schemes of a WebSocket URL (`ws` and the WHATWG WebSocket accept http(s) too, as the same endpoint). */
const WEBSOCKET_SCHEMES: readonly string[] = ['ws:', 'wss:', 'http:', 'https:'];

/** The subprotocol MCP uses over WebSocket. */
export const MCP_WEBSOCKET_PROTOCOL = 'mcp';

const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/**
 * `ws` receives a whole frame before the transport sees it, up to its `maxPayload` (and closes
 * the connection, code 1009, beyond it). Its own default is kept unless the limit is higher, so
 * frames between `maxMessageBytes` and that bound arrive as faults on a connection that stays up.
 */
const WS_MAX_PAYLOAD_FLOOR = 100 * 1024 * 1024;
/** How long a graceful close waits for the server's closing handshake. */
const CLOSE_WAIT_MS = 2000;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;

/** A {@link Transport} to a server at a `ws:` or `wss:` URL. */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket' as const;
  readonly description: string;
  /** The URL connected to. */
  readonly url: string;

  constructor(
    url: string | URL,
    readonly options: WebSocketOptions = {},
  ) {
    checkNetworkTarget('websocket.', url, WEBSOCKET_SCHEMES, options);
    checkStringArray('websocket.protocols', options.protocols);
    checkFunction('websocket.WebSocket', options.WebSocket);
    this.url = String(url);
    this.description = `websocket: ${redactedUrl(this.url)}`;
  }

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

/** A message waiting for the socket to open, and the id of the request it is (if it is one). */
interface Queued {
  readonly text: string;
  readonly requestId?: RequestId;
}

/**
 * Where one connection is. `connecting`: the socket is opening, messages queue. `open`: messages
 * are written as they come. `closing`: `outbound$` ended; the socket is closing (or, when it had
 * not opened yet, opens only to deliver the queued messages, then closes). `closed`: `inbound$`
 * has ended or the subscriber left; nothing more is reported.
 */
type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

/** One subscription's socket and its state. */
class WebSocketConnection {
  private readonly where: string;
  private readonly protocols: string[];
  private readonly limit: number;
  private socket: WebSocketLike | undefined;
  private outbound: Subscription | undefined;
  private queue: Queued[] = [];
  /** Where the connection is; only ever moves forward (see {@link ConnectionState}). */
  private state: ConnectionState = 'connecting';
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private decoder: TextDecoder | undefined;

  constructor(
    private readonly url: string,
    private readonly options: WebSocketOptions,
    private readonly subscriber: Subscriber<InboundItem>,
  ) {
    this.where = redactedUrl(url);
    this.protocols = [...(options.protocols ?? [MCP_WEBSOCKET_PROTOCOL])];
    this.limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  start(outbound$: Observable<OutboundMessage>): void {
    this.outbound = outbound$.subscribe({
      next: ({ message }) => this.send(JSON.stringify(message), 'method' in message && 'id' in message ? message.id : undefined),
      complete: () => this.beginClose(),
      error: () => this.beginClose(),
    });
    if (this.state !== 'closed') void this.open(false);
  }

  /** The subscriber left: close without waiting (a socket that will not close is dropped later). */
  teardown(): void {
    this.state = 'closed';
    clearTimeout(this.closeTimer);
    this.outbound?.unsubscribe();
    this.queue = [];
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) release(socket);
  }

  private send(text: string, requestId: RequestId | undefined): void {
    if (this.state === 'closed') return;
    const socket = this.socket;
    if (this.state === 'connecting') this.queue.push(requestId === undefined ? { text } : { text, requestId });
    else if (socket !== undefined && socket.readyState === OPEN) this.write(socket, text);
    // open once, now closing: the close path reports the end
  }

  private write(socket: WebSocketLike, text: string): void {
    try {
      socket.send(text);
    } catch (error) {
      this.finish(new TransportError(`Failed to send on the WebSocket to ${this.where}: ${messageOf(error)}`, { cause: error }));
    }
  }

  private async open(retried: boolean): Promise<void> {
    let WebSocketClass: WebSocketConstructor;
    let headers: Record<string, string> | undefined;
    try {
      WebSocketClass = await constructorFor(this.options, this.where);
      headers = await upgradeHeaders(this.options.headers, this.options.auth, this.url);
    } catch (error) {
      this.failOpening(error instanceof RxMcpError ? error : new TransportError(`Could not open the WebSocket to ${this.where}: ${messageOf(error)}`, { cause: error }));
      return;
    }
    if (this.state === 'closed') return;
    let socket: WebSocketLike;
    try {
      const wsOptions: WsClientOptions = { maxPayload: Math.max(this.limit, WS_MAX_PAYLOAD_FLOOR), ...(headers !== undefined && { headers }) };
      socket = new WebSocketClass(this.url, this.protocols, wsOptions);
    } catch (error) {
      this.failOpening(new TransportError(`Could not open the WebSocket to ${this.where}: ${messageOf(error)}`, { cause: error }));
      return;
    }
    this.socket = socket;
    this.watch(socket, retried);
  }

  private watch(socket: WebSocketLike, retried: boolean): void {
    let live = true; // false once this socket was given up (a refused upgrade, a retry)
    const current = (): boolean => live && this.state !== 'closed';
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // an implementation with a fixed binary type: bytesOf() tells what it delivers
    }
    if (typeof socket.on === 'function') {
      socket.on('unexpected-response', ((_request: unknown, response: HttpResponseLike) => {
        if (!current()) return;
        live = false; // the error and close events of the abort below are not the server's doing
        this.socket = undefined;
        abort(socket);
        void this.refused(response, retried);
      }) as (...args: never[]) => void);
    }
    socket.addEventListener('open', () => {
      if (current()) this.onOpen(socket);
    });
    socket.addEventListener('message', (event) => {
      if (current()) this.onFrame((event as { data?: unknown }).data);
    });
    socket.addEventListener('error', (event) => {
      if (current()) this.onError(event);
    });
    socket.addEventListener('close', (event) => {
      if (current()) this.onClose(event as { code?: unknown; reason?: unknown });
    });
  }

  /** The upgrade was answered with an HTTP status instead of 101 (reported by `ws`). */
  private async refused(response: HttpResponseLike, retried: boolean): Promise<void> {
    const status = response.statusCode ?? 0;
    const statusText = response.statusMessage ?? '';
    const header = response.headers?.['www-authenticate'];
    const challenge = Array.isArray(header) ? header.join(', ') : header;
    if (status === 401 || status === 403) {
      if (!retried && this.options.auth?.onUnauthorized !== undefined) {
        let again = false;
        try {
          again = await offerUnauthorized(this.options.auth, { status, challenge, url: this.url });
        } catch {
          again = false;
        }
        if (again && this.state !== 'closed') {
          void this.open(true);
          return;
        }
      }
      this.failOpening(new AuthenticationError(status, statusText, challenge));
      return;
    }
    this.failOpening(new HttpStatusError(status, statusText));
  }

  private onOpen(socket: WebSocketLike): void {
    if (this.protocols.length > 0 && !this.protocols.includes(socket.protocol)) {
      const selected = socket.protocol === '' ? 'none' : `'${socket.protocol}'`;
      this.failOpening(new TransportError(`The server at ${this.where} did not select the WebSocket subprotocol ${quoted(this.protocols)} (it selected ${selected})`));
      return;
    }
    if (this.state === 'connecting') this.state = 'open';
    const queued = this.queue;
    this.queue = [];
    for (const { text } of queued) {
      if (this.isClosed()) return;
      this.write(socket, text);
    }
    if (this.state === 'closing') closeGracefully(socket);
  }

  private onFrame(data: unknown): void {
    let text: string;
    if (typeof data === 'string') {
      // at most 3 bytes per UTF-16 unit: count exactly only when the limit is within reach
      if (data.length * 3 > this.limit) {
        const size = utf8Length(data);
        if (size > this.limit) {
          this.subscriber.next(oversizedFrame(size, this.limit, sniffFrameId(data)));
          return;
        }
      }
      text = data;
    } else {
      const bytes = bytesOf(data);
      if (bytes === undefined) {
        this.subscriber.next(inboundFault(new ProtocolViolationError(`Server sent a WebSocket frame the transport cannot read (${Object.prototype.toString.call(data)})`)));
        return;
      }
      if (bytes.byteLength > this.limit) {
        const edges = new TextDecoder('utf-8');
        const id = sniffId(edges.decode(bytes.subarray(0, SNIFF_CHARS)), edges.decode(bytes.subarray(bytes.byteLength - SNIFF_CHARS)));
        this.subscriber.next(oversizedFrame(bytes.byteLength, this.limit, id));
        return;
      }
      try {
        text = (this.decoder ??= new TextDecoder('utf-8', { fatal: true })).decode(bytes);
      } catch (error) {
        this.subscriber.next(inboundFault(new ProtocolViolationError('Server sent a binary WebSocket frame that is not valid UTF-8', undefined, { cause: error })));
        return;
      }
    }
    this.subscriber.next(jsonFrame(text, 'Server sent a WebSocket frame that is not JSON'));
  }

  private onError(event: unknown): void {
    const cause = errorOf(event);
    if (this.state === 'closing') {
      this.finish();
      return;
    }
    if (this.state === 'connecting') {
      this.failOpening(openingError(this.where, this.protocols, cause));
      return;
    }
    this.finish(new ConnectionClosedError(`The WebSocket connection to ${this.where} failed: ${cause?.message ?? 'the socket reported an error'}`, { cause }));
  }

  private onClose(event: { code?: unknown; reason?: unknown }): void {
    const code = typeof event.code === 'number' ? event.code : 1005;
    const reason = typeof event.reason === 'string' ? event.reason : '';
    if (this.state === 'closing') this.finish();
    else if (this.state === 'connecting') this.failOpening(new TransportError(`Could not open the WebSocket to ${this.where}: it closed during the opening handshake (code ${code}${reason === '' ? '' : `, reason "${reason}"`})`));
    else this.finish(new WebSocketClosedError(code, reason));
  }

  /** `outbound$` ended: close with 1000, then complete once closed (bounded). */
  private beginClose(): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    const opened = this.state === 'open';
    this.state = 'closing';
    if (!opened && this.queue.length === 0) {
      this.finish(); // nothing to deliver: no need to wait for an opening
      return;
    }
    this.closeTimer = setTimeout(() => {
      if (this.socket !== undefined) abort(this.socket);
      this.finish();
    }, CLOSE_WAIT_MS);
    if (opened && this.socket !== undefined) closeGracefully(this.socket);
  }

  /**
   * The connection never opened: the requests waiting for it fail with `error` (so the caller
   * sees why, not just that the connection closed), then `inbound$` errors with it. While the
   * client is closing anyway, `inbound$` just completes.
   */
  private failOpening(error: RxMcpError): void {
    if (this.state === 'closed') return;
    if (this.state === 'closing') {
      this.finish();
      return;
    }
    const queued = this.queue;
    this.queue = [];
    for (const { requestId } of queued) {
      if (requestId !== undefined && !this.isClosed()) this.subscriber.next(inboundFault(error, requestId));
    }
    this.finish(error);
  }

  /** A method, not a field read, so a check after a callback (which may have closed) is not narrowed away. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private finish(error?: RxMcpError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.closeTimer);
    if (error === undefined) this.subscriber.complete();
    else this.subscriber.error(error);
  }
}

/** What `ws` passes with `unexpected-response` (a Node `IncomingMessage`), as far as it is read. */
interface HttpResponseLike {
  readonly statusCode?: number;
  readonly statusMessage?: string;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** The WebSocket implementation to use: the one passed in, the global one, or `ws`. */
async function constructorFor(options: WebSocketOptions, where: string): Promise<WebSocketConstructor> {
  if (options.WebSocket !== undefined) return options.WebSocket;
  const wantsHeaders = options.auth !== undefined || (options.headers !== undefined && Object.keys(options.headers).length > 0);
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (!wantsHeaders && typeof global === 'function') return global as WebSocketConstructor;
  const ws = await loadWs();
  if (ws !== undefined) return ws;
  throw new TransportError(
    wantsHeaders
      ? `Cannot open the WebSocket to ${where} with headers: they need the 'ws' package (Node), and a browser WebSocket cannot send headers`
      : `Cannot open the WebSocket to ${where}: there is no global WebSocket and the 'ws' package could not be loaded`,
  );
}

let wsConstructor: Promise<WebSocketConstructor | undefined> | undefined;

/** The `ws` package's WebSocket class, if it can be loaded (Node). Loaded once. */
function loadWs(): Promise<WebSocketConstructor | undefined> {
  wsConstructor ??= (async () => {
    // A computed specifier: bundlers must not try to pull `ws` (and Node built-ins) into a browser build.
    const specifier = ['w', 's'].join('');
    try {
      const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as { WebSocket?: unknown; default?: unknown };
      const candidate = module.WebSocket ?? module.default;
      return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined;
    } catch {
      return undefined;
    }
  })();
  return wsConstructor;
}

/**
 * The error of an opening that failed, from what the socket said (a browser says nothing). A
 * socket error with a system code (`ECONNREFUSED`, `ENOTFOUND`, a TLS code) is a
 * {@link ConnectError}, and so is the standard API's silent failure (refused, the likeliest); an
 * upgrade the server answered (an HTTP status, the wrong subprotocol) is a `TransportError`.
 */
function openingError(where: string, protocols: readonly string[], cause: Error | undefined): TransportError {
  const target = `websocket: ${where}`;
  if (cause === undefined) {
    const why = protocols.length > 0 ? `refused, an HTTP error at the upgrade, or the server did not select ${quoted(protocols)}` : 'refused, or an HTTP error at the upgrade';
    return new ConnectError(target, undefined, `Could not open the WebSocket to ${where} (${why}; the WebSocket API does not say which)`);
  }
  if (/subprotocol/i.test(cause.message)) {
    return new TransportError(`The server at ${where} did not select the WebSocket subprotocol ${quoted(protocols)}: ${cause.message}`, { cause });
  }
  const code = systemCodeOf(cause);
  const message = `Could not open the WebSocket to ${where}: ${cause.message}`;
  if (code === undefined) return new TransportError(message, { cause });
  return new ConnectError(target, code, cause.message.includes(code) ? message : `${message} (${code})`, { cause });
}

/** Starts the closing handshake (code 1000). */
function closeGracefully(socket: WebSocketLike): void {
  try {
    socket.close(1000);
  } catch {
    abort(socket);
  }
}

/** Drops a socket at once (`ws`), or closes it (the standard API has nothing quicker). */
function abort(socket: WebSocketLike): void {
  try {
    if (socket.terminate !== undefined) socket.terminate();
    else socket.close();
  } catch {
    // already closed
  }
}

/**
 * Lets go of a socket without waiting: an opening is aborted, an open socket starts its closing
 * handshake, and one that does not finish it within the wait is dropped (where that is possible),
 * by a timer that does not keep a Node process alive.
 */
function release(socket: WebSocketLike): void {
  if (socket.readyState === CONNECTING) {
    abort(socket);
    return;
  }
  if (socket.readyState === OPEN) closeGracefully(socket);
  if (socket.readyState !== CLOSING && socket.readyState !== OPEN) return;
  const terminate = socket.terminate;
  if (terminate === undefined) return;
  const timer = setTimeout(() => abort(socket), CLOSE_WAIT_MS);
  (timer as { unref?: () => void }).unref?.();
  socket.addEventListener('close', () => clearTimeout(timer));
}

/** The bytes of a binary frame, or `undefined` for data of another kind. */
function bytesOf(data: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // by tag, not instanceof: the buffer may come from another realm (a Node vm context, an iframe)
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  return undefined;
}

/** The UTF-8 size of a string, in bytes, without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The error an `error` event carries (`ws` has one; a browser's event carries nothing). */
function errorOf(event: unknown): Error | undefined {
  const { error, message } = (event ?? {}) as { error?: unknown; message?: unknown };
  // not only `instanceof Error`: an error from another realm (Node's own, seen from a vm context) keeps its `code`
  if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string')) return error as Error;
  if (typeof message === 'string' && message !== '') return new Error(message);
  return undefined;
}

/** The URL without credentials and query (tokens often travel there), for messages. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

function quoted(protocols: readonly string[]): string {
  return protocols.map((protocol) => `'${protocol}'`).join(' or ');
}


