/**
 * Connecting by URL: `Client.connect('https://host/mcp')`. The transport is Streamable HTTP
 * (both eras), unless the URL's path ends in `/sse`, the old HTTP+SSE transport's conventional
 * endpoint. When Streamable HTTP is refused the way a 2024-11-05 server refuses it (the probe
 * and `initialize` both answered 400, 404 or 405 with no JSON-RPC error), the client falls back
 * to HTTP+SSE on the same URL, as the spec's backwards-compatibility section describes.
 * A `ws:` or `wss:` URL connects over WebSocket. `client.transport.kind` says which one was chosen.
 *
 * Only Streamable HTTP is imported statically: HTTP+SSE and WebSocket are loaded with `import()`
 * when a URL needs them (the fallback, an `/sse` path, a `ws:` URL), so a bundle of a client that
 * never uses them fetches them never (a separate chunk when the bundler splits); a module that
 * cannot be loaded is a `PartLoadError`.
 */
import type { ClientAuth } from '../transport/http/auth.js';
import type { FetchLike } from '../transport/http/fetch.js';
import { AuthenticationError, HttpStatusError } from '../protocol/http-errors.js';
import type { SseOptions, SseTransport } from '../transport/http/sse-transport.js';
import { streamableHttp, type StreamableHttpOptions, type StreamableHttpTransport } from '../transport/http/streamable-http-transport.js';
import type { ReconnectOptions } from '../protocol/reconnect-policy.js';
import type { RedirectPolicy } from '../transport/http/redirects.js';
import type { WebSocketTransport } from '../transport/websocket/websocket-transport.js';
import { ConnectError } from '../protocol/errors.js';
import { checkUrl } from '../protocol/option-checks.js';
import { lazyPart } from '../protocol/part-loader.js';

/** The WebSocket transport's module, loaded for a `ws:` URL. */
const websocketModule = lazyPart('the WebSocket transport', () => import('../transport/websocket/websocket-transport.js'));
/** The HTTP+SSE transport's module, loaded for an `/sse` URL or the fallback. */
const sseModule = lazyPart('the HTTP+SSE transport', () => import('../transport/http/sse-transport.js'));

/** HTTP options of a URL target. */
export interface HttpTargetOptions {
  /** Headers for every HTTP request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A fetch-compatible function. */
  readonly fetch?: FetchLike;
  /** Credentials (e.g. `new BearerAuth(token)`), asked for per request. */
  readonly auth?: ClientAuth;
  /** Which HTTP transport: `'auto'` (default: Streamable HTTP, falling back to HTTP+SSE), or one of them. */
  readonly httpTransport?: 'auto' | 'streamable-http' | 'sse';
  /** Reconnection of long-lived streams. */
  readonly reconnect?: ReconnectOptions;
  /** The largest message accepted (each transport's default when left out). */
  readonly maxMessageBytes?: number;
  /** HTTP redirects: `'same-origin'` (default), `'follow'` or `'error'` (see `RedirectPolicy`). */
  readonly redirect?: RedirectPolicy;
}

/** The transport of a client connected by URL: `client.transport.kind` tells which one. */
export type UrlTransport = StreamableHttpTransport | SseTransport | WebSocketTransport;

/** One transport to try for a URL: made (its module loaded first if it is not yet) only when tried. */
export type UrlCandidate = () => Promise<UrlTransport>;

/**
 * The transports to try for a URL, in order. The URL is checked now (an `InvalidOptionError`
 * when it cannot be one); each transport is made, and its module loaded, when it is tried.
 */
export function transportsForUrl(url: string | URL, options: HttpTargetOptions): UrlCandidate[] {
  const target = parseTarget(url);
  const { headers, fetch, auth, reconnect, maxMessageBytes, redirect } = options;
  if (target.protocol === 'ws:' || target.protocol === 'wss:') {
    return [async () => (await websocketModule()).websocket(target, { headers, auth, maxMessageBytes })];
  }
  const streamOptions: StreamableHttpOptions = { headers, fetch, auth, reconnect, maxMessageBytes, redirect };
  const sseOptions: SseOptions = { headers, fetch, auth, maxMessageBytes, redirect };
  const viaStreamableHttp: UrlCandidate = () => Promise.resolve(streamableHttp(target, streamOptions));
  const viaSse: UrlCandidate = async () => (await sseModule()).sse(target, sseOptions);
  const choice = options.httpTransport ?? 'auto';
  if (choice === 'sse' || (choice === 'auto' && /\/sse\/?$/.test(target.pathname))) return [viaSse];
  if (choice === 'streamable-http') return [viaStreamableHttp];
  return [viaStreamableHttp, viaSse];
}

/** The URL of a target, or an `InvalidOptionError` (`url`) saying why it cannot be one. */
function parseTarget(url: string | URL): URL {
  return checkUrl('url', url, ['http:', 'https:', 'ws:', 'wss:']);
}

/**
 * True when a Streamable HTTP connection failed the way an HTTP+SSE-only server refuses it: an
 * HTTP status, so a server answered. A server that could not be reached (a `ConnectError`:
 * refused, DNS, TLS) is not there for HTTP+SSE either, so that never falls back.
 */
export function refusedLikeOldServer(error: unknown): boolean {
  return !(error instanceof ConnectError) && error instanceof HttpStatusError && !(error instanceof AuthenticationError) && [400, 404, 405].includes(error.status);
}
