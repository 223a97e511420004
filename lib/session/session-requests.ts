/**
 * The typed requests of a session, one concept of `ClientSession`: what negotiation settled
 * (the {@link ServerProfile} and the modern envelope, which `ClientSession` adopts), and the
 * description of every request for the negotiated era (`describe` and one builder per method:
 * `_meta` stamped, the default deadline and log level, the result validated by its schema), run
 * as a cold Observable or a Promise. `ClientSession` extends it with negotiation, callbacks,
 * output validation and `listen$`.
 */
import { Subject, type Observable } from 'rxjs';
import type * as z from 'zod/mini';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { RequestSpec } from '../dispatch/request-spec.js';
import { UnsupportedInProtocolVersionError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { DecodedResult } from '../protocol/result-type.js';
import { methodEntry } from '../protocol/methods.js';
import { NO_OPTIONS } from '../protocol/option-checks.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { CompleteResult, CompletionReference } from '../protocol/schemas/completion.js';
import { CompleteResultSchema } from '../protocol/schemas/completion.js';
import type { InputRequiredResult } from '../protocol/schemas/input-required.js';
import { EmptyResultSchema, type DiscoverResult, type InitializeResult } from '../protocol/schemas/lifecycle.js';
import type { LoggingLevel } from '../protocol/schemas/logging.js';
import { GetPromptResultSchema, ListPromptsResultSchema } from '../protocol/schemas/prompts.js';
import { ListResourcesResultSchema, ListResourceTemplatesResultSchema, ReadResourceResultSchema } from '../protocol/schemas/resources.js';
import { CallToolResultSchema, ListToolsResultSchema, type CallToolResult, type ListToolsResult } from '../protocol/schemas/tools.js';
import type { ProtocolEra, ProtocolVersion } from '../protocol/versions.js';
import type { JsonSchemaValidator } from '../validation/json-schema-validator.js';
import { ToolOutputValidator } from '../validation/tool-output-validator.js';
import { checkRequestOptions } from './check-options.js';
import type { ClientWarning } from './client-warning.js';
import type { EnvelopeFields } from './envelope.js';
import type { InputRequiredOptions, RequestOptions, ResultClaimTable } from './session-options.js';
import { SessionRequest, type ResultMode, type SessionRequestSettings } from './session-request.js';
import { ToolCatalog } from './tool-catalog.js';
import type { ServerProfile } from './server-profile.js';

/** The typed requests of a session (see the module doc). */
export abstract class SessionRequests {
  /** What negotiation settled; set by adoption. */
  protected profile: ServerProfile | undefined;
  /** The modern envelope's fields, fixed at adoption (undefined on legacy connections). */
  protected envelope: EnvelopeFields | undefined;
  /** Where the session raises its warnings; `warnings$` is its Observable side. */
  protected readonly warningSubject = new Subject<ClientWarning>();
  /** What the last listing said about the server's tools. */
  readonly tools: ToolCatalog;
  /** The result types this session's extensions claim (see `ClientSessionOptions.resultClaims`). */
  protected resultClaims: ResultClaimTable | undefined;

  /** Things the session did on its own that you may want to know (a tool left out…). Hot. */
  readonly warnings$: Observable<ClientWarning> = this.warningSubject.asObservable();

  protected constructor(
    /** Runs the session's requests on the connection (timeouts, cancellation, progress). */
    readonly dispatcher: Dispatcher,
    /** The default idle timeout of a request. */
    protected readonly requestTimeoutMs: number,
    /** The log level stamped on modern requests; `setLoggingLevel` changes it there. */
    public logLevel: LoggingLevel | undefined,
    validator: JsonSchemaValidator,
  ) {
    this.tools = new ToolCatalog(new ToolOutputValidator(validator), (warning) => this.warningSubject.next(warning));
  }

  /** What negotiation settled, or `undefined` before it did. */
  get serverProfile(): ServerProfile | undefined {
    return this.profile;
  }

  /** True when this session's extensions claim some result type of `method`. */
  hasClaimsFor(method: string): boolean {
    return this.resultClaims?.has(method) === true;
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
   * Describes a request of this session for the dispatcher: stamped for the negotiated era, with
   * the session's default deadline and log level, its result validated by `schema` per `mode`.
   * Run it with `dispatcher.run` or `dispatcher.send$`.
   */
  describe<S extends z.core.$ZodType, M extends ResultMode>(
    method: string,
    params: JsonObject | undefined,
    schema: S,
    mode: M,
    options: RequestOptions = {},
    headers: Readonly<Record<string, string>> | undefined = options.headers,
    /** Yield a claimed result marked rather than fail (default: the options' `allowClaimed`). */
    allowClaimed: boolean | undefined = (options as InputRequiredOptions).allowClaimed,
  ): SessionRequest<S, M> {
    if (options !== NO_OPTIONS) checkRequestOptions(options);
    const settings: SessionRequestSettings = {
      timeoutMs: options.timeoutMs ?? this.requestTimeoutMs,
      totalTimeoutMs: options.totalTimeoutMs,
      headers,
      meta: options.meta,
      logLevel: options.logLevel ?? this.logLevel,
      reissueOnBrokenStream: options.reissueOnBrokenStream,
      cancelOnUnsubscribe: options.cancelOnUnsubscribe,
      claims: this.resultClaims?.get(method),
      allowClaimed,
    };
    return new SessionRequest(method, params, schema, mode, this.envelope, settings);
  }

  /**
   * Any request, stamped for the negotiated era, with deadlines, its result validated by
   * `schema`. Emits progress events, then the decoded result (`complete` or `input_required`).
   */
  request$<S extends z.core.$ZodType>(method: string, params: JsonObject | undefined, schema: S, options: RequestOptions & Pick<InputRequiredOptions, 'allowClaimed'> = {}): Observable<RequestEvent<DecodedResult<z.output<S>>>> {
    return this.dispatcher.send$(this.describe(method, params, schema, 'decoded', options));
  }

  /** Like {@link SessionRequests.request$}, as a Promise of the complete result (an `input_required` answer fails). */
  sendRequest<S extends z.core.$ZodType>(method: string, params: JsonObject | undefined, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
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
  /** `tools/call` without `allowInputRequired`: an `input_required` result fails the request. */
  callToolRequest(name: string, args?: JsonObject, options?: InputRequiredOptions): SessionRequest<typeof CallToolResultSchema, 'complete'>;
  callToolRequest(name: string, args?: JsonObject, options: InputRequiredOptions = {}): SessionRequest<typeof CallToolResultSchema, ResultMode> {
    return this.toolCallRequest(withInputParams(args === undefined ? { name } : { name, arguments: args }, options), options, inputMode(options));
  }

  /**
   * `tools/call` with its params as they go on the wire (`name`, `arguments`, and any
   * `inputResponses`/`requestState`); on modern connections with the `Mcp-Param-*` headers the
   * last listing gives for them. `allowClaimed` (default: the options') says whether a result
   * type an extension claims comes back marked (the client's claim stage resolves it).
   */
  toolCallRequest<M extends ResultMode>(params: JsonObject, options: RequestOptions, mode: M, allowClaimed?: boolean): SessionRequest<typeof CallToolResultSchema, M> {
    const paramHeaders = this.era === 'modern' ? this.tools.headersFor(params.name as string, params.arguments as JsonObject | undefined) : undefined;
    const headers = paramHeaders === undefined ? options.headers : Object.assign({}, options.headers, paramHeaders);
    return this.describe('tools/call', params, CallToolResultSchema, mode, options, headers, allowClaimed);
  }

  /** `tools/call` as an Observable. */
  callTool$(name: string, args: JsonObject | undefined, options: InputRequiredOptions & { allowInputRequired: true }): Observable<RequestEvent<CallToolResult | InputRequiredResult>>;
  /** `tools/call` as an Observable, without `allowInputRequired`: an `input_required` result fails it. */
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

  /** The result of `completion/complete` for a resource template or prompt, as a Promise. */
  complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>): Promise<CompleteResult> {
    return lastResultOf(this.dispatcher.send$(this.completeRequest(ref, argument, contextArguments)));
  }

  /** Throws {@link UnsupportedInProtocolVersionError} when the negotiated era lacks `method` (its eras and hint are in the method registry). */
  protected requireEra(method: string): void {
    const profile = this.profile;
    if (profile === undefined) return;
    const entry = methodEntry(method);
    if (entry !== undefined && !entry.eras.includes(profile.era)) throw new UnsupportedInProtocolVersionError(method, profile.protocolVersion, entry.otherEraHint);
  }

}

/** Params with a cursor, or none. */
function cursorParams(cursor: string | undefined): JsonObject | undefined {
  return cursor === undefined ? undefined : { cursor };
}

/** Params seeded with a previous round's answers and state (resuming an input_required chain); modifies and returns `params`. */
export function withInputParams(params: JsonObject, options: InputRequiredOptions): JsonObject {
  if (options.inputResponses !== undefined) params.inputResponses = options.inputResponses;
  if (options.requestState !== undefined) params.requestState = options.requestState;
  return params;
}

function inputMode(options: InputRequiredOptions): ResultMode {
  return options.allowInputRequired === true ? 'complete-or-input' : 'complete';
}

/** The result of a request Observable, as a Promise. */
export function lastResultOf<R>(events$: Observable<RequestEvent<R>>, signal?: AbortSignal): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const subscription = events$.subscribe({
      next: (event) => {
        if (event.type === 'result') resolve(event.result);
      },
      error: reject,
    });
    signal?.addEventListener(
      'abort',
      () => {
        subscription.unsubscribe();
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
