/**
 * A consumer of `rxmcp/apps` (the MCP Apps host), compiled by spec/types/published-types.spec.ts
 * against the built `.d.ts` with the flags of the tsconfigs beside it. Never run.
 */
import { Client, type Tool } from 'rxmcp';
import {
  AppResourceError,
  AppToolCallRefusedError,
  MCP_APP_MIME_TYPE,
  MCP_APPS_EXTENSION,
  appContentSecurityPolicy,
  appCspDomains,
  checkAppToolCall,
  hostApp,
  isAppCallable,
  isModelVisible,
  mcpApps,
  modelVisibleTools,
  toolUiResourceUri,
  toolVisibility,
  withContentSecurityPolicy,
  type AppCspDomains,
  type HostAppOptions,
  type HostedApp,
  type ToolAudience,
} from 'rxmcp/apps';

/** Connects with the apps extension advertised, shows the model's tools, and hosts a tool's app. */
export async function hostFirstApp(container: HTMLElement): Promise<HostedApp | string> {
  const client = await Client.connect('http://localhost:3000/mcp', { extensions: [mcpApps()] });
  const { tools } = await client.listTools();
  const forModel: Tool[] = modelVisibleTools(tools);
  const audiences: readonly ToolAudience[] = forModel[0] === undefined ? [] : toolVisibility(forModel[0]);
  const withUi = tools.find((tool) => toolUiResourceUri(tool) !== undefined && isAppCallable(tool) && isModelVisible(tool));
  const resourceUri = withUi === undefined ? undefined : toolUiResourceUri(withUi);
  if (withUi === undefined || resourceUri === undefined) return `${MCP_APPS_EXTENSION} ${MCP_APP_MIME_TYPE} ${audiences.join(',')}`;
  const toolResult = await client.callTool(withUi.name, {});
  const options: HostAppOptions = {
    client,
    container,
    resourceUri,
    toolArguments: {},
    toolResult,
    hostInfo: { name: 'consumer', version: '1.0.0' },
    onRefused: (error) => void `${error.tool} ${error.reason}`,
    onToolCall: (name, result) => void `${name} ${result.isError === true}`,
    onLog: (level, data) => void [level, data],
  };
  try {
    const app = await hostApp(options);
    await app.initialized;
    const frame: HTMLIFrameElement = app.iframe;
    void frame.sandbox;
    return app;
  } catch (error) {
    if (error instanceof AppResourceError) return error.uri;
    throw error;
  }
}

/** The app-call guard and the CSP helpers, usable without a bridge. */
export function guard(tools: readonly Tool[], name: string, html: string): string {
  try {
    const tool: Tool = checkAppToolCall(tools, name);
    const domains: AppCspDomains = appCspDomains(tool._meta);
    return withContentSecurityPolicy(html, appContentSecurityPolicy({ ...domains, connectDomains: ['https://api.example.com'] }));
  } catch (error) {
    if (error instanceof AppToolCallRefusedError) return `${error.tool}: ${error.reason}`;
    throw error;
  }
}

// @ts-expect-error a visibility that is not an audience
export const wrongAudience: ToolAudience = 'user';
