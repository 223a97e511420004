/**
 * The dispatcher: one connection's traffic, correlated.
 *
 * Outbound, a request is described by a `RequestSpec` and run (`run` for an observer, `send$` for
 * a cold Observable whose every subscription is one run): a fresh id, the progress notifications
 * the server sends for it as events, the response as the last event; giving it up sends
 * `notifications/cancelled` (nothing at all if the request was not written yet). Inbound, the
 * pipeline is
 *
 *   transport → batches flattened → each value classified → routed:
 *     responses      → the waiting request (O(1) by id)
 *     progress       → the request it belongs to, then `notifications$`
 *     notifications  → `notifications$` (hot, multicast, wire order), then `notificationsOf(method)`
 *     server requests→ their handler, whose answer is written back
 *     garbage        → `faults$` (or the request it names), connection stays up
 *
 * When the connection ends, every pending request fails at once with a `ConnectionClosedError`,
 * and so does every later request.
 */
import { Observable, Subject, type Subscription } from 'rxjs';
import { messageOf } from '../protocol/describe.js';
import { hasDeadline, RequestDeadline } from '../time/deadline.js';
import { DeadlineBatches } from './deadline-batches.js';
import { ConnectionClosedError, McpError, ProtocolViolationError, StreamBrokenError, type RxMcpError } from '../protocol/errors.js';
import {
  classifyMessage,
  messageKind,
  jsonRpcNotification,
  type ClassifiedMessage,
  type JsonRpcErrorResponse,
  type JsonRpcRequest,
  type JsonRpcResultResponse,
  jsonRpcRequest,
  type JsonObject,
  type JsonRpcNotification,
  type RequestId,
} from '../protocol/jsonrpc.js';
import { PROGRESS_TOKEN_META_KEY } from '../protocol/meta.js';
import type { InboundItem, Transport } from '../transport/transport.js';
import { DirectSubscriber } from '../streams/direct-subscriber.js';
import { OutboundChannel } from './outbound-channel.js';
import { OutboundQueue } from './outbound-queue.js';
import { PendingRequest, PendingRequests, type RequestReleaser } from './pending-requests.js';
import { progressEvent, type DispatchOptions, type RequestObserver, type RequestSpec, type RunningRequest } from './request-spec.js';
import type { ProgressEvent, RequestEvent } from './request-events.js';
import { ServerRequestRouter, type ServerRequestHandler } from './server-requests.js';
import { NotificationRouter } from './notification-router.js';

/** Options of {@link Dispatcher.request$}: the dispatch options plus how to stamp the params. */
export interface SimpleRequestOptions extends DispatchOptions {
  /**
   * Put a progress token (the request's id) into `_meta`, so the server may report progress,
   * which is emitted as events and keeps an idle timeout alive. Default `true`.
   */
  readonly progressToken?: boolean;
  /** `_meta` entries to add to the request. Entries already in `params._meta` win. */
  readonly meta?: JsonObject;
}

/** A progress notification and the request it belongs to. */
export interface RequestProgress {
  /** The progress token the server sent. */
  readonly progressToken: RequestId;
  /** The request's id, when the token belongs to a request in flight. */
  readonly requestId?: number;
  /** The request's method, likewise. */
  readonly method?: string;
  /** The progress reported (`progress`, `total`, `message`). */
  readonly event: ProgressEvent;
}

/** The lifecycle of a dispatcher's connection. */
export type DispatcherState = 'idle' | 'open' | 'closed';

/** How long {@link Dispatcher.close} waits for the transport to finish closing. */
const CLOSE_TIMEOUT_MS = 10_000;

/** How many times a request lost in transit is sent again. */
const MAX_REISSUES = 1;

/** The handle of a request that never ran (the connection was closed). */
const NOT_RUNNING: RunningRequest = { id: -1, cancel: () => undefined };

/** Correlates one connection's requests, responses and notifications. */
export class Dispatcher implements RequestReleaser {
  private readonly outbound = new OutboundChannel();
  private readonly queue = new OutboundQueue(this.outbound);
  private readonly pending = new PendingRequests();
  private readonly deadlines = new DeadlineBatches();
  private readonly serverRequests = new ServerRequestRouter((message) => this.queue.enqueue(message));
  private readonly notificationSubject = new Subject<JsonRpcNotification>();
  private readonly router = new NotificationRouter();
  private readonly faultSubject = new Subject<RxMcpError>();
  private readonly progressSubject = new Subject<RequestProgress>();
  private connection: Subscription | undefined;
  private closedError: ConnectionClosedError | undefined;
  private nextId = 1;
  /** True while an interactive sign-in holds the deadlines ({@link Dispatcher.holdDeadlinesWhile}). */
  private deadlinesHeld = false;
  private holdSource: Subscription | undefined;
  private resolveEnded!: () => void;
  private readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  /** Every notification the server sends, in wire order. Hot; completes when the connection closes. */
  readonly notifications$: Observable<JsonRpcNotification> = this.notificationSubject.asObservable();

  /**
   * Problems that did not fail a request and did not close the connection: unparsable lines,
   * messages that are not JSON-RPC, responses to unknown ids. Hot; completes on close.
   */
  readonly faults$: Observable<RxMcpError> = this.faultSubject.asObservable();

  /**
   * Every progress notification, tagged with the request it belongs to (`requestId` and
   * `method` are absent for a token that matches no request in flight). Hot; completes on close.
   */
  readonly progress$: Observable<RequestProgress> = this.progressSubject.asObservable();

  constructor(
    /** The transport it runs on. */
    readonly transport: Transport,
  ) {}

  /**
   * The notifications of one method, in wire order (see `NotificationRouter`). Hot: no
   * replay of what arrived before subscribing. Each notification reaches the subscribers of
   * `notifications$` first, then those of its method. Completes when the connection closes.
   */
  notificationsOf(method: string): Observable<JsonRpcNotification> {
    return this.router.notificationsOf(method);
  }

  /** `idle` before {@link Dispatcher.start}, `open` while connected, `closed` after. */
  get state(): DispatcherState {
    return this.closedError !== undefined ? 'closed' : this.connection === undefined ? 'idle' : 'open';
  }

  /** Why the connection closed, once it has. */
  get closeReason(): ConnectionClosedError | undefined {
    return this.closedError;
  }

  /** How many requests are waiting for a response. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Opens the connection. Idempotent. */
  start(): void {
    if (this.connection !== undefined || this.closedError !== undefined) return;
    this.connection = this.transport.connect(this.outbound).subscribe(
      new DirectSubscriber<InboundItem>(
        this.onInbound,
        (error) => this.onEnded(error),
        () => this.onEnded(undefined),
      ),
    );
  }

  /**
   * Runs `spec`: sends the request with a fresh id and reports its progress events, then its
   * result (or an error) to `observer`. Returns a handle to give the request up: when it was not
   * written yet it is withdrawn and nothing reaches the wire; otherwise the server is told
   * (`notifications/cancelled`, unless the spec says not to) and a late answer is dropped quietly.
   * JSON-RPC errors arrive as {@link McpError}; an expired deadline as a `TimeoutError`, which
   * also cancels the request on the server.
   */
  run<R>(spec: RequestSpec<R>, observer: RequestObserver<R>): RunningRequest {
    if (this.closedError !== undefined) {
      observer.error(this.closedError);
      return NOT_RUNNING;
    }
    const id = this.nextId++;
    const options = spec.options;
    const request = new PendingRequest(id, spec, observer as RequestObserver<unknown>, this, jsonRpcRequest(id, spec.method, spec.buildParams(id)), options.headers);
    this.pending.add(request);
    this.queue.add(request);
    if ((options.timeoutMs !== undefined || options.totalTimeoutMs !== undefined) && !this.deadlinesHeld) this.startDeadlines(request);
    return request;
  }

  /**
   * Holds the deadlines of every request while `held$` says `true`: an interactive sign-in
   * (the user at the authorization server), during which the requests wait for credentials,
   * not for the server. Their clocks stop, and start again in full when `held$` says `false`,
   * so a request that needed the sign-in gets its timeouts from when credentials are ready
   * (requests already on the wire get that extension too). One source per dispatcher (a later
   * one replaces it); it is let go when the connection closes.
   */
  holdDeadlinesWhile(held$: Observable<boolean>): void {
    this.holdSource?.unsubscribe();
    this.holdSource = held$.subscribe((held) => this.holdDeadlines(held));
  }

  private holdDeadlines(held: boolean): void {
    if (held === this.deadlinesHeld || this.closedError !== undefined) return;
    this.deadlinesHeld = held;
    for (const request of this.pending.all()) {
      request.stopDeadlines();
      if (!held) this.startDeadlines(request);
    }
  }

  /** Starts the deadlines `request`'s options ask for, from this tick: in the dispatcher's batches, or on the options' scheduler. */
  private startDeadlines(request: PendingRequest): void {
    const options = request.spec.options;
    if (options.scheduler === undefined) {
      this.deadlines.start(request, options.timeoutMs, options.totalTimeoutMs);
      return;
    }
    const deadlines = { idleMs: options.timeoutMs, totalMs: options.totalTimeoutMs, scheduler: options.scheduler };
    if (hasDeadline(deadlines)) request.deadline = new RequestDeadline(request.spec.method, deadlines, request);
  }

  /** `spec` as a cold Observable: each subscription runs it (`run`); unsubscribing gives it up. */
  send$<R>(spec: RequestSpec<R>): Observable<RequestEvent<R>> {
    return new Observable<RequestEvent<R>>((subscriber) => {
      const running = this.run(spec, subscriber);
      return () => running.cancel();
    });
  }

  /**
   * A request as a cold Observable, from its parts: each subscription sends one request with a
   * fresh id (and, unless `progressToken: false`, that id as its progress token) and emits its
   * progress events, then its result, mapped by `decode` when given.
   */
  request$<R = JsonObject>(method: string, params?: JsonObject, options: SimpleRequestOptions = {}, decode?: (result: JsonObject) => R): Observable<RequestEvent<R>> {
    return this.send$<R>({
      method,
      options,
      buildParams: (id) => withMeta(params, options.meta, options.progressToken === false ? undefined : id),
      decode: decode ?? ((result) => result as R),
    });
  }

  /** Sends a notification. Dropped silently once the connection is closed. */
  notify(method: string, params?: JsonObject, headers?: Readonly<Record<string, string>>): void {
    if (this.closedError !== undefined) return;
    this.queue.enqueue(jsonRpcNotification(method, params), headers);
  }

  /** Installs the handler for server→client requests of `method`. Returns its remover. */
  handle(method: string, handler: ServerRequestHandler): () => void {
    return this.serverRequests.handle(method, handler);
  }

  /**
   * Closes the connection: pending requests fail at once, queued notifications are still
   * written, then the transport closes gracefully. Resolves when it has (bounded in time).
   */
  async close(): Promise<void> {
    if (this.connection === undefined) {
      this.shutDown(new ConnectionClosedError('Connection closed by the client'));
      this.resolveEnded();
      return;
    }
    if (this.closedError === undefined) {
      this.shutDown(new ConnectionClosedError('Connection closed by the client'));
      this.queue.flush();
      this.outbound.complete();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    this.connection.unsubscribe();
  }

  /**
   * Gives a request up: if it was not answered, withdraw it when it was not written yet,
   * otherwise forget it and (when asked to) tell the server. Idempotent.
   */
  release(request: PendingRequest, cancelOnServer: boolean): void {
    request.stopDeadlines();
    if (this.pending.get(request.id) !== request) return; // settled, or released already
    if (!request.written) {
      request.withdrawn = true;
      this.pending.take(request.id);
      return;
    }
    this.pending.abandon(request);
    if (cancelOnServer && this.closedError === undefined) {
      this.notify('notifications/cancelled', { requestId: request.id, reason: 'The client cancelled the request' });
    }
  }

  private readonly onInbound = (item: InboundItem): void => {
    if (item.type === 'fault') {
      this.onFault(item.error, item.requestId);
      return;
    }
    const value = item.message;
    // The common message, a result response to a request in flight, is settled here: the tests of
    // `messageKind` for it written out, so that it passes through no other dispatcher function
    // (each one a compile of its own in a process's first calls, issue 17). Anything else, or a
    // response to an id not in flight, takes the general path below. (A number that is no id in
    // flight, 1.5 or NaN, finds no request: the table compares ids exactly.)
    if (typeof value === 'object' && value !== null && this.closedError === undefined) {
      const message = value as JsonObject;
      const { id, result } = message;
      if (typeof id === 'number' && typeof result === 'object' && result !== null && message.jsonrpc === '2.0' && message.method === undefined && message.error === undefined && !Array.isArray(result)) {
        const request = this.pending.take(id);
        if (request !== undefined) {
          request.resolve(result as JsonObject);
          return;
        }
      }
    }
    if (Array.isArray(value)) {
      if (value.length === 0) this.onFault(new ProtocolViolationError('Received an empty JSON-RPC batch', value));
      for (const element of value) this.route(element);
      return;
    }
    this.route(value);
  };

  private route(value: unknown): void {
    if (this.closedError !== undefined) return;
    switch (messageKind(value)) {
      case 'result': {
        const message = value as JsonRpcResultResponse;
        this.takeAnswered(message.id, value)?.resolve(message.result);
        return;
      }
      case 'error': {
        const { id, error } = value as JsonRpcErrorResponse;
        if (id === null) {
          this.faultSubject.next(new McpError(error.code, error.message, error.data));
          return;
        }
        this.takeAnswered(id, value)?.fail(new McpError(error.code, error.message, error.data));
        return;
      }
      case 'notification':
        this.onNotification(value as JsonRpcNotification);
        return;
      case 'request':
        this.serverRequests.dispatch(value as JsonRpcRequest);
        return;
      default: {
        const classified = classifyMessage(value) as Extract<ClassifiedMessage, { kind: 'invalid' }>;
        this.onFault(new ProtocolViolationError(`Invalid message from the server: ${classified.reason}`, value), classified.id);
      }
    }
  }

  /** The pending request a response answers, or `undefined` (reported unless it was abandoned). */
  private takeAnswered(id: RequestId, raw: unknown): PendingRequest | undefined {
    const request = this.pending.take(id);
    if (request === undefined && !this.pending.forgetAbandoned(id)) {
      this.faultSubject.next(new ProtocolViolationError(`Received a response for unknown request id ${JSON.stringify(id)}`, raw));
    }
    return request;
  }

  private onNotification(notification: JsonRpcNotification): void {
    const params = notification.params;
    if (notification.method === 'notifications/progress' && params !== undefined) {
      const token = params.progressToken;
      const request = typeof token === 'string' || typeof token === 'number' ? this.pending.get(token) : undefined;
      if (typeof params.progress !== 'number') {
        this.faultSubject.next(new ProtocolViolationError('Progress notification without a numeric progress', notification));
      } else {
        const event = progressEvent(params.progress, params.total, params.message);
        request?.progress(event);
        if (this.progressSubject.observed) {
          this.progressSubject.next(
            request === undefined ? { progressToken: token as RequestId, event } : { progressToken: token as RequestId, requestId: request.id, method: request.method, event },
          );
        }
      }
    } else if (notification.method === 'notifications/cancelled' && params !== undefined) {
      const requestId = params.requestId;
      if (typeof requestId === 'string' || typeof requestId === 'number') this.serverRequests.cancel(requestId, params.reason);
    }
    this.notificationSubject.next(notification);
    this.router.route(notification);
  }

  private onFault(error: RxMcpError, requestId?: RequestId): void {
    const request = requestId === undefined ? undefined : this.pending.get(requestId);
    if (request === undefined) {
      this.faultSubject.next(error);
      return;
    }
    if (error instanceof StreamBrokenError && request.spec.options.reissueOnBrokenStream === true && request.reissues < MAX_REISSUES) {
      this.reissue(request);
      return;
    }
    this.pending.take(request.id);
    request.fail(error);
  }

  /** Sends a lost request again with a new id; its observer, handle and deadlines carry on. */
  private reissue(request: PendingRequest): void {
    this.pending.abandon(request);
    request.reissues++;
    request.id = this.nextId++;
    this.pending.add(request);
    request.message = jsonRpcRequest(request.id, request.spec.method, request.spec.buildParams(request.id));
    request.headers = request.spec.options.headers;
    request.written = false;
    this.queue.add(request);
  }

  private onEnded(error: unknown): void {
    if (this.closedError === undefined) {
      const closed =
        error instanceof ConnectionClosedError
          ? error
          : error === undefined
            ? new ConnectionClosedError('Connection closed by the server')
            : new ConnectionClosedError(`Connection closed: ${messageOf(error)}`, { cause: error });
      this.shutDown(closed);
      this.outbound.complete();
    }
    this.resolveEnded();
  }

  /** Marks the connection closed and settles everything that was waiting on it. */
  private shutDown(reason: ConnectionClosedError): void {
    this.closedError = reason;
    this.holdSource?.unsubscribe();
    for (const request of this.pending.drain()) {
      if (!request.written) request.withdrawn = true;
      request.fail(reason);
    }
    this.serverRequests.abortAll(reason);
    this.notificationSubject.complete();
    this.router.complete();
    this.faultSubject.complete();
    this.progressSubject.complete();
  }
}

/**
 * The params as sent: `extra` entries and the progress token merged under `params._meta` (whose
 * own entries win, including a progress token the caller chose). One new params object and one
 * new `_meta` object at most; the caller's objects are never modified.
 */
function withMeta(params: JsonObject | undefined, extra: JsonObject | undefined, progressToken: number | undefined): JsonObject | undefined {
  if (extra === undefined && progressToken === undefined) return params;
  const own = params?._meta as JsonObject | undefined;
  // Object.assign rather than spreads: several times cheaper on V8, and this runs per request.
  const meta: JsonObject = Object.assign({}, extra);
  if (progressToken !== undefined) meta[PROGRESS_TOKEN_META_KEY] = progressToken;
  if (own !== undefined) Object.assign(meta, own);
  const stamped: JsonObject = Object.assign({}, params);
  stamped._meta = meta;
  return stamped;
}

