/**
 * A live list: the server's current list of tools (or prompts, resources, templates), fetched
 * when the first subscriber arrives, fetched again whenever the server says it changed, replayed
 * to late subscribers, and dropped (with its change subscription) when the last one leaves.
 *
 * A failed first fetch fails the stream; a failed refresh is reported and the last list stays.
 * A change that arrives while a refresh is running starts it again (the stale one is cancelled).
 */
import { catchError, defer, EMPTY, from, shareReplay, startWith, switchMap, tap, type Observable, type ObservableInput } from 'rxjs';

/** Builds a live list from a fetch of the whole list and a stream of change signals. */
export function liveList<T>(fetchAll: () => ObservableInput<readonly T[]>, changes$: Observable<unknown>, report: (error: unknown) => void): Observable<readonly T[]> {
  return defer(() => {
    let fetched = false;
    return changes$.pipe(
      startWith(undefined),
      switchMap(() =>
        from(fetchAll()).pipe(
          catchError((error: unknown) => {
            if (!fetched) throw error;
            report(error);
            return EMPTY;
          }),
        ),
      ),
      tap(() => (fetched = true)),
    );
  }).pipe(shareReplay({ bufferSize: 1, refCount: true }));
}
