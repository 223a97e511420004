/**
 * How a server's component is named in a group: as it is, through the user's
 * `componentNameHook` (the Python SDK's hook, told the server's name), or with the server's name
 * as a prefix (FastMCP's naming: `weather_forecast` for tool `forecast` of server `weather`;
 * `weather://…` URIs get the server as their first segment, `fixture://weather/greeting`).
 */
import type { ComponentKind } from './group-errors.js';

/**
 * Renames a component for the group. `name` is a tool or prompt name, or a resource URI or URI
 * template (`kind` says which); `serverName` is the group's name for the server.
 */
export type ComponentNameHook = (name: string, serverName: string, kind: ComponentKind) => string;

/** The naming options of a group. */
export interface NamingOptions {
  /** Renames every component; wins over `prefix`. */
  readonly componentNameHook?: ComponentNameHook;
  /** Prefixes every name with its server's (`server_name`), and puts the server in every URI. */
  readonly prefix?: boolean;
}

/** The separator of a prefixed name. */
export const PREFIX_SEPARATOR = '_';

/** The group name of a component. */
export function groupName(naming: NamingOptions, kind: ComponentKind, name: string, server: string): string {
  if (naming.componentNameHook !== undefined) return naming.componentNameHook(name, server, kind);
  if (naming.prefix !== true) return name;
  if (kind === 'tool' || kind === 'prompt') return `${server}${PREFIX_SEPARATOR}${name}`;
  return prefixUri(name, server);
}

/** `scheme://rest` → `scheme://server/rest`; a URI without `://` gets `server/` in front. */
function prefixUri(uri: string, server: string): string {
  const at = uri.indexOf('://');
  if (at < 0) return `${server}/${uri}`;
  return `${uri.slice(0, at + 3)}${server}/${uri.slice(at + 3)}`;
}

/**
 * The inverse of the prefix for a URI the group never listed (one made from a template):
 * the server and the server's own URI, or `undefined` when `uri` carries no known server.
 */
export function unprefixUri(uri: string, isServer: (name: string) => boolean): { readonly server: string; readonly uri: string } | undefined {
  const at = uri.indexOf('://');
  const start = at < 0 ? 0 : at + 3;
  const slash = uri.indexOf('/', start);
  if (slash < 0) return undefined;
  const server = uri.slice(start, slash);
  if (!isServer(server)) return undefined;
  return { server, uri: `${uri.slice(0, start)}${uri.slice(slash + 1)}` };
}
