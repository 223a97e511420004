/**
 * Drives one 2026-07-28 task to its outcome: polls `tasks/get` at the server's interval
 * (clamped, see `poll-interval.ts`), emits a {@link TaskStatusEvent} on every change of status
 * or message, answers `input_required` with `tasks/update` through the client's callbacks (each
 * input key once over the task's life, however often a poll repeats it), echoes the latest
 * `requestState`, and ends with the task's `CallToolResult` or a typed error.
 *
 * A `notifications/tasks` for the task (a complete task message, per the SEP; the earlier
 * drafts' `notifications/tasks/status` too) that arrives while the client waits to poll answers
 * that poll at once. On 2026-07-28 the driver asks for them: a `subscriptions/listen` naming the
 * task (`notifications.taskIds`); once the server's acknowledgement lists the task, pushed
 * statuses replace polling (one safety poll per `maxPollIntervalMs`, default 30 s, in case one is
 * lost). A server that refuses the listen is simply polled.
 *
 * Unsubscribing before the end sends `tasks/cancel`. A `tasks/get` in flight is then dropped
 * without `notifications/cancelled`: the SEP cancels tasks with `tasks/cancel` only. Every
 * follow-up goes through the port (the client's chain); the machinery is `task-run.ts`.
 */
import { Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { McpError, ProtocolViolationError } from '../protocol/errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { InputRequest } from '../protocol/schemas/input-required.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import { DetailedTaskSchema, type CreateTaskResult, type DetailedTask } from '../protocol/schemas/tasks.js';
import { CallToolResultSchema, type CallToolResult } from '../protocol/schemas/tools.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import { TaskCancelledError, TaskFailedError, TaskNotFoundError } from './errors.js';
import { clampPollInterval, suggestedInterval } from './poll-interval.js';
import { TaskRun, type TaskDriveOptions, type TaskPort } from './task-run.js';

/** Where a task starts: its handle from `tools/call`, or a bare id (resuming after a restart). */
export type TaskStart = Pick<CreateTaskResult, 'taskId'> & Partial<Pick<CreateTaskResult, 'status' | 'statusMessage' | 'requestState' | 'pollIntervalMilliseconds' | 'pollIntervalMs'>>;

export type { TaskDriveOptions, TaskPort } from './task-run.js';

/** The events of one task: status changes, progress of its polls, then the result. */
export function driveTask$(port: TaskPort, start: TaskStart, options: TaskDriveOptions = {}): Observable<RequestEvent<CallToolResult>> {
  return new Observable<RequestEvent<CallToolResult>>((subscriber) => {
    const run = new TaskRun<CallToolResult>(port, subscriber, options);
    const taskId = (run.taskId = start.taskId);
    const answered = new Set<string>();
    const answering = new AbortController();
    let requestState = start.requestState;
    let interval = clampPollInterval(suggestedInterval(start), options);
    let listened = false;

    const send = <T>(method: string, extra: JsonObject, decode: (raw: JsonObject) => T, then: (value: T) => void): void => {
      const params: JsonObject = { taskId, ...extra };
      if (requestState !== undefined) params.requestState = requestState;
      run.send(method, params, decode, then, (error: unknown) =>
        run.finish(error instanceof McpError && error.code === ErrorCode.InvalidParams && method === 'tasks/get' ? new TaskNotFoundError(taskId, error) : error),
      );
    };
    const poll = (): void => run.wait(interval, () => send('tasks/get', {}, parseTask, onTask));
    const onTask = (task: DetailedTask): void => {
      if (task.taskId !== taskId) return run.finish(new ProtocolViolationError(`tasks/get for '${taskId}' answered task '${task.taskId}'`, task));
      requestState = task.requestState;
      if (!listened) interval = clampPollInterval(suggestedInterval(task) ?? interval, options);
      run.status(taskId, task.status, task.statusMessage);
      switch (task.status) {
        case 'completed':
          return completed(task);
        case 'failed':
          return run.finish(task.error === undefined ? new ProtocolViolationError(`Task '${taskId}' failed without an error (SEP-2663 violation)`, task) : new TaskFailedError(taskId, task.error, task.statusMessage));
        case 'cancelled':
          return run.finish(new TaskCancelledError(taskId, task.statusMessage));
        case 'input_required':
          return inputRequired(task);
        default:
          return poll();
      }
    };
    const completed = (task: DetailedTask): void => {
      if (task.result === undefined) return run.finish(new ProtocolViolationError(`Task '${taskId}' is completed but carries no result (SEP-2663 violation)`, task));
      const parsed = CallToolResultSchema.safeParse(task.result);
      if (!parsed.success) return run.finish(new ProtocolViolationError(`Invalid result of task '${taskId}': ${summarizeZodError(parsed.error)}`, task.result));
      run.result(parsed.data);
    };
    const inputRequired = (task: DetailedTask): void => {
      const fresh: Record<string, InputRequest> = {};
      for (const [key, request] of Object.entries(task.inputRequests ?? {})) if (!answered.has(key)) fresh[key] = request;
      const keys = Object.keys(fresh);
      if (keys.length === 0) return poll();
      for (const key of keys) answered.add(key);
      port.session.fulfilInputRequests(fresh, answering.signal).then(
        (inputResponses) => {
          if (!run.over && !subscriber.closed) send('tasks/update', { inputResponses }, () => undefined, poll);
        },
        (error: unknown) => {
          if (!run.over && !subscriber.closed) run.finish(error);
        },
      );
    };

    // a status pushed while the client waits to poll answers that poll (a complete task message, per the SEP)
    const pushed = (params: JsonObject | undefined): DetailedTask | undefined => {
      const parsed = DetailedTaskSchema.safeParse(params);
      return parsed.success && parsed.data.taskId === taskId ? parsed.data : undefined;
    };
    run.listen('notifications/tasks', pushed, onTask);
    run.listen('notifications/tasks/status', pushed, onTask);
    if (start.status !== undefined) run.status(taskId, start.status, start.statusMessage);
    poll();
    if (port.session.era === 'modern') {
      const filter = { taskIds: [taskId] } as SubscriptionFilter;
      run.hold(
        port.session.listen$(filter).subscribe({
          next: (event) => {
            if (event.type !== 'acknowledged' || !acknowledges(event.notifications, taskId)) return;
            // the server pushes this task's statuses: poll only as a safety net
            listened = true;
            interval = clampPollInterval(Number.POSITIVE_INFINITY, options);
            run.rewait(interval, () => send('tasks/get', {}, parseTask, onTask));
          },
          error: () => undefined,
        }),
      );
    }
    return () => {
      answering.abort();
      run.teardown(requestState === undefined ? { taskId } : { taskId, requestState });
    };
  });
}

/** True when a listen acknowledgement's `notifications.taskIds` names `taskId`. */
function acknowledges(notifications: SubscriptionFilter, taskId: string): boolean {
  const taskIds = (notifications as { taskIds?: unknown }).taskIds;
  return Array.isArray(taskIds) && taskIds.includes(taskId);
}

/** A validated `tasks/get` result. */
export function parseTask(raw: JsonObject): DetailedTask {
  const parsed = DetailedTaskSchema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid tasks/get result: ${summarizeZodError(parsed.error)}`, raw);
  return parsed.data;
}
