/**
 * The MCP Apps panel: a tool with a `ui://` resource opens its app here after a run, hosted by
 * `hostApp` of rxmcp/apps (a sandboxed iframe, the ext-apps bridge). The app's tool calls and the
 * calls the host refused (typed `AppToolCallRefusedError`) are listed under it.
 */
import { hostApp, type HostedApp } from '../../lib/apps.js';
import type { CallToolResult, Client, JsonObject } from '../../lib/index.js';
import { $, brief, el } from './dom.js';

const open = new Map<string, HostedApp>();

/** Tells the events list something (`kind`: `call`, `refused`, `log`, `error`). */
function note(kind: string, text: string): void {
  $('#app-events').prepend(el('li', { class: kind, text: `${kind}: ${text}` }));
}

/** Opens (or reopens) the app of `resourceUri` for the run of a tool on `client`'s server. */
export async function openApp(client: Client, server: string, resourceUri: string, toolArguments: JsonObject, toolResult: CallToolResult): Promise<void> {
  const key = `${server} ${resourceUri}`;
  await open.get(key)?.close();
  const frame = el('div', { class: 'app', 'data-app': resourceUri, 'data-server': server });
  $('#app-frames').replaceChildren(frame);
  try {
    const app = await hostApp({
      client,
      container: frame,
      resourceUri,
      toolArguments,
      toolResult,
      hostInfo: { name: 'rxmcp-dashboard', version: '1' },
      onToolCall: (name, result) => note('call', `${name} → ${brief(result.structuredContent ?? result.content)}`),
      onRefused: (error) => note('refused', `${error.name} ${error.tool} (${error.reason})`),
      onLog: (level, data) => note('log', `${level} ${brief(data)}`),
    });
    open.set(key, app);
    await app.initialized;
    frame.dataset['initialized'] = 'true';
  } catch (error) {
    note('error', brief(error));
  }
}
