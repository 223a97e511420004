/**
 * The legacy HTTP+SSE transport of MCP 2024-11-05 (deprecated by Streamable HTTP, still widely
 * deployed): the client holds one `text/event-stream` GET open, and sends every message as a POST
 * to an endpoint the server names on that stream.
 *
 * - Subscribing GETs the URL; the server's first event must be `endpoint`, whose data is the
 *   POST URL (absolute, or relative to the SSE URL). An endpoint on another origin is refused.
 * - Messages are POSTed as JSON, one at a time and in order (HTTP promises no order between
 *   concurrent requests, and servers reject a request that overtakes `notifications/initialized`);
 *   those sent before the endpoint is known wait for it. The POST answer (normally 202) carries
 *   no message; an HTTP error answering a request becomes a fault naming that request.
 * - Every `message` event is one JSON-RPC message; other event names are ignored. An event over
 *   `maxMessageBytes` ends the connection with a `MessageTooLargeError` (reported on `faults$`
 *   too), reading no further: its end may never come, and every message shares the stream.
 * - The stream ending or breaking once the endpoint is known ends the connection with a
 *   `ConnectionClosedError`; failures before that (HTTP status, authentication, wrong content
 *   type, no endpoint in time, a cross-origin endpoint) with the typed error that says why.
 * - Completing `outbound$` sends what is queued, then aborts the GET and completes `inbound$`.
 *
 * Browser-safe: only the platform `fetch`, `Headers`, `AbortController` and `TextDecoder`.
 */
import { Observable, type Subscriber } from 'rxjs';
import { excerpt, messageOf } from '../../protocol/describe.js';
import { ConnectError, ConnectionClosedError, MessageTooLargeError, TransportError, type RxMcpError } from '../../protocol/errors.js';
import { connectError } from '../connect-error.js';
import { jsonFrame } from '../json-frames.js';
import type { RequestId } from '../../protocol/jsonrpc.js';
import { inboundFault, type InboundItem, type OutboundMessage, type Transport } from '../transport.js';
import type { ClientAuth } from './auth.js';
import { resolveRequester } from './default-requester.js';
import type { FetchLike } from './fetch.js';
import { AuthenticationError, RedirectRefusedError } from '../../protocol/http-errors.js';
import { authorizedFetch, type AuthorizedFetch } from './credentials.js';
import { sendWithRedirects, type RedirectingInit, type RedirectPolicy, type RequestHeaders } from './redirects.js';
import { checkNetworkTarget, HTTP_SCHEMES } from './check-http-options.js';
import { checkDuration } from '../../protocol/option-checks.js';
import { discardBody, statusError } from './response-errors.js';
import { DEFAULT_MAX_EVENT_SIZE, SseParser } from './sse-parser.js';
import type { HttpRequester, HttpResponse } from './requester.js';

/** Options of {@link sse}. */
export interface SseOptions {
  /** Headers added to every request (the GET and each POST). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Credentials, asked for before every request. */
  readonly auth?: ClientAuth;
  /** The fetch to use. Default: in Node undici's dispatcher API (see `rxmcp/node`), elsewhere the platform's `fetch`, or `cross-fetch` where there is none. */
  readonly fetch?: FetchLike;
  /** How requests are sent, below the protocol (e.g. `undiciRequester({ allowH2: true })` from `rxmcp/node`); wins over `fetch`. */
  readonly requester?: HttpRequester;
  /** The largest inbound message (SSE event) accepted, in bytes of its lines. Default 64 MiB. */
  readonly maxMessageBytes?: number;
  /** How long the server has to name its endpoint after the GET was sent, in ms. Default 10 s. */
  readonly endpointTimeoutMs?: number;
  /** Redirects of the GET and the POSTs, as for Streamable HTTP: `'same-origin'` (default), `'follow'` (without the configured headers and credentials across origins) or `'error'`. */
  readonly redirect?: RedirectPolicy;
}

/** The default time the server has to send its `endpoint` event: 10 s. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 10_000;


/** A {@link Transport} to an MCP server over the legacy HTTP+SSE transport (2024-11-05). */
export class SseTransport implements Transport {
  /** Always `'sse'`. */
  readonly kind = 'sse' as const;
  /** The endpoint URL, for errors and logs. */
  readonly description: string;
  /** The SSE URL the GET goes to. */
  readonly url: URL;

  constructor(
    url: string | URL,
    /** The options it was made with. */
    readonly options: SseOptions = {},
  ) {
    this.url = checkNetworkTarget('sse.', url, HTTP_SCHEMES, options);
    checkDuration('sse.endpointTimeoutMs', options.endpointTimeoutMs);
    this.description = `sse: ${this.url.origin}${this.url.pathname}`;
  }

  /** Opens the GET stream and posts `outbound$` to the endpoint it names (see `Transport.connect`). */
  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
    return new Observable<InboundItem>((subscriber) => {
      const connection = new SseConnection(this, subscriber);
      const subscription = outbound$.subscribe({
        next: (outbound) => connection.send(outbound),
        complete: () => void connection.closeGracefully(),
        error: () => void connection.closeGracefully(),
      });
      connection.open();
      return () => {
        subscription.unsubscribe();
        connection.abort();
      };
    });
  }
}

/** Creates a legacy HTTP+SSE transport for the server whose SSE stream is at `url`. */
export function sse(url: string | URL, options?: SseOptions): SseTransport {
  return new SseTransport(url, options);
}

/** A message waiting to be POSTed, already serialized (the dispatcher releases the original). */
interface Post {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Set when the message is a request: an HTTP error answering it fails that request. */
  readonly requestId: RequestId | undefined;
}

/** One connection: the GET stream, the endpoint it named, and the POSTs in order. */
class SseConnection {
  private readonly url: URL;
  private readonly options: SseOptions;
  private readonly requester: Promise<HttpRequester>;
  /** Every HTTP request goes out through this: credentials added, a 401 answered (see `credentials.ts`). */
  private readonly authorized: AuthorizedFetch;
  private readonly maxMessage: number;
  private readonly stream = new AbortController();
  private readonly posts = new AbortController();
  private readonly parser: SseParser;
  /** The transport's description: the `target` of a {@link ConnectError}. */
  private readonly description: string;
  private endpoint: URL | undefined;
  private endpointKnown!: (endpoint: URL) => void;
  private readonly endpointReady = new Promise<URL>((resolve) => (this.endpointKnown = resolve));
  /** Settles once every POST handed over so far was answered. */
  private sending: Promise<void> = Promise.resolve();
  private endpointTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once `outbound$` ended: the stream ending now is expected. */
  private closing = false;
  /** Set once `inbound$` ended (or was unsubscribed): nothing more is emitted. */
  private closed = false;

  constructor(
    transport: SseTransport,
    private readonly subscriber: Subscriber<InboundItem>,
  ) {
    this.url = transport.url;
    this.description = transport.description;
    this.options = transport.options;
    this.maxMessage = this.options.maxMessageBytes ?? DEFAULT_MAX_EVENT_SIZE;
    this.requester = resolveRequester(this.options);
    // resolveRequester fails only when no fetch exists at all; open() reports that
    this.requester.catch(() => undefined);
    this.authorized = authorizedFetch((url, init, headers) => this.sendOnce(url, init, headers), this.options.auth);
    this.parser = new SseParser(
      {
        event: (event) => {
          if (this.closed) return;
          if (event.event === 'endpoint') this.onEndpoint(event.data);
          else if (event.event === 'message') this.onMessage(event.data);
        },
        oversized: (size) => {
          if (this.closed) return;
          // the rest of the event may never end, and the stream carries every message: the
          // connection ends here (reading stops at once), with the error as its reason
          const error = new MessageTooLargeError(size, this.maxMessage);
          this.subscriber.next(inboundFault(error));
          this.fail(error);
        },
      },
      this.maxMessage,
    );
  }

  /** Opens the GET stream and starts waiting for the endpoint. */
  open(): void {
    const timeoutMs = this.options.endpointTimeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
    this.endpointTimer = setTimeout(() => {
      this.fail(new TransportError(`The server at ${this.url.href} sent no endpoint event within ${timeoutMs} ms`));
    }, timeoutMs);
    void this.readStream();
  }

  /** Queues one outbound message; it is POSTed once the endpoint is known and the POSTs before it were answered. */
  send(outbound: OutboundMessage): void {
    const message = outbound.message;
    const post: Post = {
      body: JSON.stringify(message),
      headers: outbound.headers,
      requestId: 'method' in message && 'id' in message ? message.id : undefined,
    };
    this.sending = this.sending
      .then(async () => {
        const endpoint = this.endpoint ?? (await this.endpointReady);
        if (!this.closed) await this.post(endpoint, post);
      })
      .catch(() => undefined); // post() reports its failures; the next message goes out regardless
  }

  /** `outbound$` ended: sends what is queued (when there is an endpoint), then closes. */
  async closeGracefully(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    if (this.endpoint !== undefined) await this.sending;
    if (this.closed) return;
    this.abort();
    this.subscriber.complete();
  }

  /** Stops everything at once: the GET, the POSTs, the endpoint timer. Idempotent. */
  abort(): void {
    this.closed = true;
    clearTimeout(this.endpointTimer);
    this.stream.abort();
    this.posts.abort();
  }

  private fail(error: RxMcpError): void {
    if (this.closed) return;
    this.abort();
    this.subscriber.error(error);
  }

  private async readStream(): Promise<void> {
    let response: HttpResponse;
    try {
      response = await this.request('GET', this.url, { Accept: 'text/event-stream' }, undefined, undefined, this.stream.signal);
    } catch (error) {
      // a typed refusal of the credentials hook (an OAuth flow's `AuthenticationError` subclass) is kept as it is
      this.fail(error instanceof ConnectError || error instanceof RedirectRefusedError || error instanceof AuthenticationError ? error : new TransportError(`Could not open the SSE stream ${this.url.href}: ${messageOf(error)}`, { cause: error }));
      return;
    }
    if (this.closed) {
      void discardBody(response);
      return;
    }
    if (!response.ok) {
      const error = await statusError(response);
      this.fail(error);
      return;
    }
    const type = mediaType(response.headers.get('content-type'));
    if (type !== 'text/event-stream' || response.body === null) {
      void discardBody(response);
      const what = response.body === null ? 'no body' : `content type ${type === '' ? '(none)' : type}`;
      this.fail(new TransportError(`The server at ${this.url.href} answered the SSE GET with ${what}, not a text/event-stream`));
      return;
    }
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (this.closed) return;
        if (done) break;
        this.parser.push(value);
        if (this.closed) {
          await reader.cancel().catch(() => undefined);
          return;
        }
      }
    } catch (error) {
      this.streamEnded(error);
      return;
    }
    this.parser.end();
    this.streamEnded(undefined);
  }

  /** The GET stream ended (`cause` undefined) or broke. */
  private streamEnded(cause: unknown): void {
    if (this.closed) return;
    if (this.closing) {
      this.abort();
      this.subscriber.complete();
      return;
    }
    const how = cause === undefined ? 'ended' : `broke: ${messageOf(cause)}`;
    this.fail(
      this.endpoint === undefined
        ? new TransportError(`The SSE stream of ${this.url.href} ${how} before it named an endpoint`, { cause })
        : new ConnectionClosedError(`The SSE stream of ${this.url.href} ${how}`, { cause }),
    );
  }

  private onEndpoint(data: string): void {
    if (this.endpoint !== undefined) return; // named once; later endpoint events are ignored
    let endpoint: URL;
    try {
      if (data.trim() === '') throw new TypeError('empty');
      endpoint = new URL(data, this.url);
    } catch (error) {
      this.fail(new TransportError(`The server at ${this.url.href} named an endpoint that is not a URL: ${JSON.stringify(excerpt(data))}`, { cause: error }));
      return;
    }
    if (endpoint.origin !== this.url.origin) {
      this.fail(
        new TransportError(
          `The server at ${this.url.href} named an endpoint on another origin (${endpoint.origin}, not ${this.url.origin}); messages are not sent there`,
        ),
      );
      return;
    }
    clearTimeout(this.endpointTimer);
    this.endpoint = endpoint;
    this.endpointKnown(endpoint);
  }

  private onMessage(data: string): void {
    if (data === '') return;
    this.subscriber.next(jsonFrame(data, 'The server sent a message that is not JSON'));
  }

  private async post(endpoint: URL, post: Post): Promise<void> {
    let response: HttpResponse;
    try {
      response = await this.request('POST', endpoint, { 'Content-Type': 'application/json' }, post.headers, post.body, this.posts.signal);
    } catch (error) {
      if (!this.closed) this.fault(error instanceof RedirectRefusedError || error instanceof AuthenticationError ? error : new TransportError(`Could not POST to ${endpoint.href}: ${messageOf(error)}`, { cause: error }), post.requestId);
      return;
    }
    if (response.ok) {
      await discardBody(response);
      return;
    }
    const error = await statusError(response);
    if (!this.closed) this.fault(error, post.requestId);
  }

  private fault(error: RxMcpError, requestId: RequestId | undefined): void {
    this.subscriber.next(inboundFault(error, requestId));
  }

  /**
   * One HTTP request with the configured headers and the call's (`extra`), the transport's `own`
   * winning, and the credentials (see `credentials.ts`: they win over all, and a 401 or 403 is
   * offered to `auth.onUnauthorized` once; when it asks for a retry, the request goes again).
   */
  private request(
    method: 'GET' | 'POST',
    url: URL,
    own: Readonly<Record<string, string>>,
    extra: Readonly<Record<string, string>> | undefined,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    const headers = new Headers(this.options.headers);
    for (const [name, value] of Object.entries({ ...extra, ...own })) headers.set(name, value);
    const configured: Record<string, string> = {};
    headers.forEach((value, name) => (configured[name] = value));
    const init = body === undefined ? { method, signal } : { method, body, signal };
    // only the transport's own headers follow a redirect to another origin (see redirects.ts)
    return this.authorized(url, init, { configured, protocol: own });
  }

  /** One HTTP request with its final headers; a network failure of the stream's GET is a `ConnectError`. */
  private async sendOnce(url: URL, init: RedirectingInit, headers: RequestHeaders): Promise<HttpResponse> {
    const requester = await this.requester;
    return sendWithRedirects(requester, url, init, headers, this.options.redirect).catch((error: unknown) => {
      // the stream's GET is what reaches the server: a network failure there is a ConnectError
      throw init.method === 'GET' && !init.signal.aborted && !(error instanceof RedirectRefusedError) ? connectError(this.description, error) : error;
    });
  }
}

/** The media type of a `Content-Type` value, lowercase, without parameters. */
function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}


