/**
 * The Streamable HTTP transport, both protocol eras on one transport: every message is its own
 * POST to the MCP endpoint, and the answer comes back as JSON or as a `text/event-stream`.
 *
 * Which era a message belongs to is read from the message itself: a request whose `_meta` states
 * a 2026-07-28 version is sent the modern way (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`,
 * the caller's `Mcp-Param-*`; no session; cancelling aborts its POST), everything else the legacy
 * way (`Mcp-Session-Id` from the `initialize` response, `MCP-Protocol-Version` after the
 * handshake, the standalone GET stream, resumption with `Last-Event-ID`, `DELETE` on close).
 *
 * A legacy session the server forgot (404 to a message that carried its id, or to the GET
 * stream; or the official SDK's 400 -32000 "Bad Request: No valid session ID provided", see
 * `session-gone.ts`) is re-established once, invisibly: one new handshake shared by every message that
 * found it gone, then each request is sent again in the new session, once; if that fails, the
 * request fails with `SessionExpiredError`.
 *
 * Failures that concern one request (an HTTP error, a broken stream, 401, an answer over the
 * size limit) become `fault` items naming it, so only that request fails; a JSON-RPC error body
 * on an HTTP error status is passed on as the response, so the caller sees the server's
 * `McpError`. A cancelled request fails with nothing from here. A JSON body read to its end
 * without the request's answer fails it (`ProtocolViolationError`); a body or event over the size
 * limit is not read further. Redirects are followed here, not by `fetch` (see `redirects.ts`).
 */
import { Observable, Subject, type Subscriber } from 'rxjs';
import { excerpt, messageOf } from '../../protocol/describe.js';
import { ConnectError, MessageTooLargeError, ProtocolViolationError, StreamBrokenError, TransportError } from '../../protocol/errors.js';
import { connectError } from '../connect-error.js';
import { jsonFrame, parseJsonFrame } from '../json-frames.js';
import type { JsonObject, JsonRpcMessage, RequestId } from '../../protocol/jsonrpc.js';
import { inboundFault, inboundMessage, type InboundItem, type OutboundMessage, type StreamStateEvent, type Transport } from '../transport.js';
import { AbortGroup } from './abort-group.js';
import type { ClientAuth } from './auth.js';
import { resolveFetch, type FetchLike } from './fetch.js';
import { AuthenticationError, HttpStatusError, ReconnectExhaustedError, RedirectRefusedError, SessionExpiredError } from '../../protocol/http-errors.js';
import { legacyHeaders, modernHeaders, modernVersionOf } from './message-headers.js';
import { checkReconnectOptions, maxReconnectAttempts, maxResumptions, reconnectDelay, type ReconnectOptions } from '../../protocol/reconnect-policy.js';
import { authorizedFetch, type AuthorizedFetch, type HeaderSets } from './credentials.js';
import { fetchWithRedirects, type RedirectingInit, type RedirectPolicy, type RequestHeaders } from './redirects.js';
import { checkNetworkTarget, HTTP_SCHEMES } from './check-http-options.js';
import { checkBoolean } from '../../protocol/option-checks.js';
import { discardBody, ERROR_BODY_CHARS, isUnauthorized, readBodyStart, statusError } from './response-errors.js';
import { DEFAULT_MAX_EVENT_SIZE, SseParser } from './sse-parser.js';
import { sessionGone, type SessionVerdict } from './session-gone.js';
import { StandaloneGate } from './standalone-gate.js';

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
  /**
   * Redirects: `'same-origin'` (default) follows them within the origin and refuses one to
   * another origin with `RedirectRefusedError`; `'follow'` follows that too, without the
   * configured `headers`, the call's headers and the `auth` credentials; `'error'` refuses all.
   */
  readonly redirect?: RedirectPolicy;
}

const ACCEPT_BOTH = 'application/json, text/event-stream';
const DELETE_TIMEOUT_MS = 2_000;
/** The most of an error response's body read for a JSON-RPC error to pass on (a larger one is reported as its HTTP status). */
const MAX_ERROR_ANSWER_CHARS = 64 * 1024;
/** The longest a legacy request waits for the standalone GET stream to be answered (see `StandaloneGate`). */
const STANDALONE_WAIT_MS = 2_000;

/** A {@link Transport} to an MCP server over Streamable HTTP. */
export class StreamableHttpTransport implements Transport {
  /** Always `'streamable-http'`. */
  readonly kind = 'streamable-http' as const;
  /** The endpoint URL, for errors and logs. */
  readonly description: string;
  /** The MCP endpoint. */
  readonly url: URL;
  private readonly streamStates = new Subject<StreamStateEvent>();

  /** The state of the long-lived streams (legacy standalone GET stream). Hot. */
  readonly streamState$: Observable<StreamStateEvent> = this.streamStates.asObservable();

  constructor(
    url: string | URL,
    /** The options it was made with. */
    readonly options: StreamableHttpOptions = {},
  ) {
    this.url = checkNetworkTarget('streamableHttp.', url, HTTP_SCHEMES, options);
    checkBoolean('streamableHttp.terminateOnClose', options.terminateOnClose);
    checkBoolean('streamableHttp.openStandaloneStream', options.openStandaloneStream);
    checkReconnectOptions('streamableHttp.reconnect', options.reconnect);
    this.description = `streamable-http: ${this.url.origin}${this.url.pathname}`;
  }

  /** Posts `outbound$` to the endpoint and reads the answers (see `Transport.connect`). */
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

/**
 * Creates a Streamable HTTP transport. Invalid options throw `InvalidOptionError` (nothing is sent).
 *
 * @example
 * ```ts
 * const client = await Client.connect(streamableHttp('https://mcp.example.com/mcp', { headers: { Authorization: `Bearer ${token}` } }));
 * ```
 */
export function streamableHttp(url: string | URL, options?: StreamableHttpOptions): StreamableHttpTransport {
  return new StreamableHttpTransport(url, options);
}

/** A request sent and not yet answered. */
interface InFlight {
  readonly method: string;
  readonly controller: AbortController;
  readonly modern: boolean;
}

/** Which one-time retries a POST has used up. */
interface PostRetries {
  /** Sent again in a new session after the old one expired. */
  readonly session?: boolean;
}

/** What {@link HttpConnection.readEvents} does with a stream's events. */
interface EventHandlers {
  /** A parsed message. */
  readonly message: (value: unknown) => void;
  /** The server's `retry:` hint. */
  readonly retry?: (ms: number) => void;
  /** An event over the size limit (default: a fault of the connection). */
  readonly oversized?: (error: MessageTooLargeError) => void;
  /** True once nothing more is needed from the stream: reading stops. */
  readonly done?: () => boolean;
}

/** How a stream ended: whether it delivered a message, the last event id, and the error that broke it. */
interface StreamOutcome {
  delivered: boolean;
  lastEventId: string | undefined;
  error?: unknown;
}

/** One request as the connection sends it: the message it carries (`sending`), for a {@link ConnectError}. */
type SendInit = RedirectingInit & { readonly sending?: string | undefined };

/** One connection's state. */
class HttpConnection {
  private readonly controller = new AbortController();
  /** The controllers of the requests and streams under way, aborted on close. */
  private readonly requests = new AbortGroup();
  private readonly inFlight = new Map<RequestId, InFlight>();
  private readonly maxMessage: number;
  private fetchFn: Promise<FetchLike>;
  /** Every HTTP request of the connection goes out through this: credentials added, a 401 answered (see `credentials.ts`). */
  private readonly authorized: AuthorizedFetch<SendInit>;
  private closed = false;
  /** Set once the server answered an HTTP request: from then on a network failure is not a {@link ConnectError}. */
  private reached = false;
  // legacy session
  private sessionId: string | undefined;
  private legacyVersion: string | undefined;
  private initializeParams: JsonObject | undefined;
  /** The re-initialization under way, shared by every message that found the session gone. */
  private recovery: Promise<boolean> | undefined;
  private standalone: AbortController | undefined;
  private readonly standaloneGate = new StandaloneGate();

  constructor(
    private readonly transport: StreamableHttpTransport,
    private readonly subscriber: Subscriber<InboundItem>,
    private readonly reportStream: (event: StreamStateEvent) => void,
  ) {
    this.maxMessage = transport.options.maxMessageBytes ?? DEFAULT_MAX_EVENT_SIZE;
    this.fetchFn = resolveFetch(transport.options.fetch);
    this.authorized = authorizedFetch((url, init, headers) => this.sendOnce(url, init, headers), transport.options.auth);
  }

  /** Sends one outbound message (never throws; failures become fault items). */
  send(outbound: OutboundMessage): void {
    const message = outbound.message;
    if ('method' in message && message.method === 'notifications/cancelled' && !('id' in message)) {
      const requestId = message.params?.requestId as RequestId;
      const target = this.inFlight.get(requestId);
      if (target !== undefined) {
        this.inFlight.delete(requestId);
        // 2026-07-28 over HTTP: closing the response stream is the cancellation. Legacy: the
        // notification is, and the stream of an answer nobody waits for is closed after it.
        if (!target.modern) this.sendMessage(message, outbound.headers);
        target.controller.abort();
        return;
      }
      // a request no longer in flight, and no legacy handshake: 2026-07-28 never POSTs a cancellation
      if (this.legacyVersion === undefined) return;
    }
    this.sendMessage(message, outbound.headers);
  }

  /** POSTs `message`; a failure becomes a fault naming the request (none once it was cancelled). */
  private sendMessage(message: JsonRpcMessage, extraHeaders: Readonly<Record<string, string>> | undefined): void {
    // a request's controller aborts its POST (cancellation) and keeps a cancelled request quiet
    const controller = new AbortController();
    void this.requests.run(controller, () => this.post(message, extraHeaders, controller)).catch((error: unknown) => this.fail(message, error, controller));
  }

  /** Closes: aborts everything in flight; a graceful close also ends a legacy session with DELETE. */
  async close(graceful: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.requests.abort();
    this.standalone?.abort();
    this.standaloneGate.open();
    const sessionId = this.sessionId;
    if (sessionId !== undefined && this.transport.options.terminateOnClose !== false) {
      const deleting = this.terminate(sessionId);
      if (graceful) await deleting;
    }
    this.reportStream({ stream: 'standalone', state: 'closed' });
  }

  // ---- sending ----------------------------------------------------------------------------------

  private async post(
    message: JsonRpcMessage,
    extraHeaders: Readonly<Record<string, string>> | undefined,
    controller: AbortController,
    retry: PostRetries = {},
  ): Promise<void> {
    const isRequest = 'method' in message && 'id' in message;
    const isInitialize = isRequest && message.method === 'initialize';
    const modernVersion = modernVersionOf(message);
    if (isInitialize && modernVersion === undefined) this.initializeParams = message.params;
    if (isRequest) this.inFlight.set(message.id, { method: message.method, controller, modern: modernVersion !== undefined });
    if (modernVersion === undefined) {
      if (isInitializedNotification(message)) {
        if (this.transport.options.openStandaloneStream !== false) this.standaloneGate.close(STANDALONE_WAIT_MS);
      } else if (isRequest && !isInitialize) {
        const passage = this.standaloneGate.passage();
        if (passage !== undefined) await passage;
      }
    }
    // the session this POST belongs to: a 404 means that one expired, whatever happened since
    const sentSession = modernVersion === undefined && !isInitialize ? this.sessionId : undefined;
    const headers = this.headersFor(
      {
        Accept: ACCEPT_BOTH,
        'Content-Type': 'application/json',
        ...(modernVersion !== undefined ? modernHeaders(message, modernVersion) : legacyHeaders(sentSession, isInitialize ? undefined : this.legacyVersion)),
      },
      extraHeaders,
    );
    const init = { method: 'POST', headers, body: JSON.stringify(message), signal: controller.signal, sending: 'method' in message ? message.method : undefined };
    // a 401/403 was offered to `auth.onUnauthorized` and sent again if it asked (see credentials.ts)
    const response = await this.fetch(this.transport.url, init, true);
    if (isInitialize) {
      const sessionId = response.headers.get('mcp-session-id');
      if (sessionId !== null && response.ok) this.sessionId = sessionId;
    }

    if (isUnauthorized(response)) {
      await discardBody(response);
      throw await statusError(response);
    }
    const verdict: SessionVerdict = sentSession === undefined || response.ok ? { gone: false } : await sessionGone(response);
    if (verdict.gone && sentSession !== undefined) {
      await discardBody(response);
      if (isInitializedNotification(message)) this.standaloneGate.open();
      // once per message: a new session that is refused at once as well is not tried again (and
      // the re-initialization's own `initialized` never waits for the recovery it is part of)
      if (retry.session === true) throw new SessionExpiredError(sentSession);
      const recovered = await this.recoverSession(sentSession);
      if (controller.signal.aborted) return;
      if (!recovered) throw new SessionExpiredError(sentSession);
      // Only a request is sent again in the new session: a notification or an answer to a
      // server request belonged to the old one (the new handshake sends its own `initialized`).
      if (isRequest) return this.post(message, extraHeaders, controller, { ...retry, session: true });
      return;
    }
    if (!response.ok) {
      if (isInitializedNotification(message)) this.standaloneGate.open();
      await this.passErrorBody(message, response, verdict.gone ? undefined : verdict.bodyStart);
      return;
    }
    if (!isRequest) {
      await discardBody(response);
      if (isInitializedNotification(message)) this.openStandalone();
      return;
    }
    await this.readAnswer(message.id, message.method, response, controller, modernVersion !== undefined);
  }

  /** Reads the answer to request `id`: JSON, or an event stream (resumed when it breaks, if it can be). */
  private async readAnswer(id: RequestId, method: string, response: Response, controller: AbortController, modern: boolean): Promise<void> {
    const contentType = response.headers.get('content-type') ?? '';
    try {
      if (response.status === 202 || response.status === 204) {
        throw new ProtocolViolationError(`The server accepted '${method}' (HTTP ${response.status}) but sent no response`);
      }
      if (contentType.includes('text/event-stream')) {
        await this.readRequestStream(id, method, response, controller, modern);
        return;
      }
      if (!contentType.includes('application/json')) {
        await discardBody(response);
        throw new ProtocolViolationError(`Unexpected content type ${JSON.stringify(contentType)} in the answer to '${method}'`);
      }
      const text = await this.readJsonBody(response);
      // the whole body is read: an answer it did not carry is not coming
      if (!isAnswerTo(this.emitJson(text, method === 'initialize'), id)) {
        throw new ProtocolViolationError(`The JSON answer to '${method}' did not carry its response (id ${JSON.stringify(id)}): ${excerpt(text)}`, excerpt(text));
      }
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** The text of a JSON answer, read no further than the size limit (a larger one is a {@link MessageTooLargeError}). */
  private async readJsonBody(response: Response): Promise<string> {
    const body = response.body;
    if (body === null) return '';
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let length = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const part = decoder.decode(value, { stream: true });
        length += part.length;
        if (length > this.maxMessage) {
          await reader.cancel().catch(() => undefined);
          throw new MessageTooLargeError(length, this.maxMessage);
        }
        parts.push(part);
      }
      parts.push(decoder.decode());
      return parts.join('');
    } finally {
      reader.releaseLock();
    }
  }

  /**
   * Reads a request's event stream. When it ends without the answer, a legacy stream that gave
   * an event id is resumed with GET + `Last-Event-ID` (after the server's `retry`, else with
   * backoff; a failed GET counts as an attempt; at most `reconnect.maxResumptions` GETs in all);
   * a modern one, or one without an id, is lost.
   * An event over the size limit that is not followed by the answer fails the request with it.
   */
  private async readRequestStream(id: RequestId, method: string, response: Response, controller: AbortController, modern: boolean): Promise<void> {
    const reconnect = this.transport.options.reconnect ?? {};
    let answered = false;
    let retryMs: number | undefined;
    let lastEventId: string | undefined;
    const oversized: MessageTooLargeError[] = [];
    const handlers: EventHandlers = {
      message: (value) => {
        if (isAnswerTo(value, id)) answered = true;
        this.emit(value, method === 'initialize');
      },
      retry: (ms) => (retryMs = ms),
      // most likely the answer itself: it fails the request unless the answer still comes
      oversized: (error) => oversized.push(error),
      done: () => answered,
    };
    let current: Response | undefined = response;
    let failure: unknown;
    let resumptions = 0;
    for (let attempt = 0; ; ) {
      let delivered = false;
      if (current !== undefined) {
        const outcome = await this.readEvents(current, handlers);
        lastEventId = resumeId(lastEventId, outcome.lastEventId);
        delivered = outcome.delivered;
        failure = outcome.error;
      }
      if (answered) oversized.forEach((error) => this.fault(error));
      if (answered || this.closed || controller.signal.aborted) return;
      if (oversized.length > 0) throw oversized[0]!;
      if (modern || lastEventId === undefined) {
        throw new StreamBrokenError(method, failure === undefined ? 'the stream ended' : describeFailure(failure), { cause: failure });
      }
      attempt = delivered ? 1 : attempt + 1;
      if (attempt > maxReconnectAttempts(reconnect)) {
        throw new StreamBrokenError(method, `could not resume it after ${attempt - 1} attempts`, { cause: failure });
      }
      if (resumptions >= maxResumptions(reconnect)) {
        throw new StreamBrokenError(method, `it was resumed ${resumptions} times without its answer`, { cause: failure });
      }
      await this.sleep(reconnectDelay(reconnect, attempt, retryMs));
      if (this.closed || controller.signal.aborted) return;
      resumptions++;
      try {
        current = await this.resume(lastEventId, controller);
      } catch (error) {
        if (error instanceof RedirectRefusedError) throw error;
        if (error instanceof SessionExpiredError || error instanceof AuthenticationError) throw new StreamBrokenError(method, error.message, { cause: error });
        current = undefined;
        failure = error;
      }
    }
  }

  /** Re-opens a stream after `lastEventId` with a GET (legacy resumption). */
  private async resume(lastEventId: string, controller: AbortController): Promise<Response> {
    const sessionId = this.sessionId;
    const headers = this.headersFor({ Accept: 'text/event-stream', 'Last-Event-ID': lastEventId, ...legacyHeaders(sessionId, this.legacyVersion) });
    const response = await this.fetch(this.transport.url, { method: 'GET', headers, signal: controller.signal });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      // the stream went with its session; the next message starts a new one
      const verdict: SessionVerdict = sessionId === undefined || response.ok ? { gone: false } : await sessionGone(response);
      if (verdict.gone && sessionId !== undefined) {
        await discardBody(response);
        throw new SessionExpiredError(sessionId);
      }
      throw await statusErrorAfter(response, verdict);
    }
    return response;
  }

  /**
   * Hands every message event of a stream to `handlers`; resolves when the stream ends or breaks,
   * or once `handlers.done()` says nothing more is needed from it (never rejects). An event that
   * is not JSON is a fault of the connection; one over the size limit goes to `handlers.oversized`
   * and ends the reading (the body is cancelled; the outcome's error is the `MessageTooLargeError`).
   */
  private async readEvents(response: Response, handlers: EventHandlers): Promise<StreamOutcome> {
    let delivered = false;
    let tooLarge: MessageTooLargeError | undefined;
    const parser = new SseParser(
      {
        event: (event) => {
          if (event.event !== 'message' || event.data === '') return;
          const item = jsonFrame(event.data, 'The server sent an event that is not JSON');
          if (item.type === 'fault') {
            this.fault(item.error);
            return;
          }
          delivered = true;
          handlers.message(item.message);
        },
        retry: handlers.retry,
        oversized: (size) => {
          tooLarge = new MessageTooLargeError(size, this.maxMessage);
          (handlers.oversized ?? ((error) => this.fault(error)))(tooLarge);
        },
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
        if (handlers.done?.() === true) {
          // the answer is in: a server that keeps the stream open does not hold the request
          await reader.cancel().catch(() => undefined);
          return { delivered, lastEventId: parser.lastEventId };
        }
        if (tooLarge !== undefined) {
          // the rest of an event past the limit may never end: stop reading rather than skip it
          await reader.cancel().catch(() => undefined);
          return { delivered, lastEventId: parser.lastEventId, error: tooLarge };
        }
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

  /**
   * Session `expired` is gone (a 404): run the handshake again, invisibly to the client. Every
   * message that finds the same session gone waits for the same attempt; one that finds it
   * already replaced just uses the new session. Resolves whether there is a live session now.
   */
  private recoverSession(expired: string): Promise<boolean> {
    if (this.sessionId !== expired) return Promise.resolve(this.sessionId !== undefined);
    this.recovery ??= this.reinitialize(expired).finally(() => (this.recovery = undefined));
    return this.recovery;
  }

  /** `initialize` (with the parameters of the first one) and `notifications/initialized` in a new session. */
  private async reinitialize(expired: string): Promise<boolean> {
    if (this.initializeParams === undefined || this.closed) return false;
    this.standalone?.abort();
    this.standalone = undefined;
    try {
      const headers = this.headersFor({ Accept: ACCEPT_BOTH, 'Content-Type': 'application/json' });
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
      if (sessionId === null || sessionId === expired || version !== this.legacyVersion || this.closed) return false;
      this.sessionId = sessionId;
      const initialized = new AbortController();
      // sent as a retry in the new session: refused too, it fails instead of joining this recovery
      await this.requests.run(initialized, () => this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, undefined, initialized, { session: true }));
      return true;
    } catch {
      return false;
    }
  }

  /** The answer to an internal request (not passed to the client). */
  private async internalAnswer(response: Response, id: RequestId): Promise<unknown> {
    if (!response.ok) return undefined;
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('application/json')) return parseJsonFrame(await this.readJsonBody(response), 'The server answered with a body that is not JSON');
    let answer: unknown;
    await this.readEvents(response, {
      message: (value) => {
        if (isAnswerTo(value, id)) answer = value;
      },
      done: () => answer !== undefined,
    });
    return answer;
  }

  /** Opens the legacy standalone GET stream (405: the server offers none), re-opening it while it can. */
  private openStandalone(): void {
    if (this.transport.options.openStandaloneStream === false || this.standalone !== undefined || this.closed) {
      this.standaloneGate.open();
      return;
    }
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
      let outcome: StreamOutcome = { delivered: false, lastEventId: undefined };
      const sessionId = this.sessionId;
      try {
        const headers = this.headersFor({
          Accept: 'text/event-stream',
          ...legacyHeaders(sessionId, this.legacyVersion),
          ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
        });
        const response = await this.fetch(this.transport.url, { method: 'GET', headers, signal: controller.signal }).finally(() => this.standaloneGate.open());
        if (response.status === 405) {
          await discardBody(response);
          this.reportStream({ stream: 'standalone', state: 'unavailable' });
          return;
        }
        const verdict: SessionVerdict = sessionId === undefined || response.ok ? { gone: false } : await sessionGone(response);
        if (verdict.gone && sessionId !== undefined) {
          // the session expired: a new one opens a new stream of its own (and this one is aborted)
          await discardBody(response);
          if ((await this.recoverSession(sessionId)) || this.closed || controller.signal.aborted) return;
          const error = new SessionExpiredError(sessionId);
          this.reportStream({ stream: 'standalone', state: 'failed', error });
          this.fault(error);
          return;
        }
        if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
          outcome.error = await statusErrorAfter(response, verdict);
        } else {
          this.reportStream({ stream: 'standalone', state: 'open' });
          outcome = await this.readEvents(response, { message: (value) => this.emit(value, false), retry: (ms) => (retryMs = ms) });
        }
      } catch (error) {
        if (error instanceof RedirectRefusedError && !this.closed && !controller.signal.aborted) {
          // where the server sends the stream does not change by asking again
          this.reportStream({ stream: 'standalone', state: 'failed', error });
          this.fault(error);
          return;
        }
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
      const headers = this.headersFor(legacyHeaders(sessionId, this.legacyVersion));
      const response = await this.fetch(this.transport.url, { method: 'DELETE', headers, signal: controller.signal });
      await discardBody(response);
    } catch {
      // the session ends anyway when the server times it out
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- receiving --------------------------------------------------------------------------------

  /** Emits a parsed JSON body (one message or a batch) and returns it. */
  private emitJson(text: string, fromInitialize: boolean): unknown {
    const value = parseJsonFrame(text, 'The server answered with a body that is not JSON');
    this.emit(value, fromInitialize);
    return value;
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
  private async passErrorBody(message: JsonRpcMessage, response: Response, bodyStart?: string): Promise<void> {
    const text = bodyStart ?? (await readBodyStart(response, MAX_ERROR_ANSWER_CHARS)) ?? '';
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
    throw new HttpStatusError(response.status, response.statusText, text.slice(0, ERROR_BODY_CHARS));
  }

  /** A failure while sending `message`: a fault naming the request, when it was one. */
  private fail(message: JsonRpcMessage, error: unknown, controller: AbortController): void {
    if (this.closed || controller.signal.aborted) return; // closed, or cancelled on purpose
    const id = 'method' in message && 'id' in message ? message.id : undefined;
    if (id !== undefined) this.inFlight.delete(id);
    const typed =
      error instanceof TransportError || error instanceof ProtocolViolationError
        ? error
        : new StreamBrokenError('method' in message ? message.method : undefined, describeFailure(error), { cause: error });
    this.subscriber.next(inboundFault(typed, id));
  }

  private fault(error: TransportError | ProtocolViolationError): void {
    if (!this.closed) this.subscriber.next(inboundFault(error));
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  /**
   * One HTTP request of the connection, with credentials (see `credentials.ts`); with
   * `answerUnauthorized`, a 401/403 is offered to `auth.onUnauthorized` once and the request sent
   * again when it asks for it.
   */
  private fetch(url: URL, init: SendInit & { readonly headers: HeaderSets }, answerUnauthorized = false): Promise<Response> {
    return this.authorized(url, init, init.headers, { answerUnauthorized });
  }

  /**
   * One HTTP request with its final headers, its redirects followed under the `redirect` policy
   * (see `redirects.ts`). Until the server has answered anything, a network failure (refused,
   * DNS, TLS) is a {@link ConnectError} (naming the message `init.sending`, when there is one):
   * the server was never reached. Afterwards it is the request's own failure (a broken stream,
   * which may be sent again).
   */
  private async sendOnce(url: URL, init: SendInit, headers: RequestHeaders): Promise<Response> {
    const fetch = await this.fetchFn;
    try {
      const response = await fetchWithRedirects(fetch, url, init, headers, this.transport.options.redirect);
      this.reached = true;
      return response;
    } catch (error) {
      throw this.reached || init.signal?.aborted === true || error instanceof RedirectRefusedError ? error : connectError(this.transport.description, error, init.sending);
    }
  }

  /**
   * The headers of one HTTP request before its credentials: the transport's `own`, then the
   * configured `headers`, then the call's `extra`; a later one wins (and the credentials win over
   * all, see `credentials.ts`). Only `own` follows a redirect to another origin.
   */
  private headersFor(own: Readonly<Record<string, string>>, extra?: Readonly<Record<string, string>>): HeaderSets {
    return { configured: { ...own, ...this.transport.options.headers, ...extra }, protocol: own };
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

/** A failure's message, with the system error code of its cause when there is one (`fetch failed (ECONNREFUSED)`). */
function describeFailure(error: unknown): string {
  const message = messageOf(error);
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}


/**
 * The event id to resume from after a stream: the one it last set, or the earlier one when it set
 * none. An empty `id:` clears it, as in the SSE standard, so no empty `Last-Event-ID` is ever sent.
 */
function resumeId(previous: string | undefined, seen: string | undefined): string | undefined {
  if (seen === undefined) return previous;
  return seen === '' ? undefined : seen;
}

/** A legacy `notifications/initialized`: the handshake's end, after which the GET stream opens. */
function isInitializedNotification(message: JsonRpcMessage): boolean {
  return 'method' in message && !('id' in message) && message.method === 'notifications/initialized';
}

/** The typed error of an unusable response whose body {@link sessionGone} may have read already. */
async function statusErrorAfter(response: Response, verdict: SessionVerdict): Promise<HttpStatusError> {
  if (!verdict.gone && verdict.bodyStart !== undefined) return new HttpStatusError(response.status, response.statusText, verdict.bodyStart.slice(0, ERROR_BODY_CHARS));
  return statusError(response);
}
