/**
 * Opens the client for a command: the target's transport (stdio for a command, `Client.connect`'s
 * own choice for a URL), the era (`--mode`), the request timeout, the log level, and the
 * interactive answers to elicitation and sampling. Ctrl-C while connecting abandons the connect.
 */
import { Client, type ListRootsCallback, LATEST_MODERN_PROTOCOL_VERSION, RXMCP_VERSION, type ClientOptions, type ConnectMode, type LoggingLevel } from '../index.js';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stdio } from '../node.js';
import { CliUsageError } from './errors.js';
import { serverRequestCallbacks, type InteractiveHost } from './interactive.js';
import type { Target } from './target.js';

/** The connection settings of the command line. */
export interface ConnectSettings {
  readonly mode: ConnectMode;
  /** The idle timeout of every request, in ms (`0`: none). */
  readonly timeoutMs: number;
  /** Sent as `logLevel` (legacy: `logging/setLevel`; 2026-07-28: in every request's `_meta`). */
  readonly logLevel?: LoggingLevel;
  /** Show the server's stderr (stdio) on ours. */
  readonly serverStderr: boolean;
  /** `--root PATH` (repeatable): the directories offered to the server as roots; none: no roots capability. */
  readonly roots?: readonly string[];
}

/** The `--mode` values. */
export const MODES: readonly string[] = ['auto', 'legacy', LATEST_MODERN_PROTOCOL_VERSION];

/** Reads `--mode`. */
export function parseMode(text: string): ConnectMode {
  if (!MODES.includes(text)) throw new CliUsageError(`--mode must be one of ${MODES.join(', ')}, got '${text}'`);
  return text as ConnectMode;
}

/** Reads a duration in ms (`--timeout`). */
export function parseMs(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0) throw new CliUsageError(`${option} must be a whole number of milliseconds, got '${text}'`);
  return value;
}

/**
 * Answers `roots/list` (legacy) and roots input requests (2026-07-28) with the `--root` paths,
 * each resolved against the working directory as a `file://` URI, named by its last segment.
 */
export function rootsCallback(paths: readonly string[]): ListRootsCallback {
  const roots = paths.map((path) => {
    const absolute = resolve(path);
    return { uri: pathToFileURL(absolute).href, name: basename(absolute) || absolute };
  });
  return () => roots;
}

/** Connects to `target` with the command's settings and the terminal's answers to server requests. */
export function connectTo(target: Target, settings: ConnectSettings, host: InteractiveHost): Promise<Client> {
  const options: ClientOptions = {
    mode: settings.mode,
    clientInfo: { name: 'rxmcp-cli', version: RXMCP_VERSION },
    requestTimeoutMs: settings.timeoutMs,
    signal: host.interrupt.signal,
    ...(settings.logLevel !== undefined && { logLevel: settings.logLevel }),
    ...serverRequestCallbacks(host),
    ...(settings.roots !== undefined && settings.roots.length > 0 && { listRootsCallback: rootsCallback(settings.roots) }),
  };
  if (target.kind === 'url') {
    return Client.connect(target.url, {
      ...options,
      headers: target.headers,
      ...(target.httpTransport !== undefined && { httpTransport: target.httpTransport }),
    });
  }
  const transport = stdio({
    command: target.command,
    args: [...target.args],
    env: target.env,
    stderr: settings.serverStderr ? 'inherit' : 'pipe',
    ...(target.cwd !== undefined && { cwd: target.cwd }),
  });
  return Client.connect(transport, options);
}
