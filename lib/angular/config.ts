/**
 * What `provideMcpClient` and `provideMcpGroup` are given, and the injection tokens they (and
 * the app) fill: the client's configuration, the group's, and the interceptors the app adds.
 */
import { InjectionToken } from '@angular/core';
import type { ClientOptions } from '../client/client-options.js';
import type { InProcessServer } from '../client/in-process.js';
import type { ClientGroupOptions, GroupServerOptions } from '../group/group-options.js';
import type { GroupTarget } from '../group/client-group.js';
import type { McpInterceptor } from '../pipeline/mcp-request.js';
import type { Transport } from '../transport/transport.js';

/** Where `McpClientService` connects: a URL (Streamable HTTP, legacy SSE, WebSocket by scheme), a transport, or an in-process server. */
export type McpClientTarget = string | URL | Transport | InProcessServer;

/** The configuration of `provideMcpClient`: the server and the options of `Client.connect`. */
export interface McpClientConfig {
  /** The server to connect to. */
  readonly target: McpClientTarget;
  /** Options of `Client.connect`; the interceptors of {@link MCP_INTERCEPTORS} are added to `interceptors.outer`. */
  readonly options?: ClientOptions;
}

/** The configuration of `provideMcpGroup`: the servers of a `ClientGroup` and the group's options. */
export interface McpGroupConfig {
  /** The servers, by name: a target, or a target with its own options (as `ClientGroup.connectAll` takes them). */
  readonly servers: Readonly<Record<string, GroupTarget | { readonly target: GroupTarget; readonly options?: GroupServerOptions }>>;
  /**
   * Options of the `ClientGroup`; the interceptors of {@link MCP_INTERCEPTORS} are added to
   * `clientOptions.interceptors.outer`, and to the `interceptors.outer` of each server whose own
   * options set `interceptors` (which win over the group's), so every member client runs them.
   */
  readonly options?: ClientGroupOptions;
}

/** The configuration given to `provideMcpClient` (provided by it; inject it to read it back). */
export const MCP_CLIENT_CONFIG = new InjectionToken<McpClientConfig>('rxmcp MCP_CLIENT_CONFIG');

/** The configuration given to `provideMcpGroup` (provided by it; inject it to read it back). */
export const MCP_GROUP_CONFIG = new InjectionToken<McpGroupConfig>('rxmcp MCP_GROUP_CONFIG');

/**
 * The app's request interceptors, a multi token: each provider of it (`multi: true`, with
 * `useValue` or `useFactory`) adds one `McpInterceptor`, appended (in provider order) after the
 * config's own `interceptors.outer`, so they run once per logical call around the built-in stages.
 * A `useFactory` runs in an injection context: an interceptor may `inject()` app services.
 */
export const MCP_INTERCEPTORS = new InjectionToken<readonly McpInterceptor[]>('rxmcp MCP_INTERCEPTORS');
