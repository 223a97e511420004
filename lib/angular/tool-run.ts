/**
 * A tool run as one value that changes over time (what `toolResource` holds): the events of a
 * `callTool$` folded into the latest progress, task status and the result.
 */
import { scan, type Observable, type OperatorFunction } from 'rxjs';
import type { ProgressEvent, RequestEvent, TaskStatusEvent } from '../dispatch/request-events.js';

/** The state of a tool run: the last progress event, the last task status, and the result once it came. */
export interface ToolRun<R> {
  /** The last `notifications/progress` of the call, if any came. */
  readonly progress?: ProgressEvent;
  /** The last task status, for a tool the server runs as a task. */
  readonly task?: TaskStatusEvent;
  /** The result; set on the last value. */
  readonly result?: R;
  /** True once the result came. */
  readonly done: boolean;
}

/** Folds request events into {@link ToolRun} values, one per event. */
export function toToolRun<R>(): OperatorFunction<RequestEvent<R>, ToolRun<R>> {
  return (events: Observable<RequestEvent<R>>) =>
    events.pipe(
      scan<RequestEvent<R>, ToolRun<R>>((run, event) => {
        if (event.type === 'progress') return { ...run, progress: event };
        if (event.type === 'task') return { ...run, task: event };
        return { ...run, result: event.result, done: true };
      }, { done: false }),
    );
}
