/**
 * What a request Observable emits: zero or more progress events, then exactly one result event.
 *
 * ```ts
 * client.callTool$('build', {}).subscribe((event) => {
 *   if (event.type === 'progress') bar.update(event.progress, event.total);
 *   else show(event.result);
 * });
 * ```
 */

/** A `notifications/progress` the server sent for this request. */
export interface ProgressEvent {
  /** Marks a progress event. */
  readonly type: 'progress';
  /** Progress so far; increases with every event. */
  readonly progress: number;
  /** The total, when the server knows it. */
  readonly total?: number;
  /** A human-readable status message, when the server sent one. */
  readonly message?: string;
}

/** The request's final result. Always the last event. */
export interface ResultEvent<R> {
  /** Marks the final result. */
  readonly type: 'result';
  /** The decoded result. */
  readonly result: R;
}

/** One event of a request Observable. */
export type RequestEvent<R> = ProgressEvent | ResultEvent<R>;

/** True for the result event. */
export function isResultEvent<R>(event: RequestEvent<R>): event is ResultEvent<R> {
  return event.type === 'result';
}
