/**
 * The lower level of the tasks extension (2026-07-28), for callers who keep task ids across
 * restarts: one `tasks/get`, `tasks/update` or `tasks/cancel` by id, and `wait` / `task$` to
 * drive a task by id to its result as `callTool` does. A persisted task should keep its latest
 * `requestState` too (the server may refuse a follow-up without it). `client.tasks` is one.
 *
 * There is no `list`: the 2026-07-28 extension has no `tasks/list` (a server cannot scope it).
 */
import { lastValueFrom, filter, map, type Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { DetailedTask } from '../protocol/schemas/tasks.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { ClientSession } from '../session/client-session.js';
import { driveTask$, followUp, parseTask, type TaskDriveOptions } from './task-driver.js';

/** Options of one follow-up by id. */
export interface TaskRequestOptions {
  /** The task's latest `requestState`, echoed as the SEP requires. */
  readonly requestState?: string;
  /** Idle deadline of the request; default: the session's. */
  readonly timeoutMs?: number;
}

/** Options of driving a task by id: the follow-ups' and the task's deadline. */
export interface TaskWaitOptions extends TaskRequestOptions, Omit<TaskDriveOptions, 'method'> {}

/** A client's task requests by id (see the module doc). */
export class ClientTasks {
  constructor(private readonly session: ClientSession) {}

  /** One `tasks/get`: the task's state and its status's payload. */
  get(taskId: string, options: TaskRequestOptions = {}): Promise<DetailedTask> {
    return this.send('tasks/get', withState({ taskId }, options), parseTask, options);
  }

  /** One `tasks/update` with answers to the task's `inputRequests` (the ack is empty). */
  async update(taskId: string, inputResponses: JsonObject, options: TaskRequestOptions = {}): Promise<void> {
    await this.send('tasks/update', withState({ taskId, inputResponses }, options), () => undefined, options);
  }

  /** One `tasks/cancel` (cooperative: `get` shows whether and when the task ends `cancelled`). */
  async cancel(taskId: string, options: TaskRequestOptions = {}): Promise<void> {
    await this.send('tasks/cancel', withState({ taskId }, options), () => undefined, options);
  }

  /** Drives a task by id, as `callTool$` does: status events, progress, then the result; unsubscribing cancels it. */
  task$(taskId: string, options: TaskWaitOptions = {}): Observable<RequestEvent<CallToolResult>> {
    const start = options.requestState === undefined ? { taskId } : { taskId, requestState: options.requestState };
    return driveTask$(this.session, start, { ...this.session.taskOptions, ...options, method: 'tasks/get' });
  }

  /** Drives a task by id to its result (a typed error when it fails, is cancelled or vanishes). */
  wait(taskId: string, options: TaskWaitOptions = {}): Promise<CallToolResult> {
    return lastValueFrom(
      this.task$(taskId, options).pipe(
        filter((event) => event.type === 'result'),
        map((event) => (event as { readonly result: CallToolResult }).result),
      ),
    );
  }

  private send<T>(method: string, params: JsonObject, decode: (raw: JsonObject) => T, options: TaskRequestOptions): Promise<T> {
    return lastValueFrom(this.session.dispatcher.send$(followUp(this.session, method, params, decode, options)).pipe(
      filter((event) => event.type === 'result'),
      map((event) => (event as { readonly result: T }).result),
    ));
  }
}

function withState(params: JsonObject, options: TaskRequestOptions): JsonObject {
  if (options.requestState !== undefined) params.requestState = options.requestState;
  return params;
}
