/**
 * rxmcp for Angular: `provideMcpClient` / `provideMcpGroup` for standalone apps, injectable
 * services whose streams suit the `async` pipe and whose signals suit templates, tool runs as
 * resources with progress, and the `MCP_INTERCEPTORS` token. Zoneless-friendly (the connection
 * runs outside zone.js) and SSR-safe (nothing connects during server rendering). Angular
 * (`@angular/core`, `@angular/common`) is an optional peer dependency of rxmcp: only this entry
 * imports it, and nothing of it is reachable from `rxmcp` or `rxmcp/node`.
 *
 * @packageDocumentation
 */
export { MCP_CLIENT_CONFIG, MCP_GROUP_CONFIG, MCP_INTERCEPTORS, type McpClientConfig, type McpClientTarget, type McpGroupConfig } from './angular/config.js';
export { provideMcpClient, provideMcpGroup } from './angular/provide.js';
export { McpClientService } from './angular/mcp-client.service.js';
export { McpGroupService } from './angular/mcp-group.service.js';
export type { McpClientState } from './angular/state.js';
export { toToolRun, type ToolRun } from './angular/tool-run.js';
export type { ToolResourceOptions, ToolRunRequest, ToolRunResource } from './angular/tool-resource.js';
export { ServerRenderingError } from './angular/errors.js';
