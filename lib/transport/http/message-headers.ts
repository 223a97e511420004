/**
 * The HTTP headers of one Streamable HTTP POST, per protocol era.
 *
 * - 2026-07-28: `MCP-Protocol-Version` equal to the body's `_meta` version, `Mcp-Method` on
 *   every POST, `Mcp-Name` for the methods that name something (`tools/call` and `prompts/get`:
 *   the name; `resources/read`: the URI; `tasks/*`: the task id), encoded with the Base64 sentinel
 *   when not header-safe; no session headers.
 * - legacy (2025-03-26 … 2025-11-25): `Mcp-Session-Id` once the server issued one, and
 *   `MCP-Protocol-Version` once the handshake settled a version.
 */
import type { JsonObject, JsonRpcMessage } from '../../protocol/jsonrpc.js';
import { PROTOCOL_VERSION_META_KEY } from '../../protocol/meta.js';
import { isModernProtocolVersion } from '../../protocol/versions.js';
import { encodeHeaderValue } from '../../protocol/x-mcp-header.js';

/** The param that `Mcp-Name` mirrors, per method. */
const NAME_PARAM: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** The modern protocol version a message states in its `_meta`, if any. */
export function modernVersionOf(message: JsonRpcMessage): string | undefined {
  const meta = ('params' in message ? (message.params?._meta as JsonObject | undefined) : undefined)?.[PROTOCOL_VERSION_META_KEY];
  return isModernProtocolVersion(meta) ? meta : undefined;
}

/** Headers of a 2026-07-28 POST. */
export function modernHeaders(message: JsonRpcMessage, version: string): Record<string, string> {
  const headers: Record<string, string> = { 'MCP-Protocol-Version': version };
  if ('method' in message) {
    headers['Mcp-Method'] = message.method;
    const nameParam = NAME_PARAM[message.method];
    const value = nameParam === undefined ? undefined : message.params?.[nameParam];
    if (typeof value === 'string') headers['Mcp-Name'] = encodeHeaderValue(value);
  }
  return headers;
}

/** Headers of a legacy POST, GET or DELETE. */
export function legacyHeaders(sessionId: string | undefined, protocolVersion: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (sessionId !== undefined) headers['Mcp-Session-Id'] = sessionId;
  if (protocolVersion !== undefined) headers['MCP-Protocol-Version'] = protocolVersion;
  return headers;
}
