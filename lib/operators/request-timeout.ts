/**
 * `requestTimeout`: idle and total deadlines as an operator over any request Observable.
 *
 * - `idleMs`: the request fails if no event arrives for this long. Every event counts, progress
 *   included, so a long call that reports progress stays alive without the caller having to
 *   listen to the progress itself.
 * - `totalMs`: the request fails once this much time has passed since it started, whatever
 *   progress says. Independent of `idleMs`.
 *
 * Either failure is a {@link TimeoutError} (never a `CancelledError`), and unsubscribes from the
 * request, which cancels it on the server. rxmcp's own requests take the same deadlines as
 * options (`timeoutMs`, `totalTimeoutMs`), applied by the dispatcher with the same
 * {@link RequestDeadline}; this operator is for Observables of your own.
 */
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import { hasDeadline, RequestDeadline, type DeadlineOptions } from '../time/deadline.js';

/** Options of {@link requestTimeout}. */
export interface RequestTimeoutOptions extends DeadlineOptions {
  /** The method, for the error message. */
  readonly method: string;
}

/** Applies idle and total deadlines to a request Observable. */
export function requestTimeout<T>(options: RequestTimeoutOptions): MonoTypeOperatorFunction<T> {
  if (!hasDeadline(options)) return (source) => source;
  return (source) =>
    new Observable<T>((subscriber) => {
      const deadline = new RequestDeadline(options.method, options, { onDeadline: (error) => subscriber.error(error) });
      const upstream = source.subscribe({
        next: (value) => {
          deadline.touch();
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        deadline.cancel();
        upstream.unsubscribe();
      };
    });
}
