/**
 * The bridge from a request Observable to a Promise: resolves with the result, hands progress
 * events to `onProgress`, and cancels the request when `signal` aborts (rejecting with a
 * `CancelledError`, never a timeout). A signal that is already aborted sends nothing at all.
 */
import type { Observable } from 'rxjs';
import type { ProgressEvent, RequestEvent } from '../dispatch/request-events.js';
import { CancelledError, ProtocolViolationError } from '../protocol/errors.js';

/** The Promise-only options of a request. */
export interface PromiseRequestOptions {
  /** Aborting it cancels the request; the Promise rejects with `CancelledError`. */
  readonly signal?: AbortSignal;
  /** Called with each progress event. An exception thrown here is reported, and the request goes on. */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Runs a request Observable to its result. */
export function lastResult<R>(
  events$: Observable<RequestEvent<R>>,
  method: string,
  options: PromiseRequestOptions,
  reportError: (error: unknown) => void,
): Promise<R> {
  const { signal, onProgress } = options;
  return new Promise<R>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError(method, signal.reason));
      return;
    }
    let settled = false;
    let hasResult = false;
    let result: R | undefined;
    const finish = (): void => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      subscription.unsubscribe();
      reject(new CancelledError(method, signal?.reason));
    };
    const subscription = events$.subscribe({
      next: (event) => {
        if (event.type === 'result') {
          hasResult = true;
          result = event.result;
        } else if (onProgress !== undefined) {
          try {
            onProgress(event);
          } catch (error) {
            reportError(error);
          }
        }
      },
      error: (error: unknown) => {
        finish();
        reject(error);
      },
      complete: () => {
        finish();
        if (hasResult) resolve(result as R);
        else reject(new ProtocolViolationError(`Request '${method}' completed without a result`));
      },
    });
    if (!settled) signal?.addEventListener('abort', onAbort, { once: true });
  });
}
