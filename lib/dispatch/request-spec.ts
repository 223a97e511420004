/**
 * What the dispatcher needs to run a request: its method, how to build its params for a given
 * id, how to map its result, and its options. A request is described once per call and run once
 * per subscription (or once for a Promise); describing it as an object rather than a chain of
 * closures and Observables keeps the per-request cost of the core small.
 */
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { ProgressEvent, RequestEvent } from './request-events.js';
import type { SchedulerLike } from 'rxjs';

/** Per-request options of the dispatcher. */
export interface DispatchOptions {
  /** Send `notifications/cancelled` when the request is given up before its response. Default `true`. */
  readonly cancelOnUnsubscribe?: boolean;
  /** Extra HTTP headers for this message (ignored by stream transports). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Idle deadline: fail with a `TimeoutError` when nothing (result or progress) arrives for this long. */
  readonly timeoutMs?: number | undefined;
  /** Total deadline: fail with a `TimeoutError` this long after sending, whatever the progress. */
  readonly totalTimeoutMs?: number | undefined;
  /** The scheduler deadlines run on (tests). Default: rxmcp's shared timer queue. */
  readonly scheduler?: SchedulerLike;
  /**
   * When the transport reports the request lost (`StreamBrokenError`: its response stream broke
   * before the answer), send it again, once, with a new id. Only for requests safe to repeat.
   */
  readonly reissueOnBrokenStream?: boolean;
}

/** One request, ready to run. */
export interface RequestSpec<R> {
  /** The JSON-RPC method. */
  readonly method: string;
  /** Per-request options. */
  readonly options: DispatchOptions;
  /**
   * Builds the params for a run of this request with id `id`: a fresh object each time (runs may
   * overlap), with the progress token in `_meta` when the request wants progress.
   */
  buildParams(id: number): JsonObject | undefined;
  /** Maps the raw result to what the request yields; throwing fails the request with that error. */
  decode(result: JsonObject): R;
}

/** Where a running request reports: its progress events, then its result, or an error. */
export interface RequestObserver<R> {
  /** A progress event or the result. */
  next(event: RequestEvent<R>): void;
  /** The request failed (a typed error). */
  error(error: unknown): void;
  /** The request is over, after its result. */
  complete(): void;
}

/** A request that is running; `cancel()` gives it up (telling the server when it was sent). */
export interface RunningRequest {
  /** Its JSON-RPC id (-1 for a request that never ran because the connection was closed). */
  readonly id: number;
  /** Gives the request up (a `notifications/cancelled` when it was sent already). */
  cancel(): void;
}

/** Progress events for a request, from a raw progress notification's members. */
export function progressEvent(progress: number, total: unknown, message: unknown): ProgressEvent {
  if (typeof total === 'number') {
    return typeof message === 'string' ? { type: 'progress', progress, total, message } : { type: 'progress', progress, total };
  }
  return typeof message === 'string' ? { type: 'progress', progress, message } : { type: 'progress', progress };
}
