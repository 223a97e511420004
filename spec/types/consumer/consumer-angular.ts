/**
 * A consumer of `rxmcp/angular`, compiled by spec/types/published-types.spec.ts against the
 * built `.d.ts` with the flags of the tsconfigs beside it (Angular's own declarations included,
 * `skipLibCheck: false`). Never run.
 */
import { inject, type EnvironmentProviders, type Signal } from '@angular/core';
import { map, type Observable } from 'rxjs';
import type { CallToolResult, McpInterceptor, Tool } from 'rxmcp';
import {
  MCP_CLIENT_CONFIG,
  MCP_GROUP_CONFIG,
  MCP_INTERCEPTORS,
  McpClientService,
  McpGroupService,
  ServerRenderingError,
  provideMcpClient,
  provideMcpGroup,
  toToolRun,
  type McpClientConfig,
  type McpClientState,
  type McpGroupConfig,
  type ToolRun,
  type ToolRunResource,
} from 'rxmcp/angular';

const tagging: McpInterceptor = (request, next) => next(request.withMeta({ app: 'consumer' }));

/** The providers of a standalone app: one client, a group, and an interceptor by DI. */
export function providers(): (EnvironmentProviders | { provide: unknown; multi: true; useValue: McpInterceptor })[] {
  const client: McpClientConfig = { target: 'http://localhost:3000/mcp', options: { mode: 'auto', requestTimeoutMs: 5_000 } };
  const group: McpGroupConfig = {
    servers: { one: 'http://localhost:3001/mcp', two: { target: new URL('http://localhost:3002/mcp'), options: { restart: false } } },
    options: { prefix: true },
  };
  return [provideMcpClient(client), provideMcpGroup(group), { provide: MCP_INTERCEPTORS, multi: true, useValue: tagging }];
}

/** What a component reads (in an injection context). */
export class ToolsPanel {
  readonly mcp = inject(McpClientService);
  readonly group = inject(McpGroupService);
  readonly config: McpClientConfig = inject(MCP_CLIENT_CONFIG);
  readonly groupConfig: McpGroupConfig = inject(MCP_GROUP_CONFIG);
  readonly tools: Signal<readonly Tool[]> = this.mcp.tools;
  readonly state: Signal<McpClientState> = this.mcp.state;
  readonly names$: Observable<string[]> = this.mcp.tools$.pipe(map((tools) => tools.map((tool) => tool.name)));
  readonly run: ToolRunResource<CallToolResult> = this.mcp.toolResource(() => ({ name: 'echo', args: { text: 'hi' } }));
  readonly groupRun: ToolRunResource<CallToolResult> = this.group.toolResource(() => undefined);
  readonly runs$: Observable<ToolRun<CallToolResult>> = this.mcp.callTool$('progress', { steps: 3 }).pipe(toToolRun());

  /** The state as text, the typed error of server rendering told apart. */
  describe(error: unknown): string {
    const state = this.state();
    if (error instanceof ServerRenderingError) return error.message;
    const progress = this.run.value()?.progress?.progress ?? 0;
    return state.state === 'failed' ? String(state.error) : `${state.state} ${progress}`;
  }
}
