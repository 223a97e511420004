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
import { catchError, concatMap, defer, filter, from, map, merge, Observable, of, share, Subject, takeUntil, throwError } from 'rxjs';
import { Dispatcher, type RequestProgress } from '../dispatch/dispatcher.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ResponseCache } from '../cache/response-cache.js';
import type { CacheConfig } from '../cache/config.js';
import type { CacheWarning } from '../cache/warnings.js';
import { reconnect } from '../operators/reconnect.js';
import { DEFAULT_RETRY_POLICY, isTransientError } from '../operators/retry.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ConnectError, ConnectionClosedError, McpError, RxMcpError } from '../protocol/errors.js';
import { checkOneOf, refuseOption } from '../protocol/option-checks.js';
import type { JsonObject, JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { ServerCapabilities } from '../protocol/schemas/capabilities.js';
import type { CompleteResult, CompletionReference } from '../protocol/schemas/completion.js';
import type { DiscoverResult, EmptyResult, InitializeResult } from '../protocol/schemas/lifecycle.js';
import { LOGGING_LEVELS, type LoggingLevel, type LoggingMessage } from '../protocol/schemas/logging.js';
import type { GetPromptResult, ListPromptsResult, Prompt } from '../protocol/schemas/prompts.js';
import type { ListResourcesResult, ListResourceTemplatesResult, ReadResourceResult, Resource, ResourceTemplate } from '../protocol/schemas/resources.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import type { CallToolResult, ListToolsResult, Tool } from '../protocol/schemas/tools.js';
import type { ProtocolEra, ProtocolVersion } from '../protocol/versions.js';
import { ClientSession, type ListenEvent } from '../session/client-session.js';
import type { InputRequiredOptions, RequestOptions } from '../session/session-options.js';
import type { ClientWarning } from '../session/client-warning.js';
import { negotiate, type ConnectMode } from '../session/negotiation.js';
import type { MemoryTransport } from '../transport/memory.js';
import type { StreamStateEvent, Transport } from '../transport/transport.js';

export type { ResourceUpdate } from './resource-updates.js';
import { CallbackError } from './callback-error.js';
import { checkClientOptions } from './check-options.js';
import { ConnectBacklog, withBacklog } from './connect-backlog.js';
import { ConnectGuard } from './connect-guard.js';
import { DEFAULT_INPUT_REQUIRED_MAX_ROUNDS, type ConnectionState } from './connection-state.js';
import { inProcessTransport, isInProcessServer, type InProcessServer } from './in-process.js';
import { liveLists } from './live-lists.js';
import { ResourceUpdates, type ResourceUpdate } from './resource-updates.js';
import { deliverToCallbacks, logRecord, type LogRecord } from './callback-delivery.js';
import { connectionState$ } from './client-state.js';
import type { ServerProfile } from '../session/server-profile.js';
import { refusedLikeOldServer, transportsForUrl, type UrlTransport } from './url-target.js';
import { DEFAULT_MAX_PAGES, walkPages } from './pagination.js';
import type { CacheCallOptions, RetryCallOptions } from './call-options.js';
import type { ClientOptions } from './client-options.js';
import { RequestRunner } from './request-runner.js';
import type { PromiseRequestOptions } from './to-promise.js';

/** Options of a request's Observable. */
export interface CallOptions$ extends RequestOptions, RetryCallOptions {}

/** Options of a Promise-returning request. */
export interface CallOptions extends CallOptions$, PromiseRequestOptions {}

/** Options of a listing's Observable (the cursorless page is cacheable). */
export interface ListOptions$ extends CallOptions$, CacheCallOptions {}

/** Options of a Promise-returning listing. */
export interface ListOptions extends ListOptions$, PromiseRequestOptions {}

/** Options of the Observable of a request that may need input. */
export interface InputCallOptions$ extends InputRequiredOptions, RetryCallOptions, CacheCallOptions {}

/** Options of a Promise-returning request that may need input (`cacheMode` applies to `readResource`). */
export interface InputCallOptions extends InputCallOptions$, PromiseRequestOptions {}

/** What arrived while `connect` negotiated, replayed by the client's streams. */
interface ConnectBacklogs {
  readonly faults: readonly RxMcpError[];
  readonly warnings: readonly ClientWarning[];
}

/**
 * A connection to one MCP server. `T` is the type of its transport (`client.transport`): the
 * transport passed to `Client.connect`, the union of the HTTP and WebSocket transports
 * after a URL connect.
 *
 * @example
 * ```ts
 * await using client = await Client.connect('https://mcp.example.com/mcp');
 * const { tools } = await client.listTools();
 * const result = await client.callTool('echo', { text: 'hi' }, { timeoutMs: 5_000 });
 * client.callTool$('build', {}).subscribe((event) => console.log(event)); // progress, then the result
 * client.tools$.subscribe((tools) => render(tools));                      // kept current
 * ```
 */
export class Client<T extends Transport = Transport> implements AsyncDisposable {
  private readonly callbackFaults = new Subject<RxMcpError>();
  /** The listen streams' reconnect states, one source of `state$`. */
  private readonly listenStates = new Subject<StreamStateEvent>();
  private readonly closing = new Subject<void>();
  private readonly updates: ResourceUpdates;
  private readonly runner: RequestRunner;
  private readonly maxPages: number;

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
   * while `connect` negotiated (at most 100), as for `faults$`.
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
    /** The session underneath, for the lower-tier API. */
    readonly session: ClientSession,
    private readonly options: ClientOptions,
    /** The response cache, unless the `cache` option turned it off. */
    readonly cache: ResponseCache | undefined,
    backlogs: ConnectBacklogs,
  ) {
    const dispatcher = session.dispatcher;
    this.runner = new RequestRunner(session, {
      cache,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      maxRounds: options.inputRequiredMaxRounds ?? DEFAULT_INPUT_REQUIRED_MAX_ROUNDS,
      reportCallbackError: (error) => this.callbackFaults.next(new CallbackError('onProgress', error)),
    });
    this.maxPages = options.listMaxPages ?? DEFAULT_MAX_PAGES;
    this.notifications$ = dispatcher.notifications$;
    this.faults$ = withBacklog(backlogs.faults, merge(dispatcher.faults$, this.callbackFaults));
    const warnings$ = cache === undefined ? session.warnings$ : merge(session.warnings$, cache.warnings$.pipe(map(cacheWarning)));
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
    const transportStates = dispatcher.transport.streamState$?.pipe(takeUntil(this.closing));
    this.state$ = connectionState$({
      streamStates: transportStates === undefined ? [this.listenStates] : [transportStates, this.listenStates],
      closed: dispatcher.notifications$,
      reason: () => dispatcher.closeReason ?? new ConnectionClosedError(),
    });
    ({ tools$: this.tools$, prompts$: this.prompts$, resources$: this.resources$, resourceTemplates$: this.resourceTemplates$ } = liveLists(this, this.closing, this.reportFault));
    this.updates = new ResourceUpdates(this, this.reportFault);
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
  static async connect(target: Transport | InProcessServer | string | URL, options: ClientOptions = {}): Promise<Client> {
    const mode = checkClientOptions(options);
    if (typeof target !== 'string' && !(target instanceof URL) && typeof (target as { connect?: unknown } | null)?.connect !== 'function') {
      refuseOption('target', 'a transport, a URL, or an in-process server', target);
    }
    const guard = ConnectGuard.start(options);
    try {
      return await Client.connectWithin(guard, target, options, mode);
    } finally {
      guard.dispose();
    }
  }

  /** `connect`, bounded by `guard`, with the options already checked. */
  private static async connectWithin(guard: ConnectGuard, target: Transport | InProcessServer | string | URL, options: ClientOptions, mode: ConnectMode): Promise<Client> {
    const cache = responseCacheFor(options.cache, serverUrlOf(target));
    if (typeof target === 'string' || target instanceof URL) {
      const candidates = transportsForUrl(target, options);
      for (const [index, transport] of candidates.entries()) {
        try {
          return await Client.open(transport, { ...options, mode: transport.kind === 'sse' && mode === 'auto' ? 'legacy' : mode }, cache, guard);
        } catch (error) {
          if (index === candidates.length - 1 || !refusedLikeOldServer(error)) throw error;
        }
      }
    }
    const transport = isInProcessServer(target as Transport | InProcessServer)
      ? await inProcessTransport(target as InProcessServer, { raiseExceptions: options.raiseExceptions ?? false })
      : (target as Transport);
    return Client.open(transport, { ...options, mode }, cache, guard);
  }

  /**
   * Connects over `transport` and negotiates, within `guard`: when it trips, the connection is
   * closed and its reason thrown. Faults and warnings of the negotiation are kept for the client.
   */
  private static async open(transport: Transport, options: ClientOptions & { mode: ConnectMode }, cache: ResponseCache | undefined, guard: ConnectGuard): Promise<Client> {
    guard.check();
    const dispatcher = new Dispatcher(transport);
    const session = new ClientSession(dispatcher, options);
    const faults = new ConnectBacklog(dispatcher.faults$);
    const warnings = new ConnectBacklog(session.warnings$);
    dispatcher.start();
    try {
      await guard.bound(negotiate(session, options.mode, { priorDiscover: options.priorDiscover, transportKind: transport.kind }));
    } catch (error) {
      faults.seal();
      warnings.seal();
      await dispatcher.close();
      // The connection ended because the server could not be reached: that is the story, not
      // the closed connection the negotiation's request saw.
      const ended = dispatcher.closeReason?.cause;
      throw ended instanceof ConnectError ? ended : error;
    }
    return new Client(session, options, cache, { faults: faults.seal(), warnings: warnings.seal() });
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

  /** What the server offers. */
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

  /** The `server/discover` result (modern connections). */
  get discoverResult(): DiscoverResult | undefined {
    return this.serverProfile.discoverResult;
  }

  /** True until the connection closes. */
  get connected(): boolean {
    return this.session.dispatcher.state === 'open';
  }

  // ---- requests ----------------------------------------------------------------------------------

  /** `ping` (legacy connections; 2026-07-28 has no ping). */
  ping(options: CallOptions = {}): Promise<EmptyResult> {
    return this.runner.run(() => this.session.pingRequest(options), options);
  }

  /** `ping` as an Observable. */
  ping$(options: CallOptions$ = {}): Observable<RequestEvent<EmptyResult>> {
    return defer(() => this.runner.events$(this.session.pingRequest(options), options));
  }

  /**
   * Sets the server's log level. Legacy: `logging/setLevel`. 2026-07-28 has no such request:
   * the level is stamped on every later request instead (`_meta` logLevel), which is how a
   * modern server learns it.
   */
  async setLoggingLevel(level: LoggingLevel, options: CallOptions = {}): Promise<void> {
    checkOneOf('level', level, LOGGING_LEVELS);
    if (this.era === 'modern') {
      this.session.logLevel = level;
      return;
    }
    await this.runner.run(() => this.session.setLoggingLevelRequest(level, options), options);
  }

  /** One page of tools (pass `cursor` for the next page). The first page is served through the cache. */
  listTools(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListToolsResult> {
    return this.runner.listing(() => this.session.listToolsRequest(params, options), params.cursor, options, this.absorbTools);
  }

  /** One page of tools, as an Observable. */
  listTools$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListToolsResult>> {
    return defer(() => this.runner.listing$(this.session.listToolsRequest(params, options), params.cursor, options, this.absorbTools));
  }

  /** Every tool, across all pages. */
  async listAllTools(options: ListOptions = {}): Promise<Tool[]> {
    const tools = await walkPages('tools/list', (cursor) => this.listTools({ cursor }, options), (page) => page.tools, this.maxPages);
    this.session.tools.settle(tools.map((tool) => tool.name));
    return tools;
  }

  /**
   * Calls a tool: progress events, then the result. Unsubscribing before the result cancels the
   * call on the server. `input_required` rounds are answered through the callbacks; the result
   * is checked against the tool's output schema.
   */
  callTool$(name: string, args?: JsonObject, options: InputCallOptions$ = {}): Observable<RequestEvent<CallToolResult>> {
    const attempt$ = defer(() => this.runner.rounds$(this.session.callToolRequest(name, args, { ...options, allowInputRequired: true }), options));
    return attempt$.pipe(
      catchError((error: unknown) => (this.headersWereStale(error) ? from(this.relistTools()).pipe(concatMap(() => attempt$)) : throwError(() => error))),
      this.validateOutput(name),
    );
  }

  /**
   * Calls a tool. A tool that fails reports it in the result (`isError: true`), not by throwing.
   * On 2026-07-28 connections, a server that rejects the call's `Mcp-Param-*` headers (-32020:
   * they were computed from a stale listing, or none) makes the client re-list the tools and
   * call once more.
   */
  callTool(name: string, args?: JsonObject, options: InputCallOptions = {}): Promise<CallToolResult> {
    const attempt = (): Promise<CallToolResult> => this.runner.runRounds(() => this.session.callToolRequest(name, args, { ...options, allowInputRequired: true }), options);
    const validated = (result: CallToolResult): Promise<CallToolResult> | CallToolResult => {
      const validating = this.session.checkToolResult(name, result);
      return validating === undefined ? result : validating.then(() => result);
    };
    return attempt().then(validated, (error: unknown) => {
      if (!this.headersWereStale(error)) throw error;
      return this.relistTools().then(attempt).then(validated);
    });
  }

  /** One page of prompts. */
  listPrompts(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListPromptsResult> {
    return this.runner.listing(() => this.session.listPromptsRequest(params, options), params.cursor, options);
  }

  /** One page of prompts, as an Observable. */
  listPrompts$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListPromptsResult>> {
    return defer(() => this.runner.listing$(this.session.listPromptsRequest(params, options), params.cursor, options));
  }

  /** Every prompt, across all pages. */
  listAllPrompts(options: ListOptions = {}): Promise<Prompt[]> {
    return walkPages('prompts/list', (cursor) => this.listPrompts({ cursor }, options), (page) => page.prompts, this.maxPages);
  }

  /** Expands a prompt (`input_required` rounds answered through the callbacks). */
  getPrompt(name: string, args?: Record<string, string>, options: InputCallOptions = {}): Promise<GetPromptResult> {
    return this.runner.runRounds(() => this.session.getPromptRequest(name, args, { ...options, allowInputRequired: true }), options);
  }

  /** Expands a prompt, as an Observable. */
  getPrompt$(name: string, args?: Record<string, string>, options: InputCallOptions$ = {}): Observable<RequestEvent<GetPromptResult>> {
    return defer(() => this.runner.rounds$(this.session.getPromptRequest(name, args, { ...options, allowInputRequired: true }), options));
  }

  /** One page of resources. */
  listResources(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListResourcesResult> {
    return this.runner.listing(() => this.session.listResourcesRequest(params, options), params.cursor, options);
  }

  /** One page of resources, as an Observable. */
  listResources$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListResourcesResult>> {
    return defer(() => this.runner.listing$(this.session.listResourcesRequest(params, options), params.cursor, options));
  }

  /** Every resource, across all pages. */
  listAllResources(options: ListOptions = {}): Promise<Resource[]> {
    return walkPages('resources/list', (cursor) => this.listResources({ cursor }, options), (page) => page.resources, this.maxPages);
  }

  /** One page of resource templates. */
  listResourceTemplates(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListResourceTemplatesResult> {
    return this.runner.listing(() => this.session.listResourceTemplatesRequest(params, options), params.cursor, options);
  }

  /** One page of resource templates, as an Observable. */
  listResourceTemplates$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListResourceTemplatesResult>> {
    return defer(() => this.runner.listing$(this.session.listResourceTemplatesRequest(params, options), params.cursor, options));
  }

  /** Every resource template, across all pages. */
  listAllResourceTemplates(options: ListOptions = {}): Promise<ResourceTemplate[]> {
    return walkPages(
      'resources/templates/list',
      (cursor) => this.listResourceTemplates({ cursor }, options),
      (page) => page.resourceTemplates,
      this.maxPages,
    );
  }

  /**
   * Reads a resource (`input_required` rounds answered through the callbacks), through the
   * cache: a fresh entry for `uri` is served without a request.
   */
  readResource(uri: string, options: InputCallOptions = {}): Promise<ReadResourceResult> {
    return this.runner.read(() => this.session.readResourceRequest(uri, { ...options, allowInputRequired: true }), uri, options);
  }

  /** Reads a resource, as an Observable. */
  readResource$(uri: string, options: InputCallOptions$ = {}): Observable<RequestEvent<ReadResourceResult>> {
    return defer(() => this.runner.read$(this.session.readResourceRequest(uri, { ...options, allowInputRequired: true }), uri, options));
  }

  /** `resources/subscribe` (legacy connections; see `resourceUpdates$` for both eras). */
  async subscribeResource(uri: string, options: CallOptions = {}): Promise<void> {
    await this.runner.run(() => this.session.subscribeResourceRequest(uri, options), options);
  }

  /** `resources/unsubscribe` (legacy connections). */
  async unsubscribeResource(uri: string, options: CallOptions = {}): Promise<void> {
    await this.runner.run(() => this.session.unsubscribeResourceRequest(uri, options), options);
  }

  /** Completion suggestions for an argument of a prompt or a resource template. */
  complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>, options: CallOptions = {}): Promise<CompleteResult> {
    return this.runner.run(() => this.session.completeRequest(ref, argument, contextArguments, options), options);
  }

  /** Completion suggestions, as an Observable. */
  complete$(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>, options: CallOptions$ = {}): Observable<RequestEvent<CompleteResult>> {
    return defer(() => this.runner.events$(this.session.completeRequest(ref, argument, contextArguments, options), options));
  }

  /** Tells a legacy server the client's roots changed. */
  sendRootsListChanged(): void {
    this.session.sendRootsListChanged();
  }

  /** Sends a progress notification (for a request the server made of the client). */
  sendProgressNotification(progressToken: string | number, progress: number, total?: number, message?: string): void {
    this.session.sendProgressNotification(progressToken, progress, total, message);
  }

  // ---- streams -----------------------------------------------------------------------------------

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
   * `state$`; each re-opening is acknowledged anew, and notifications sent while it was down are
   * lost, so treat a later `acknowledged` event as "anything may have changed". After
   * `maxAttempts` failures in a row it fails with `ReconnectExhaustedError`; a stream the server
   * ends itself completes.
   */
  listen$(filter: SubscriptionFilter): Observable<ListenEvent> {
    return this.session
      .listen$(filter)
      .pipe(reconnect<ListenEvent>({ ...this.options.reconnect, stream: 'subscriptions/listen', isRetryable: isTransientError, onState: this.reportListenState }));
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

  /** Closes the connection (for stdio: the server process is stopped). Idempotent. */
  async close(): Promise<void> {
    this.closing.next();
    await this.session.dispatcher.close();
    this.callbackFaults.complete();
    this.cache?.close();
    this.listenStates.complete();
  }

  /** `await using client = …` closes the client at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** A -32020 on a 2026-07-28 connection: the `Mcp-Param-*` headers of a call did not match what the server expects. */
  private headersWereStale(error: unknown): boolean {
    return this.era === 'modern' && error instanceof McpError && error.code === ErrorCode.HeaderMismatch;
  }

  /** Lists the tools from the server (never from a cache), so a call's headers are computed afresh. */
  private async relistTools(): Promise<void> {
    await this.listAllTools({ cacheMode: 'refresh' });
  }

  /** A `tools/list` result (fetched, or a cache hit) teaches the session the tools' schemas and header bindings. */
  private readonly absorbTools = (page: ListToolsResult): void => this.session.tools.absorbCached(page, this.era);

  /** Checks a tool's final result against its output schema before it is emitted. */
  private validateOutput(name: string) {
    return concatMap((event: RequestEvent<CallToolResult>) => {
      const validating = event.type === 'result' ? this.session.checkToolResult(name, event.result) : undefined;
      return validating === undefined ? of(event) : from(validating.then(() => event));
    });
  }


  /** Reports an error of work the client did on its own (a refresh, an unsubscribe) on `faults$`. */
  private readonly reportFault = (what: string, error: unknown): void => {
    this.callbackFaults.next(error instanceof RxMcpError ? error : new CallbackError(what, error));
  };

  /** A listen stream's reconnect state, on `state$`. */
  private readonly reportListenState = (event: StreamStateEvent): void => this.listenStates.next(event);
}

/**
 * The response cache the `cache` option asks for (validated here, before anything connects), or
 * none. `serverUrl` is the server's identity when the client connects by URL.
 */
function responseCacheFor(option: boolean | CacheConfig | undefined, serverUrl: string | undefined): ResponseCache | undefined {
  if (option === false) return undefined;
  return new ResponseCache(option === true || option === undefined ? {} : option, { serverUrl });
}

/** The URL of a target that has one (a URL, or a transport to one), for the cache's server identity. */
function serverUrlOf(target: Transport | InProcessServer | string | URL): string | undefined {
  if (typeof target === 'string') return target;
  if (target instanceof URL) return target.href;
  const url = (target as { url?: unknown }).url;
  return typeof url === 'string' ? url : url instanceof URL ? url.href : undefined;
}

/** A cache warning as a client warning. */
function cacheWarning(warning: CacheWarning): ClientWarning {
  return { code: warning.code, message: warning.message, cause: warning.cause };
}
