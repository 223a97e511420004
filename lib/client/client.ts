/**
 * `Client`: the public face of rxmcp. One connection to one MCP server, in either protocol era,
 * with a Promise API and an Observable API that behave the same: every Promise method runs the
 * same request as its `$` twin.
 *
 * ```ts
 * await using client = await Client.connect(stdio({ command: 'node', args: ['server.js'] }));
 * const { tools } = await client.listTools();
 * const result = await client.callTool('echo', { text: 'hi' }, { timeoutMs: 5_000 });
 * client.callTool$('build', {}).subscribe((event) => console.log(event));
 * client.tools$.subscribe((tools) => render(tools));
 * ```
 *
 * Requests that may need input (`tools/call`, `prompts/get`, `resources/read`) run their
 * 2026-07-28 `input_required` rounds automatically through the callbacks given at connect time;
 * tool results are checked against the tool's output schema.
 */
import { concat, defer, EMPTY, filter, finalize, map, merge, Observable, share, Subject, takeUntil, tap, throwError } from 'rxjs';
import type { RequestProgress } from '../dispatch/dispatcher.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { CacheWarning } from '../cache/warnings.js';
import { reconnect } from '../operators/reconnect.js';
import { isTransientError } from '../operators/retry.js';
import { ConnectionClosedError, RxMcpError, StreamBrokenError } from '../protocol/errors.js';
import { maxReconnectAttempts } from '../protocol/reconnect-policy.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { ServerCapabilities } from '../protocol/schemas/capabilities.js';
import type { DiscoverResult, InitializeResult } from '../protocol/schemas/lifecycle.js';
import type { LoggingMessage } from '../protocol/schemas/logging.js';
import type { Prompt } from '../protocol/schemas/prompts.js';
import type { Resource, ResourceTemplate } from '../protocol/schemas/resources.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import type { Tool } from '../protocol/schemas/tools.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { ListRootsResult, Root } from '../protocol/schemas/client-requests.js';
import type { ElicitationCallback, SamplingCallback } from '../session/client-callbacks.js';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { ProtocolEra, ProtocolVersion } from '../protocol/versions.js';
import type { ClientSession, ListenEvent } from '../session/client-session.js';
import type { ClientWarning } from '../session/client-warning.js';
import type { ServerProfile } from '../session/server-profile.js';
import type { MemoryTransport } from '../transport/memory.js';
import type { StreamStateEvent, Transport } from '../transport/transport.js';
import { CallbackError } from './callback-error.js';
import { clientAuthFlow, type ClientAuthFlow } from './client-auth.js';
import { BindingDelivery } from '../extensions/binding-delivery.js';
import { extensionSetOf } from '../extensions/extension-set.js';
import { deliverToCallbacks, logRecord, type LogRecord } from './callback-delivery.js';
import { ClientRequests } from './client-requests.js';
import type { ClientOptions } from './client-options.js';
import { connectionState$, type SourcedStreamState } from './client-state.js';
import { checkRoots } from './roots.js';
import { withBacklog } from './connect-backlog.js';
import type { ConnectionState } from './connection-state.js';
import type { InProcessServer } from './in-process.js';
import { liveLists } from './live-lists.js';
import { openConnection, type ConnectBacklogs } from './open-connection.js';
import { ResourceUpdates, type ResourceUpdate } from './resource-updates.js';
import type { UrlTransport } from './url-target.js';

export type { CallOptions, CallOptions$, InputCallOptions, InputCallOptions$, ListOptions, ListOptions$ } from './call-option-types.js';
export type { ResourceUpdate } from './resource-updates.js';

/** Options of {@link Client.listen$}. */
export interface ListenOptions {
  /**
   * Keep the subscription: when the server ends it (its result, or a `notifications/cancelled`
   * for it) it is opened again like a broken stream (backoff, `state$`), as the live lists and
   * `resourceUpdates$` do; after `reconnect.maxAttempts` such ends in a row with no notification
   * between them, it completes. Default false: a subscription the server ends completes.
   */
  readonly resubscribe?: boolean;
}

/**
 * A connection to one MCP server. `T` is the type of its transport (`client.transport`): the
 * transport passed to {@link Client.(connect:1)}, the union of the HTTP and WebSocket transports
 * after a URL connect.
 */
export class Client<T extends Transport = Transport> extends ClientRequests implements AsyncDisposable {
  /** The listen streams' reconnect states, one source of `state$`. */
  private readonly listenStates = new Subject<SourcedStreamState>();
  /** How many listen subscriptions were made, naming each one's source on `state$`. */
  private listenCount = 0;
  private readonly closing = new Subject<void>();
  private readonly extensionWarnings = new Subject<ClientWarning>();
  private readonly bindings: BindingDelivery;
  private readonly updates: ResourceUpdates;
  /** The holders of the connection (see {@link Client.retain}). */
  private holds = 1;
  /** The close, once started. */
  private closed: Promise<void> | undefined;

  /** Every notification the server sends, in wire order. Hot; completes when the connection closes. */
  readonly notifications$: Observable<JsonRpcNotification>;

  /**
   * Problems that did not fail a request: lines that are not JSON, messages that are not
   * JSON-RPC, responses to unknown ids, exceptions thrown by your callbacks. Hot, except that
   * every subscriber first gets the faults that arrived while `connect` negotiated (a banner a
   * server printed on stdout before its first message, …): the first
   * 100 of them (`CONNECT_BACKLOG_LIMIT`), oldest first, each once, then the live ones.
   */
  readonly faults$: Observable<RxMcpError>;

  /**
   * Things the client did on its own (it left a tool out, could not validate a result, the server
   * refused the `logLevel`). Hot, except that every subscriber first gets the warnings raised
   * while `connect` negotiated (at most 100), as for {@link Client.faults$}.
   */
  readonly warnings$: Observable<ClientWarning>;

  /** The server's log messages. Hot. (On 2026-07-28 connections only requests that set a `logLevel` get any.) */
  readonly logs$: Observable<LoggingMessage>;
  /** The log route, each message parsed once for `logs$` and `loggingCallback` alike. */
  private readonly logRecords$: Observable<LogRecord>;

  /** Every progress notification, tagged with the request it belongs to. Hot. */
  readonly progress$: Observable<RequestProgress>;

  /** The connection's state (`connected`, `reconnecting`, `degraded`, then `closed` with the reason). Replays the current state. */
  readonly state$: Observable<ConnectionState>;

  /** The server's tools, kept current (fetched on first subscription, again whenever they change). */
  readonly tools$: Observable<readonly Tool[]>;
  /** The server's prompts, kept current. */
  readonly prompts$: Observable<readonly Prompt[]>;
  /** The server's resources, kept current. */
  readonly resources$: Observable<readonly Resource[]>;
  /** The server's resource templates, kept current. */
  readonly resourceTemplates$: Observable<readonly ResourceTemplate[]>;

  private constructor(
    session: ClientSession,
    private readonly options: ClientOptions,
    cache: ResponseCache | undefined,
    backlogs: ConnectBacklogs,
    /** What `connect` was given, for {@link Client.clone}. */
    private readonly target: Transport | InProcessServer | string | URL,
  ) {
    super(session, options, cache);
    const dispatcher = session.dispatcher;
    this.notifications$ = dispatcher.notifications$;
    this.faults$ = withBacklog(backlogs.faults, merge(dispatcher.faults$, this.callbackFaults));
    const sessionWarnings$ = merge(session.warnings$, this.extensionWarnings);
    const warnings$ = cache === undefined ? sessionWarnings$ : merge(sessionWarnings$, cache.warnings$.pipe(map(cacheWarning)));
    this.warnings$ = withBacklog(backlogs.warnings, warnings$);
    // every change notification (legacy, or on a 2026-07-28 listen stream) evicts what it made stale
    if (cache !== undefined) dispatcher.notifications$.subscribe((notification) => void cache.invalidate(notification, session.protocolVersion!));
    this.progress$ = dispatcher.progress$;
    // every log message parsed once, however many consume it (logs$ and loggingCallback)
    this.logRecords$ = dispatcher.notificationsOf('notifications/message').pipe(map(logRecord), share());
    this.logs$ = this.logRecords$.pipe(
      filter((record): record is LogRecord & { readonly message: LoggingMessage } => record.message !== undefined),
      map((record) => record.message),
    );
    this.state$ = connectionState$({
      transportStates: dispatcher.transport.streamState$?.pipe(takeUntil(this.closing)),
      listenStates: this.listenStates,
      closed: dispatcher.notifications$,
      reason: () => dispatcher.closeReason ?? new ConnectionClosedError(),
    });
    ({ tools$: this.tools$, prompts$: this.prompts$, resources$: this.resources$, resourceTemplates$: this.resourceTemplates$ } = liveLists(this, this.closing, this.reportFault));
    this.updates = new ResourceUpdates(this, this.reportFault);
    this.bindings = new BindingDelivery(extensionSetOf(options).bindings, (method) => dispatcher.notificationsOf(method), (warning) => this.extensionWarnings.next(warning), this.closing, backlogs.bindings);
    deliverToCallbacks(options, dispatcher, this.logRecords$, backlogs.faults, (error) => this.callbackFaults.next(error));
  }

  /**
   * Opens a connection and negotiates the protocol era. `target` is a transport, a URL (Streamable
   * HTTP, falling back to HTTP+SSE for old servers; `ws:`/`wss:` for WebSocket), or an official SDK server (`McpServer`) to
   * run in this process. On failure the connection is closed again and the error is thrown.
   * The whole negotiation is bounded by `connectTimeoutMs` (default 30 s: a `TimeoutError` with
   * method `'connect'`) and abandoned when `signal` aborts (a `CancelledError` with method
   * `'connect'`); either way the connection is closed (the server process stopped) before the
   * Promise rejects. The client's `transport` has the type of the transport given.
   */
  static connect<T extends Transport>(target: T, options?: ClientOptions): Promise<Client<T>>;
  /** Connects by URL: the client's transport is the HTTP, HTTP+SSE or WebSocket transport chosen. */
  static connect(target: string | URL, options?: ClientOptions): Promise<Client<UrlTransport>>;
  /** Runs an official SDK server in this process, over an in-memory pair. */
  static connect(target: InProcessServer, options?: ClientOptions): Promise<Client<MemoryTransport>>;
  /** Any target. */
  static connect(target: Transport | InProcessServer | string | URL, options?: ClientOptions): Promise<Client>;
  static connect(target: Transport | InProcessServer | string | URL, options: ClientOptions = {}): Promise<Client> {
    return openConnection(target, options, (session, settled, cache, backlogs) => new Client(session, settled, cache, backlogs, target));
  }

  /**
   * The OAuth flow, when the `auth` option is an `OAuthProvider` (`client.auth?.state$` for a
   * sign-in button); `undefined` otherwise. Never carries a token.
   */
  get auth(): ClientAuthFlow | undefined {
    return clientAuthFlow(this.options.auth);
  }

  /** The transport in use (after a URL connect: which one was chosen), with its own type (stdio: `stderr$`). */
  get transport(): T {
    return this.session.dispatcher.transport as T;
  }

  // ---- what negotiation settled ------------------------------------------------------------------

  /** What negotiation settled about the server (version, era, identity, capabilities, …); the getters below forward to it. */
  get serverProfile(): ServerProfile {
    return this.session.serverProfile!;
  }

  /** The negotiated protocol version. */
  get protocolVersion(): ProtocolVersion {
    return this.serverProfile.protocolVersion;
  }

  /** `'modern'` (2026-07-28, stateless) or `'legacy'` (initialize-based). */
  get era(): ProtocolEra {
    return this.serverProfile.era;
  }

  /** The server's identity; modern servers may leave it out. */
  get serverInfo(): Implementation | undefined {
    return this.serverProfile.serverInfo;
  }

  /** What the server offers; `{}` when nothing was asked (`serverProfile.capabilitiesKnown` false: a pinned modern version without `priorDiscover`). */
  get serverCapabilities(): ServerCapabilities {
    return this.serverProfile.capabilities;
  }

  /** The server's instructions for the model, if any. */
  get instructions(): string | undefined {
    return this.serverProfile.instructions;
  }

  /** The `initialize` result (legacy connections). */
  get initializeResult(): InitializeResult | undefined {
    return this.serverProfile.initializeResult;
  }

  /**
   * The `server/discover` result (modern connections); `undefined` on a connection pinned to a
   * modern version without `priorDiscover` until {@link Client.discover} asked the server.
   */
  get discoverResult(): DiscoverResult | undefined {
    return this.serverProfile.discoverResult;
  }

  /**
   * The server's `server/discover` result (modern connections). Known already after an `'auto'`
   * connect or with `priorDiscover`: returned without a request. On a connection pinned to a
   * modern version without `priorDiscover` (`serverProfile.capabilitiesKnown` false) the first
   * call asks the server and adopts its answer: capabilities, instructions and identity are then
   * the server's and `capabilitiesKnown` is true (lists and listens already running keep the
   * choice they made at subscription). Concurrent and later calls share that one request. On a
   * legacy connection it rejects with `UnsupportedInProtocolVersionError` (see `initializeResult`).
   */
  discover(): Promise<DiscoverResult> {
    return this.session.discover();
  }

  /** True until the connection closes. */
  get connected(): boolean {
    return this.session.dispatcher.state === 'open';
  }

  /** Tells a legacy server the client's roots changed. */
  sendRootsListChanged(): void {
    this.session.sendRootsListChanged();
  }

  // ---- callbacks set at run time (FastMCP's setters) ---------------------------------------------

  /**
   * Replaces the client's roots: the next `roots/list` (legacy) or roots input request
   * (2026-07-28) is answered with `roots`. On a legacy connection whose `initialize` declared
   * roots, `notifications/roots/list_changed` is sent so the server asks again; one that did not
   * declare them gets a `capability-not-declared` warning on `warnings$` instead (the server was
   * told the client has no roots, and that cannot change). On 2026-07-28 connections every later
   * request declares the roots capability.
   */
  setRoots(roots: readonly Root[]): void {
    const copy = checkRoots(roots);
    const result: ListRootsResult = { roots: copy as Root[] }; // frozen: the same answer for every ask
    const missing = this.session.updateCallbacks({ listRootsCallback: () => result });
    if (this.era === 'legacy' && missing.length === 0 && this.session.rootsListChangedDeclared && this.connected) this.session.sendRootsListChanged();
  }

  /**
   * Replaces the sampling callback (`undefined` removes it). On 2026-07-28 connections the next
   * requests declare the capability (or no longer do); on a legacy connection whose
   * `initialize` did not declare sampling, a `capability-not-declared` warning says the server
   * will not use it.
   */
  setSamplingCallback(callback: SamplingCallback | undefined, capabilities?: NonNullable<ClientCapabilities['sampling']>): void {
    this.session.updateCallbacks({ samplingCallback: callback, samplingCapabilities: capabilities });
  }

  /** Replaces the elicitation callback (`undefined` removes it), with the modes it handles (default both); capabilities as for {@link Client.setSamplingCallback}. */
  setElicitationCallback(callback: ElicitationCallback | undefined, modes?: readonly ('form' | 'url')[]): void {
    this.session.updateCallbacks({ elicitationCallback: callback, elicitationModes: modes });
  }

  /** Sends a progress notification (for a request the server made of the client). */
  sendProgressNotification(progressToken: string | number, progress: number, total?: number, message?: string): void {
    this.session.sendProgressNotification(progressToken, progress, total, message);
  }

  // ---- streams -----------------------------------------------------------------------------------

  /**
   * The validated params of every notification of `method`, which one of the client's extensions
   * binds (`NotificationBinding`): hot, in wire order, alongside the binding's handler. Throws
   * `InvalidOptionError` for a method no extension binds.
   */
  extensionNotifications$(method: string): Observable<unknown> {
    return this.bindings.of(method);
  }

  /**
   * The server's notifications of one method, in wire order (a subscriber of several methods
   * sees them interleaved as they arrived). Hot: what arrived before subscribing is not
   * replayed. Completes when the connection closes. `logs$`, the live lists and legacy
   * resource updates are derived from these routes.
   */
  notificationsOf(method: string): Observable<JsonRpcNotification> {
    return this.session.dispatcher.notificationsOf(method);
  }

  /**
   * `subscriptions/listen` (2026-07-28): the acknowledgement, then the notifications the filter
   * opts in to. Unsubscribing ends the subscription on the server. A stream that breaks (a
   * network failure, a 5xx) is opened again with backoff (the `reconnect` option), visible on
   * `state$` (each subscription is a source of its own there); each re-opening is acknowledged
   * anew, and notifications sent while it was down are lost, so treat a later `acknowledged`
   * event as "anything may have changed". After `maxAttempts` failures in a row it fails with
   * `ReconnectExhaustedError` (and `state$` is `degraded`); a stream the server ends itself
   * completes, unless `options.resubscribe` asks to keep it.
   */
  listen$(filter: SubscriptionFilter, options: ListenOptions = {}): Observable<ListenEvent> {
    return defer(() => {
      const source = `subscriptions/listen#${++this.listenCount}`;
      let last: StreamStateEvent['state'] | undefined;
      const onState = (event: StreamStateEvent): void => {
        last = event.state;
        this.listenStates.next({ source, event });
      };
      const stream = options.resubscribe === true ? resubscribing(this.session, filter, maxReconnectAttempts(this.options.reconnect ?? {})) : this.session.listen$(filter);
      return stream.pipe(
        reconnect<ListenEvent>({ ...this.options.reconnect, stream: 'subscriptions/listen', isRetryable: isTransientError, onState }),
        // a stream that stops while re-opening no longer counts; one that gave up stays degraded
        finalize(() => {
          if (last === 'reconnecting' && !this.listenStates.closed) this.listenStates.next({ source, event: { stream: 'subscriptions/listen', state: 'closed' } });
        }),
      );
    });
  }

  /**
   * Updates of one resource. The first subscriber subscribes on the server (legacy:
   * `resources/subscribe`; 2026-07-28: a `subscriptions/listen` for the URI), the last one
   * leaving unsubscribes. Multicast.
   */
  resourceUpdates$(uri: string): Observable<ResourceUpdate> {
    return this.updates.of(uri);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /**
   * A new client with the same target and options, on a fresh connection of its own (FastMCP's
   * `new()`): a stdio server is started again, a URL connected again. Callbacks set at run time
   * are not carried over (the options given at connect are). An in-process server that allows one
   * connection at a time cannot be cloned while this client is connected.
   */
  clone(): Promise<Client<T>> {
    return Client.connect(this.target, this.options) as Promise<Client<T>>;
  }

  /**
   * One more holder of this connection (FastMCP's reentrant `async with`): returns the client
   * itself, and each `await using` scope (or `release()`) gives one hold back; the last one
   * out closes the connection. `connect` hands out the first hold. See the README.
   */
  retain(): this {
    if (this.holds === 0) throw new ConnectionClosedError('The client was released by its last holder; connect again or clone()');
    this.holds += 1;
    return this;
  }

  /** Gives one hold back (see {@link Client.retain}); the last one closes the connection. Returns when that close is done. */
  release(): Promise<void> {
    if (this.holds === 0) return this.closed ?? Promise.resolve();
    this.holds -= 1;
    return this.holds === 0 ? this.close() : Promise.resolve();
  }

  /** How many holders the connection has (1 after `connect`, one more per {@link Client.retain}). */
  get holders(): number {
    return this.holds;
  }

  /** Closes the connection now, whoever holds it (for stdio: the server process is stopped). Idempotent. */
  close(): Promise<void> {
    this.holds = 0;
    this.closed ??= this.closeNow();
    return this.closed;
  }

  /** The close itself, once. */
  private async closeNow(): Promise<void> {
    this.closing.next();
    await this.session.dispatcher.close();
    this.callbackFaults.complete();
    this.cache?.close();
    this.listenStates.complete();
  }

  /** `await using client = …` gives the scope's hold back at its end: the last holder's scope closes the client. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** Reports an error of work the client did on its own (a refresh, an unsubscribe) on `faults$`. */
  private readonly reportFault = (what: string, error: unknown): void => {
    this.callbackFaults.next(error instanceof RxMcpError ? error : new CallbackError(what, error));
  };
}

/** A cache warning as a client warning. */
function cacheWarning(warning: CacheWarning): ClientWarning {
  return { code: warning.code, message: warning.message, cause: warning.cause };
}

/**
 * A listen stream whose end by the server is a break, for the `reconnect` after it to open again
 * (see {@link ListenOptions.resubscribe}); after `limit` ends in a row with no notification
 * between them it completes.
 */
function resubscribing(session: ClientSession, filter: SubscriptionFilter, limit: number): Observable<ListenEvent> {
  let endsInARow = 0;
  return defer(() =>
    concat(
      session.listen$(filter).pipe(tap((event) => event.type === 'notification' && (endsInARow = 0))),
      defer(() => (++endsInARow > limit ? EMPTY : throwError(() => new StreamBrokenError('subscriptions/listen', 'the server ended the subscription')))),
    ),
  );
}
