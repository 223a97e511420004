/**
 * The floor: the simplest correct MCP client someone would write by hand. It spawns the server,
 * speaks newline-delimited JSON-RPC over its stdin/stdout, keeps a Map from request id to
 * resolver, writes each message with one `stdin.write`, and validates nothing.
 *
 * The server gets the environment both benchmarked clients give it by default (rxmcp's safe
 * environment, the official client's `getDefaultEnvironment()`: these six variables), not this
 * process's: the server's start is most of a cold connect, and an inherited variable can change
 * it (`NODE_EXTRA_CA_CERTS` makes Node read a CA bundle at start, ≈ 30 ms per fresh server here),
 * which would make the floor slower than the clients it bounds.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A JSON object, as far as this client cares. */
type Json = Record<string, unknown>;

/** The protocol eras the bench measures. */
export type RawEra = 'legacy' | 'modern';

/** The legacy handshake version sent in `initialize`. */
export const RAW_LEGACY_VERSION = '2025-11-25';
/** The modern protocol version stamped on every request. */
export const RAW_MODERN_VERSION = '2026-07-28';

const CLIENT_INFO = { name: 'raw-bench-client', version: '1.0.0' };

/** The variables the server inherits (POSIX; see the module doc). */
const SERVER_ENV_NAMES = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'] as const;

/** This process's values of {@link SERVER_ENV_NAMES}. */
function serverEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of SERVER_ENV_NAMES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

interface Pending {
  readonly resolve: (result: Json) => void;
  readonly reject: (error: Error) => void;
}

/** A hand-written JSON-RPC client to one stdio MCP server. */
export class RawClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly progressHandlers = new Map<number, (progress: number) => void>();
  private buffer = '';
  /** The protocol version in use: the one `initialize` answered, or the modern version sent. */
  protocolVersion = RAW_MODERN_VERSION;

  private constructor(
    private readonly child: ChildProcess,
    /** The `_meta` envelope stamped on every modern request; undefined on legacy connections. */
    private readonly envelope: Json | undefined,
  ) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.onData(chunk));
    child.on('exit', () => {
      for (const { reject } of this.pending.values()) reject(new Error('server exited'));
      this.pending.clear();
    });
  }

  /** Starts `command args` and runs the opening of `era`: initialize (+ initialized) or server/discover. */
  static async connect(command: string, args: readonly string[], era: RawEra): Promise<RawClient> {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env: serverEnvironment() });
    if (era === 'legacy') {
      const client = new RawClient(child, undefined);
      const result = await client.request('initialize', { protocolVersion: RAW_LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
      client.protocolVersion = String(result.protocolVersion);
      client.notify('notifications/initialized');
      return client;
    }
    const envelope: Json = {
      'io.modelcontextprotocol/protocolVersion': RAW_MODERN_VERSION,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    };
    const client = new RawClient(child, envelope);
    await client.request('server/discover', {});
    return client;
  }

  /** Sends a request and resolves with its `result` (rejects with the JSON-RPC error's message). */
  request(method: string, params: Json, onProgress?: (progress: number) => void): Promise<Json> {
    const id = this.nextId++;
    let meta = this.envelope;
    if (onProgress !== undefined) {
      meta = { ...meta, progressToken: id };
      this.progressHandlers.set(id, onProgress);
    }
    const message = { jsonrpc: '2.0', id, method, params: meta === undefined ? params : { ...params, _meta: meta } };
    return new Promise<Json>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(JSON.stringify(message) + '\n');
    });
  }

  /** Sends a notification. */
  notify(method: string, params?: Json): void {
    this.child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n');
  }

  /** Ends the server's stdin and waits for it to exit (killing it after a second). */
  close(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin!.end();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let start = 0;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n', start)) !== -1) {
      const line = this.buffer.slice(start, newline);
      start = newline + 1;
      if (line.length > 0) this.onMessage(JSON.parse(line) as Json);
    }
    this.buffer = this.buffer.slice(start);
  }

  private onMessage(message: Json): void {
    if (typeof message.id === 'number' && message.method === undefined) {
      const pending = this.pending.get(message.id);
      if (pending === undefined) return;
      this.pending.delete(message.id);
      this.progressHandlers.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(String((message.error as Json).message)));
      else pending.resolve(message.result as Json);
    } else if (message.method === 'notifications/progress') {
      const params = message.params as Json;
      this.progressHandlers.get(params.progressToken as number)?.(params.progress as number);
    }
  }
}
