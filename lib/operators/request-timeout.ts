/**
 * `requestTimeout`: deadlines for a request Observable.
 *
 * - `idleMs`: the request fails if nothing arrives for this long. Every event counts, progress
 *   included, so a long call that reports progress stays alive without the caller having to
 *   listen to the progress itself.
 * - `totalMs`: the request fails once this much time has passed since it started, whatever
 *   progress says. Independent of `idleMs`.
 *
 * Either failure is a {@link TimeoutError} (never a `CancelledError`), and unsubscribes from the
 * request, which cancels it on the server. The idle timer is lazy: an event only records its
 * time, and the timer re-arms itself for the remainder when it fires, so thousands of progress
 * events cost no timer churn.
 */
import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { TimeoutError } from '../protocol/errors.js';

/** Deadlines for {@link requestTimeout}. Omitted or non-positive means no such deadline. */
export interface RequestTimeoutOptions {
  /** The method, for the error message. */
  readonly method: string;
  /** Fail if no event arrives for this many milliseconds. */
  readonly idleMs?: number;
  /** Fail when this many milliseconds have passed since subscription. */
  readonly totalMs?: number;
  /** The scheduler timers run on (a `TestScheduler` in tests). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** Applies idle and total deadlines to a request Observable. */
export function requestTimeout<T>(options: RequestTimeoutOptions): MonoTypeOperatorFunction<T> {
  const { method, scheduler = asyncScheduler } = options;
  const idleMs = positive(options.idleMs);
  const totalMs = positive(options.totalMs);
  if (idleMs === undefined && totalMs === undefined) return (source) => source;

  return (source) =>
    new Observable<T>((subscriber) => {
      let lastEventAt = scheduler.now();
      let idleTimer: Subscription | undefined;
      let totalTimer: Subscription | undefined;

      const armIdle = (delay: number): void => {
        idleTimer = scheduler.schedule(() => {
          const quietFor = scheduler.now() - lastEventAt;
          if (quietFor >= idleMs!) subscriber.error(new TimeoutError(method, idleMs!, 'idle'));
          else armIdle(idleMs! - quietFor);
        }, delay);
      };
      if (idleMs !== undefined) armIdle(idleMs);
      if (totalMs !== undefined) {
        totalTimer = scheduler.schedule(() => subscriber.error(new TimeoutError(method, totalMs, 'total')), totalMs);
      }

      const upstream = source.subscribe({
        next: (value) => {
          lastEventAt = scheduler.now();
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        upstream.unsubscribe();
        idleTimer?.unsubscribe();
        totalTimer?.unsubscribe();
      };
    });
}

function positive(ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
