/**
 * `ClientSession`: the typed protocol layer over a {@link Dispatcher}.
 *
 * It holds what negotiation settled (a {@link ServerProfile}), stamps every request for the
 * negotiated era (the `_meta` envelope on modern connections), applies deadlines, and validates
 * results. Each request is a cold Observable of progress events and a result, as the dispatcher
 * makes it; the `Client` puts its Promise API and conveniences on top.
 */
import type { Observable } from 'rxjs';
import type * as z from 'zod';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import { McpError, UnexpectedInputRequiredError, UnsupportedProtocolVersionError } from '../protocol/errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { decodeResult, type DecodedResult } from '../protocol/result-type.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { InputRequiredResult } from '../protocol/schemas/input-required.js';
import { DiscoverResultSchema, InitializeResultSchema, type DiscoverResult, type InitializeResult } from '../protocol/schemas/lifecycle.js';
import { CallToolResultSchema, ListToolsResultSchema, type CallToolResult, type ListToolsResult } from '../protocol/schemas/tools.js';
import {
  highestMutualVersion,
  isLegacyProtocolVersion,
  LATEST_LEGACY_PROTOCOL_VERSION,
  LATEST_MODERN_PROTOCOL_VERSION,
  LEGACY_PROTOCOL_VERSIONS,
  MODERN_PROTOCOL_VERSIONS,
  type ModernProtocolVersion,
  type ProtocolEra,
  type ProtocolVersion,
} from '../protocol/versions.js';
import { RXMCP_VERSION } from '../version.js';
import { envelopeMeta, type EnvelopeFields } from './envelope.js';
import { SessionRequest, type ResultMode } from './session-request.js';
import { legacyProfile, modernProfile, type ServerProfile } from './server-profile.js';

/** Options of a {@link ClientSession}. */
export interface ClientSessionOptions {
  /** Who the client is. Default `{ name: 'rxmcp', version: <rxmcp's version> }`. */
  readonly clientInfo?: Implementation;
  /** The capabilities the client declares. Default `{}`. */
  readonly capabilities?: ClientCapabilities;
  /**
   * Default idle timeout of every request, in milliseconds: a request fails when nothing (result
   * or progress) arrives for this long. Default 60 000; `0` disables it.
   */
  readonly requestTimeoutMs?: number;
  /** How long a `server/discover` probe waits for an answer. Default 10 000. */
  readonly probeTimeoutMs?: number;
}

/** Per-request options of the session tier. */
export interface RequestOptions {
  /** Idle timeout for this request (reset by every progress event); `0` disables it. */
  readonly timeoutMs?: number;
  /** Total deadline for this request, whatever the progress. */
  readonly totalTimeoutMs?: number;
  /** Extra `_meta` entries; they win over the envelope's. */
  readonly meta?: JsonObject;
  /** Extra HTTP headers for this request (HTTP transports only). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of requests that may answer `input_required` (`tools/call`, `prompts/get`, `resources/read`). */
export interface InputRequiredOptions extends RequestOptions {
  /** Hand an `input_required` result to the caller instead of failing. Default `false`. */
  readonly allowInputRequired?: boolean;
}

/** The default idle timeout of a request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The default time a discover probe waits. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

const DEFAULT_CLIENT_INFO: Implementation = { name: 'rxmcp', version: RXMCP_VERSION };

/** The typed protocol layer of one connection. */
export class ClientSession {
  /** Who the client says it is. */
  readonly clientInfo: Implementation;
  /** The capabilities the client declares. */
  readonly capabilities: ClientCapabilities;
  private readonly requestTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private profile: ServerProfile | undefined;
  /** The modern envelope's fields, fixed at adoption (undefined on legacy connections). */
  private envelope: EnvelopeFields | undefined;

  constructor(
    readonly dispatcher: Dispatcher,
    options: ClientSessionOptions = {},
  ) {
    this.clientInfo = options.clientInfo ?? DEFAULT_CLIENT_INFO;
    this.capabilities = options.capabilities ?? {};
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
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
   * `notifications/initialized`. Idempotent: a second call returns the first result. Throws
   * {@link UnsupportedProtocolVersionError} if the server answers with a version rxmcp does not
   * speak.
   */
  async initialize(): Promise<InitializeResult> {
    if (this.profile?.initializeResult !== undefined) return this.profile.initializeResult;
    const result = await this.rawRequest(
      'initialize',
      { protocolVersion: LATEST_LEGACY_PROTOCOL_VERSION, capabilities: this.capabilities, clientInfo: this.clientInfo },
      InitializeResultSchema,
      this.requestTimeoutMs,
    );
    if (!isLegacyProtocolVersion(result.protocolVersion)) {
      throw new UnsupportedProtocolVersionError(
        `The server answered initialize with protocol version ${JSON.stringify(result.protocolVersion)}, which rxmcp does not speak`,
        [result.protocolVersion],
        LATEST_LEGACY_PROTOCOL_VERSION,
      );
    }
    this.adopt(result);
    this.dispatcher.notify('notifications/initialized');
    return result;
  }

  /**
   * Sends one `server/discover` at `version` and returns the validated result, without adopting
   * it. The probe is never cancelled on the wire (a legacy server may not understand the notice).
   */
  async sendDiscover(version: ModernProtocolVersion = LATEST_MODERN_PROTOCOL_VERSION): Promise<DiscoverResult> {
    const params = { _meta: envelopeMeta({ protocolVersion: version, clientInfo: this.clientInfo, clientCapabilities: this.capabilities }) };
    const result = await this.rawRequest('server/discover', params, DiscoverResultSchema, this.probeTimeoutMs);
    return { ...result, ttlMs: result.ttlMs === undefined ? undefined : Math.max(0, result.ttlMs) };
  }

  /**
   * Discovers the server (modern era) and adopts the result. A -32022 naming a version both sides
   * support is retried once at that version. Idempotent.
   */
  async discover(): Promise<DiscoverResult> {
    if (this.profile?.discoverResult !== undefined) return this.profile.discoverResult;
    let version: ModernProtocolVersion = LATEST_MODERN_PROTOCOL_VERSION;
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.sendDiscover(version);
        this.adopt(result);
        return result;
      } catch (error) {
        const mutual = attempt === 0 ? mutualModernVersion(error) : undefined;
        if (mutual === undefined || mutual === version) throw error;
        version = mutual;
      }
    }
  }

  /**
   * Adopts a negotiation result without any wire traffic: a discover result makes the connection
   * modern (at the newest version both sides list), an initialize result makes it legacy.
   * Replaces whatever was adopted before.
   */
  adopt(result: DiscoverResult | InitializeResult): void {
    if (Array.isArray(result.supportedVersions)) {
      const discovered = result as DiscoverResult;
      const version = highestMutualVersion(MODERN_PROTOCOL_VERSIONS, discovered.supportedVersions);
      if (version === undefined) {
        throw new UnsupportedProtocolVersionError(
          `No mutually supported modern protocol version: the server supports ${JSON.stringify(discovered.supportedVersions)}`,
          discovered.supportedVersions,
          LATEST_MODERN_PROTOCOL_VERSION,
        );
      }
      this.profile = modernProfile(discovered, version);
      this.envelope = { protocolVersion: version, clientInfo: this.clientInfo, clientCapabilities: this.capabilities };
    } else {
      const init = result as InitializeResult;
      if (!isLegacyProtocolVersion(init.protocolVersion)) {
        throw new UnsupportedProtocolVersionError(
          `Protocol version ${JSON.stringify(init.protocolVersion)} is not a handshake version rxmcp speaks`,
          [init.protocolVersion],
          LATEST_LEGACY_PROTOCOL_VERSION,
        );
      }
      this.profile = legacyProfile(init, init.protocolVersion);
      this.envelope = undefined;
    }
  }

  /**
   * Any request, stamped for the negotiated era, with deadlines, its result validated by
   * `schema`. Emits progress events, then the decoded result (`complete` or `input_required`).
   */
  request$<S extends z.ZodType>(
    method: string,
    params: JsonObject | undefined,
    schema: S,
    options: RequestOptions = {},
  ): Observable<RequestEvent<DecodedResult<z.output<S>>>> {
    return this.dispatcher.send$(this.describe(method, params, schema, 'decoded', options));
  }

  /** Like {@link request$}, as a Promise of the complete result (an `input_required` answer fails). */
  sendRequest<S extends z.ZodType>(method: string, params: JsonObject | undefined, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    return lastResultOf(this.dispatcher.send$(this.describe(method, params, schema, 'complete', options)));
  }

  /**
   * Describes a request of this session for the dispatcher: stamped for the negotiated era, with
   * the session's default deadline, its result validated by `schema` per `mode`. Run it with
   * `dispatcher.run` or `dispatcher.send$`.
   */
  describe<S extends z.ZodType, M extends ResultMode>(
    method: string,
    params: JsonObject | undefined,
    schema: S,
    mode: M,
    options: RequestOptions = {},
  ): SessionRequest<S, M> {
    return new SessionRequest(
      method,
      params,
      options.timeoutMs ?? this.requestTimeoutMs,
      options.totalTimeoutMs,
      options.headers,
      schema,
      mode,
      this.envelope,
      options.meta,
    );
  }

  /** Sends a notification, stamped for the negotiated era. */
  sendNotification(method: string, params?: JsonObject): void {
    this.dispatcher.notify(method, params);
  }

  /** The `tools/list` request for one page (pass the previous page's `nextCursor` to get the next). */
  listToolsRequest(params: { cursor?: string } = {}, options?: RequestOptions): SessionRequest<typeof ListToolsResultSchema, 'complete'> {
    return this.describe('tools/list', params.cursor === undefined ? undefined : { cursor: params.cursor }, ListToolsResultSchema, 'complete', options);
  }

  /** `tools/list`: one page (pass the previous page's `nextCursor` to get the next). */
  listTools$(params: { cursor?: string } = {}, options?: RequestOptions): Observable<RequestEvent<ListToolsResult>> {
    return this.dispatcher.send$(this.listToolsRequest(params, options));
  }

  /** The `tools/call` request. With `allowInputRequired`, an `input_required` result is its result instead of an error. */
  callToolRequest(name: string, args: JsonObject | undefined, options: InputRequiredOptions & { allowInputRequired: true }): SessionRequest<typeof CallToolResultSchema, 'complete-or-input'>;
  callToolRequest(name: string, args?: JsonObject, options?: InputRequiredOptions): SessionRequest<typeof CallToolResultSchema, 'complete'>;
  callToolRequest(name: string, args?: JsonObject, options: InputRequiredOptions = {}): SessionRequest<typeof CallToolResultSchema, ResultMode> {
    const params = args === undefined ? { name } : { name, arguments: args };
    return this.describe('tools/call', params, CallToolResultSchema, options.allowInputRequired === true ? 'complete-or-input' : 'complete', options);
  }

  /** `tools/call`. With `allowInputRequired`, an `input_required` result is emitted instead of failing. */
  callTool$(name: string, args: JsonObject | undefined, options: InputRequiredOptions & { allowInputRequired: true }): Observable<RequestEvent<CallToolResult | InputRequiredResult>>;
  callTool$(name: string, args?: JsonObject, options?: InputRequiredOptions): Observable<RequestEvent<CallToolResult>>;
  callTool$(name: string, args?: JsonObject, options: InputRequiredOptions = {}): Observable<RequestEvent<CallToolResult | InputRequiredResult>> {
    return this.dispatcher.send$(this.callToolRequest(name, args, options) as SessionRequest<typeof CallToolResultSchema, ResultMode>) as Observable<
      RequestEvent<CallToolResult | InputRequiredResult>
    >;
  }

  /** A negotiation request: no progress token, never cancelled on the wire, its own deadline. */
  private rawRequest<S extends z.ZodType>(method: string, params: JsonObject, schema: S, timeoutMs: number): Promise<z.output<S>> {
    return lastResultOf(
      this.dispatcher.request$(method, params, { progressToken: false, cancelOnUnsubscribe: false, timeoutMs }, (result) => {
        const decoded = decodeResult(method, result, schema);
        if (decoded.resultType !== 'complete') throw new UnexpectedInputRequiredError(method, decoded.result);
        return decoded.result;
      }),
    );
  }
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

/** The newest modern version a -32022 error names that rxmcp also speaks. */
export function mutualModernVersion(error: unknown): ModernProtocolVersion | undefined {
  const supported = supportedVersionsOf(error);
  return supported === undefined ? undefined : highestMutualVersion(MODERN_PROTOCOL_VERSIONS, supported);
}

/** The `data.supported` list of a -32022 error, or `undefined` if it is not one or has none. */
export function supportedVersionsOf(error: unknown): readonly string[] | undefined {
  if (!(error instanceof McpError) || error.code !== ErrorCode.UnsupportedProtocolVersion) return undefined;
  const supported = (error.data as { supported?: unknown } | undefined)?.supported;
  return Array.isArray(supported) && supported.every((entry) => typeof entry === 'string') ? supported : undefined;
}

/** True when `versions` names at least one handshake-era version rxmcp speaks. */
export function listsLegacyVersion(versions: readonly string[]): boolean {
  return versions.some((version) => (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version));
}
