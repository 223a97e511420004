/**
 * One machine for every long-lived stream that is opened again when it breaks: the
 * `subscriptions/listen` stream (through the `reconnect` operator), Streamable HTTP's standalone
 * GET stream and a request's response stream resumed with `Last-Event-ID`.
 *
 * The caller says how to open one attempt (`open(attempt)`, an Observable of the stream's values)
 * and what an attempt's end means (`decide`: open another, complete, or fail). The machine does
 * the rest, the same way for all of them:
 *
 * - failures count only in a row: a value delivered resets the count, so a stream that works
 *   between breaks is kept, while one that never comes back gives up after `maxAttempts` with
 *   `exhausted(...)` (default {@link ReconnectExhaustedError});
 * - with `tooManyResumptions`, the stream is re-opened at most `maxResumptions` times in all,
 *   values or not (a server that sends one event per re-opening cannot keep it going forever);
 * - the wait before a re-opening is the backoff of `reconnect-policy.ts`, or the server's
 *   `retry:` hint once an attempt recorded one;
 * - what one attempt learnt (the last event id, the retry hint) is read by the next
 *   ({@link StreamAttempt});
 * - `reconnecting`, `open` and `failed` are reported to `onState` as they happen;
 * - unsubscribing, or aborting `signal`, stops at once: the attempt under way is unsubscribed
 *   and a pending wait cancelled (`signal` completes the stream; unsubscribing just ends it).
 */
import { asyncScheduler, Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import type { RxMcpError } from '../protocol/errors.js';
import { ReconnectExhaustedError } from '../protocol/http-errors.js';
import { maxReconnectAttempts, maxResumptions, reconnectDelay, type ReconnectOptions } from '../protocol/reconnect-policy.js';
import type { StreamStateEvent } from './stream-state.js';

/** How one attempt ended: it completed, or it failed with `error`. */
export type AttemptEnd = { readonly completed: true } | { readonly completed: false; readonly error: unknown };

/**
 * What the stream does after an attempt ended: `'retry'` (a failure in a row: wait, then open
 * another, unless the bounds are reached), `'complete'`, or fail with `error` (after a `failed`
 * state event when `report` is set).
 */
export type AttemptVerdict = 'retry' | 'complete' | { readonly error: unknown; readonly report?: false } | { readonly error: RxMcpError; readonly report: true };

/** What an attempt knows of the attempts before it, and how it tells the next one what it learnt. */
export interface StreamAttempt {
  /** How many times the stream was opened again before this attempt (0: the first opening). */
  readonly reopenings: number;
  /** Failures in a row before this attempt (0 for the first opening and after a delivered value). */
  readonly failures: number;
  /** The id of the last event an attempt saw, to resume after (`Last-Event-ID`). */
  readonly lastEventId: string | undefined;
  /** Records the last event id this attempt saw: `undefined` keeps the earlier one, `''` forgets it (as in SSE). */
  eventId(id: string | undefined): void;
  /** Records the server's `retry:` hint: the waits from now on are `ms` instead of the backoff. */
  retryAfter(ms: number): void;
  /** Reports the stream `open` (an attempt that reached the server and is reading). */
  opened(): void;
}

/** Options of {@link resilientStream}: the reconnect policy, and what this stream's ends mean. */
export interface ResilientStreamOptions extends ReconnectOptions {
  /** The stream's name, for state events and the default exhaustion error. */
  readonly stream: string;
  /** What an attempt's end means; reads the attempt (its last event id) when that matters. */
  readonly decide: (end: AttemptEnd, attempt: StreamAttempt) => AttemptVerdict;
  /** Told when the stream is re-opening, open, or gave up. */
  readonly onState?: (event: StreamStateEvent) => void;
  /** The error after `maxAttempts` failures in a row (`failures`), with the last one's `cause`. Default {@link ReconnectExhaustedError}. */
  readonly exhausted?: (failures: number, cause: unknown) => RxMcpError;
  /** When set, the stream is re-opened at most `maxResumptions` times in all; this is the error of one more. */
  readonly tooManyResumptions?: (resumptions: number, cause: unknown) => RxMcpError;
  /** Aborting it completes the stream at once. */
  readonly signal?: AbortSignal;
  /** Where the waits are scheduled (a `TestScheduler` in tests). */
  readonly scheduler?: SchedulerLike;
  /** The jitter source, `[0, 1)`. Default `Math.random`. */
  readonly random?: () => number;
}

/** A stream made of attempts `open(attempt)`, re-opened after the failures `decide` says are worth it. Cold. */
export function resilientStream<T>(open: (attempt: StreamAttempt) => Observable<T>, options: ResilientStreamOptions): Observable<T> {
  return new Observable<T>((subscriber) => {
    const run = new StreamRun(open, options, subscriber);
    run.start();
    return () => run.stop();
  });
}

/** The {@link AttemptVerdict} of a stream whose completion is its end and whose `isRetryable` errors are worth another attempt. */
export function retryErrors(isRetryable: (error: unknown) => boolean): (end: AttemptEnd) => AttemptVerdict {
  return (end) => (end.completed ? 'complete' : isRetryable(end.error) ? 'retry' : { error: end.error });
}

/** One subscription to a resilient stream. */
class StreamRun<T> implements AttemptOwner {
  private failures = 0;
  private reopenings = 0;
  private lastEventId: string | undefined;
  private retryMs: number | undefined;
  private current: Subscription | undefined;
  private wait: Subscription | undefined;
  private stopped = false;
  private readonly onAbort = (): void => {
    this.stop();
    this.subscriber.complete();
  };

  constructor(
    private readonly open: (attempt: StreamAttempt) => Observable<T>,
    private readonly options: ResilientStreamOptions,
    private readonly subscriber: Subscriber<T>,
  ) {}

  start(): void {
    const signal = this.options.signal;
    if (signal?.aborted === true) {
      this.onAbort();
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.openAttempt();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.wait?.unsubscribe();
    this.current?.unsubscribe();
  }

  private openAttempt(): void {
    const attempt = new Attempt(this.reopenings, this.failures, this.lastEventId, this);
    let source: Observable<T>;
    try {
      source = this.open(attempt);
    } catch (error) {
      this.ended(attempt, { completed: false, error });
      return;
    }
    const subscription = source.subscribe({
      next: (value) => {
        if (!attempt.live) return;
        this.failures = 0;
        this.subscriber.next(value);
      },
      error: (error: unknown) => this.ended(attempt, { completed: false, error }),
      complete: () => this.ended(attempt, COMPLETED),
    });
    if (attempt.live) this.current = subscription;
  }

  /** What `attempt` learnt, for the next one (ignored once it ended). */
  learn(attempt: Attempt, eventId: string | undefined, retryMs: number | undefined): void {
    if (!attempt.live || this.stopped) return;
    if (eventId !== undefined) attempt.lastEventId = this.lastEventId = eventId === '' ? undefined : eventId;
    if (retryMs !== undefined) this.retryMs = retryMs;
  }

  opened(attempt: Attempt): void {
    if (attempt.live && !this.stopped) this.report({ stream: this.options.stream, state: 'open' });
  }

  private report(event: StreamStateEvent): void {
    this.options.onState?.(event);
  }

  private ended(attempt: Attempt, end: AttemptEnd): void {
    if (this.stopped || !attempt.live) return;
    const verdict = this.options.decide(end, attempt);
    attempt.live = false;
    this.current = undefined;
    if (this.stopped) return;
    if (verdict === 'complete') {
      this.stop();
      this.subscriber.complete();
      return;
    }
    if (verdict !== 'retry') {
      if (verdict.report === true) this.report({ stream: this.options.stream, state: 'failed', error: verdict.error });
      this.fail(verdict.error);
      return;
    }
    const cause = end.completed ? undefined : end.error;
    this.failures += 1;
    if (this.failures > maxReconnectAttempts(this.options)) {
      this.giveUp((this.options.exhausted ?? this.defaultExhausted)(this.failures - 1, cause));
      return;
    }
    const tooMany = this.options.tooManyResumptions;
    if (tooMany !== undefined && this.reopenings >= maxResumptions(this.options)) {
      this.giveUp(tooMany(this.reopenings, cause));
      return;
    }
    const delayMs = reconnectDelay(this.options, this.failures, this.retryMs, this.options.random);
    this.report({ stream: this.options.stream, state: 'reconnecting', attempt: this.failures, delayMs });
    this.wait = (this.options.scheduler ?? asyncScheduler).schedule(() => {
      this.wait = undefined;
      if (this.stopped) return;
      this.reopenings += 1;
      this.openAttempt();
    }, delayMs);
  }

  private readonly defaultExhausted = (failures: number, cause: unknown): RxMcpError => new ReconnectExhaustedError(this.options.stream, failures, { cause });

  private giveUp(error: RxMcpError): void {
    this.report({ stream: this.options.stream, state: 'failed', error });
    this.fail(error);
  }

  private fail(error: unknown): void {
    this.stop();
    this.subscriber.error(error);
  }
}

const COMPLETED: AttemptEnd = { completed: true };

/** One attempt's view of the run; calls after the attempt ended change nothing. */
class Attempt implements StreamAttempt {
  /** False once the attempt ended (or the run stopped). */
  live = true;

  constructor(
    readonly reopenings: number,
    readonly failures: number,
    public lastEventId: string | undefined,
    private readonly run: AttemptOwner,
  ) {}

  eventId(id: string | undefined): void {
    this.run.learn(this, id, undefined);
  }

  retryAfter(ms: number): void {
    this.run.learn(this, undefined, ms);
  }

  opened(): void {
    this.run.opened(this);
  }
}

/** What an {@link Attempt} tells its run. */
interface AttemptOwner {
  learn(attempt: Attempt, eventId: string | undefined, retryMs: number | undefined): void;
  opened(attempt: Attempt): void;
}
