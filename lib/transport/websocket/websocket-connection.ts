/**
 * One subscription's socket: it opens (queueing what is sent meanwhile, offering a refused
 * upgrade to `auth.onUnauthorized` once), carries frames both ways, and closes, through one
 * {@link ConnectionState} that only moves forward. What the states mean to the transport's
 * contract is in `websocket-transport.ts`.
 */
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { messageOf } from '../../protocol/describe.js';
import { ConnectionClosedError, RxMcpError, TransportError } from '../../protocol/errors.js';
import type { RequestId } from '../../protocol/jsonrpc.js';
import { AuthenticationError, HttpStatusError } from '../../protocol/http-errors.js';
import { offerUnauthorized, upgradeHeaders } from '../http/credentials.js';
import { inboundFault, type InboundItem, type OutboundMessage } from '../transport.js';
import { WebSocketClosedError } from './websocket-errors.js';
import { FrameDecoder } from './websocket-frames.js';
import { MCP_WEBSOCKET_PROTOCOL, type WebSocketConstructor, type WebSocketLike, type WebSocketOptions, type WsClientOptions } from './websocket-options.js';
import { abort, CLOSE_WAIT_MS, closeGracefully, constructorFor, errorOf, OPEN, openingError, quoted, redactedUrl, release, type HttpResponseLike } from './websocket-socket.js';

const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/**
 * `ws` receives a whole frame before the transport sees it, up to its `maxPayload` (and closes
 * the connection, code 1009, beyond it). Its own default is kept unless the limit is higher, so
 * frames between `maxMessageBytes` and that bound arrive as faults on a connection that stays up.
 */
const WS_MAX_PAYLOAD_FLOOR = 100 * 1024 * 1024;

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
export class WebSocketConnection {
  private readonly where: string;
  private readonly protocols: string[];
  private readonly limit: number;
  private socket: WebSocketLike | undefined;
  private outbound: Subscription | undefined;
  private queue: Queued[] = [];
  /** Where the connection is; only ever moves forward (see {@link ConnectionState}). */
  private state: ConnectionState = 'connecting';
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly frames: FrameDecoder;

  constructor(
    private readonly url: string,
    private readonly options: WebSocketOptions,
    private readonly subscriber: Subscriber<InboundItem>,
  ) {
    this.where = redactedUrl(url);
    this.protocols = [...(options.protocols ?? [MCP_WEBSOCKET_PROTOCOL])];
    this.limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.frames = new FrameDecoder(this.limit);
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
        } catch (error) {
          // a typed refusal of the hook (an OAuth flow's `AuthenticationError` subclass) is the
          // answer, kept as it is; anything else leaves the server's refusal standing
          if (error instanceof RxMcpError) {
            this.failOpening(error);
            return;
          }
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
    this.subscriber.next(this.frames.item(data));
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

