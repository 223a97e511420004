/**
 * The request methods every `Client` has, one concept of the client: each `$` method is one
 * line over the request chain (`lib/pipeline/`), each Promise method the same chain ended by the
 * one adapter of `to-promise.ts` (see `calls.ts`), plus the `listAll…` walks over the pages.
 * `Client` extends this class with the connection: `connect`, the streams, `close`.
 */
import { concatMap, defer, from, of, Subject, type Observable } from 'rxjs';
import type { ResponseCache } from '../cache/response-cache.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import { DEFAULT_RETRY_POLICY } from '../operators/retry.js';
import type { RxMcpError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { checkOneOf, NO_OPTIONS } from '../protocol/option-checks.js';
import type { CompleteResult, CompletionReference } from '../protocol/schemas/completion.js';
import type { EmptyResult } from '../protocol/schemas/lifecycle.js';
import { LOGGING_LEVELS, type LoggingLevel } from '../protocol/schemas/logging.js';
import type { GetPromptResult, ListPromptsResult, Prompt } from '../protocol/schemas/prompts.js';
import type { ListResourcesResult, ListResourceTemplatesResult, ReadResourceResult, Resource, ResourceTemplate } from '../protocol/schemas/resources.js';
import type { CallToolResult, ListToolsResult, Tool } from '../protocol/schemas/tools.js';
import type { PipelineHost } from '../pipeline/stage.js';
import { LazyJsonSchemaValidator } from '../validation/lazy-json-schema-validator.js';
import { withInputParams, type ClientSession } from '../session/client-session.js';
import type { InputRequiredOptions } from '../session/session-options.js';
import type { CallOptions, CallOptions$, InputCallOptions, InputCallOptions$, ListOptions, ListOptions$ } from './call-option-types.js';
import { CallbackError } from './callback-error.js';
import type { FinishResult } from './to-promise.js';
import { ClientCalls } from './calls.js';
import { extensionSetOf } from '../extensions/extension-set.js';
import type { ClientOptions } from './client-options.js';
import { DEFAULT_INPUT_REQUIRED_MAX_ROUNDS } from './connection-state.js';
import { DEFAULT_MAX_PAGES, walkPages } from './pagination.js';
import { ClientTasks } from '../tasks/client-tasks.js';
import { checkToolOutputOptions, ToolOutput, type ToolCallResult, type ToolOutputOptions } from './tool-output.js';

/** Options of `callTool`: a request that may need input, plus how its output is parsed. */
export interface ToolCallOptions<T = unknown> extends InputCallOptions, ToolOutputOptions<T> {}

/** Options of `callTool$`: those of its Observable, plus how its output is parsed. */
export interface ToolCallOptions$<T = unknown> extends InputCallOptions$, ToolOutputOptions<T> {}

/** The request methods of a client (see the module doc). */
export abstract class ClientRequests {
  /** Errors of the client's own callbacks and background work, one source of `faults$`. */
  protected readonly callbackFaults = new Subject<RxMcpError>();
  private readonly calls: ClientCalls;
  private readonly maxPages: number;
  /** Tasks by id (2026-07-28 tasks extension): `get`, `update`, `cancel`, `wait`, `task$`. */
  readonly tasks: ClientTasks;
  private readonly toolOutput: ToolOutput;
  /** `callTool`'s last step, one function for every call (see `ToolOutput.finish`). */
  private readonly finishToolCall: FinishResult<CallToolResult, ToolCallResult<unknown>>;

  protected constructor(
    /** The session underneath, for the lower-tier API. */
    readonly session: ClientSession,
    options: ClientOptions,
    /** The response cache, unless the `cache` option turned it off. */
    readonly cache: ResponseCache | undefined,
  ) {
    const host: PipelineHost = {
      session,
      cache,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      maxRounds: options.inputRequiredMaxRounds ?? DEFAULT_INPUT_REQUIRED_MAX_ROUNDS,
      relistTools: () => this.relistTools(),
      absorbTools: (page) => session.tools.absorbCached(page, session.era!),
      claims: extensionSetOf(options).resolvers.size === 0 ? undefined : extensionSetOf(options).resolvers,
      send$: (method, params, callOptions) => this.calls.events$(method, params, callOptions),
      send: (method, params, callOptions) => this.calls.result(method, params, callOptions),
    };
    this.calls = new ClientCalls(session, host, options.interceptors ?? {}, (error) => this.callbackFaults.next(new CallbackError('onProgress', error)), options.onProgress);
    // the listing output validation may need goes through the chain too (its interceptors see it), fresh, stored nowhere
    session.listToolsForValidationVia((signal) => this.listTools({}, { cacheMode: 'bypass', signal }));
    this.maxPages = options.listMaxPages ?? DEFAULT_MAX_PAGES;
    this.tasks = new ClientTasks({ session, send$: host.send$ });
    this.toolOutput = new ToolOutput(options.jsonSchemaValidator ?? new LazyJsonSchemaValidator(), options.raiseOnError ?? false);
    this.finishToolCall = (result, request) => this.toolOutput.finish(result, request);
  }

  // ---- requests: each one line over the chain (`pipeline/`), the Promise form ended by `to-promise.ts` ----

  /** `ping` (legacy connections; 2026-07-28 has no ping). */
  ping(options: CallOptions = {}): Promise<EmptyResult> {
    return this.calls.result('ping', undefined, options);
  }

  /** `ping` as an Observable. */
  ping$(options: CallOptions$ = {}): Observable<RequestEvent<EmptyResult>> {
    return this.calls.events$('ping', undefined, options);
  }

  /**
   * Sets the server's log level. Legacy: `logging/setLevel`. 2026-07-28 has no such request:
   * the level is stamped on every later request instead (`_meta` logLevel), which is how a
   * modern server learns it.
   */
  async setLoggingLevel(level: LoggingLevel, options: CallOptions = {}): Promise<void> {
    checkOneOf('level', level, LOGGING_LEVELS);
    if (this.session.era === 'modern') {
      this.session.logLevel = level;
      return;
    }
    await this.calls.result('logging/setLevel', { level }, options);
  }

  /** One page of tools (pass `cursor` for the next page). The first page is served through the cache. */
  listTools(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListToolsResult> {
    return this.calls.result('tools/list', cursorParams(params.cursor), options);
  }

  /** One page of tools, as an Observable. */
  listTools$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListToolsResult>> {
    return this.calls.events$('tools/list', cursorParams(params.cursor), options);
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
   * is checked against the tool's output schema, and given its parsed `data` with the same
   * `outputSchema` and `raiseOnError` handling as {@link ClientRequests.callTool} (a `ToolError`
   * or a `ToolOutputValidationError` ends the stream).
   */
  callTool$<T = unknown>(name: string, args?: JsonObject, options: ToolCallOptions$<T> = {}): Observable<RequestEvent<ToolCallResult<T>>> {
    return defer(() => {
      checkToolOutputOptions(options);
      return this.calls
        .events$<CallToolResult>('tools/call', namedParams(name, args, options), options)
        .pipe(
          concatMap((event): Observable<RequestEvent<ToolCallResult<T>>> => {
            if (event.type !== 'result') return of<RequestEvent<ToolCallResult<T>>>(event);
            const parsed = (): RequestEvent<ToolCallResult<T>> => ({ type: 'result', result: this.toolOutput.parse(name, event.result, options) });
            const loading = this.toolOutput.ready(event.result, options);
            return loading === undefined ? of(parsed()) : from(loading.then(parsed));
          }),
        );
    });
  }

  /**
   * Calls a tool. A tool that fails reports it in the result (`isError: true`), not by throwing,
   * unless `raiseOnError` (per call, or the client's) makes it a `ToolError`. The result has the
   * validated `structuredContent` as `data`, typed `T` (or by the `outputSchema` passed); every
   * field of the raw result is kept as sent (as on `callTool$`).
   * On 2026-07-28 connections, a server that rejects the call's `Mcp-Param-*` headers (-32020:
   * they were computed from a stale listing, or none) makes the client re-list the tools and
   * call once more.
   */
  callTool<T = unknown>(name: string, args?: JsonObject, options: ToolCallOptions<T> = NO_OPTIONS): Promise<ToolCallResult<T>> {
    if (options !== NO_OPTIONS) {
      try {
        checkToolOutputOptions(options);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.calls.result('tools/call', namedParams(name, args, options), options, this.finishToolCall as FinishResult<CallToolResult, ToolCallResult<T>>);
  }

  /** One page of prompts. */
  listPrompts(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListPromptsResult> {
    return this.calls.result('prompts/list', cursorParams(params.cursor), options);
  }

  /** One page of prompts, as an Observable. */
  listPrompts$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListPromptsResult>> {
    return this.calls.events$('prompts/list', cursorParams(params.cursor), options);
  }

  /** Every prompt, across all pages. */
  listAllPrompts(options: ListOptions = {}): Promise<Prompt[]> {
    return walkPages('prompts/list', (cursor) => this.listPrompts({ cursor }, options), (page) => page.prompts, this.maxPages);
  }

  /** Expands a prompt (`input_required` rounds answered through the callbacks). */
  getPrompt(name: string, args?: Record<string, string>, options: InputCallOptions = {}): Promise<GetPromptResult> {
    return this.calls.result('prompts/get', namedParams(name, args, options), options);
  }

  /** Expands a prompt, as an Observable. */
  getPrompt$(name: string, args?: Record<string, string>, options: InputCallOptions$ = {}): Observable<RequestEvent<GetPromptResult>> {
    return this.calls.events$('prompts/get', namedParams(name, args, options), options);
  }

  /** One page of resources. */
  listResources(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListResourcesResult> {
    return this.calls.result('resources/list', cursorParams(params.cursor), options);
  }

  /** One page of resources, as an Observable. */
  listResources$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListResourcesResult>> {
    return this.calls.events$('resources/list', cursorParams(params.cursor), options);
  }

  /** Every resource, across all pages. */
  listAllResources(options: ListOptions = {}): Promise<Resource[]> {
    return walkPages('resources/list', (cursor) => this.listResources({ cursor }, options), (page) => page.resources, this.maxPages);
  }

  /** One page of resource templates. */
  listResourceTemplates(params: { cursor?: string } = {}, options: ListOptions = {}): Promise<ListResourceTemplatesResult> {
    return this.calls.result('resources/templates/list', cursorParams(params.cursor), options);
  }

  /** One page of resource templates, as an Observable. */
  listResourceTemplates$(params: { cursor?: string } = {}, options: ListOptions$ = {}): Observable<RequestEvent<ListResourceTemplatesResult>> {
    return this.calls.events$('resources/templates/list', cursorParams(params.cursor), options);
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
    return this.calls.result('resources/read', withInputParams({ uri }, options), options);
  }

  /**
   * An extension's own request (`skills/list`, a vendor verb): sent through the chain as it is,
   * its result any object (validate it yourself). A method of the core protocol has its own
   * method here and is refused (`TypeError`).
   */
  request(method: string, params?: JsonObject, options: CallOptions = {}): Promise<JsonObject> {
    return this.calls.result(method, params, options);
  }

  /** Reads a resource, as an Observable. */
  readResource$(uri: string, options: InputCallOptions$ = {}): Observable<RequestEvent<ReadResourceResult>> {
    return this.calls.events$('resources/read', withInputParams({ uri }, options), options);
  }

  /** `resources/subscribe` (legacy connections; see {@link Client.resourceUpdates$} for both eras). */
  async subscribeResource(uri: string, options: CallOptions = {}): Promise<void> {
    await this.calls.result('resources/subscribe', { uri }, options);
  }

  /** `resources/unsubscribe` (legacy connections). */
  async unsubscribeResource(uri: string, options: CallOptions = {}): Promise<void> {
    await this.calls.result('resources/unsubscribe', { uri }, options);
  }

  /** Completion suggestions for an argument of a prompt or a resource template. */
  complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>, options: CallOptions = {}): Promise<CompleteResult> {
    return this.calls.result('completion/complete', completionParams(ref, argument, contextArguments), options);
  }

  /** Completion suggestions, as an Observable. */
  complete$(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>, options: CallOptions$ = {}): Observable<RequestEvent<CompleteResult>> {
    return this.calls.events$('completion/complete', completionParams(ref, argument, contextArguments), options);
  }

  /** Lists the tools from the server (never from a cache), so a call's headers are computed afresh. */
  private async relistTools(): Promise<void> {
    // the listing sent beside the call (output validation's, fresh from the server) is as good, once it completes the catalog
    if (await this.session.joinToolListing()) return;
    await this.listAllTools({ cacheMode: 'refresh' });
  }
}

/** Params with a cursor, or none. */
function cursorParams(cursor: string | undefined): JsonObject | undefined {
  return cursor === undefined ? undefined : { cursor };
}

/** The params of `tools/call` and `prompts/get`: the name, the arguments, and the seeds of a resumed chain. */
function namedParams(name: string, args: JsonObject | Record<string, string> | undefined, options: InputRequiredOptions): JsonObject {
  return withInputParams(args === undefined ? { name } : { name, arguments: args }, options);
}

/** The params of `completion/complete`. */
function completionParams(ref: CompletionReference, argument: { name: string; value: string }, contextArguments: Record<string, string> | undefined): JsonObject {
  return contextArguments === undefined ? { ref, argument } : { ref, argument, context: { arguments: contextArguments } };
}

