/**
 * One connection of the Streamable HTTP transport: every outbound message is its own POST (the
 * exchange is here), the answer is JSON or an event stream (`request-stream.ts` reads and resumes
 * it); a legacy session (`legacy-session.ts`) adds the standalone GET stream
 * (`standalone-stream.ts`), recovery and `DELETE`. The parts share the connection through
 * {@link HttpChannel}.
 */
import type { Subscriber, Subscription } from 'rxjs';
import { excerpt } from '../../protocol/describe.js';
import { ProtocolViolationError, StreamBrokenError, TransportError } from '../../protocol/errors.js';
import { HttpStatusError, RedirectRefusedError, SessionExpiredError } from '../../protocol/http-errors.js';
import type { JsonRpcMessage, RequestId } from '../../protocol/jsonrpc.js';
import type { StreamStateEvent } from '../../streams/stream-state.js';
import { connectError } from '../connect-error.js';
import { parseJsonFrame } from '../json-frames.js';
import { inboundFault, inboundMessage, type InboundItem, type OutboundMessage } from '../transport.js';
import { AbortGroup } from './abort-group.js';
import { authorizedFetch, type AuthorizedFetch, type HeaderSets } from './credentials.js';
import { describeFailure, isAnswerTo, readJsonBody } from './event-stream.js';
import { resolveRequester } from './default-requester.js';
import type { HttpChannel, SendInit } from './http-channel.js';
import { ACCEPT_BOTH, LegacySession } from './legacy-session.js';
import { legacyHeaders, modernHeaders, modernVersionOf } from './message-headers.js';
import { sendWithRedirects, type RequestHeaders } from './redirects.js';
import { readRequestStream } from './request-stream.js';
import { discardBody, ERROR_BODY_CHARS, isUnauthorized, readBodyStart, statusError } from './response-errors.js';
import { sessionGone, type SessionVerdict } from './session-gone.js';
import { DEFAULT_MAX_EVENT_SIZE } from './sse-parser.js';
import { HandshakeGate, serverMayAsk } from './handshake-gate.js';
import { standaloneStream } from './standalone-stream.js';
import type { StreamableHttpOptions } from './streamable-http-options.js';
import type { HttpRequester, HttpResponse } from './requester.js';

/** The most of an error response's body read for a JSON-RPC error to pass on (a larger one is reported as its HTTP status). */
const MAX_ERROR_ANSWER_CHARS = 64 * 1024;
/**
 * The longest a legacy request waits for `notifications/initialized` and the standalone GET stream
 * to be answered (see `HandshakeGate`), unless `standaloneWaitMs` says otherwise. 2 s was too short where many
 * processes start at once on a loaded machine (the conformance runner starts 48 scenarios
 * together): the GET was answered after the bound, the server's elicitation was dropped, and the
 * call waited for nothing.
 */
const STANDALONE_WAIT_MS = 10_000;
/**
 * The longest a graceful close waits for the POSTs of notifications and responses still under way
 * (a `notifications/cancelled` sent just before closing, an answer to the server) before it aborts them.
 */
export const NOTIFICATION_DRAIN_MS = 2_000;

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

/** What a connection is given by its transport. */
export interface ConnectionTarget {
  readonly url: URL;
  readonly description: string;
  readonly options: StreamableHttpOptions;
}

/** One connection's state. */
export class HttpConnection implements HttpChannel {
  readonly url: URL;
  readonly options: StreamableHttpOptions;
  readonly maxMessage: number;
  private readonly controller = new AbortController();
  /** The controllers of the requests and streams under way, aborted on close. */
  private readonly requests = new AbortGroup();
  private readonly inFlight = new Map<RequestId, InFlight>();
  /** The POSTs of notifications and responses under way, which a graceful close lets finish. */
  private readonly delivering = new Set<Promise<void>>();
  private readonly requester: Promise<HttpRequester>;
  /** Every HTTP request of the connection goes out through this: credentials added, a 401 answered (see `credentials.ts`). */
  private readonly authorized: AuthorizedFetch<SendInit>;
  private isClosed = false;
  /** Set once the server answered an HTTP request: from then on a network failure is not a `ConnectError`. */
  private reached = false;
  private readonly session: LegacySession;
  private standalone: Subscription | undefined;
  private readonly handshakeGate = new HandshakeGate();
  /** Whether the handshake gate also waits for the standalone GET to be answered (the server may send requests on it). */
  private gateAwaitsStream = false;
  /** Set while the last POST could not reach the server (reported once as the `requests` stream `failed`, then `open` on the next answer). */
  private unreachable = false;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly subscriber: Subscriber<InboundItem>,
    private readonly reportStream: (event: StreamStateEvent) => void,
  ) {
    this.url = target.url;
    this.options = target.options;
    this.maxMessage = target.options.maxMessageBytes ?? DEFAULT_MAX_EVENT_SIZE;
    this.requester = resolveRequester(target.options);
    this.authorized = authorizedFetch((url, init, headers) => this.sendOnce(url, init, headers), target.options.auth);
    this.session = new LegacySession(this, {
      sendInitialized: () => {
        const initialized = new AbortController();
        return this.requests.run(initialized, () => this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, undefined, initialized, { session: true }));
      },
      dropStandalone: () => {
        this.standalone?.unsubscribe();
        this.standalone = undefined;
      },
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
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
      if (this.session.version === undefined) return;
    }
    this.sendMessage(message, outbound.headers);
  }

  /**
   * Closes: aborts everything in flight; a graceful close first lets the POSTs of notifications and
   * responses under way finish (at most {@link NOTIFICATION_DRAIN_MS}: a cancellation sent just before
   * closing still reaches the server) and also ends a legacy session with DELETE.
   */
  async close(graceful: boolean): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    if (graceful && this.delivering.size > 0) await settledWithin(this.delivering, NOTIFICATION_DRAIN_MS);
    this.controller.abort();
    this.requests.abort();
    this.standalone?.unsubscribe();
    this.handshakeGate.open();
    const sessionId = this.session.id;
    if (sessionId !== undefined && this.options.terminateOnClose !== false) {
      const deleting = this.session.terminate(sessionId);
      if (graceful) await deleting;
    }
    this.reportStream({ stream: 'standalone', state: 'closed' });
  }

  /** POSTs `message`; a failure becomes a fault naming the request (none once it was cancelled). */
  private sendMessage(message: JsonRpcMessage, extraHeaders: Readonly<Record<string, string>> | undefined): void {
    // a request's controller aborts its POST (cancellation) and keeps a cancelled request quiet
    const controller = new AbortController();
    const posting = this.requests.run(controller, () => this.post(message, extraHeaders, controller)).catch((error: unknown) => this.fail(message, error, controller));
    if ('method' in message && 'id' in message) return;
    // a notification or a response: nobody waits for it, so a graceful close does (briefly)
    this.delivering.add(posting);
    void posting.then(() => this.delivering.delete(posting));
  }

  // ---- the POST exchange ------------------------------------------------------------------------

  private async post(
    message: JsonRpcMessage,
    extraHeaders: Readonly<Record<string, string>> | undefined,
    controller: AbortController,
    retry: PostRetries = {},
  ): Promise<void> {
    const isRequest = 'method' in message && 'id' in message;
    const isInitialize = isRequest && message.method === 'initialize';
    const modernVersion = modernVersionOf(message);
    if (isInitialize && modernVersion === undefined) this.session.initializeParams = message.params;
    if (isRequest) this.inFlight.set(message.id, { method: message.method, controller, modern: modernVersion !== undefined });
    if (modernVersion === undefined) {
      if (isInitializedNotification(message)) {
        const waitMs = this.options.standaloneWaitMs ?? STANDALONE_WAIT_MS;
        this.gateAwaitsStream = this.options.openStandaloneStream !== false && waitMs > 0 && serverMayAsk(this.session.initializeParams);
        this.handshakeGate.close(this.gateAwaitsStream ? waitMs : STANDALONE_WAIT_MS);
        try {
          return await this.postPassed(message, extraHeaders, controller, retry);
        } catch (error) {
          this.handshakeGate.open(); // no GET follows a failed notifications/initialized
          throw error;
        } finally {
          // answered (or failed): requests may go, unless they also wait for the GET (openStandalone opens the gate then)
          if (!this.gateAwaitsStream) this.handshakeGate.open();
        }
      }
      if (isRequest && !isInitialize) {
        const passage = this.handshakeGate.passage();
        if (passage !== undefined) await passage;
      }
    }
    return this.postPassed(message, extraHeaders, controller, retry);
  }

  /** {@link post} once the handshake gate has let `message` through. */
  private async postPassed(
    message: JsonRpcMessage,
    extraHeaders: Readonly<Record<string, string>> | undefined,
    controller: AbortController,
    retry: PostRetries,
  ): Promise<void> {
    const isRequest = 'method' in message && 'id' in message;
    const isInitialize = isRequest && message.method === 'initialize';
    const modernVersion = modernVersionOf(message);
    // the session this POST belongs to: a 404 means that one expired, whatever happened since
    const sentSession = modernVersion === undefined && !isInitialize ? this.session.id : undefined;
    const headers = this.headersFor(
      {
        Accept: ACCEPT_BOTH,
        'Content-Type': 'application/json',
        ...(modernVersion !== undefined ? modernHeaders(message, modernVersion) : legacyHeaders(sentSession, isInitialize ? undefined : this.session.version)),
      },
      extraHeaders,
    );
    const init = { method: 'POST', headers, body: JSON.stringify(message), signal: controller.signal, sending: 'method' in message ? message.method : undefined };
    // a 401/403 was offered to `auth.onUnauthorized` and sent again if it asked (see credentials.ts)
    const response = await this.fetch(init, true);
    if (response.status < 500) this.reachable(message);
    if (isInitialize) {
      const sessionId = response.headers.get('mcp-session-id');
      if (sessionId !== null && response.ok) this.session.id = sessionId;
    }

    if (isUnauthorized(response)) {
      await discardBody(response);
      throw await statusError(response);
    }
    const verdict: SessionVerdict = sentSession === undefined || response.ok ? { gone: false } : await sessionGone(response);
    if (verdict.gone && sentSession !== undefined) {
      await discardBody(response);
      if (isInitializedNotification(message)) this.handshakeGate.open();
      // once per message: a new session that is refused at once as well is not tried again (and
      // the re-initialization's own `initialized` never waits for the recovery it is part of)
      if (retry.session === true) throw new SessionExpiredError(sentSession);
      const recovered = await this.session.recover(sentSession);
      if (controller.signal.aborted) return;
      if (!recovered) throw new SessionExpiredError(sentSession);
      // Only a request is sent again in the new session: a notification or an answer to a
      // server request belonged to the old one (the new handshake sends its own `initialized`).
      if (isRequest) return this.post(message, extraHeaders, controller, { ...retry, session: true });
      return;
    }
    if (!response.ok) {
      if (isInitializedNotification(message)) this.handshakeGate.open();
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
  private async readAnswer(id: RequestId, method: string, response: HttpResponse, controller: AbortController, modern: boolean): Promise<void> {
    const contentType = response.headers.get('content-type') ?? '';
    try {
      if (response.status === 202 || response.status === 204) {
        throw new ProtocolViolationError(`The server accepted '${method}' (HTTP ${response.status}) but sent no response`);
      }
      if (contentType.includes('text/event-stream')) {
        const fromInitialize = method === 'initialize';
        await readRequestStream(this, this.session, response, { id, method, modern, signal: controller.signal }, (value) => this.emit(value, fromInitialize));
        return;
      }
      if (!contentType.includes('application/json')) {
        await discardBody(response);
        throw new ProtocolViolationError(`Unexpected content type ${JSON.stringify(contentType)} in the answer to '${method}'`);
      }
      const text = await readJsonBody(response, this.maxMessage);
      // the whole body is read: an answer it did not carry is not coming
      if (!isAnswerTo(this.emitJson(text, method === 'initialize'), id)) {
        throw new ProtocolViolationError(`The JSON answer to '${method}' did not carry its response (id ${JSON.stringify(id)}): ${excerpt(text)}`, excerpt(text));
      }
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** An HTTP error status: pass a JSON-RPC error body on as the answer, or fail with the status. */
  private async passErrorBody(message: JsonRpcMessage, response: HttpResponse, bodyStart?: string): Promise<void> {
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

  // ---- the standalone GET stream ----------------------------------------------------------------

  /** Opens the legacy standalone GET stream (405: the server offers none), re-opened while it can. */
  private openStandalone(): void {
    if (this.options.openStandaloneStream === false || this.standalone !== undefined || this.isClosed) {
      this.handshakeGate.open();
      return;
    }
    this.standalone = standaloneStream(this, this.session, this.reportStream, () => this.handshakeGate.open()).subscribe({
      next: (value) => this.emit(value, false),
      error: (error: unknown) => this.fault(error instanceof TransportError ? error : new TransportError(`The standalone GET stream failed: ${describeFailure(error)}`, { cause: error })),
    });
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
    if (this.isClosed) return;
    if (fromInitialize) {
      const version = (value as { result?: { protocolVersion?: unknown } } | null)?.result?.protocolVersion;
      if (typeof version === 'string') this.session.version = version;
    }
    this.subscriber.next(inboundMessage(value));
  }

  /** A failure while sending `message`: a fault naming the request, when it was one. */
  private fail(message: JsonRpcMessage, error: unknown, controller: AbortController): void {
    if (this.isClosed || controller.signal.aborted) return; // closed, or cancelled on purpose
    const id = 'method' in message && 'id' in message ? message.id : undefined;
    if (id !== undefined) this.inFlight.delete(id);
    const typed =
      error instanceof TransportError || error instanceof ProtocolViolationError
        ? error
        : new StreamBrokenError('method' in message ? message.method : undefined, describeFailure(error), { cause: error });
    if (!this.unreachable && tracksReach(message) && (typed instanceof StreamBrokenError || (typed instanceof HttpStatusError && typed.status >= 500))) {
      this.unreachable = true;
      this.reportStream({ stream: REQUESTS, state: 'failed', error: typed });
    }
    this.subscriber.next(inboundFault(typed, id));
  }

  /** The server answered a POST of `message`: requests reach it (again). */
  private reachable(message: JsonRpcMessage): void {
    if (!this.unreachable || !tracksReach(message)) return;
    this.unreachable = false;
    this.reportStream({ stream: REQUESTS, state: 'open' });
  }

  fault(error: TransportError | ProtocolViolationError): void {
    if (!this.isClosed) this.subscriber.next(inboundFault(error));
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  fetch(init: SendInit & { readonly headers: HeaderSets }, answerUnauthorized = false): Promise<HttpResponse> {
    return this.authorized(this.url, init, init.headers, { answerUnauthorized });
  }

  headersFor(own: Readonly<Record<string, string>>, extra?: Readonly<Record<string, string>>): HeaderSets {
    return { configured: { ...own, ...this.options.headers, ...extra }, protocol: own };
  }

  /**
   * One HTTP request with its final headers, its redirects followed under the `redirect` policy
   * (see `redirects.ts`). Until the server has answered anything, a network failure (refused,
   * DNS, TLS) is a `ConnectError` (naming the message `init.sending`, when there is one): the
   * server was never reached. Afterwards it is the request's own failure (a broken stream,
   * which may be sent again).
   */
  private async sendOnce(url: URL, init: SendInit, headers: RequestHeaders): Promise<HttpResponse> {
    const requester = await this.requester;
    try {
      const response = await sendWithRedirects(requester, url, init, headers, this.options.redirect);
      this.reached = true;
      return response;
    } catch (error) {
      throw this.reached || init.signal?.aborted === true || error instanceof RedirectRefusedError ? error : connectError(this.target.description, error, init.sending);
    }
  }
}

/** The name of the requests' reachability in stream state events (`state$` shows it as `degraded`, stream `requests`). */
const REQUESTS = 'requests';

/**
 * Whether a POST of `message` tells whether requests reach the server: any but a
 * `subscriptions/listen`, whose long-lived stream has its own state (its reconnects).
 */
function tracksReach(message: JsonRpcMessage): boolean {
  return !('method' in message) || message.method !== 'subscriptions/listen';
}

/** A legacy `notifications/initialized`: the handshake's end, after which the GET stream opens. */
function isInitializedNotification(message: JsonRpcMessage): boolean {
  return 'method' in message && !('id' in message) && message.method === 'notifications/initialized';
}

/** Resolves once every promise of `promises` settled, or after `ms`, whichever is first. */
async function settledWithin(promises: ReadonlySet<Promise<void>>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.all(promises), limit]);
  clearTimeout(timer);
}
