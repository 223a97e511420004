/**
 * The `mcpServers` configuration that Claude Desktop, Cursor and FastMCP read:
 * `{ mcpServers: { name: { command, args?, env?, cwd? } | { url, headers?, transport? } } }`,
 * validated with zod. Every error is a {@link ConfigError} naming the server and the field.
 * `${VAR}` in a value is expanded only when the caller passes an environment to expand from.
 * Browser-safe: a stdio entry becomes a transport only through the factory the caller passes
 * (`rxmcp/node` passes its own).
 */
import * as z from 'zod';
import type { Transport } from '../transport/transport.js';
import { ConfigError } from './group-errors.js';
import type { GroupServerOptions } from './group-options.js';

/** A server run as a child process. */
export const StdioServerConfigSchema = z.strictObject({
  command: z.string().min(1, 'must be a non-empty string'),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().min(1).optional(),
  transport: z.literal('stdio').optional(),
  type: z.literal('stdio').optional(),
});

/** The transport names a remote entry may give. */
const REMOTE_TRANSPORTS = ['http', 'streamable-http', 'streamableHttp', 'sse', 'ws', 'websocket'] as const;

/** A server reached by URL. */
export const RemoteServerConfigSchema = z.strictObject({
  url: z.string().refine(isServerUrl, 'must be an http(s) or ws(s) URL'),
  headers: z.record(z.string(), z.string()).optional(),
  transport: z.enum(REMOTE_TRANSPORTS).optional(),
  type: z.enum(REMOTE_TRANSPORTS).optional(),
});

/** A stdio entry of the configuration. */
export type StdioServerConfig = z.infer<typeof StdioServerConfigSchema>;
/** A remote entry of the configuration. */
export type RemoteServerConfig = z.infer<typeof RemoteServerConfigSchema>;
/** One entry of `mcpServers`. */
export type ServerConfig = StdioServerConfig | RemoteServerConfig;

/** An `mcpServers` configuration. */
export interface McpServersConfig {
  /** The servers, by the name the group gives them. */
  readonly mcpServers: Readonly<Record<string, ServerConfig>>;
}

/** How a configuration is read. */
export interface ConfigReadOptions {
  /** Expands `${VAR}` in every string value from this environment (an unset variable is a {@link ConfigError}). Default: no expansion. */
  readonly expandEnv?: Readonly<Record<string, string | undefined>>;
}

/** How configured servers become targets. */
export interface ConfigTargetOptions extends ConfigReadOptions {
  /** Makes the transport of a stdio entry (`rxmcp/node` passes `stdio`). Without it a stdio entry is a {@link ConfigError}. */
  readonly stdio?: (entry: StdioServerConfig) => Transport;
}

/** A configured server, ready for `group.connect(name, target, options)`. */
export interface ConfiguredServer {
  readonly name: string;
  readonly target: Transport | string;
  readonly options: GroupServerOptions;
}

/** Whether `text` is a URL a server can be reached at. */
function isServerUrl(text: string): boolean {
  try {
    return ['http:', 'https:', 'ws:', 'wss:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Validates `value` as an `mcpServers` configuration (and expands `${VAR}` when asked). */
export function parseMcpConfig(value: unknown, options: ConfigReadOptions = {}): McpServersConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('The configuration must be an object with an mcpServers member', undefined, undefined);
  const { mcpServers, ...others } = value as Record<string, unknown>;
  const unknown = Object.keys(others);
  if (unknown.length > 0) throw new ConfigError(`Unknown field '${unknown[0]}' in the configuration (only mcpServers is read)`, undefined, unknown[0]);
  if (typeof mcpServers !== 'object' || mcpServers === null || Array.isArray(mcpServers)) throw new ConfigError('mcpServers must be an object of servers by name', undefined, 'mcpServers');
  const servers: Record<string, ServerConfig> = {};
  for (const [name, entry] of Object.entries(mcpServers)) {
    if (name.trim() === '') throw new ConfigError('mcpServers has a server with an empty name', name, undefined);
    servers[name] = parseEntry(name, options.expandEnv === undefined ? entry : expand(name, entry, options.expandEnv, []));
  }
  return { mcpServers: servers };
}

/** One entry, by the member that says what it is: `command` or `url`. */
function parseEntry(name: string, entry: unknown): ServerConfig {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ConfigError(`mcpServers.${name} must be an object`, name, undefined);
  const hasCommand = 'command' in entry;
  const hasUrl = 'url' in entry;
  if (hasCommand && hasUrl) throw new ConfigError(`mcpServers.${name} has both command and url; give one`, name, 'url');
  if (!hasCommand && !hasUrl) throw new ConfigError(`mcpServers.${name} needs a command (a process) or a url (a remote server)`, name, 'command');
  const parsed = (hasCommand ? StdioServerConfigSchema : RemoteServerConfigSchema).safeParse(entry);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.join('.');
  const what = issue.code === 'unrecognized_keys' ? `unknown field '${field}'` : `${field}: ${issue.message}`;
  throw new ConfigError(`mcpServers.${name}: ${what}`, name, field);
}

/** `value` with `${VAR}` expanded in every string, from `env`. */
function expand(server: string, value: unknown, env: Readonly<Record<string, string | undefined>>, path: readonly string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
      const found = env[variable];
      if (found === undefined) throw new ConfigError(`mcpServers.${server}.${path.join('.')}: the variable ${variable} is not set`, server, path.join('.'));
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => expand(server, item, env, [...path, String(index)]));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expand(server, item, env, [...path, key])]));
  return value;
}

/** The targets of a configuration: a URL with its HTTP options, or the stdio factory's transport. */
export function configuredServers(config: McpServersConfig, options: ConfigTargetOptions): ConfiguredServer[] {
  return Object.entries(config.mcpServers).map(([name, entry]): ConfiguredServer => {
    if ('command' in entry) {
      if (options.stdio === undefined) throw new ConfigError(`mcpServers.${name} is a stdio server: connect it with rxmcp/node (fromConfig), which can start processes`, name, 'command');
      return { name, target: options.stdio(entry), options: {} };
    }
    const transport = entry.transport ?? entry.type;
    const httpTransport: 'sse' | 'streamable-http' | undefined = transport === 'sse' ? 'sse' : transport === undefined || transport === 'ws' || transport === 'websocket' ? undefined : 'streamable-http';
    const serverOptions: GroupServerOptions = Object.assign({}, entry.headers === undefined ? {} : { headers: entry.headers }, httpTransport === undefined ? {} : { httpTransport });
    if ((transport === 'ws' || transport === 'websocket') && !/^wss?:/.test(entry.url)) throw new ConfigError(`mcpServers.${name}.url: a websocket server needs a ws: or wss: URL`, name, 'url');
    return { name, target: entry.url, options: serverOptions };
  });
}
