/**
 * The socket itself: which WebSocket implementation to use (the one given, the global one, or
 * `ws`, loaded lazily), what an opening that failed means, and how a socket is let go of
 * (a graceful close, dropped at once, or released without waiting).
 */
import { ConnectError, TransportError } from '../../protocol/errors.js';
import { systemCodeOf } from '../connect-error.js';
import type { WebSocketConstructor, WebSocketLike, WebSocketOptions } from './websocket-options.js';

/** How long a graceful close waits for the server's closing handshake. */
export const CLOSE_WAIT_MS = 2000;

/** `readyState` values of the standard API. */
export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;

/** What `ws` passes with `unexpected-response` (a Node `IncomingMessage`), as far as it is read. */
export interface HttpResponseLike {
  readonly statusCode?: number;
  readonly statusMessage?: string;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** The WebSocket implementation to use: the one passed in, the global one, or `ws`. */
export async function constructorFor(options: WebSocketOptions, where: string): Promise<WebSocketConstructor> {
  if (options.WebSocket !== undefined) return options.WebSocket;
  const wantsHeaders = options.auth !== undefined || (options.headers !== undefined && Object.keys(options.headers).length > 0);
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (!wantsHeaders && typeof global === 'function') return global as WebSocketConstructor;
  const ws = await loadWs();
  if (ws !== undefined) return ws;
  throw new TransportError(
    wantsHeaders
      ? `Cannot open the WebSocket to ${where} with headers: they need the 'ws' package (Node), and a browser WebSocket cannot send headers`
      : `Cannot open the WebSocket to ${where}: there is no global WebSocket and the 'ws' package could not be loaded`,
  );
}

let wsConstructor: Promise<WebSocketConstructor | undefined> | undefined;

/** The `ws` package's WebSocket class, if it can be loaded (Node). Loaded once. */
function loadWs(): Promise<WebSocketConstructor | undefined> {
  wsConstructor ??= (async () => {
    // A computed specifier: bundlers must not try to pull `ws` (and Node built-ins) into a browser build.
    const specifier = ['w', 's'].join('');
    try {
      const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as { WebSocket?: unknown; default?: unknown };
      const candidate = module.WebSocket ?? module.default;
      return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined;
    } catch {
      return undefined;
    }
  })();
  return wsConstructor;
}

/**
 * The error of an opening that failed, from what the socket said (a browser says nothing). A
 * socket error with a system code (`ECONNREFUSED`, `ENOTFOUND`, a TLS code) is a
 * {@link ConnectError}, and so is the standard API's silent failure (refused, the likeliest); an
 * upgrade the server answered (an HTTP status, the wrong subprotocol) is a `TransportError`.
 */
export function openingError(where: string, protocols: readonly string[], cause: Error | undefined): TransportError {
  const target = `websocket: ${where}`;
  if (cause === undefined) {
    const why = protocols.length > 0 ? `refused, an HTTP error at the upgrade, or the server did not select ${quoted(protocols)}` : 'refused, or an HTTP error at the upgrade';
    return new ConnectError(target, undefined, `Could not open the WebSocket to ${where} (${why}; the WebSocket API does not say which)`);
  }
  if (/subprotocol/i.test(cause.message)) {
    return new TransportError(`The server at ${where} did not select the WebSocket subprotocol ${quoted(protocols)}: ${cause.message}`, { cause });
  }
  const code = systemCodeOf(cause);
  const message = `Could not open the WebSocket to ${where}: ${cause.message}`;
  if (code === undefined) return new TransportError(message, { cause });
  return new ConnectError(target, code, cause.message.includes(code) ? message : `${message} (${code})`, { cause });
}

/** Starts the closing handshake (code 1000). */
export function closeGracefully(socket: WebSocketLike): void {
  try {
    socket.close(1000);
  } catch {
    abort(socket);
  }
}

/** Drops a socket at once (`ws`), or closes it (the standard API has nothing quicker). */
export function abort(socket: WebSocketLike): void {
  try {
    if (socket.terminate !== undefined) socket.terminate();
    else socket.close();
  } catch {
    // already closed
  }
}

/**
 * Lets go of a socket without waiting: an opening is aborted, an open socket starts its closing
 * handshake, and one that does not finish it within the wait is dropped (where that is possible),
 * by a timer that does not keep a Node process alive.
 */
export function release(socket: WebSocketLike): void {
  if (socket.readyState === CONNECTING) {
    abort(socket);
    return;
  }
  if (socket.readyState === OPEN) closeGracefully(socket);
  if (socket.readyState !== CLOSING && socket.readyState !== OPEN) return;
  const terminate = socket.terminate;
  if (terminate === undefined) return;
  const timer = setTimeout(() => abort(socket), CLOSE_WAIT_MS);
  (timer as { unref?: () => void }).unref?.();
  socket.addEventListener('close', () => clearTimeout(timer));
}

/** The error an `error` event carries (`ws` has one; a browser's event carries nothing). */
export function errorOf(event: unknown): Error | undefined {
  const { error, message } = (event ?? {}) as { error?: unknown; message?: unknown };
  // not only `instanceof Error`: an error from another realm (Node's own, seen from a vm context) keeps its `code`
  if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string')) return error as Error;
  if (typeof message === 'string' && message !== '') return new Error(message);
  return undefined;
}

/** The URL without credentials and query (tokens often travel there), for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The subprotocols, quoted, for messages (`'mcp' or 'x'`). */
export function quoted(protocols: readonly string[]): string {
  return protocols.map((protocol) => `'${protocol}'`).join(' or ');
}


