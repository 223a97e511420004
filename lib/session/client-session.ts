/**
 * `ClientSession`: the typed protocol layer over a {@link Dispatcher}.
 *
 * It holds what negotiation settled (a {@link ServerProfile}), stamps every request for the
 * negotiated era (the `_meta` envelope on modern connections), applies deadlines, and validates
 * results. Each request is a cold Observable of progress events and a result, as the dispatcher
 * makes it; the `Client` puts its Promise API and conveniences on top. The typed request
 * descriptions are `session-requests.ts`'s (the base class); this file adds negotiation, the
 * callbacks, output validation and `listen$`.
 */
import type { Observable } from 'rxjs';
import type * as z from 'zod/mini';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { ConnectionClosedError, UnexpectedInputRequiredError } from '../protocol/errors.js';
import { freezeResult } from '../protocol/freeze.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { decodeResult } from '../protocol/result-type.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { InputRequest } from '../protocol/schemas/input-required.js';
import { DiscoverResultSchema, EmptyResultSchema, InitializeResultSchema, type DiscoverResult, type InitializeResult } from '../protocol/schemas/lifecycle.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import { LazyJsonSchemaValidator } from '../validation/lazy-json-schema-validator.js';
import { LATEST_LEGACY_PROTOCOL_VERSION, LATEST_MODERN_PROTOCOL_VERSION, type ModernProtocolVersion, type ProtocolEra } from '../protocol/versions.js';
import { RXMCP_VERSION } from '../protocol/rxmcp-version.js';
import { adoptionOf, checkInitializeVersion } from './adoption.js';
import { CallbackDelivery } from './callback-delivery.js';
import { checkSessionOptions } from './check-options.js';
import { capabilitiesFor, type ClientCallbacks, type InputRequestContext } from './client-callbacks.js';
import { undeclaredCapabilities, type CallbackCapability, type MutableCallbacks } from './callback-updates.js';
import { envelopeMeta } from './envelope.js';
import { listen$ as listenStream, type ListenEvent } from './listen.js';
import type { ClientSessionOptions, TaskOptions } from './session-options.js';
import { lastResultOf, SessionRequests } from './session-requests.js';
import { ToolResultCheck, type ReleaseListing } from './tool-result-check.js';
import { withVersionCorrection } from './version-correction.js';

export type { ListenEvent } from './listen.js';
export { withInputParams } from './session-requests.js';

/** The default idle timeout of a request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The default time a discover probe waits. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

const DEFAULT_CLIENT_INFO: Implementation = { name: 'rxmcp', version: RXMCP_VERSION };

/** The typed protocol layer of one connection. */
export class ClientSession extends SessionRequests {
  /** Who the client says it is. */
  readonly clientInfo: Implementation;
  private readonly baseCapabilities: ClientCapabilities;
  private readonly extensionAds: ClientSessionOptions['extensionAds'];
  /** The callbacks (a copy the run-time setters change) and the `tasks` option. */
  private readonly callbacks: MutableCallbacks & Pick<ClientSessionOptions, 'tasks'>;
  /** What the legacy handshake declared (fixed for the connection); undefined before it or on modern connections. */
  private declaredAtInitialize: ClientCapabilities | undefined;
  private readonly delivery: CallbackDelivery;
  private readonly probeTimeoutMs: number;
  /** The `server/discover` {@link ClientSession.discover} is waiting for, shared by concurrent callers. */
  private discovering: Promise<DiscoverResult> | undefined;
  private readonly toolResults: ToolResultCheck;

  constructor(dispatcher: Dispatcher, options: ClientSessionOptions = {}) {
    checkSessionOptions(options);
    super(dispatcher, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, options.logLevel, options.jsonSchemaValidator ?? new LazyJsonSchemaValidator());
    this.clientInfo = options.clientInfo ?? DEFAULT_CLIENT_INFO;
    this.baseCapabilities = options.capabilities ?? {};
    this.extensionAds = options.extensionAds;
    this.resultClaims = options.resultClaims;
    this.callbacks = { ...options };
    this.delivery = new CallbackDelivery(dispatcher, this.callbacks);
    this.probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.toolResults = new ToolResultCheck(this.tools, (signal) => lastResultOf(this.listTools$(), signal), (warning) => this.warningSubject.next(warning));
    dispatcher.notificationsOf('notifications/tools/list_changed').subscribe(() => this.tools.invalidate());
  }

  /** The capabilities the client declares in the negotiated era (before negotiation: the legacy set). */
  get capabilities(): ClientCapabilities {
    return this.capabilitiesIn(this.era ?? 'legacy');
  }

  /** The capabilities declared in `era`: the callbacks' and the base ones, plus the era's extension ads. */
  private capabilitiesIn(era: ProtocolEra): ClientCapabilities {
    const capabilities = capabilitiesFor(era, this.callbacks, this.baseFor(era));
    const ads = this.extensionAds?.[era];
    if (ads === undefined || Object.keys(ads).length === 0) return capabilities;
    capabilities.extensions = Object.assign({}, capabilities.extensions, ads);
    return capabilities;
  }

  /**
   * The base capabilities of an era: the `capabilities` option, plus on 2025-11-25 the client's
   * own task support (unless the option `tasks` is false). The 2026-07-28 tasks extension is a
   * client extension (`TasksExtension`), advertised through `extensionAds` like any other.
   */
  private baseFor(era: ProtocolEra): ClientCapabilities {
    if (this.callbacks.tasks === false || era !== 'legacy') return this.baseCapabilities;
    return this.legacyTaskCapabilities();
  }

  /**
   * 2025-11-25: the client runs a server's elicitation or sampling request as a task when asked
   * (`client-task-store.ts`), so it declares `tasks.requests.*` for the callbacks it has.
   */
  private legacyTaskCapabilities(): ClientCapabilities {
    const base = this.baseCapabilities;
    const requests: Record<string, Record<string, object>> = {};
    if (this.callbacks.elicitationCallback !== undefined) requests.elicitation = { create: {} };
    if (this.callbacks.samplingCallback !== undefined) requests.sampling = { createMessage: {} };
    if (base.tasks !== undefined || Object.keys(requests).length === 0) return base;
    return Object.assign({}, base, { tasks: { list: {}, cancel: {}, requests } });
  }

  /** The tasks settings (option `tasks`), or `undefined` when the client does not declare tasks. */
  get taskOptions(): TaskOptions | undefined {
    const tasks = this.callbacks.tasks;
    return tasks === false ? undefined : tasks === true || tasks === undefined ? {} : tasks;
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
      { protocolVersion: LATEST_LEGACY_PROTOCOL_VERSION, capabilities: this.capabilitiesIn('legacy'), clientInfo: this.clientInfo },
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
    const clientCapabilities = this.capabilitiesIn('modern');
    const params = { _meta: envelopeMeta({ protocolVersion: version, clientInfo: this.clientInfo, clientCapabilities }) };
    const result = await this.rawRequest('server/discover', params, DiscoverResultSchema, this.probeTimeoutMs);
    // frozen like the raw answer (and every result): the copy only clamps the TTL
    return freezeResult({ ...result, ttlMs: result.ttlMs === undefined ? undefined : Math.max(0, result.ttlMs) });
  }

  /**
   * Discovers the server (modern era) and adopts the result. A -32022 naming a version both sides
   * support is retried once at that version, even when it is the version just refused (a server
   * may reject a first request and accept the same version on the retry; the rule is
   * `version-correction.ts`'s). On a connection pinned to a modern version without a discover
   * (`capabilitiesKnown` false) it asks at that version, and the server's answer replaces what was
   * made up. Idempotent: once a result is known (or while one is being asked for), no other
   * request is sent. On a legacy connection: `UnsupportedInProtocolVersionError`.
   */
  async discover(): Promise<DiscoverResult> {
    this.requireEra('server/discover');
    if (this.profile?.discoverResult !== undefined) return this.profile.discoverResult;
    this.discovering ??= this.askDiscover().finally(() => {
      this.discovering = undefined;
    });
    return this.discovering;
  }

  /** One `server/discover` (with the version correction), adopted; at the pinned version if there is one. */
  private askDiscover(): Promise<DiscoverResult> {
    const pinned = this.profile?.era === 'modern' ? (this.profile.protocolVersion as ModernProtocolVersion) : undefined;
    return withVersionCorrection(async (version) => {
      const result = await this.sendDiscover(version);
      this.adopt(result);
      return result;
    }, pinned);
  }

  /**
   * Adopts a negotiation result without any wire traffic: a discover result makes the connection
   * modern (at the newest version both sides list), an initialize result makes it legacy.
   * Replaces whatever was adopted before. `capabilitiesKnown` false: `result` was made up without
   * asking the server (a pinned modern version), so its capabilities say nothing.
   */
  adopt(result: DiscoverResult | InitializeResult, capabilitiesKnown = true): void {
    const adoption = adoptionOf(result, this.clientInfo, () => this.capabilitiesIn('modern'), capabilitiesKnown);
    this.profile = adoption.profile;
    this.envelope = adoption.envelope;
    this.delivery.install(adoption.envelope === undefined);
    this.declaredAtInitialize = adoption.envelope === undefined ? capabilitiesFor('legacy', this.callbacks, this.baseCapabilities) : undefined;
  }

  /**
   * Replaces callbacks at run time. On a 2026-07-28 connection the envelope of every later
   * request declares the capabilities they now imply. On a legacy connection the server keeps
   * what `initialize` told it: each capability the change needs that was not declared then is a
   * `capability-not-declared` warning (the callback is installed all the same, and answers if the
   * server asks). Returns those capabilities. A bad callback or mode is an `InvalidOptionError`,
   * and nothing changes.
   */
  updateCallbacks(patch: Partial<ClientCallbacks>): CallbackCapability[] {
    checkSessionOptions(patch); // the callbacks' own checks (InvalidOptionError naming the option)
    Object.assign(this.callbacks, patch);
    if (this.envelope !== undefined) {
      this.envelope = { ...this.envelope, clientCapabilities: capabilitiesFor('modern', this.callbacks, this.baseCapabilities) };
      return [];
    }
    if (this.declaredAtInitialize === undefined) return [];
    const missing = undeclaredCapabilities(this.declaredAtInitialize, capabilitiesFor('legacy', this.callbacks, this.baseCapabilities));
    for (const capability of missing) {
      this.warningSubject.next({
        code: 'capability-not-declared',
        message: `The ${capability} callback was set after initialize, which did not declare the ${capability} capability: this legacy server was not told and will not use it (declare the callback at connect, or reconnect)`,
      });
    }
    return missing;
  }

  /** True when the legacy handshake declared roots with `listChanged` (so `notifications/roots/list_changed` may be sent). */
  get rootsListChangedDeclared(): boolean {
    return this.declaredAtInitialize?.roots?.listChanged === true;
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
   * {@link ClientSession.validateToolResult} without a Promise when none is needed: validates at once (throwing
   * its `ToolOutputValidationError`) and returns `undefined` when the tool's schema is known or
   * the result is an error; otherwise returns the Promise of listing the tools, then validating.
   */
  checkToolResult(name: string, result: CallToolResult): Promise<void> | undefined {
    return this.toolResults.check(name, result);
  }

  /** The listing output validation makes when a tool is unknown, made with `list` from now on (the client routes it through its chain). */
  listToolsForValidationVia(list: (signal: AbortSignal) => Promise<unknown>): void {
    this.toolResults.listVia(list);
  }

  /**
   * A `tools/call` of `name` was just sent: when its result will need a listing to be validated
   * (the tool is unknown), that listing starts now, beside the call, rather than after the result
   * (one round trip less on a first call). The result waits for it as before; if it fails, the
   * result goes unvalidated with a warning, as before. Returns the call's hold on the listing: release it
   * once the call is over (a listing no call holds and no result waits for is given up);
   * `undefined` (and nothing else done) once the tool is known.
   */
  expectToolResult(name: string): ReleaseListing | undefined {
    return this.toolResults.anticipate(name);
  }

  /**
   * Waits for the listing output validation has in flight (see {@link ClientSession.expectToolResult}), if any: true when it
   * made the tool catalog current (a complete listing), so no other listing is needed now.
   */
  joinToolListing(): Promise<boolean> {
    return this.toolResults.joinListing();
  }

  /** False when {@link ClientSession.checkToolResult} has nothing to do for this result (cheap: no listing, no validation). */
  toolResultNeedsCheck(name: string, result: CallToolResult): boolean {
    return this.toolResults.needed(name, result);
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

  /** A negotiation request: no progress token, never cancelled on the wire, its own deadline. */
  private rawRequest<S extends z.core.$ZodType>(method: string, params: JsonObject, schema: S, timeoutMs: number): Promise<z.output<S>> {
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


