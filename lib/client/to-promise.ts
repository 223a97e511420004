/**
 * The one adapter of the Promise API: a request's chain (`pipeline/chain.ts`), ended by a
 * Promise that resolves with the result, hands progress events to `onProgress`, and cancels the
 * request when `signal` aborts (rejecting with a `CancelledError`, never a timeout). A signal
 * that is already aborted sends nothing at all.
 *
 * The fast path, in this one place: when the method's plan is `direct` (no user interceptor, only
 * outcome-reactive stages), the request runs straight on the dispatcher (`dispatcher.run`, what
 * each subscription of `dispatcher.send$` does) without the Observable machinery, which on Node
 * costs more per call than the rest of the client's bookkeeping; only an outcome a stage claims
 * is then run through the chain, replayed rather than sent again. So a Promise method and its
 * `$` twin run the same stages, by construction.
 */
import type { Observable } from 'rxjs';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { RequestChain } from '../pipeline/chain.js';
import type { McpRequest } from '../pipeline/mcp-request.js';
import type { ProgressEvent, RequestEvent } from '../dispatch/request-events.js';
import type { RequestObserver, RequestSpec, RunningRequest } from '../dispatch/request-spec.js';
import { CancelledError, ProtocolViolationError } from '../protocol/errors.js';

/** The Promise-only options of a request. */
export interface PromiseRequestOptions {
  /** Aborting it cancels the request; the Promise rejects with `CancelledError`. */
  readonly signal?: AbortSignal;
  /** Called with each progress event. An exception thrown here is reported, and the request goes on. */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Runs `request` through its chain on `chain` to its result (see the module doc). */
export function requestToPromise<R>(chain: RequestChain, dispatcher: Dispatcher, request: McpRequest, options: PromiseRequestOptions, reportError: (error: unknown) => void): Promise<R> {
  const plan = chain.planFor(request.method);
  if (!plan.direct || plan.needsRequest(request)) {
    let events$: Observable<RequestEvent<R>>;
    try {
      events$ = plan.handle(request) as Observable<RequestEvent<R>>;
    } catch (error) {
      // an interceptor that throws instead of returning an Observable fails the call, never the caller
      return Promise.reject(error);
    }
    return eventsToPromise(events$, request.method, options, reportError);
  }
  const sent = runToPromise(dispatcher, request.spec as RequestSpec<R>, options, reportError);
  if (!plan.reactive) return sent;
  return sent.then(
    (result) => (plan.needsResult(request, result) ? eventsToPromise(plan.replay(request, result, false) as Observable<RequestEvent<R>>, request.method, options, reportError) : result),
    (error: unknown) => {
      if (!plan.needsError(request, error)) throw error;
      return eventsToPromise(plan.replay(request, error, true) as Observable<RequestEvent<R>>, request.method, options, reportError);
    },
  );
}

/** Runs `spec` on `dispatcher` to its result. */
export function runToPromise<R>(
  dispatcher: Dispatcher,
  spec: RequestSpec<R>,
  options: PromiseRequestOptions,
  reportError: (error: unknown) => void,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new CancelledError(spec.method, signal.reason));
      return;
    }
    const observer = new PromiseObserver<R>(spec.method, options, resolve, reject, reportError);
    observer.running = dispatcher.run(spec, observer);
    if (!observer.settled && signal !== undefined) signal.addEventListener('abort', observer, { once: true });
  });
}

/** One request's Promise settlement, and the listener of its abort signal. */
class PromiseObserver<R> implements RequestObserver<R> {
  settled = false;
  running: RunningRequest | undefined;
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
    } else if (event.type === 'progress' && this.options.onProgress !== undefined) {
      try {
        this.options.onProgress(event);
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  error(error: unknown): void {
    if (this.settled) return;
    this.finish();
    this.reject(error);
  }

  complete(): void {
    if (this.settled) return;
    this.finish();
    if (this.hasResult) this.resolve(this.result as R);
    else this.reject(new ProtocolViolationError(`Request '${this.method}' completed without a result`));
  }

  /** The signal aborted (an `EventListener` object, so no closure is made per request). */
  handleEvent(): void {
    if (this.settled) return;
    this.finish();
    this.running?.cancel();
    this.reject(new CancelledError(this.method, this.options.signal?.reason));
  }

  private finish(): void {
    this.settled = true;
    this.options.signal?.removeEventListener('abort', this);
  }
}

/**
 * Runs any request Observable to its result, with the same `signal` and `onProgress` handling
 * as {@link runToPromise} (used where a request continues through more rounds).
 */
export function eventsToPromise<R>(events$: Observable<RequestEvent<R>>, method: string, options: PromiseRequestOptions, reportError: (error: unknown) => void): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new CancelledError(method, signal.reason));
      return;
    }
    const observer = new PromiseObserver<R>(method, options, resolve, reject, reportError);
    const subscription = events$.subscribe(observer);
    observer.running = { id: -1, cancel: () => subscription.unsubscribe() };
    if (!observer.settled && signal !== undefined) signal.addEventListener('abort', observer, { once: true });
  });
}
