/**
 * `Client`: the public face of rxmcp. One connection to one MCP server, in either protocol era,
 * with a Promise API and an Observable API that behave the same (every Promise method is the
 * last value of its `$` twin).
 *
 * ```ts
 * await using client = await Client.connect(stdio({ command: 'node', args: ['server.js'] }));
 * const { tools } = await client.listTools();
 * const result = await client.callTool('echo', { text: 'hi' }, { timeoutMs: 5_000 });
 * client.callTool$('build', {}).subscribe((event) => console.log(event));
 * ```
 */
import { merge, Subject, type Observable } from 'rxjs';
import { Dispatcher } from '../dispatch/dispatcher.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { RxMcpError } from '../protocol/errors.js';
import type { JsonObject, JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { ServerCapabilities } from '../protocol/schemas/capabilities.js';
import type { DiscoverResult, InitializeResult } from '../protocol/schemas/lifecycle.js';
import type { CallToolResult, ListToolsResult } from '../protocol/schemas/tools.js';
import type { ProtocolEra, ProtocolVersion } from '../protocol/versions.js';
import { ClientSession, type ClientSessionOptions, type RequestOptions } from '../session/client-session.js';
import { negotiate, validateConnectMode, type ConnectMode } from '../session/negotiation.js';
import type { Transport } from '../transport/transport.js';
import { runToPromise, type PromiseRequestOptions } from './to-promise.js';
import type { RequestSpec } from '../dispatch/request-spec.js';
import { CallbackError } from './callback-error.js';

/** Options of {@link Client.connect}. */
export interface ClientOptions extends ClientSessionOptions {
  /** How the protocol era is chosen: `'auto'` (default), `'legacy'`, or a pinned modern version. */
  readonly mode?: ConnectMode;
  /** With a pinned modern version: a discover result from an earlier connection, adopted as is. */
  readonly priorDiscover?: DiscoverResult;
}

/** Options of a Promise-returning request. */
export interface CallOptions extends RequestOptions, PromiseRequestOptions {}

/** A connection to one MCP server. */
export class Client implements AsyncDisposable {
  private readonly callbackFaults = new Subject<RxMcpError>();

  /** Every notification the server sends, in wire order. Hot; completes when the connection closes. */
  readonly notifications$: Observable<JsonRpcNotification>;

  /**
   * Problems that did not fail a request: lines that are not JSON, messages that are not
   * JSON-RPC, responses to unknown ids, exceptions thrown by your callbacks. Hot.
   */
  readonly faults$: Observable<RxMcpError>;

  private constructor(
    /** The session underneath, for the lower-tier API. */
    readonly session: ClientSession,
  ) {
    this.notifications$ = session.dispatcher.notifications$;
    this.faults$ = merge(session.dispatcher.faults$, this.callbackFaults);
  }

  /**
   * Opens a connection and negotiates the protocol era. On failure the connection is closed
   * again and the error is thrown.
   */
  static async connect(transport: Transport, options: ClientOptions = {}): Promise<Client> {
    const mode = validateConnectMode(options.mode ?? 'auto');
    const dispatcher = new Dispatcher(transport);
    const session = new ClientSession(dispatcher, options);
    dispatcher.start();
    try {
      await negotiate(session, mode, { priorDiscover: options.priorDiscover, transportKind: transport.kind });
    } catch (error) {
      await dispatcher.close();
      throw error;
    }
    return new Client(session);
  }

  /** The negotiated protocol version. */
  get protocolVersion(): ProtocolVersion {
    return this.profile.protocolVersion;
  }

  /** `'modern'` (2026-07-28, stateless) or `'legacy'` (initialize-based). */
  get era(): ProtocolEra {
    return this.profile.era;
  }

  /** The server's identity; modern servers may leave it out. */
  get serverInfo(): Implementation | undefined {
    return this.profile.serverInfo;
  }

  /** What the server offers. */
  get serverCapabilities(): ServerCapabilities {
    return this.profile.capabilities;
  }

  /** The server's instructions for the model, if any. */
  get instructions(): string | undefined {
    return this.profile.instructions;
  }

  /** The `initialize` result (legacy connections). */
  get initializeResult(): InitializeResult | undefined {
    return this.profile.initializeResult;
  }

  /** The `server/discover` result (modern connections). */
  get discoverResult(): DiscoverResult | undefined {
    return this.profile.discoverResult;
  }

  /** True until the connection closes. */
  get connected(): boolean {
    return this.session.dispatcher.state === 'open';
  }

  /** One page of tools, as an Observable of request events. */
  listTools$(params: { cursor?: string } = {}, options?: RequestOptions): Observable<RequestEvent<ListToolsResult>> {
    return this.session.listTools$(params, options);
  }

  /** One page of tools (pass `cursor` for the next page). */
  listTools(params: { cursor?: string } = {}, options: CallOptions = {}): Promise<ListToolsResult> {
    return this.run(this.session.listToolsRequest(params, options), options);
  }

  /**
   * Calls a tool: progress events, then the result. Unsubscribing before the result cancels the
   * call on the server.
   */
  callTool$(name: string, args?: JsonObject, options?: RequestOptions): Observable<RequestEvent<CallToolResult>> {
    return this.session.callTool$(name, args, options);
  }

  /** Calls a tool. A tool that fails reports it in the result (`isError: true`), not by throwing. */
  callTool(name: string, args?: JsonObject, options: CallOptions = {}): Promise<CallToolResult> {
    return this.run(this.session.callToolRequest(name, args, options), options);
  }

  /** Closes the connection (for stdio: the server process is stopped). Idempotent. */
  async close(): Promise<void> {
    await this.session.dispatcher.close();
    this.callbackFaults.complete();
  }

  /** `await using client = …` closes the client at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private get profile(): NonNullable<ClientSession['serverProfile']> {
    return this.session.serverProfile!;
  }

  /** Runs a session request for its Promise (the same request the `$` method would run). */
  private run<R>(spec: RequestSpec<R>, options: PromiseRequestOptions): Promise<R> {
    return runToPromise(this.session.dispatcher, spec, options, this.reportCallbackError);
  }

  private readonly reportCallbackError = (error: unknown): void => this.callbackFaults.next(new CallbackError('onProgress', error));
}
