/**
 * Real MCP servers over HTTP for the HTTP transport tests, each a child process bound to a free
 * port on 127.0.0.1 and stopped by the test: the fixture server (spec/fixtures/
 * fixture-http-server.mjs, both eras at `/mcp`) and the reference server-everything
 * (Streamable HTTP at `/mcp`, or HTTP+SSE at `/sse` + `/message`).
 */
import { join } from 'node:path';
import { startListeningProcess } from './listening-process.js';

// under jest (CommonJS) from this file; under tsx (ESM, `npm run dashboard`) npm's cwd, the package root
const ROOT = typeof __dirname === 'string' ? join(__dirname, '..', '..') : process.cwd();
const FIXTURE_HTTP_SERVER = join(ROOT, 'spec', 'fixtures', 'fixture-http-server.mjs');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

/** Options of {@link startFixtureHttpServer}. */
export interface FixtureHttpServerOptions {
  /** Modern (2026-07-28) response shaping: `'auto'` (default: JSON, SSE once a request emits notifications), `'json'` or `'sse'`. */
  readonly responseMode?: 'auto' | 'json' | 'sse';
  /** Let the legacy (2025-11-25) sessions answer POSTs with JSON instead of SSE. */
  readonly legacyJson?: boolean;
  /** SSE keep-alive comment interval of both eras, in ms (server default 15000; 0 turns it off). */
  readonly keepAliveMs?: number;
  /** The `retry:` of the legacy priming events, in ms. */
  readonly retryMs?: number;
  /** Extra environment variables for the server process. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the server to listen (default 10 s). */
  readonly startTimeoutMs?: number;
}

/** A running fixture HTTP server. */
export interface FixtureHttpServer {
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp` (both eras). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The port it listens on. */
  readonly port: number;
  /** The server process id. */
  readonly pid: number;
  /** Stops the server and waits until the process has exited (idempotent). */
  stop(): Promise<void>;
  /**
   * Calls an admin endpoint (`'sessions'` or `'/admin/sessions'`; POST with `{method: 'POST'}`)
   * and resolves with its JSON answer; rejects on a non-2xx status.
   */
  admin<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  /** What the server wrote to stderr so far (the last 64 KB). */
  stderr(): string;
}

/** A running server-everything over HTTP. */
export interface EverythingHttpServer {
  /** `http://127.0.0.1:<port>/mcp` (streamableHttp) or `http://127.0.0.1:<port>/sse` (sse; it posts to `/message?sessionId=…`). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops the server and waits until the process has exited (idempotent). */
  stop(): Promise<void>;
}

/**
 * Starts spec/fixtures/fixture-http-server.mjs on a free port of 127.0.0.1 and resolves once it
 * listens. Both eras answer at `url`; see that file for the admin endpoints.
 */
export async function startFixtureHttpServer(options: FixtureHttpServerOptions = {}): Promise<FixtureHttpServer> {
  const args = [FIXTURE_HTTP_SERVER, '--exit-on-stdin-end'];
  if (options.responseMode === 'json') args.push('--json-only');
  if (options.responseMode === 'sse') args.push('--sse-only');
  if (options.legacyJson) args.push('--legacy-json');
  if (options.keepAliveMs !== undefined) args.push('--keep-alive-ms', String(options.keepAliveMs));
  if (options.retryMs !== undefined) args.push('--retry-ms', String(options.retryMs));
  const started = await startListeningProcess(args, { cwd: ROOT, env: options.env, timeoutMs: options.startTimeoutMs ?? 10_000 });
  const origin = `http://127.0.0.1:${started.port}`;
  return {
    url: `${origin}/mcp`,
    origin,
    port: started.port,
    pid: started.child.pid ?? -1,
    stop: started.stop,
    stderr: started.stderr,
    async admin<T = unknown>(path: string, init?: RequestInit): Promise<T> {
      const name = path.replace(/^\/?(admin\/)?/, '');
      const response = await fetch(`${origin}/admin/${name}`, init);
      const text = await response.text();
      if (!response.ok) throw new Error(`admin ${name} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    },
  };
}

/**
 * Starts `@modelcontextprotocol/server-everything` in `streamableHttp` or `sse` mode on a free
 * port of 127.0.0.1, or on `port` (to restart one where it was). The server itself listens on
 * `PORT` (default 3001) on every interface; a preloaded module makes it bind 127.0.0.1 on the
 * port given (0: any) and print the port it got, and exit when its stdin ends.
 */
export async function startEverythingServer(mode: 'streamableHttp' | 'sse', startTimeoutMs = 15_000, port = 0): Promise<EverythingHttpServer> {
  const started = await startListeningProcess(['--import', `data:text/javascript,${encodeURIComponent(LOOPBACK_PRELOAD)}`, EVERYTHING, mode], { cwd: ROOT, env: { PORT: String(port) }, timeoutMs: startTimeoutMs });
  const origin = `http://127.0.0.1:${started.port}`;
  return { url: `${origin}${mode === 'sse' ? '/sse' : '/mcp'}`, origin, port: started.port, stop: started.stop };
}

/**
 * Preloaded into server-everything: its numeric `listen(PORT)` binds 127.0.0.1 instead of every
 * interface, `LISTENING <port>` goes to stdout once it listens, and the end of stdin (the test
 * runner went away) ends the process.
 */
const LOOPBACK_PRELOAD = `
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\\d+$/.test(args[0]))) {
    const callback = args.find((arg) => typeof arg === 'function');
    this.once('listening', () => process.stdout.write('LISTENING ' + this.address().port + '\\n'));
    return listen.call(this, Number(args[0]), '127.0.0.1', ...(callback ? [callback] : []));
  }
  return listen.apply(this, args);
};
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
`;
