/**
 * Drives one 2026-07-28 task to its outcome: polls `tasks/get` at the server's interval
 * (clamped, see `poll-interval.ts`), emits a {@link TaskStatusEvent} on every change of status
 * or message, answers `input_required` with `tasks/update` through the client's callbacks (each
 * input key once over the task's life, however often a poll repeats it), echoes the latest
 * `requestState`, and ends with the task's `CallToolResult` or a typed error.
 *
 * A `notifications/tasks/status` for the task (a complete task message, per the SEP) that arrives
 * while the client waits to poll answers that poll at once.
 *
 * Unsubscribing before the end sends `tasks/cancel`. A `tasks/get` in flight is then dropped
 * without `notifications/cancelled`: the SEP cancels tasks with `tasks/cancel` only.
 */
import { Observable, timer, type Subscription } from 'rxjs';
import type { DispatchOptions, RequestSpec } from '../dispatch/request-spec.js';
import type { RequestEvent, TaskStatusEvent } from '../dispatch/request-events.js';
import { McpError, ProtocolViolationError, TimeoutError } from '../protocol/errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { InputRequest } from '../protocol/schemas/input-required.js';
import { EmptyResultSchema } from '../protocol/schemas/lifecycle.js';
import { DetailedTaskSchema, type CreateTaskResult, type DetailedTask } from '../protocol/schemas/tasks.js';
import { CallToolResultSchema, type CallToolResult } from '../protocol/schemas/tools.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import type { ClientSession } from '../session/client-session.js';
import { TaskCancelledError, TaskFailedError, TaskNotFoundError } from './errors.js';
import { clampPollInterval, suggestedInterval, type TaskPollBounds } from './poll-interval.js';
import { statusChange } from './status-change.js';

/** Where a task starts: its handle from `tools/call`, or a bare id (resuming after a restart). */
export type TaskStart = Pick<CreateTaskResult, 'taskId'> & Partial<Pick<CreateTaskResult, 'status' | 'statusMessage' | 'requestState' | 'pollIntervalMilliseconds' | 'pollIntervalMs'>>;

/** How one task is driven. */
export interface TaskDriveOptions extends TaskPollBounds {
  /** Idle deadline of each `tasks/get` / `tasks/update`; default: the session's. */
  readonly timeoutMs?: number;
  /** Deadline of the whole task (the call's `totalTimeoutMs`): past it the task is cancelled and the call fails with a `TimeoutError`. */
  readonly totalTimeoutMs?: number;
  /** The method named by a `TimeoutError` (default `tools/call`). */
  readonly method?: string;
  /** Extra HTTP headers of every follow-up. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The events of one task: status changes, progress of its polls, then the result. */
export function driveTask$(session: ClientSession, start: TaskStart, options: TaskDriveOptions = {}): Observable<RequestEvent<CallToolResult>> {
  return new Observable<RequestEvent<CallToolResult>>((subscriber) => {
    const taskId = start.taskId;
    const answered = new Set<string>();
    const answering = new AbortController();
    let requestState = start.requestState;
    let interval = clampPollInterval(suggestedInterval(start), options);
    let last: TaskStatusEvent | undefined;
    let step: Subscription | undefined;
    let over = false;
    let waiting = false;

    const finish = (error?: unknown): void => {
      over = true;
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };
    const status = (task: TaskStart): void => {
      const change = task.status === undefined ? undefined : statusChange(last, taskId, task.status, task.statusMessage);
      if (change !== undefined) subscriber.next((last = change));
    };
    const send = <T>(method: string, extra: JsonObject, decode: (raw: JsonObject) => T, then: (value: T) => void): void => {
      const params: JsonObject = { taskId, ...extra };
      if (requestState !== undefined) params.requestState = requestState;
      step = session.dispatcher.send$(followUp(session, method, params, decode, options)).subscribe({
        next: (event) => (event.type === 'result' ? then(event.result) : event.type === 'progress' && subscriber.next(event)),
        error: (error: unknown) => finish(error instanceof McpError && error.code === ErrorCode.InvalidParams && method === 'tasks/get' ? new TaskNotFoundError(taskId, error) : error),
      });
    };
    const poll = (): void => {
      waiting = true;
      step = timer(interval).subscribe(() => {
        waiting = false;
        send('tasks/get', {}, parseTask, onTask);
      });
    };
    const onTask = (task: DetailedTask): void => {
      if (task.taskId !== taskId) return finish(new ProtocolViolationError(`tasks/get for '${taskId}' answered task '${task.taskId}'`, task));
      requestState = task.requestState;
      interval = clampPollInterval(suggestedInterval(task) ?? interval, options);
      status(task);
      switch (task.status) {
        case 'completed':
          return completed(task);
        case 'failed':
          return finish(task.error === undefined ? new ProtocolViolationError(`Task '${taskId}' failed without an error (SEP-2663 violation)`, task) : new TaskFailedError(taskId, task.error, task.statusMessage));
        case 'cancelled':
          return finish(new TaskCancelledError(taskId, task.statusMessage));
        case 'input_required':
          return inputRequired(task);
        default:
          return poll();
      }
    };
    const completed = (task: DetailedTask): void => {
      if (task.result === undefined) return finish(new ProtocolViolationError(`Task '${taskId}' is completed but carries no result (SEP-2663 violation)`, task));
      const parsed = CallToolResultSchema.safeParse(task.result);
      if (!parsed.success) return finish(new ProtocolViolationError(`Invalid result of task '${taskId}': ${summarizeZodError(parsed.error)}`, task.result));
      subscriber.next({ type: 'result', result: parsed.data });
      finish();
    };
    const inputRequired = (task: DetailedTask): void => {
      const fresh: Record<string, InputRequest> = {};
      for (const [key, request] of Object.entries(task.inputRequests ?? {})) if (!answered.has(key)) fresh[key] = request;
      const keys = Object.keys(fresh);
      if (keys.length === 0) return poll();
      for (const key of keys) answered.add(key);
      session.fulfilInputRequests(fresh, answering.signal).then(
        (inputResponses) => {
          if (!over && !subscriber.closed) send('tasks/update', { inputResponses }, () => undefined, poll);
        },
        (error: unknown) => {
          if (!over && !subscriber.closed) finish(error);
        },
      );
    };

    const pushed = session.dispatcher.notificationsOf('notifications/tasks/status').subscribe((notification) => {
      const parsed = DetailedTaskSchema.safeParse(notification.params);
      if (!parsed.success || parsed.data.taskId !== taskId || !waiting || over) return;
      step?.unsubscribe();
      waiting = false;
      onTask(parsed.data);
    });
    status(start);
    poll();
    const deadline =
      options.totalTimeoutMs === undefined || options.totalTimeoutMs <= 0
        ? undefined
        : timer(options.totalTimeoutMs).subscribe(() => finish(new TimeoutError(options.method ?? 'tools/call', options.totalTimeoutMs!, 'total')));
    return () => {
      deadline?.unsubscribe();
      pushed.unsubscribe();
      step?.unsubscribe();
      answering.abort();
      if (over && subscriber.closed && last !== undefined && isEnd(last.status)) return;
      if (session.dispatcher.state === 'open') session.dispatcher.send$(followUp(session, 'tasks/cancel', cancelParams(taskId, requestState), () => undefined, options)).subscribe({ error: () => undefined });
    };
  });
}

/** `tasks/cancel` for `taskId` (echoing the latest `requestState`). */
function cancelParams(taskId: string, requestState: string | undefined): JsonObject {
  return requestState === undefined ? { taskId } : { taskId, requestState };
}

/** True for a status after which nothing is left to cancel. */
function isEnd(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** A validated `tasks/get` result. */
export function parseTask(raw: JsonObject): DetailedTask {
  const parsed = DetailedTaskSchema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid tasks/get result: ${summarizeZodError(parsed.error)}`, raw);
  return parsed.data;
}

/**
 * A follow-up of a task as the dispatcher runs it: stamped by the session like any request,
 * never cancelled with `notifications/cancelled` (giving a task up is `tasks/cancel`), sent
 * again when a stream breaks (each is safe to repeat: the server ignores answered keys).
 */
export function followUp<T>(session: ClientSession, method: string, params: JsonObject, decode: (raw: JsonObject) => T, settings: { readonly timeoutMs?: number; readonly headers?: Readonly<Record<string, string>> } = {}): RequestSpec<T> {
  const described = session.describe(method, params, EmptyResultSchema, 'complete', settings.timeoutMs === undefined ? { headers: settings.headers } : { timeoutMs: settings.timeoutMs, headers: settings.headers });
  const options: DispatchOptions = { timeoutMs: described.timeoutMs, headers: described.headers, cancelOnUnsubscribe: false, reissueOnBrokenStream: true };
  return { method, options, buildParams: (id) => described.buildParams(id), decode };
}
