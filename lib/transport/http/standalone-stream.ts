/**
 * The legacy standalone GET stream: the server's channel for messages that answer nothing
 * (notifications, server requests), opened after the handshake and re-opened by the one
 * reconnect machine of `lib/streams/` while it can: with `Last-Event-ID` after the last event
 * seen, after the server's `retry:` hint or with backoff, failures counted in a row (a stream
 * that delivered a message starts the count again), `ReconnectExhaustedError` after
 * `reconnect.maxAttempts`. A stream that ends is a break (the server may close it at any time).
 *
 * It ends without an error when the server offers none (405, reported `unavailable`) or forgot
 * the session and a new one was established (that one opens a stream of its own); it fails, as a
 * `failed` state and a fault of the connection, when the session cannot be re-established or a
 * redirect was refused (where the server sends the stream does not change by asking again).
 */
import { Observable } from 'rxjs';
import { ReconnectExhaustedError, RedirectRefusedError, SessionExpiredError } from '../../protocol/http-errors.js';
import { resilientStream, type AttemptEnd, type AttemptVerdict, type StreamAttempt } from '../../streams/resilient-stream.js';
import type { StreamStateEvent } from '../../streams/stream-state.js';
import { readEvents } from './event-stream.js';
import type { HttpChannel } from './http-channel.js';
import type { LegacySession } from './legacy-session.js';
import { legacyHeaders } from './message-headers.js';
import { discardBody } from './response-errors.js';
import { sessionGone, statusErrorAfter, type SessionVerdict } from './session-gone.js';

/** The name of the stream in state events. */
const STREAM = 'standalone';

/**
 * The messages of the standalone GET stream, re-opened while it can; `opened` is told once the
 * first GET was answered (requests wait for that, see `HandshakeGate`). Cold: subscribing opens it,
 * unsubscribing stops it at once (a pending wait too).
 */
export function standaloneStream(channel: HttpChannel, session: LegacySession, onState: (event: StreamStateEvent) => void, answered: () => void): Observable<unknown> {
  /** Set by an attempt that found the end of the stream: its completion is not a break. */
  let finished = false;

  const attempt = (current: StreamAttempt): Observable<unknown> =>
    new Observable<unknown>((subscriber) => {
      const controller = new AbortController();
      void (async () => {
        const sessionId = session.id;
        const lastEventId = current.lastEventId;
        const headers = channel.headersFor({
          Accept: 'text/event-stream',
          ...legacyHeaders(sessionId, session.version),
          ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
        });
        const response = await channel.fetch({ method: 'GET', headers, signal: controller.signal }).finally(answered);
        if (response.status === 405) {
          await discardBody(response);
          finished = true;
          if (!subscriber.closed) onState({ stream: STREAM, state: 'unavailable' });
          subscriber.complete();
          return;
        }
        const verdict: SessionVerdict = sessionId === undefined || response.ok ? { gone: false } : await sessionGone(response);
        if (verdict.gone && sessionId !== undefined) {
          // the session expired: a new one opens a new stream of its own (and this one is stopped)
          await discardBody(response);
          if (!(await session.recover(sessionId))) throw new SessionExpiredError(sessionId);
          finished = true;
          subscriber.complete();
          return;
        }
        if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) throw await statusErrorAfter(response, verdict);
        current.opened();
        const outcome = await readEvents(response, { message: (value) => subscriber.next(value), retry: (ms) => current.retryAfter(ms) }, channel);
        current.eventId(outcome.lastEventId);
        if (outcome.error === undefined) subscriber.complete();
        else subscriber.error(outcome.error);
      })().catch((error: unknown) => subscriber.error(error));
      return () => controller.abort();
    });

  const decide = (end: AttemptEnd): AttemptVerdict => {
    if (end.completed) return finished ? 'complete' : 'retry';
    if (end.error instanceof RedirectRefusedError || end.error instanceof SessionExpiredError) return { error: end.error, report: true };
    return 'retry';
  };

  return resilientStream(attempt, {
    ...channel.options.reconnect,
    stream: STREAM,
    decide,
    onState,
    exhausted: (failures, cause) => new ReconnectExhaustedError('standalone GET stream', failures, { cause }),
  });
}
