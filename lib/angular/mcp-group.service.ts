/**
 * Many MCP servers for an Angular app, as one `ClientGroup`, provided by `provideMcpGroup`: the
 * group connects its servers when first injected in the browser (never during server rendering),
 * outside the Angular zone, and closes when its injector is destroyed.
 */
import { isPlatformServer } from '@angular/common';
import { DestroyRef, inject, NgZone, PLATFORM_ID, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { throwError, type Observable } from 'rxjs';
import type { InputCallOptions$ } from '../client/client.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ClientGroup, isTargetSpec } from '../group/client-group.js';
import type { GroupTool } from '../group/aggregate.js';
import type { FromServer, ServerState } from '../group/server-state.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { LoggingMessage } from '../protocol/schemas/logging.js';
import type { McpInterceptor } from '../pipeline/mcp-request.js';
import { MCP_GROUP_CONFIG, MCP_INTERCEPTORS, type McpGroupConfig } from './config.js';
import { ServerRenderingError } from './errors.js';
import { withInterceptors } from './mcp-client.service.js';
import { toolRunResource, type ToolResourceOptions, type ToolRunRequest, type ToolRunResource } from './tool-resource.js';
import { outsideZone } from './zone.js';

/** The app's group of MCP servers (inject it where `provideMcpGroup` was given). */
export class McpGroupService {
  /** The group itself, for what the service does not wrap (`connect`, `disconnect`, `client(name)`). During server rendering it has no servers. */
  readonly group: ClientGroup;
  /** Every server's state, by name; replays the current map. */
  readonly states$: Observable<ReadonlyMap<string, ServerState>>;
  /** The tools of every connected server (names prefixed on collision, see `ClientGroup`). */
  readonly tools$: Observable<readonly GroupTool[]>;
  /** Every server's log messages, each with its server's name. */
  readonly logs$: Observable<FromServer<LoggingMessage>>;
  /** The tools as a signal. */
  readonly tools: Signal<readonly GroupTool[]>;
  /** The servers' states as a signal. */
  readonly states: Signal<ReadonlyMap<string, ServerState>>;

  private readonly zone = inject(NgZone);
  private readonly server = isPlatformServer(inject(PLATFORM_ID));

  constructor() {
    const config = inject(MCP_GROUP_CONFIG);
    const options = config.options ?? {};
    const added = inject(MCP_INTERCEPTORS, { optional: true });
    const clientOptions = withInterceptors(options.clientOptions, added);
    this.group = new ClientGroup({ ...options, clientOptions });
    inject(DestroyRef).onDestroy(() => void this.group.close().catch(() => undefined));
    const servers = withMemberInterceptors(config.servers, added);
    // a server that fails to connect is `failed` in states$; connectAll never rejects
    if (!this.server) this.zone.runOutsideAngular(() => void this.group.connectAll(servers));
    this.states$ = outsideZone(this.zone, this.group.states$);
    this.tools$ = outsideZone(this.zone, this.group.tools$);
    this.logs$ = outsideZone(this.zone, this.group.logs$);
    this.tools = toSignal(this.tools$, { initialValue: [] });
    this.states = toSignal(this.states$, { initialValue: new Map<string, ServerState>() });
  }

  /** Calls a group tool (routed to its server); unsubscribing cancels it. {@link ServerRenderingError} during server rendering. */
  callTool$(name: string, args?: JsonObject, options?: InputCallOptions$): Observable<RequestEvent<CallToolResult>> {
    if (this.server) return throwError(() => new ServerRenderingError(`callTool$(${name})`));
    return outsideZone(this.zone, this.group.callTool$(name, args, options));
  }

  /** A group tool run as a `resource` with progress; see `McpClientService.toolResource`. */
  toolResource(request: () => ToolRunRequest<InputCallOptions$> | undefined, options?: ToolResourceOptions): ToolRunResource<CallToolResult> {
    const server = this.server;
    return toolRunResource((run) => this.callTool$(run.name, run.args, run.options), () => (server ? undefined : request()), options);
  }
}

/**
 * The servers with the DI interceptors appended to each server's own `interceptors`: a server's
 * options win over the group's `clientOptions` as a whole, so one that sets `interceptors` would
 * otherwise lose the app's.
 */
function withMemberInterceptors(servers: McpGroupConfig['servers'], added: readonly McpInterceptor[] | null): McpGroupConfig['servers'] {
  if (added === null || added.length === 0) return servers;
  return Object.fromEntries(
    Object.entries(servers).map(([name, spec]) => [name, isTargetSpec(spec) && spec.options?.interceptors !== undefined ? { ...spec, options: withInterceptors(spec.options, added) } : spec]),
  );
}
