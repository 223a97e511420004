/**
 * Keeping a long-lived stream alive (a 2026-07-28 `subscriptions/listen`, any stream a user
 * builds): when the source fails with a retryable error it is subscribed to again after an
 * exponential backoff with full jitter. Failures count only in a row: a value delivered after a
 * re-subscription resets the count, so a stream that works between breaks is kept forever while
 * one that never comes back gives up with a typed {@link ReconnectExhaustedError}. A source that
 * completes is finished, never re-opened, so a server that ends the stream gracefully cannot keep
 * the client looping. Unsubscribing cancels a pending wait at once.
 */
import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { StreamStateEvent } from '../transport/transport.js';
import { ReconnectExhaustedError } from '../protocol/http-errors.js';
import { maxReconnectAttempts, reconnectDelay, type ReconnectOptions } from '../protocol/reconnect-policy.js';

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
  const scheduler = options.scheduler ?? asyncScheduler;
  const maxAttempts = maxReconnectAttempts(options);
  return (source) =>
    new Observable<T>((subscriber) => {
      let failures = 0;
      let reopening = false;
      let current: Subscription | undefined;
      let wait: Subscription | undefined;
      let stopped = false;

      const open = (): void => {
        current = source.subscribe({
          next: (value) => {
            failures = 0;
            if (reopening) {
              reopening = false;
              options.onState?.({ stream: options.stream, state: 'open' });
            }
            subscriber.next(value);
          },
          error: (error: unknown) => {
            if (stopped) return;
            if (!options.isRetryable(error)) {
              subscriber.error(error);
              return;
            }
            failures += 1;
            if (failures > maxAttempts) {
              const exhausted = new ReconnectExhaustedError(options.stream, failures - 1, { cause: error });
              options.onState?.({ stream: options.stream, state: 'failed', error: exhausted });
              subscriber.error(exhausted);
              return;
            }
            const delayMs = reconnectDelay(options, failures, undefined, options.random);
            reopening = true;
            options.onState?.({ stream: options.stream, state: 'reconnecting', attempt: failures, delayMs });
            wait = scheduler.schedule(() => {
              wait = undefined;
              if (!stopped) open();
            }, delayMs);
          },
          complete: () => subscriber.complete(),
        });
      };

      open();
      return () => {
        stopped = true;
        wait?.unsubscribe();
        current?.unsubscribe();
      };
    });
}
