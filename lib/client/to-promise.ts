/**
 * The bridge from a request Observable to a Promise: resolves with the result, hands progress
 * events to `onProgress`, and cancels the request when `signal` aborts (rejecting with a
 * `CancelledError`, never a timeout). A signal that is already aborted sends nothing at all.
 */
import type { Observable, Observer, Subscription } from 'rxjs';
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
  return new Promise<R>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new CancelledError(method, signal.reason));
      return;
    }
    const observer = new ResultObserver<R>(method, options, resolve, reject, reportError);
    observer.subscription = events$.subscribe(observer);
    if (!observer.settled && signal !== undefined) signal.addEventListener('abort', observer.abort, { once: true });
  });
}

/** One request's Promise settlement, as an observer object (no closures on the hot path). */
class ResultObserver<R> implements Observer<RequestEvent<R>> {
  settled = false;
  subscription: Subscription | undefined;
  private hasResult = false;
  private result: R | undefined;

  constructor(
    private readonly method: string,
    private readonly options: PromiseRequestOptions,
    private readonly resolve: (result: R) => void,
    private readonly reject: (error: unknown) => void,
    private readonly reportError: (error: unknown) => void,
  ) {}

  next(event: RequestEvent<R>): void {
    if (event.type === 'result') {
      this.hasResult = true;
      this.result = event.result;
    } else if (this.options.onProgress !== undefined) {
      try {
        this.options.onProgress(event);
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  error(error: unknown): void {
    this.finish();
    this.reject(error);
  }

  complete(): void {
    this.finish();
    if (this.hasResult) this.resolve(this.result as R);
    else this.reject(new ProtocolViolationError(`Request '${this.method}' completed without a result`));
  }

  /** The signal aborted: cancel the request. */
  readonly abort = (): void => {
    if (this.settled) return;
    this.finish();
    this.subscription?.unsubscribe();
    this.reject(new CancelledError(this.method, this.options.signal?.reason));
  };

  private finish(): void {
    this.settled = true;
    this.options.signal?.removeEventListener('abort', this.abort);
  }
}
