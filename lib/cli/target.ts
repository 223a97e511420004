/**
 * Where the command connects: a URL (Streamable HTTP, HTTP+SSE or WebSocket, as `Client.connect`
 * picks), a command run over stdio (the words after `--`), or an entry of an `mcpServers` file
 * (`--config mcp.json --server NAME`, the shape other MCP hosts use).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { ConfigFileError, CliUsageError } from './errors.js';
import { looksLikeUrl } from './argv.js';

/** A server reached over the network. */
export interface UrlTarget {
  readonly kind: 'url';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** From a config entry's `type`: `sse` or `streamable-http` pins the HTTP transport. */
  readonly httpTransport?: 'sse' | 'streamable-http';
}

/** A server started as a child process. */
export interface StdioTarget {
  readonly kind: 'stdio';
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** What the command connects to. */
export type Target = UrlTarget | StdioTarget;

/** The target-related words of the command line. */
export interface TargetInput {
  readonly url?: string;
  readonly serverCommand: readonly string[];
  readonly config?: string;
  readonly server?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

const StdioEntrySchema = z.looseObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
});

const UrlEntrySchema = z.looseObject({
  type: z.enum(['http', 'streamable-http', 'streamableHttp', 'sse', 'ws', 'websocket']).optional(),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
});

const ConfigSchema = z.looseObject({ mcpServers: z.record(z.string(), z.unknown()) });

/** The default config file when `--server` is given without `--config`. */
export const DEFAULT_CONFIG_FILE = 'mcp.json';

/** Resolves the one target the command line names; none or several is a {@link CliUsageError}. */
export function resolveTarget(input: TargetInput): Target {
  const given = [input.url !== undefined, input.serverCommand.length > 0, input.config !== undefined || input.server !== undefined].filter(Boolean).length;
  if (given === 0) throw new CliUsageError('no server given: pass a URL (rxmcp URL COMMAND), a command after -- (rxmcp COMMAND -- node server.js), or --config FILE --server NAME');
  if (given > 1) throw new CliUsageError('more than one server given: use one of a URL, a command after --, or --config/--server');
  if (input.url !== undefined) return urlTarget(input.url, input.headers);
  if (input.serverCommand.length > 0) {
    const [command, ...args] = input.serverCommand as [string, ...string[]];
    return input.cwd === undefined ? { kind: 'stdio', command, args, env: input.env } : { kind: 'stdio', command, args, env: input.env, cwd: input.cwd };
  }
  return configTarget(input.config ?? DEFAULT_CONFIG_FILE, input.server, input);
}

function urlTarget(url: string, headers: Readonly<Record<string, string>>): UrlTarget {
  if (!looksLikeUrl(url)) throw new CliUsageError(`not an http(s):// or ws(s):// URL: '${url}'`);
  return { kind: 'url', url, headers };
}

/** The `--server` entry of an `mcpServers` file; the command line's `--header`, `--env` and `--cwd` are added to it. */
function configTarget(file: string, server: string | undefined, input: TargetInput): Target {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(file, `is not JSON: ${(error as Error).message}`);
  }
  const config = ConfigSchema.safeParse(json);
  if (!config.success) throw new ConfigFileError(file, 'has no "mcpServers" object');
  const names = Object.keys(config.data.mcpServers);
  const name = server ?? (names.length === 1 ? names[0]! : undefined);
  if (name === undefined) throw new ConfigFileError(file, `names ${names.length === 0 ? 'no server' : `several servers (${names.join(', ')})`}: pick one with --server`);
  if (!Object.hasOwn(config.data.mcpServers, name)) throw new ConfigFileError(file, `has no server '${name}' (it has: ${names.join(', ') || 'none'})`);
  const entry = config.data.mcpServers[name];
  const stdio = StdioEntrySchema.safeParse(entry);
  if (stdio.success) {
    const cwd = input.cwd ?? (stdio.data.cwd === undefined ? undefined : resolve(dirname(file), stdio.data.cwd));
    const env = { ...stdio.data.env, ...input.env };
    const args = stdio.data.args ?? [];
    return cwd === undefined ? { kind: 'stdio', command: stdio.data.command, args, env } : { kind: 'stdio', command: stdio.data.command, args, env, cwd };
  }
  const url = UrlEntrySchema.safeParse(entry);
  if (url.success) {
    const target = urlTarget(url.data.url, { ...url.data.headers, ...input.headers });
    const type = url.data.type;
    if (type === 'sse') return { ...target, httpTransport: 'sse' };
    if (type === 'http' || type === 'streamable-http' || type === 'streamableHttp') return { ...target, httpTransport: 'streamable-http' };
    return target;
  }
  throw new ConfigFileError(file, `server '${name}' has neither a "command" nor a "url"`);
}

/** A short description of the target, for messages. */
export function describeTarget(target: Target): string {
  return target.kind === 'url' ? target.url : [target.command, ...target.args].join(' ');
}
