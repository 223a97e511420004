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

/**
 * A task's status changed (a `tools/call` the server runs as a task: the 2026-07-28 tasks
 * extension or 2025-11-25 experimental tasks). Emitted once per change of `status` or
 * `statusMessage`, before the result.
 */
export interface TaskStatusEvent {
  /** Marks a task status event. */
  readonly type: 'task';
  /** The task's id (keep it to resume with `client.tasks.wait(taskId)` after a restart). */
  readonly taskId: string;
  /** `working`, `input_required`, `completed`, `failed` or `cancelled`. */
  readonly status: string;
  /** The server's message about the status, if it sent one. */
  readonly statusMessage?: string;
}

/** One event of a request Observable. */
export type RequestEvent<R> = ProgressEvent | TaskStatusEvent | ResultEvent<R>;

/** True for the result event. */
export function isResultEvent<R>(event: RequestEvent<R>): event is ResultEvent<R> {
  return event.type === 'result';
}
