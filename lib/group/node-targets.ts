/**
 * Node only (reached from `rxmcp/node`): servers from what the user hands over, FastMCP-style.
 * A script path runs under its interpreter (`.js`/`.mjs`/`.cjs` under this Node, `.py` under
 * `python3` or `uv run`, `.ts` under `tsx` when it is installed), `{ npx }`/`{ uvx }` run a
 * package, a URL connects as `Client.connect` does, and an `mcpServers` object (or the path of a
 * JSON file holding one) gives a client for one server and a group for several. Every input
 * that cannot be served is refused with a typed error before anything starts.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, extname, join, resolve } from 'node:path';
import { Client } from '../client/client.js';
import type { ClientOptions } from '../client/client-options.js';
import type { InProcessServer } from '../client/in-process.js';
import { stdio } from '../transport/stdio/stdio-transport.js';
import type { StdioOptions } from '../transport/stdio/stdio-options.js';
import type { Transport } from '../transport/transport.js';
import { ClientGroup } from './client-group.js';
import { configuredServers, parseMcpConfig, type ConfigReadOptions, type McpServersConfig, type StdioServerConfig } from './config.js';
import { ConfigError, UnsupportedTargetError } from './group-errors.js';
import type { ClientGroupOptions } from './group-options.js';
import { findDuplicateKey } from './json-duplicates.js';

/** A package run by `npx -y <npx> …args` or `uvx <uvx> …args`. */
export type PackageTarget =
  | { readonly npx: string; readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>>; readonly cwd?: string }
  | { readonly uvx: string; readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>>; readonly cwd?: string };

/** How a script is run (options of {@link inferTransport} and {@link (connect:1)}). */
export interface InferOptions {
  /** Python scripts: `'python3'` (default) or `'uv'` (`uv run <script>`). */
  readonly python?: 'python3' | 'uv';
  /** Arguments after the script. */
  readonly args?: readonly string[];
  /** More stdio options for the process (environment, cwd, shutdown, …). */
  readonly stdio?: Omit<StdioOptions, 'command' | 'args'>;
}

/** What {@link (connect:1)} takes: anything `Client.connect` takes, a script path, a package, an `mcpServers` object. */
export type InferableTarget = Transport | InProcessServer | string | URL | PackageTarget | McpServersConfig;

/** The stdio transport of a configuration's stdio entry. */
export function stdioFromConfig(entry: StdioServerConfig): Transport {
  return stdio({ command: entry.command, args: entry.args ?? [], ...(entry.env === undefined ? {} : { env: entry.env }), ...(entry.cwd === undefined ? {} : { cwd: entry.cwd }) });
}

/**
 * The stdio transport for a script path or a package spec, or `undefined` for a URL string
 * (left to `Client.connect`). An existing file of an unknown kind, a path that does not exist,
 * a `.ts` file without `tsx` installed: an `UnsupportedTargetError` (from `rxmcp`).
 */
export function inferTransport(target: string | PackageTarget, options: InferOptions = {}): Transport | undefined {
  const extra = options.args ?? [];
  if (typeof target !== 'string') {
    if ('npx' in target && typeof target.npx === 'string' && target.npx !== '') return stdio({ ...options.stdio, ...processOptions(target), command: 'npx', args: ['-y', target.npx, ...(target.args ?? []), ...extra] });
    if ('uvx' in target && typeof target.uvx === 'string' && target.uvx !== '') return stdio({ ...options.stdio, ...processOptions(target), command: 'uvx', args: [target.uvx, ...(target.args ?? []), ...extra] });
    throw new UnsupportedTargetError('A package target needs a non-empty npx or uvx package spec', target);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return undefined;
  const path = resolve(target);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UnsupportedTargetError(`'${target}' is neither a URL nor an existing script file`, target);
  const extension = extname(path).toLowerCase();
  if (extension === '.js' || extension === '.mjs' || extension === '.cjs') return stdio({ ...options.stdio, command: process.execPath, args: [path, ...extra] });
  if (extension === '.py') {
    return options.python === 'uv' ? stdio({ ...options.stdio, command: 'uv', args: ['run', path, ...extra] }) : stdio({ ...options.stdio, command: 'python3', args: [path, ...extra] });
  }
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') {
    const tsx = findTsx(dirname(path));
    if (tsx === undefined) throw new UnsupportedTargetError(`'${target}' is TypeScript and tsx was not found (in node_modules/.bin or on PATH): install tsx, or compile it`, target);
    return stdio({ ...options.stdio, command: tsx, args: [path, ...extra] });
  }
  throw new UnsupportedTargetError(`'${target}' has an unsupported script type '${extension || '(none)'}': use .js, .mjs, .cjs, .py or .ts, or pass a transport`, target);
}

/** The environment and cwd of a package target. */
function processOptions(target: PackageTarget): Pick<StdioOptions, 'env' | 'cwd'> {
  return Object.assign({}, target.env === undefined ? {} : { env: target.env }, target.cwd === undefined ? {} : { cwd: target.cwd });
}

/** `tsx` in a `node_modules/.bin` from `from` up, in the working directory's, or on PATH. */
function findTsx(from: string): string | undefined {
  const executable = (path: string): boolean => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', 'tsx');
    if (executable(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  const local = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  if (executable(local)) return local;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) if (dir !== '' && executable(join(dir, 'tsx'))) return join(dir, 'tsx');
  return undefined;
}

/** Options of the Node `fromConfig`: the group's, and `expandEnv: true` to expand `${VAR}` from `process.env`. */
export interface NodeConfigOptions extends ClientGroupOptions {
  /** `true` to expand `${VAR}` from `process.env`, or the record to expand it from. */
  readonly expandEnv?: boolean | ConfigReadOptions['expandEnv'];
}

/** Reads an `mcpServers` JSON file: a `ConfigError` (from `rxmcp`) when it cannot be read, is not JSON, or names a server twice. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration file '${path}': ${(error as Error).message}`, undefined, undefined);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The configuration file '${path}' is not JSON: ${(error as Error).message}`, undefined, undefined);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    const server = duplicate.path.length === 1 && duplicate.path[0] === 'mcpServers' ? duplicate.key : duplicate.path[1];
    const where = duplicate.path.length === 0 ? 'the configuration' : duplicate.path.join('.');
    throw new ConfigError(`${where} has '${duplicate.key}' twice in '${path}'`, server, duplicate.path.length <= 1 ? undefined : duplicate.key);
  }
  return value;
}

/**
 * `ClientGroup.fromConfig` in Node: the configuration as an object or the path of a JSON file,
 * stdio entries started as processes, `${VAR}` expanded from `process.env` when `expandEnv` is
 * `true` (or from the record given).
 */
export function fromConfig(config: unknown, options: NodeConfigOptions = {}): Promise<ClientGroup> {
  try {
    const value = typeof config === 'string' ? readConfigFile(config) : config;
    const { expandEnv, ...groupOptions } = options;
    const env = expandEnv === true ? process.env : expandEnv === false ? undefined : expandEnv;
    return ClientGroup.fromConfig(value, { ...groupOptions, stdio: stdioFromConfig, ...(env === undefined ? {} : { expandEnv: env }) });
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Options of {@link (connect:1)}: client options, how scripts run, and the group's options for a configuration of several servers. */
export interface NodeConnectOptions extends ClientOptions, InferOptions {
  /** For an `mcpServers` object of several servers: the group's options. */
  readonly group?: ClientGroupOptions;
  /** Expand `${VAR}` of an `mcpServers` object from `process.env`. */
  readonly expandEnv?: boolean;
}

/**
 * `Client.connect` that also infers the transport (FastMCP's convenience): a script path, a
 * package spec (`{ npx: '@scope/server@1' }`), a URL, a transport, an in-process server, or an
 * `mcpServers` object (one server: a client; several: a group).
 */
export function connect(target: McpServersConfig, options?: NodeConnectOptions): Promise<Client | ClientGroup>;
/** `Client.connect` that also infers the transport, for one server: a client. */
export function connect(target: Transport | InProcessServer | string | URL | PackageTarget, options?: NodeConnectOptions): Promise<Client>;
export async function connect(target: InferableTarget, options: NodeConnectOptions = {}): Promise<Client | ClientGroup> {
  const { python, args, stdio: stdioOptions, group, expandEnv, ...clientOptions } = options;
  if (isServersConfig(target)) {
    const config = parseMcpConfig(target, expandEnv === true ? { expandEnv: process.env } : {});
    const servers = configuredServers(config, { stdio: stdioFromConfig });
    if (servers.length === 0) throw new ConfigError('mcpServers names no server', undefined, 'mcpServers');
    if (servers.length === 1) return Client.connect(servers[0]!.target, Object.assign({}, servers[0]!.options, clientOptions));
    const connected = new ClientGroup({ ...group, clientOptions: { ...group?.clientOptions, ...clientOptions } });
    await connected.connectAll(Object.fromEntries(servers.map((server) => [server.name, { target: server.target, options: server.options }])));
    return connected;
  }
  if (typeof target === 'string' || isPackageTarget(target)) {
    const transport = inferTransport(target, { python, args, stdio: stdioOptions });
    if (transport !== undefined) return Client.connect(transport, clientOptions);
    return Client.connect(target as string, clientOptions);
  }
  if (target instanceof URL || typeof (target as { connect?: unknown } | null)?.connect === 'function') return Client.connect(target as Transport, clientOptions);
  throw new UnsupportedTargetError('Could not infer a transport: pass a transport, a URL, a script path, { npx } / { uvx }, an mcpServers object, or an in-process server', target);
}

function isServersConfig(target: unknown): target is McpServersConfig {
  return typeof target === 'object' && target !== null && 'mcpServers' in target;
}

function isPackageTarget(target: unknown): target is PackageTarget {
  return typeof target === 'object' && target !== null && ('npx' in target || 'uvx' in target);
}
