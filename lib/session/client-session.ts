/**
 * `ClientSession`: the typed protocol layer over a {@link Dispatcher}.
 *
 * It holds what negotiation settled (a {@link ServerProfile}), stamps every request for the
 * negotiated era (the `_meta` envelope on modern connections), applies deadlines, and validates
 * results. Each request is a cold Observable of progress events and a result, as the dispatcher
 * makes it; the `Client` puts its Promise API and conveniences on top.
 */
import { Observable, Subject } from 'rxjs';
import type * as z from 'zod';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { RequestSpec } from '../dispatch/request-spec.js';
import { ConnectionClosedError, UnexpectedInputRequiredError, UnsupportedInProtocolVersionError } from '../protocol/errors.js';
import { freezeResult } from '../protocol/freeze.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { decodeResult, type DecodedResult } from '../protocol/result-type.js';
import { methodEntry } from '../protocol/methods.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { CompleteResult, CompletionReference } from '../protocol/schemas/completion.js';
import { CompleteResultSchema } from '../protocol/schemas/completion.js';
import type { InputRequest, InputRequiredResult } from '../protocol/schemas/input-required.js';
import { DiscoverResultSchema, EmptyResultSchema, InitializeResultSchema, type DiscoverResult, type InitializeResult } from '../protocol/schemas/lifecycle.js';
import type { LoggingLevel } from '../protocol/schemas/logging.js';
import { GetPromptResultSchema, ListPromptsResultSchema } from '../protocol/schemas/prompts.js';
import { ListResourcesResultSchema, ListResourceTemplatesResultSchema, ReadResourceResultSchema } from '../protocol/schemas/resources.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import { CallToolResultSchema, ListToolsResultSchema, type CallToolResult, type ListToolsResult } from '../protocol/schemas/tools.js';
import { createJsonSchemaValidator } from '../validation/json-schema-validator.js';
import { ToolOutputValidator } from '../validation/tool-output-validator.js';
import { LATEST_LEGACY_PROTOCOL_VERSION, LATEST_MODERN_PROTOCOL_VERSION, type ModernProtocolVersion, type ProtocolEra, type ProtocolVersion } from '../protocol/versions.js';
import { RXMCP_VERSION } from '../protocol/rxmcp-version.js';
import { adoptionOf, checkInitializeVersion } from './adoption.js';
import { CallbackDelivery } from './callback-delivery.js';
import { checkRequestOptions, checkSessionOptions } from './check-options.js';
import { capabilitiesFor, type ClientCallbacks, type InputRequestContext } from './client-callbacks.js';
import type { ClientWarning } from './client-warning.js';
import { envelopeMeta, type EnvelopeFields } from './envelope.js';
import { listen$ as listenStream, type ListenEvent } from './listen.js';
import type { ClientSessionOptions, InputRequiredOptions, RequestOptions } from './session-options.js';
import { SessionRequest, type ResultMode, type SessionRequestSettings } from './session-request.js';
import { ToolCatalog } from './tool-catalog.js';
import { ToolResultCheck } from './tool-result-check.js';
import type { ServerProfile } from './server-profile.js';
import { withVersionCorrection } from './version-correction.js';

export type { ListenEvent } from './listen.js';

/** The default idle timeout of a request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The default time a discover probe waits. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

const DEFAULT_CLIENT_INFO: Implementation = { name: 'rxmcp', version: RXMCP_VERSION };

/** The typed protocol layer of one connection. */
export class ClientSession {
  /** Who the client says it is. */
  readonly clientInfo: Implementation;
  private readonly baseCapabilities: ClientCapabilities;
  private readonly callbacks: ClientCallbacks;
  private readonly delivery: CallbackDelivery;
  private readonly requestTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private profile: ServerProfile | undefined;
  /** The modern envelope's fields, fixed at adoption (undefined on legacy connections). */
  private envelope: EnvelopeFields | undefined;
  private readonly warningSubject = new Subject<ClientWarning>();
  private readonly toolResults: ToolResultCheck;
  /** What the last listing said about the server's tools. */
  readonly tools: ToolCatalog;
  /** The log level stamped on modern requests; `setLoggingLevel` changes it there. */
  logLevel: LoggingLevel | undefined;

  /** Things the session did on its own that you may want to know (a tool left out…). Hot. */
  readonly warnings$: Observable<ClientWarning> = this.warningSubject.asObservable();

  constructor(
    /** The dispatcher underneath: ids, pending requests, notifications. */
    readonly dispatcher: Dispatcher,
    options: ClientSessionOptions = {},
  ) {
    checkSessionOptions(options);
    this.clientInfo = options.clientInfo ?? DEFAULT_CLIENT_INFO;
    this.baseCapabilities = options.capabilities ?? {};
    this.callbacks = options;
    this.delivery = new CallbackDelivery(dispatcher, options);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.logLevel = options.logLevel;
    this.tools = new ToolCatalog(new ToolOutputValidator(options.jsonSchemaValidator ?? createJsonSchemaValidator()), (warning) =>
      this.warningSubject.next(warning),
    );
    this.toolResults = new ToolResultCheck(this.tools, () => lastResultOf(this.listTools$()), (warning) => this.warningSubject.next(warning));
    dispatcher.notificationsOf('notifications/tools/list_changed').subscribe(() => this.tools.invalidate());
  }

  /** The capabilities the client declares in the negotiated era (before negotiation: the legacy set). */
  get capabilities(): ClientCapabilities {
    return capabilitiesFor(this.era ?? 'legacy', this.callbacks, this.baseCapabilities);
  }

  /** What negotiation settled, or `undefined` before it did. */
  get serverProfile(): ServerProfile | undefined {
    return this.profile;
  }

  /** The negotiated protocol version. */
  get protocolVersion(): ProtocolVersion | undefined {
    return this.profile?.protocolVersion;
  }

  /** The negotiated era. */
  get era(): ProtocolEra | undefined {
    return this.profile?.era;
  }

  /** The `initialize` result (legacy connections). */
  get initializeResult(): InitializeResult | undefined {
    return this.profile?.initializeResult;
  }

  /** The `server/discover` result (modern connections). */
  get discoverResult(): DiscoverResult | undefined {
    return this.profile?.discoverResult;
  }

  /** The server's identity, when it stated one. */
  get serverInfo(): Implementation | undefined {
    return this.profile?.serverInfo;
  }

  /** What the server offers. */
  get serverCapabilities(): ServerProfile['capabilities'] | undefined {
    return this.profile?.capabilities;
  }

  /** The server's instructions for the model. */
  get instructions(): string | undefined {
    return this.profile?.instructions;
  }

  /**
   * The legacy handshake: `initialize` at the newest handshake version, then
   * `notifications/initialized`, then (with a `logLevel`, when the server has the `logging`
   * capability) `logging/setLevel`. Idempotent: a second call returns the first result. Throws
   * {@link UnsupportedProtocolVersionError} if the server answers with a version rxmcp does not
   * speak.
   */
  async initialize(): Promise<InitializeResult> {
    if (this.profile?.initializeResult !== undefined) return this.profile.initializeResult;
    const result = await this.rawRequest(
      'initialize',
      { protocolVersion: LATEST_LEGACY_PROTOCOL_VERSION, capabilities: capabilitiesFor('legacy', this.callbacks, this.baseCapabilities), clientInfo: this.clientInfo },
      InitializeResultSchema,
      this.requestTimeoutMs,
    );
    checkInitializeVersion(result);
    this.adopt(result);
    this.dispatcher.notify('notifications/initialized');
    await this.sendInitialLogLevel(result);
    return result;
  }

  /**
   * The `logLevel` option on a legacy connection: `logging/setLevel`, if the server has `logging`,
   * waiting for the answer as long as a probe (`probeTimeoutMs`). A refusal or a timeout is a
   * warning (the server's logs are then unfiltered); a connection that closed meanwhile is the
   * handshake's failure.
   */
  private async sendInitialLogLevel(result: InitializeResult): Promise<void> {
    const level = this.logLevel;
    if (level === undefined || result.capabilities.logging === undefined) return;
    try {
      await lastResultOf(this.dispatcher.send$(this.setLoggingLevelRequest(level, { timeoutMs: this.probeTimeoutMs })));
    } catch (error) {
      if (error instanceof ConnectionClosedError) throw error;
      this.warningSubject.next({ code: 'log-level-failed', message: `The server did not accept logging/setLevel '${level}'; its log messages are not filtered`, cause: error });
    }
  }

  /**
   * Sends one `server/discover` at `version` and returns the validated result, without adopting
   * it. The probe is never cancelled on the wire (a legacy server may not understand the notice).
   */
  async sendDiscover(version: ModernProtocolVersion = LATEST_MODERN_PROTOCOL_VERSION): Promise<DiscoverResult> {
    const clientCapabilities = capabilitiesFor('modern', this.callbacks, this.baseCapabilities);
    const params = { _meta: envelopeMeta({ protocolVersion: version, clientInfo: this.clientInfo, clientCapabilities }) };
    const result = await this.rawRequest('server/discover', params, DiscoverResultSchema, this.probeTimeoutMs);
    return { ...result, ttlMs: result.ttlMs === undefined ? undefined : Math.max(0, result.ttlMs) };
  }

  /**
   * Discovers the server (modern era) and adopts the result. A -32022 naming a version both sides
   * support is retried once at that version, even when it is the version just refused (a server
   * may reject a first request and accept the same version on the retry; the rule is
   * `version-correction.ts`'s). Idempotent.
   */
  async discover(): Promise<DiscoverResult> {
    if (this.profile?.discoverResult !== undefined) return this.profile.discoverResult;
    return withVersionCorrection(async (version) => {
      const result = await this.sendDiscover(version);
      this.adopt(result);
      return result;
    });
  }

  /**
   * Adopts a negotiation result without any wire traffic: a discover result makes the connection
   * modern (at the newest version both sides list), an initialize result makes it legacy.
   * Replaces whatever was adopted before.
   */
  adopt(result: DiscoverResult | InitializeResult): void {
    const adoption = adoptionOf(result, this.clientInfo, () => capabilitiesFor('modern', this.callbacks, this.baseCapabilities));
    this.profile = adoption.profile;
    this.envelope = adoption.envelope;
    this.delivery.install(adoption.envelope === undefined);
  }

  /**
   * Describes a request of this session for the dispatcher: stamped for the negotiated era, with
   * the session's default deadline and log level, its result validated by `schema` per `mode`.
   * Run it with `dispatcher.run` or `dispatcher.send$`.
   */
  describe<S extends z.ZodType, M extends ResultMode>(
    method: string,
    params: JsonObject | undefined,
    schema: S,
    mode: M,
    options: RequestOptions = {},
    headers: Readonly<Record<string, string>> | undefined = options.headers,
  ): SessionRequest<S, M> {
    checkRequestOptions(options);
    const settings: SessionRequestSettings = {
      timeoutMs: options.timeoutMs ?? this.requestTimeoutMs,
      totalTimeoutMs: options.totalTimeoutMs,
      headers,
      meta: options.meta,
      logLevel: options.logLevel ?? this.logLevel,
      reissueOnBrokenStream: options.reissueOnBrokenStream,
    };
    return new SessionRequest(method, params, schema, mode, this.envelope, settings);
  }

  /**
   * Any request, stamped for the negotiated era, with deadlines, its result validated by
   * `schema`. Emits progress events, then the decoded result (`complete` or `input_required`).
   */
  request$<S extends z.ZodType>(method: string, params: JsonObject | undefined, schema: S, options: RequestOptions = {}): Observable<RequestEvent<DecodedResult<z.output<S>>>> {
    return this.dispatcher.send$(this.describe(method, params, schema, 'decoded', options));
  }

  /** Like `request$`, as a Promise of the complete result (an `input_required` answer fails). */
  sendRequest<S extends z.ZodType>(method: string, params: JsonObject | undefined, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    return lastResultOf(this.dispatcher.send$(this.describe(method, params, schema, 'complete', options)));
  }

  /** Sends a notification. Dropped silently once the connection is closed. */
  sendNotification(method: string, params?: JsonObject): void {
    this.dispatcher.notify(method, params);
  }

  // ---- typed requests (each a description to run, and its Observable) ---------------------------

  /** `ping` (legacy only: removed in 2026-07-28). */
  pingRequest(options?: RequestOptions): SessionRequest<typeof EmptyResultSchema, 'complete'> {
    this.requireEra('ping');
    return this.describe('ping', undefined, EmptyResultSchema, 'complete', options);
  }

  /** `logging/setLevel` (legacy only). */
  setLoggingLevelRequest(level: LoggingLevel, options?: RequestOptions): SessionRequest<typeof EmptyResultSchema, 'complete'> {
    this.requireEra('logging/setLevel');
    return this.describe('logging/setLevel', { level }, EmptyResultSchema, 'complete', options);
  }

  /** `tools/list`: one page (pass the previous page's `nextCursor` to get the next). */
  listToolsRequest(params: { cursor?: string } = {}, options?: RequestOptions): RequestSpec<ListToolsResult> {
    const request = this.describe('tools/list', cursorParams(params.cursor), ListToolsResultSchema, 'complete', options);
    const era = this.era ?? 'legacy';
    return {
      method: request.method,
      options: request.options,
      buildParams: (id) => request.buildParams(id),
      decode: (raw) => {
        const page = request.decode(raw);
        return this.tools.absorb(page, era, params.cursor === undefined && page.nextCursor === undefined);
      },
    };
  }

  /** `tools/list` as an Observable. */
  listTools$(params: { cursor?: string } = {}, options?: RequestOptions): Observable<RequestEvent<ListToolsResult>> {
    return this.dispatcher.send$(this.listToolsRequest(params, options));
  }

  /**
   * `tools/call`. On modern connections the `Mcp-Param-*` headers of the tool's `x-mcp-header`
   * annotations are computed from the last listing. With `allowInputRequired`, an
   * `input_required` result is its result instead of an error.
   */
  callToolRequest(name: string, args: JsonObject | undefined, options: InputRequiredOptions & { allowInputRequired: true }): SessionRequest<typeof CallToolResultSchema, 'complete-or-input'>;
  /** The `tools/call` request description, for `dispatcher.send$` or the operators. */
  callToolRequest(name: string, args?: JsonObject, options?: InputRequiredOptions): SessionRequest<typeof CallToolResultSchema, 'complete'>;
  callToolRequest(name: string, args?: JsonObject, options: InputRequiredOptions = {}): SessionRequest<typeof CallToolResultSchema, ResultMode> {
    const params = withInputParams(args === undefined ? { name } : { name, arguments: args }, options);
    const paramHeaders = this.era === 'modern' ? this.tools.headersFor(name, args) : undefined;
    const headers = paramHeaders === undefined ? options.headers : Object.assign({}, options.headers, paramHeaders);
    return this.describe('tools/call', params, CallToolResultSchema, inputMode(options), options, headers);
  }

  /** `tools/call` as an Observable. */
  callTool$(name: string, args: JsonObject | undefined, options: InputRequiredOptions & { allowInputRequired: true }): Observable<RequestEvent<CallToolResult | InputRequiredResult>>;
  /** Calls a tool: progress events, then the result (input rounds driven with the callbacks). */
  callTool$(name: string, args?: JsonObject, options?: InputRequiredOptions): Observable<RequestEvent<CallToolResult>>;
  callTool$(name: string, args?: JsonObject, options: InputRequiredOptions = {}): Observable<RequestEvent<CallToolResult | InputRequiredResult>> {
    return this.dispatcher.send$(this.callToolRequest(name, args, options) as SessionRequest<typeof CallToolResultSchema, ResultMode>) as Observable<
      RequestEvent<CallToolResult | InputRequiredResult>
    >;
  }

  /** `prompts/list`: one page. */
  listPromptsRequest(params: { cursor?: string } = {}, options?: RequestOptions): SessionRequest<typeof ListPromptsResultSchema, 'complete'> {
    return this.describe('prompts/list', cursorParams(params.cursor), ListPromptsResultSchema, 'complete', options);
  }

  /** `prompts/get`: a prompt expanded with `args` (strings). */
  getPromptRequest(name: string, args?: Record<string, string>, options: InputRequiredOptions = {}): SessionRequest<typeof GetPromptResultSchema, ResultMode> {
    const params = withInputParams(args === undefined ? { name } : { name, arguments: args }, options);
    return this.describe('prompts/get', params, GetPromptResultSchema, inputMode(options), options);
  }

  /** `resources/list`: one page. */
  listResourcesRequest(params: { cursor?: string } = {}, options?: RequestOptions): SessionRequest<typeof ListResourcesResultSchema, 'complete'> {
    return this.describe('resources/list', cursorParams(params.cursor), ListResourcesResultSchema, 'complete', options);
  }

  /** `resources/templates/list`: one page. */
  listResourceTemplatesRequest(params: { cursor?: string } = {}, options?: RequestOptions): SessionRequest<typeof ListResourceTemplatesResultSchema, 'complete'> {
    return this.describe('resources/templates/list', cursorParams(params.cursor), ListResourceTemplatesResultSchema, 'complete', options);
  }

  /** `resources/read`. */
  readResourceRequest(uri: string, options: InputRequiredOptions = {}): SessionRequest<typeof ReadResourceResultSchema, ResultMode> {
    return this.describe('resources/read', withInputParams({ uri }, options), ReadResourceResultSchema, inputMode(options), options);
  }

  /** `resources/subscribe` (legacy only; on 2026-07-28 use `listen$`). */
  subscribeResourceRequest(uri: string, options?: RequestOptions): SessionRequest<typeof EmptyResultSchema, 'complete'> {
    this.requireEra('resources/subscribe');
    return this.describe('resources/subscribe', { uri }, EmptyResultSchema, 'complete', options);
  }

  /** `resources/unsubscribe` (legacy only). */
  unsubscribeResourceRequest(uri: string, options?: RequestOptions): SessionRequest<typeof EmptyResultSchema, 'complete'> {
    this.requireEra('resources/unsubscribe');
    return this.describe('resources/unsubscribe', { uri }, EmptyResultSchema, 'complete', options);
  }

  /** `completion/complete`: suggestions for one argument of a prompt or resource template. */
  completeRequest(
    ref: CompletionReference,
    argument: { name: string; value: string },
    contextArguments?: Record<string, string>,
    options?: RequestOptions,
  ): SessionRequest<typeof CompleteResultSchema, 'complete'> {
    const params: JsonObject = contextArguments === undefined ? { ref, argument } : { ref, argument, context: { arguments: contextArguments } };
    return this.describe('completion/complete', params, CompleteResultSchema, 'complete', options);
  }

  /** Runs any of the descriptions above as an Observable. */
  run$<R>(request: RequestSpec<R>): Observable<RequestEvent<R>> {
    return this.dispatcher.send$(request);
  }

  /** `notifications/roots/list_changed` (legacy only: tells the server to ask for the roots again). */
  sendRootsListChanged(): void {
    this.requireEra('notifications/roots/list_changed');
    this.dispatcher.notify('notifications/roots/list_changed');
  }

  /** A `notifications/progress` from the client (for a request the server sent). */
  sendProgressNotification(progressToken: string | number, progress: number, total?: number, message?: string): void {
    const params: JsonObject = { progressToken, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    this.dispatcher.notify('notifications/progress', params);
  }

  /** The result of `completion/complete` for a resource template or prompt, as a Promise. */
  complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>): Promise<CompleteResult> {
    return lastResultOf(this.dispatcher.send$(this.completeRequest(ref, argument, contextArguments)));
  }

  // ---- what the server asks of the client ------------------------------------------------------

  /** Answers one request the server made of the client, with the client's callbacks. */
  dispatchInputRequest(method: string, params: JsonObject | undefined, context: InputRequestContext): Promise<JsonObject> {
    return this.delivery.answer(method, params, context);
  }

  /**
   * Answers all embedded requests of an `input_required` result at once. The first refusal
   * aborts the others and rejects with its error.
   */
  fulfilInputRequests(requests: Readonly<Record<string, InputRequest>>, signal: AbortSignal): Promise<Record<string, JsonObject>> {
    return this.delivery.fulfil(requests, signal);
  }

  // ---- output validation -------------------------------------------------------------------------

  /**
   * Checks a tool result against the tool's output schema: `structuredContent` must be present
   * and valid when the tool declares one (never for `isError` results). A tool not known yet
   * triggers one listing first; if that listing fails, the result goes unvalidated, with a warning.
   */
  validateToolResult(name: string, result: CallToolResult): Promise<void> {
    try {
      return this.toolResults.check(name, result) ?? Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `validateToolResult` without a Promise when none is needed: validates at once (throwing
   * its `ToolOutputValidationError`) and returns `undefined` when the tool's schema is known or
   * the result is an error; otherwise returns the Promise of listing the tools, then validating.
   */
  checkToolResult(name: string, result: CallToolResult): Promise<void> | undefined {
    return this.toolResults.check(name, result);
  }

  // ---- subscriptions/listen ------------------------------------------------------------------------

  /**
   * `subscriptions/listen` (2026-07-28): one long-lived request whose stream carries the change
   * notifications the filter opts in to. Emits the server's acknowledgement (the part of the
   * filter it honours) first, then the notifications tagged with this subscription. Completes
   * when the server ends the subscription; unsubscribing ends it on the server.
   */
  listen$(filter: SubscriptionFilter): Observable<ListenEvent> {
    return listenStream(this.dispatcher, () => {
      this.requireEra('subscriptions/listen');
      return this.describe('subscriptions/listen', { notifications: filter }, EmptyResultSchema, 'complete', { timeoutMs: 0 });
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Throws {@link UnsupportedInProtocolVersionError} when the negotiated era lacks `method` (its eras and hint are in the method registry). */
  private requireEra(method: string): void {
    const profile = this.profile;
    if (profile === undefined) return;
    const entry = methodEntry(method);
    if (entry !== undefined && !entry.eras.includes(profile.era)) throw new UnsupportedInProtocolVersionError(method, profile.protocolVersion, entry.otherEraHint);
  }

  /** A negotiation request: no progress token, never cancelled on the wire, its own deadline. */
  private rawRequest<S extends z.ZodType>(method: string, params: JsonObject, schema: S, timeoutMs: number): Promise<z.output<S>> {
    return lastResultOf(
      this.dispatcher.request$(method, params, { progressToken: false, cancelOnUnsubscribe: false, reissueOnBrokenStream: true, timeoutMs }, (result) => {
        const decoded = decodeResult(method, result, schema);
        if (decoded.resultType !== 'complete') throw new UnexpectedInputRequiredError(method, decoded.result);
        // frozen like every result (SessionRequest.decode): the handshake's results are the client's too
        return freezeResult(decoded.result);
      }),
    );
  }
}


/** Params with a cursor, or none. */
function cursorParams(cursor: string | undefined): JsonObject | undefined {
  return cursor === undefined ? undefined : { cursor };
}

/** Params seeded with a previous round's answers and state (resuming an input_required chain). */
function withInputParams(params: JsonObject, options: InputRequiredOptions): JsonObject {
  if (options.inputResponses !== undefined) params.inputResponses = options.inputResponses;
  if (options.requestState !== undefined) params.requestState = options.requestState;
  return params;
}

function inputMode(options: InputRequiredOptions): ResultMode {
  return options.allowInputRequired === true ? 'complete-or-input' : 'complete';
}

/** The result of a request Observable, as a Promise. */
function lastResultOf<R>(events$: Observable<RequestEvent<R>>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    events$.subscribe({
      next: (event) => {
        if (event.type === 'result') resolve(event.result);
      },
      error: reject,
    });
  });
}
