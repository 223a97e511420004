/**
 * The Node {@link HttpRequester}: undici's dispatcher API (`Agent.request`), the library under
 * Node's own `fetch` without its WHATWG layer (no `Request` clone, no teed body, no header
 * guards, no web-stream adapters). One keep-alive pool per origin with a bounded number of
 * connections, request and response bodies streamed, each request aborted by its own signal,
 * HTTP/2 over TLS when asked (`allowH2`) and the server offers it, proxies from the environment
 * when asked (`proxy: 'env'`, undici's `EnvHttpProxyAgent`). Redirects are not followed here:
 * the transports follow them (`redirects.ts`), on both paths alike.
 *
 * Node-only: reachable from `rxmcp/node`, never from `rxmcp`.
 */
import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';
import { checkBoolean, checkDuration, checkInteger, checkObject, checkOneOf } from '../../../protocol/option-checks.js';
import type { HttpRequester } from '../requester.js';
import { UndiciResponse } from './undici-response.js';

/** undici's module, loaded when the first requester is made (about 80 ms of import a stdio-only process never pays). */
let undiciModule: typeof import('undici') | undefined;

/** undici, loaded synchronously on first use (it is CommonJS, and this file is Node-only). */
function undici(): typeof import('undici') {
  undiciModule ??= createRequire(import.meta.url)('undici') as typeof import('undici');
  return undiciModule;
}

/** The default bound on connections per origin. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 128;

/** Options of {@link undiciRequester}. */
export interface UndiciRequesterOptions {
  /**
   * The most connections open to one origin (default {@link DEFAULT_CONNECTIONS_PER_ORIGIN});
   * further requests wait for one. Over HTTP/1.1 a long-lived stream (a legacy GET stream, a
   * `subscriptions/listen`) holds a connection while it is open.
   */
  readonly connections?: number;
  /** Speak HTTP/2 when a TLS server offers it (ALPN): concurrent requests share one connection. Default `false`. */
  readonly allowH2?: boolean;
  /** `'env'`: go through the proxy `HTTP_PROXY` / `HTTPS_PROXY` name, except for `NO_PROXY` hosts. Default: no proxy. */
  readonly proxy?: 'env';
  /** TLS options of new connections (`ca`, `cert`, `key`, `rejectUnauthorized`, `servername`). */
  readonly tls?: { readonly ca?: string | Buffer | readonly (string | Buffer)[]; readonly cert?: string | Buffer; readonly key?: string | Buffer; readonly rejectUnauthorized?: boolean; readonly servername?: string };
  /** How long an idle kept-alive connection stays open, in ms (default undici's 4 s, or less when the server says so). */
  readonly keepAliveTimeoutMs?: number;
  /** An undici dispatcher of your own (an `Agent`, a `ProxyAgent`, a `MockAgent`); the options above are then not used. */
  readonly dispatcher?: Dispatcher;
}

/** What a requester made by {@link undiciRequester} adds: its dispatcher, and a way to close it. */
export interface UndiciRequester extends HttpRequester {
  /** The dispatcher requests go through. */
  readonly dispatcher: Dispatcher;
  /** Closes every pooled connection once its requests are done. */
  close(): Promise<void>;
}

/** A requester on undici's dispatcher API; a bad option throws `InvalidOptionError`. */
export function undiciRequester(options: UndiciRequesterOptions = {}): UndiciRequester {
  checkRequesterOptions(options);
  const dispatcher = options.dispatcher ?? dispatcherFor(options);
  const send: HttpRequester = async (request) => {
    const url = request.url;
    const data = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
      // Scheduling only (undici's core never resends a request): lets POSTs share an HTTP/2
      // connection instead of one connection each. Retries are the transport's, by its policy.
      idempotent: true,
    });
    return new UndiciResponse(data.statusCode, data.statusText, data.headers, data.body);
  };
  return Object.assign(send, { dispatcher, close: () => dispatcher.close() });
}

/** Checks the options before anything is made: each named `undiciRequester.<name>`. */
function checkRequesterOptions(options: UndiciRequesterOptions): void {
  checkObject('undiciRequester', options);
  checkInteger('undiciRequester.connections', options.connections, 1);
  checkBoolean('undiciRequester.allowH2', options.allowH2);
  checkOneOf('undiciRequester.proxy', options.proxy, ['env']);
  checkObject('undiciRequester.tls', options.tls);
  checkDuration('undiciRequester.keepAliveTimeoutMs', options.keepAliveTimeoutMs);
  checkObject('undiciRequester.dispatcher', options.dispatcher);
}

/** Requests in flight on one HTTP/2 connection (the least `SETTINGS_MAX_CONCURRENT_STREAMS` servers are advised to allow). */
const H2_STREAMS = 100;

/** The pooling agent of the options. */
function dispatcherFor(options: UndiciRequesterOptions): Dispatcher {
  const tls = options.tls === undefined ? {} : { ...options.tls, ca: options.tls.ca as string | Buffer | (string | Buffer)[] | undefined };
  const agentOptions: Agent.Options = {
    connections: options.connections ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    allowH2: options.allowH2 ?? false,
    ...(options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
    ...(options.tls === undefined ? {} : { connect: tls }),
  };
  if (options.proxy === 'env') return new (undici().EnvHttpProxyAgent)(agentOptions);
  if (options.allowH2 !== true) return new (undici().Agent)(agentOptions);
  return multiplexingAgent(agentOptions, tls);
}

/**
 * An agent that lets a connection on which the server chose HTTP/2 carry up to
 * {@link H2_STREAMS} requests at once (undici's clients otherwise run one request per
 * connection, over HTTP/2 too); an HTTP/1.1 connection keeps one request at a time, so a long
 * event stream never holds up a request queued behind it.
 */
function multiplexingAgent(agentOptions: Agent.Options, tls: object): Agent {
  const negotiated = new Map<string, string | false | undefined>();
  const { Agent, buildConnector } = undici();
  const connect = buildConnector({ ...tls, allowH2: true });
  const agent = new Agent({
    ...agentOptions,
    connect: (options, callback) =>
      connect(options, (error, socket) => {
        if (error !== null) return callback(error, null);
        negotiated.set(endpointKey(options.protocol, options.hostname, options.port), (socket as { alpnProtocol?: string | false }).alpnProtocol);
        return callback(null, socket!);
      }),
  });
  agent.on('connect', (origin, targets) => {
    const url = origin instanceof URL ? origin : new URL(String(origin));
    const client = targets.at(-1) as unknown as { pipelining: number };
    if (negotiated.get(endpointKey(url.protocol, url.hostname, url.port)) === 'h2') client.pipelining = H2_STREAMS;
  });
  return agent;
}

/** One key for an endpoint, whether named by a URL or by connector options. */
function endpointKey(protocol: string, hostname: string, port: string | number | undefined): string {
  return `${protocol}//${hostname}:${String(port ?? '')}`;
}
