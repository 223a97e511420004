/**
 * The Streamable HTTP transport, both protocol eras on one transport: every message is its own
 * POST to the MCP endpoint, and the answer comes back as JSON or as a `text/event-stream`.
 *
 * Which era a message belongs to is read from the message itself: a request whose `_meta` states
 * a 2026-07-28 version is sent the modern way (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`,
 * the caller's `Mcp-Param-*`; no session; cancelling aborts its POST), everything else the legacy
 * way (`Mcp-Session-Id` from the `initialize` response, `MCP-Protocol-Version` after the
 * handshake, the standalone GET stream, resumption with `Last-Event-ID`, one transparent
 * re-initialization when the session expires, `DELETE` on close).
 *
 * Failures that concern one request (an HTTP error, a broken stream, 401) become `fault` items
 * naming it, so only that request fails; a JSON-RPC error body on an HTTP error status is passed
 * on as the response, so the caller sees the server's `McpError`.
 */
import { Observable, Subject, type Subscriber } from 'rxjs';
import { MessageTooLargeError, ProtocolViolationError, StreamBrokenError, TransportError } from '../../protocol/errors.js';
import type { JsonObject, JsonRpcMessage, RequestId } from '../../protocol/jsonrpc.js';
import { inboundFault, inboundMessage, type InboundItem, type OutboundMessage, type StreamStateEvent, type Transport } from '../transport.js';
import type { ClientAuth } from './auth.js';
import { resolveFetch, type FetchLike } from './fetch.js';
import { AuthenticationError, HttpStatusError, ReconnectExhaustedError, SessionExpiredError } from './http-errors.js';
import { legacyHeaders, modernHeaders, modernVersionOf } from './message-headers.js';
import { maxReconnectAttempts, reconnectDelay, type ReconnectOptions } from './reconnect-policy.js';
import { DEFAULT_MAX_EVENT_SIZE, SseParser } from './sse-parser.js';

/** Options of {@link streamableHttp}. */
export interface StreamableHttpOptions {
  /** Headers added to every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use. Default: the platform's, or `cross-fetch` where there is none. */
  readonly fetch?: FetchLike;
  /** Credentials, asked for before every request. */
  readonly auth?: ClientAuth;
  /** The largest message accepted, in characters. Default 64 Mi. */
  readonly maxMessageBytes?: number;
  /** Legacy sessions: send `DELETE` when the connection closes. Default `true`. */
  readonly terminateOnClose?: boolean;
  /** Legacy sessions: open the standalone GET stream for server-initiated messages. Default `true`. */
  readonly openStandaloneStream?: boolean;
  /** How broken streams are re-opened (legacy GET stream, resumed response streams). */
  readonly reconnect?: ReconnectOptions;
}

const ACCEPT_BOTH = 'application/json, text/event-stream';
const DELETE_TIMEOUT_MS = 2_000;

/** A {@link Transport} to an MCP server over Streamable HTTP. */
export class StreamableHttpTransport implements Transport {
  readonly kind = 'streamable-http' as const;
  readonly description: string;
  readonly url: URL;
  private readonly streamStates = new Subject<StreamStateEvent>();

  /** The state of the long-lived streams (legacy standalone GET stream). Hot. */
  readonly streamState$: Observable<StreamStateEvent> = this.streamStates.asObservable();

  constructor(
    url: string | URL,
    readonly options: StreamableHttpOptions = {},
  ) {
    this.url = new URL(url);
    this.description = `streamable-http: ${this.url.origin}${this.url.pathname}`;
  }

  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
    return new Observable<InboundItem>((subscriber) => {
      const connection = new HttpConnection(this, subscriber, (event) => this.streamStates.next(event));
      const subscription = outbound$.subscribe({
        next: (outbound) => connection.send(outbound),
        complete: () => void connection.close(true).then(() => subscriber.complete()),
        error: () => void connection.close(true).then(() => subscriber.complete()),
      });
      return () => {
        subscription.unsubscribe();
        void connection.close(false);
      };
    });
  }
}

/** Creates a Streamable HTTP transport. */
export function streamableHttp(url: string | URL, options?: StreamableHttpOptions): StreamableHttpTransport {
  return new StreamableHttpTransport(url, options);
}

/** A request sent and not yet answered. */
interface InFlight {
  readonly method: string;
  readonly controller: AbortController;
  readonly modern: boolean;
}

/** One connection's state. */
class HttpConnection {
  private readonly controller = new AbortController();
  private readonly inFlight = new Map<RequestId, InFlight>();
  private readonly maxMessage: number;
  private fetchFn: Promise<FetchLike>;
  private closed = false;
  // legacy session
  private sessionId: string | undefined;
  private legacyVersion: string | undefined;
  private initializeParams: JsonObject | undefined;
  private reinitialized = false;
  private standalone: AbortController | undefined;

  constructor(
    private readonly transport: StreamableHttpTransport,
    private readonly subscriber: Subscriber<InboundItem>,
    private readonly reportStream: (event: StreamStateEvent) => void,
  ) {
    this.maxMessage = transport.options.maxMessageBytes ?? DEFAULT_MAX_EVENT_SIZE;
    this.fetchFn = resolveFetch(transport.options.fetch);
  }

  /** Sends one outbound message (never throws; failures become fault items). */
  send(outbound: OutboundMessage): void {
    const message = outbound.message;
    const extraHeaders = outbound.headers;
    if ('method' in message && message.method === 'notifications/cancelled' && !('id' in message)) {
      const target = this.inFlight.get(message.params?.requestId as RequestId);
      if (target?.modern === true) {
        // 2026-07-28 over HTTP: closing the response stream is the cancellation.
        target.controller.abort();
        this.inFlight.delete(message.params?.requestId as RequestId);
        return;
      }
    }
    void this.post(message, extraHeaders).catch((error: unknown) => this.fail(message, error));
  }

  /** Closes: aborts everything in flight; a graceful close also ends a legacy session with DELETE. */
  async close(graceful: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.standalone?.abort();
    const sessionId = this.sessionId;
    if (sessionId !== undefined && this.transport.options.terminateOnClose !== false) {
      const deleting = this.terminate(sessionId);
      if (graceful) await deleting;
    }
    this.reportStream({ stream: 'standalone', state: 'closed' });
  }

  // ---- sending ----------------------------------------------------------------------------------

  private async post(message: JsonRpcMessage, extraHeaders: Readonly<Record<string, string>> | undefined, retried = false): Promise<void> {
    const isRequest = 'method' in message && 'id' in message;
    const modernVersion = modernVersionOf(message);
    if (isRequest && message.method === 'initialize' && modernVersion === undefined) {
      this.initializeParams = message.params;
    }
    const controller = new AbortController();
    if (isRequest) this.inFlight.set(message.id, { method: message.method, controller, modern: modernVersion !== undefined });
    const headers: Record<string, string> = {
      Accept: ACCEPT_BOTH,
      'Content-Type': 'application/json',
      ...(modernVersion !== undefined ? modernHeaders(message, modernVersion) : legacyHeaders(this.sessionId, this.legacyVersion)),
      ...this.transport.options.headers,
      ...extraHeaders,
      ...(await this.authHeaders()),
    };
    const response = await this.fetch(this.transport.url, { method: 'POST', headers, body: JSON.stringify(message), signal: this.signalOf(controller) });
    if (isRequest && message.method === 'initialize') {
      const sessionId = response.headers.get('mcp-session-id');
      if (sessionId !== null && response.ok) this.sessionId = sessionId;
    }

    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      if (!retried && (await this.retryAfterUnauthorized(response))) return this.post(message, extraHeaders, true);
      throw new AuthenticationError(response.status, response.statusText, response.headers.get('www-authenticate') ?? undefined);
    }
    if (response.status === 404 && modernVersion === undefined && this.sessionId !== undefined && !(isRequest && message.method === 'initialize')) {
      await response.body?.cancel();
      const expired = this.sessionId;
      if (!this.reinitialized && (await this.reinitialize())) return this.post(message, extraHeaders, retried);
      throw new SessionExpiredError(expired);
    }
    if (!response.ok) {
      await this.passErrorBody(message, response);
      return;
    }
    if (!isRequest) {
      await response.body?.cancel();
      if ('method' in message && message.method === 'notifications/initialized') this.openStandalone();
      return;
    }
    await this.readAnswer(message.id, message.method, response, controller);
  }

  /** Reads the answer to request `id`: JSON, or an event stream (resumed when it breaks, if it can be). */
  private async readAnswer(id: RequestId, method: string, response: Response, controller: AbortController): Promise<void> {
    const contentType = response.headers.get('content-type') ?? '';
    try {
      if (response.status === 202 || response.status === 204) {
        throw new ProtocolViolationError(`The server accepted '${method}' (HTTP ${response.status}) but sent no response`);
      }
      if (contentType.includes('text/event-stream')) {
        await this.readRequestStream(id, method, response, controller);
        return;
      }
      if (!contentType.includes('application/json')) {
        await response.body?.cancel();
        throw new ProtocolViolationError(`Unexpected content type ${JSON.stringify(contentType)} in the answer to '${method}'`);
      }
      const text = await response.text();
      if (text.length > this.maxMessage) throw new MessageTooLargeError(text.length, this.maxMessage);
      this.emitJson(text, method === 'initialize');
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Reads a request's event stream; when it ends without the answer, resumes it (legacy, with an event id) or reports it lost. */
  private async readRequestStream(id: RequestId, method: string, response: Response, controller: AbortController): Promise<void> {
    let answered = false;
    let retryMs: number | undefined;
    let lastEventId: string | undefined;
    const onEvent = (value: unknown): void => {
      if (isAnswerTo(value, id)) answered = true;
      this.emit(value, method === 'initialize');
    };
    let current: Response = response;
    for (let attempt = 0; ; ) {
      const outcome = await this.readEvents(current, onEvent, (ms) => (retryMs = ms));
      lastEventId = resumeId(lastEventId, outcome.lastEventId);
      if (answered || this.closed || controller.signal.aborted) return;
      const resumable = this.legacyVersion !== undefined || this.sessionId !== undefined;
      if (!resumable || lastEventId === undefined) {
        throw new StreamBrokenError(method, outcome.error === undefined ? 'the stream ended' : String((outcome.error as Error).message ?? outcome.error), { cause: outcome.error });
      }
      attempt = outcome.delivered ? 1 : attempt + 1;
      if (attempt > maxReconnectAttempts(this.transport.options.reconnect ?? {})) {
        throw new StreamBrokenError(method, `could not resume it after ${attempt - 1} attempts`);
      }
      await this.sleep(reconnectDelay(this.transport.options.reconnect ?? {}, attempt, retryMs));
      if (this.closed || controller.signal.aborted) return;
      current = await this.resume(lastEventId, controller);
    }
  }

  /** Re-opens a stream after `lastEventId` with a GET (legacy resumption). */
  private async resume(lastEventId: string, controller: AbortController): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      'Last-Event-ID': lastEventId,
      ...legacyHeaders(this.sessionId, this.legacyVersion),
      ...this.transport.options.headers,
      ...(await this.authHeaders()),
    };
    const response = await this.fetch(this.transport.url, { method: 'GET', headers, signal: this.signalOf(controller) });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      await response.body?.cancel();
      throw new HttpStatusError(response.status, response.statusText);
    }
    return response;
  }

  /** Emits every message event of a stream; resolves when it ends or breaks (never rejects). */
  private async readEvents(
    response: Response,
    onMessage: (value: unknown) => void,
    onRetry: (ms: number) => void,
  ): Promise<{ delivered: boolean; lastEventId: string | undefined; error?: unknown }> {
    let delivered = false;
    const parser = new SseParser(
      {
        event: (event) => {
          if (event.event !== 'message' || event.data === '') return;
          let value: unknown;
          try {
            value = JSON.parse(event.data);
          } catch (error) {
            this.fault(new ProtocolViolationError(`The server sent an event that is not JSON: ${excerpt(event.data)}`, excerpt(event.data), { cause: error }));
            return;
          }
          delivered = true;
          onMessage(value);
        },
        retry: onRetry,
        oversized: (size) => this.fault(new MessageTooLargeError(size, this.maxMessage)),
      },
      this.maxMessage,
    );
    const body = response.body;
    if (body === null) return { delivered, lastEventId: undefined };
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      parser.end();
      return { delivered, lastEventId: parser.lastEventId };
    } catch (error) {
      return { delivered, lastEventId: parser.lastEventId, error };
    } finally {
      reader.releaseLock();
    }
  }

  // ---- legacy session ---------------------------------------------------------------------------

  /** The session expired: run the handshake again (once), invisibly to the client. */
  private async reinitialize(): Promise<boolean> {
    this.reinitialized = true;
    if (this.initializeParams === undefined) return false;
    this.sessionId = undefined;
    this.standalone?.abort();
    this.standalone = undefined;
    try {
      const headers: Record<string, string> = { Accept: ACCEPT_BOTH, 'Content-Type': 'application/json', ...this.transport.options.headers, ...(await this.authHeaders()) };
      const id = 'rxmcp-reinitialize';
      const response = await this.fetch(this.transport.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: this.initializeParams }),
        signal: this.controller.signal,
      });
      const sessionId = response.headers.get('mcp-session-id');
      const answer = await this.internalAnswer(response, id);
      const version = (answer as { result?: { protocolVersion?: unknown } } | undefined)?.result?.protocolVersion;
      if (sessionId === null || version !== this.legacyVersion) return false;
      this.sessionId = sessionId;
      await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, undefined);
      this.reinitialized = false; // a later expiry may be recovered again
      return true;
    } catch {
      return false;
    }
  }

  /** The answer to an internal request (not passed to the client). */
  private async internalAnswer(response: Response, id: RequestId): Promise<unknown> {
    if (!response.ok) return undefined;
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('application/json')) return JSON.parse(await response.text()) as unknown;
    let answer: unknown;
    await this.readEvents(response, (value) => {
      if (isAnswerTo(value, id)) answer = value;
    }, () => undefined);
    return answer;
  }

  /** Opens the legacy standalone GET stream (405: the server offers none), re-opening it while it can. */
  private openStandalone(): void {
    if (this.transport.options.openStandaloneStream === false || this.standalone !== undefined || this.closed) return;
    const controller = new AbortController();
    this.standalone = controller;
    void this.runStandalone(controller);
  }

  private async runStandalone(controller: AbortController): Promise<void> {
    const reconnect = this.transport.options.reconnect ?? {};
    let failures = 0;
    let retryMs: number | undefined;
    let lastEventId: string | undefined;
    while (!this.closed && !controller.signal.aborted) {
      let outcome: { delivered: boolean; lastEventId: string | undefined; error?: unknown } = { delivered: false, lastEventId: undefined };
      try {
        const headers: Record<string, string> = {
          Accept: 'text/event-stream',
          ...legacyHeaders(this.sessionId, this.legacyVersion),
          ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
          ...this.transport.options.headers,
          ...(await this.authHeaders()),
        };
        const response = await this.fetch(this.transport.url, { method: 'GET', headers, signal: this.signalOf(controller) });
        if (response.status === 405) {
          await response.body?.cancel();
          this.reportStream({ stream: 'standalone', state: 'unavailable' });
          return;
        }
        if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
          await response.body?.cancel();
          outcome.error = new HttpStatusError(response.status, response.statusText);
        } else {
          this.reportStream({ stream: 'standalone', state: 'open' });
          outcome = await this.readEvents(response, (value) => this.emit(value, false), (ms) => (retryMs = ms));
        }
      } catch (error) {
        outcome.error = error;
      }
      lastEventId = resumeId(lastEventId, outcome.lastEventId);
      if (this.closed || controller.signal.aborted) return;
      failures = outcome.delivered ? 1 : failures + 1;
      if (failures > maxReconnectAttempts(reconnect)) {
        const error = new ReconnectExhaustedError('standalone GET stream', failures - 1, { cause: outcome.error });
        this.reportStream({ stream: 'standalone', state: 'failed', error });
        this.fault(error);
        return;
      }
      const delayMs = reconnectDelay(reconnect, failures, retryMs);
      this.reportStream({ stream: 'standalone', state: 'reconnecting', attempt: failures, delayMs });
      await this.sleep(delayMs);
    }
  }

  /** Ends the legacy session with DELETE (a 405 means the server keeps it; bounded in time). */
  private async terminate(sessionId: string): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), DELETE_TIMEOUT_MS);
    try {
      const headers = { ...legacyHeaders(sessionId, this.legacyVersion), ...this.transport.options.headers, ...(await this.authHeaders()) };
      const response = await this.fetch(this.transport.url, { method: 'DELETE', headers, signal: controller.signal });
      await response.body?.cancel();
    } catch {
      // the session ends anyway when the server times it out
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- receiving --------------------------------------------------------------------------------

  /** Emits a parsed JSON body (one message or a batch). */
  private emitJson(text: string, fromInitialize: boolean): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ProtocolViolationError(`The server answered with a body that is not JSON: ${excerpt(text)}`, excerpt(text), { cause: error });
    }
    this.emit(value, fromInitialize);
  }

  /** Hands a message to the client; learns the legacy version from the initialize answer. */
  private emit(value: unknown, fromInitialize: boolean): void {
    if (this.closed) return;
    if (fromInitialize) {
      const version = (value as { result?: { protocolVersion?: unknown } } | null)?.result?.protocolVersion;
      if (typeof version === 'string') this.legacyVersion = version;
    }
    this.subscriber.next(inboundMessage(value));
  }

  /** An HTTP error status: pass a JSON-RPC error body on as the answer, or fail with the status. */
  private async passErrorBody(message: JsonRpcMessage, response: Response): Promise<void> {
    const text = await response.text().catch(() => '');
    const id = 'method' in message && 'id' in message ? message.id : undefined;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && id !== undefined) {
      try {
        const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; data?: unknown } };
        if (typeof body.error?.code === 'number' && typeof body.error.message === 'string') {
          this.inFlight.delete(id);
          this.emit({ jsonrpc: '2.0', id, error: body.error }, false);
          return;
        }
      } catch {
        // not JSON after all: report the status below
      }
    }
    throw new HttpStatusError(response.status, response.statusText, text);
  }

  /** A failure while sending `message`: a fault naming the request, when it was one. */
  private fail(message: JsonRpcMessage, error: unknown): void {
    if (this.closed) return;
    const id = 'method' in message && 'id' in message ? message.id : undefined;
    if (id !== undefined) {
      const inFlight = this.inFlight.get(id);
      this.inFlight.delete(id);
      if (inFlight?.controller.signal.aborted === true) return; // cancelled on purpose
    }
    const typed =
      error instanceof TransportError || error instanceof ProtocolViolationError
        ? error
        : new StreamBrokenError('method' in message ? message.method : undefined, (error as Error)?.message ?? String(error), { cause: error });
    this.subscriber.next(inboundFault(typed, id));
  }

  private fault(error: TransportError | ProtocolViolationError): void {
    if (!this.closed) this.subscriber.next(inboundFault(error));
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private async fetch(url: URL, init: RequestInit): Promise<Response> {
    return (await this.fetchFn)(url, init);
  }

  private async authHeaders(): Promise<Record<string, string>> {
    return (await this.transport.options.auth?.getHeaders()) ?? {};
  }

  private async retryAfterUnauthorized(response: Response): Promise<boolean> {
    const auth = this.transport.options.auth;
    if (auth?.onUnauthorized === undefined) return false;
    return auth.onUnauthorized({ status: response.status, challenge: response.headers.get('www-authenticate') ?? undefined, url: this.transport.url.href });
  }

  /** The signal of one request: aborted by its own controller or by closing the connection. */
  private signalOf(controller: AbortController): AbortSignal {
    return AbortSignal.any([controller.signal, this.controller.signal]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      const signal = this.controller.signal;
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}

/** True when `value` is the response (result or error) to request `id`. */
function isAnswerTo(value: unknown, id: RequestId): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((element) => isAnswerTo(element, id));
  const message = value as { id?: unknown; result?: unknown; error?: unknown; method?: unknown };
  return message.method === undefined && (message.result !== undefined || message.error !== undefined) && String(message.id) === String(id);
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}

/**
 * The event id to resume from after a stream: the one it last set, or the earlier one when it set
 * none. An empty `id:` clears it, as in the SSE standard, so no empty `Last-Event-ID` is ever sent.
 */
function resumeId(previous: string | undefined, seen: string | undefined): string | undefined {
  if (seen === undefined) return previous;
  return seen === '' ? undefined : seen;
}
