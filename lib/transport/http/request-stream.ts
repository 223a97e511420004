/**
 * A request's response stream (`text/event-stream` answering its POST), read until its answer,
 * and resumed when it breaks first: a legacy stream that gave an event id is re-opened with GET +
 * `Last-Event-ID` (after the server's `retry`, else with backoff; a failed GET counts as an
 * attempt; at most `reconnect.maxResumptions` GETs in all), by the one reconnect machine of
 * `lib/streams/`; a modern one, or one without an id, is lost (`StreamBrokenError`). An event over
 * the size limit that is not followed by the answer fails the request with it.
 */
import { Observable } from 'rxjs';
import { MessageTooLargeError, StreamBrokenError } from '../../protocol/errors.js';
import { AuthenticationError, RedirectRefusedError, SessionExpiredError } from '../../protocol/http-errors.js';
import type { RequestId } from '../../protocol/jsonrpc.js';
import { resilientStream, type AttemptEnd, type AttemptVerdict, type StreamAttempt } from '../../streams/resilient-stream.js';
import { describeFailure, isAnswerTo, readEvents } from './event-stream.js';
import type { HttpChannel } from './http-channel.js';
import type { LegacySession } from './legacy-session.js';
import { legacyHeaders } from './message-headers.js';
import { discardBody } from './response-errors.js';
import { sessionGone, statusErrorAfter, type SessionVerdict } from './session-gone.js';
import type { HttpResponse } from './requester.js';

/** The request a response stream answers. */
export interface StreamedRequest {
  readonly id: RequestId;
  readonly method: string;
  /** Sent the 2026-07-28 way: its stream is never resumed. */
  readonly modern: boolean;
  /** The request's own signal: aborted (cancelled, or the connection closed), the reading stops quietly. */
  readonly signal: AbortSignal;
}

/**
 * Reads `response`, the event stream answering `request`, handing every message to `emit`;
 * resolves once the answer is in (or the request was given up), rejects with the typed error
 * of a stream that cannot bring it.
 */
export function readRequestStream(channel: HttpChannel, session: LegacySession, response: HttpResponse, request: StreamedRequest, emit: (message: unknown) => void): Promise<void> {
  const { id, method } = request;
  let answered = false;
  // most likely the answer itself: it fails the request unless the answer still comes
  const oversized: MessageTooLargeError[] = [];

  const attempt = (current: StreamAttempt): Observable<unknown> =>
    new Observable<unknown>((subscriber) => {
      const opening = current.reopenings === 0 ? Promise.resolve(response) : resume(channel, session, current.lastEventId!, request.signal);
      opening.then(
        async (stream) => {
          const outcome = await readEvents(
            stream,
            {
              message: (value) => {
                if (isAnswerTo(value, id)) answered = true;
                subscriber.next(value);
              },
              retry: (ms) => current.retryAfter(ms),
              oversized: (error) => oversized.push(error),
              done: () => answered,
            },
            channel,
          );
          current.eventId(outcome.lastEventId);
          if (answered) oversized.forEach((error) => channel.fault(error));
          if (outcome.error === undefined) subscriber.complete();
          else subscriber.error(outcome.error);
        },
        (error: unknown) => subscriber.error(error),
      );
    });

  const decide = (end: AttemptEnd, current: StreamAttempt): AttemptVerdict => {
    if (answered) return 'complete';
    const failure = end.completed ? undefined : end.error;
    // a resumption the server refused for good: asking again does not change where it sends it, or whose session it was
    if (failure instanceof RedirectRefusedError) return { error: failure };
    if (failure instanceof SessionExpiredError || failure instanceof AuthenticationError) return { error: new StreamBrokenError(method, failure.message, { cause: failure }) };
    if (oversized.length > 0) return { error: oversized[0] };
    if (request.modern || current.lastEventId === undefined) {
      return { error: new StreamBrokenError(method, failure === undefined ? 'the stream ended' : describeFailure(failure), { cause: failure }) };
    }
    return 'retry';
  };

  const messages = resilientStream(attempt, {
    ...channel.options.reconnect,
    stream: method,
    decide,
    signal: request.signal,
    exhausted: (failures, cause) => new StreamBrokenError(method, `could not resume it after ${failures} attempts`, { cause }),
    tooManyResumptions: (resumptions, cause) => new StreamBrokenError(method, `it was resumed ${resumptions} times without its answer`, { cause }),
  });
  return new Promise<void>((resolve, reject) => {
    messages.subscribe({ next: emit, complete: resolve, error: reject });
  });
}

/** Re-opens a stream after `lastEventId` with a GET (legacy resumption). */
async function resume(channel: HttpChannel, session: LegacySession, lastEventId: string, signal: AbortSignal): Promise<HttpResponse> {
  const sessionId = session.id;
  const headers = channel.headersFor({ Accept: 'text/event-stream', 'Last-Event-ID': lastEventId, ...legacyHeaders(sessionId, session.version) });
  const response = await channel.fetch({ method: 'GET', headers, signal });
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
