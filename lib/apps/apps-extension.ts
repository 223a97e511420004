/**
 * The MCP Apps extension ad (SEP-1865, `io.modelcontextprotocol/ui`): a client that can render
 * apps says so in its capabilities, listing the MIME type of the UI resources it renders.
 *
 * ```ts
 * const client = await Client.connect(url, { extensions: [mcpApps()] });
 * ```
 */
import type { ClientExtension } from '../extensions/client-extension.js';
import { advertise } from '../extensions/client-extension.js';

/** The extension's identifier in `capabilities.extensions`. */
export const MCP_APPS_EXTENSION = 'io.modelcontextprotocol/ui';

/** The MIME type of an MCP App's HTML resource (a `ui://` resource). */
export const MCP_APP_MIME_TYPE = 'text/html;profile=mcp-app';

/**
 * The client extension that advertises MCP Apps support: `{ mimeTypes: ['text/html;profile=mcp-app'] }`
 * under `io.modelcontextprotocol/ui`, on every connection (servers may then offer UI tools).
 */
export function mcpApps(): ClientExtension {
  return advertise(MCP_APPS_EXTENSION, { mimeTypes: [MCP_APP_MIME_TYPE] });
}
