/**
 * Keeping a long-lived stream alive (a 2026-07-28 `subscriptions/listen`, any stream a user
 * builds): when the source fails with a retryable error it is subscribed to again after an
 * exponential backoff with full jitter. Failures count only in a row: a value delivered after a
 * re-subscription resets the count, so a stream that works between breaks is kept forever while
 * one that never comes back gives up with a typed {@link ReconnectExhaustedError}. A source that
 * completes is finished, never re-opened, so a server that ends the stream gracefully cannot keep
 * the client looping. Unsubscribing cancels a pending wait at once.
 *
 * The operator face of {@link resilientStream}: each attempt is a subscription to the source.
 */
import { tap, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { ReconnectExhaustedError } from '../protocol/http-errors.js';
import type { ReconnectOptions } from '../protocol/reconnect-policy.js';
import { resilientStream, retryErrors } from './resilient-stream.js';
import type { StreamStateEvent } from './stream-state.js';

/** Options of {@link reconnect}. */
export interface ReconnectStreamOptions extends ReconnectOptions {
  /** The stream's name, for state events and the final error (`subscriptions/listen`). */
  readonly stream: string;
  /** Which errors are worth another attempt; the others end the stream at once. */
  readonly isRetryable: (error: unknown) => boolean;
  /** Told when the stream starts re-opening, is open again, or gave up. */
  readonly onState?: (event: StreamStateEvent) => void;
  /** Where the waits are scheduled (a `TestScheduler` in tests). */
  readonly scheduler?: SchedulerLike;
  /** The jitter source, `[0, 1)`. Default `Math.random`. */
  readonly random?: () => number;
}

/** Re-subscribes to the source after retryable failures, with backoff, up to `maxAttempts` in a row. */
export function reconnect<T>(options: ReconnectStreamOptions): MonoTypeOperatorFunction<T> {
  const { isRetryable, ...rest } = options;
  const decide = retryErrors(isRetryable);
  return (source) =>
    resilientStream<T>((attempt) => {
      if (attempt.failures === 0) return source;
      // re-opened after a failure: open again with its first value
      let first = true;
      return source.pipe(
        tap(() => {
          if (first) attempt.opened();
          first = false;
        }),
      );
    }, { ...rest, decide });
}
