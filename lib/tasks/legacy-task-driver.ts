/**
 * A `tools/call` run as a 2025-11-25 experimental task (SEP-1686): the call carries a `task`
 * param (with the caller's `ttl`) and is answered `{ task }`; the client polls `tasks/get` at the
 * task's `pollInterval` (clamped like the 2026 flavour's), takes a `notifications/tasks/status`
 * for the task as a poll's answer, and fetches the payload with `tasks/result` once the task is
 * terminal or needs input (`tasks/result` then carries the server's requests to the client's
 * callbacks until the task ends). The events and outcomes are the 2026 flavour's: status events,
 * then the `CallToolResult`, or `TaskFailedError` / `TaskCancelledError` / `TaskNotFoundError`.
 * Unsubscribing before the end sends `tasks/cancel`. The call itself goes through `create$`
 * (the rest of the client's chain below the tasks stage: the user's inner interceptors see it),
 * the follow-ups through the port (the client's whole chain); the machinery is `task-run.ts`,
 * shared with the 2026 driver.
 */
import { Observable, type Subscription } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError, ProtocolViolationError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { LegacyCreateTaskResultSchema, LegacyTaskSchema, type LegacyTask } from '../protocol/schemas/tasks.js';
import { CallToolResultSchema, type CallToolResult } from '../protocol/schemas/tools.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import { TaskCancelledError, TaskFailedError, TaskNotFoundError } from './errors.js';
import { clampPollInterval } from './poll-interval.js';
import { TaskRun, type TaskDriveOptions, type TaskPort } from './task-run.js';

/**
 * Sends the task-creating `tools/call` with `task` (its `ttl`, or empty for the server's default)
 * added to the call's params: its events, then its `CreateTaskResult` (raw or parsed).
 */
export type LegacyTaskCreate = (task: JsonObject) => Observable<RequestEvent<unknown>>;

/** The events of a `tools/call` sent by `create$`, run as a 2025-11-25 task of `ttl` ms (the server's default when undefined). */
export function legacyTask$(port: TaskPort, create$: LegacyTaskCreate, ttl: number | undefined, options: TaskDriveOptions = {}): Observable<RequestEvent<CallToolResult>> {
  return new Observable<RequestEvent<CallToolResult>>((subscriber) => {
    const run = new TaskRun<CallToolResult>(port, subscriber, options);
    let interval = clampPollInterval(undefined, options);
    let created: Subscription | undefined;

    const poll = (): void =>
      run.wait(interval, () =>
        run.send('tasks/get', { taskId: run.taskId! }, (raw) => parse(LegacyTaskSchema, raw, 'tasks/get'), onTask, (error) =>
          run.finish(error instanceof McpError && error.code === ErrorCode.InvalidParams ? new TaskNotFoundError(run.taskId!, error) : error),
        ),
      );
    const onTask = (task: LegacyTask): void => {
      if (task.taskId !== run.taskId) return run.finish(new ProtocolViolationError(`tasks/get for '${run.taskId}' answered task '${task.taskId}'`, task));
      if (task.pollInterval !== undefined) interval = clampPollInterval(task.pollInterval, options);
      run.status(task.taskId, task.status, task.statusMessage);
      if (task.status === 'cancelled') return run.finish(new TaskCancelledError(task.taskId, task.statusMessage));
      if (task.status === 'working') return poll();
      // terminal, or waiting for input: tasks/result carries the server's requests and then the payload
      run.send('tasks/result', { taskId: task.taskId }, (raw) => parse(CallToolResultSchema, raw, 'tasks/result'), outcome, (error) => {
        const last = run.last;
        run.finish(error instanceof McpError && last?.status === 'failed' ? new TaskFailedError(task.taskId, error, last.statusMessage) : error);
      });
    };
    const outcome = (result: CallToolResult): void => {
      const last = run.last;
      if (last?.status === 'failed') {
        const message = last.statusMessage ?? 'the task failed';
        return run.finish(new TaskFailedError(run.taskId!, { code: ErrorCode.InternalError, message, data: result }, last.statusMessage));
      }
      if (last?.status !== 'completed') run.status(run.taskId!, 'completed', undefined);
      run.result(result);
    };

    run.listen('notifications/tasks/status', (raw) => {
      const parsed = LegacyTaskSchema.safeParse(raw);
      return parsed.success && parsed.data.taskId === run.taskId ? parsed.data : undefined;
    }, onTask);
    const task: JsonObject = ttl === undefined ? {} : { ttl };
    created = create$(task).subscribe({
      next: (event) => {
        if (event.type !== 'result' || run.over) return;
        let handle: LegacyTask;
        try {
          handle = parse(LegacyCreateTaskResultSchema, event.result as JsonObject, 'tools/call').task;
        } catch (error) {
          return run.finish(error);
        }
        run.taskId = handle.taskId;
        interval = clampPollInterval(handle.pollInterval, options);
        run.status(handle.taskId, handle.status, handle.statusMessage);
        if (handle.status === 'working') poll();
        else onTask(handle);
      },
      error: (error: unknown) => run.finish(error),
    });
    return () => {
      created?.unsubscribe();
      run.teardown(run.taskId === undefined ? undefined : { taskId: run.taskId });
    };
  });
}

function parse<T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false; error: import('zod/mini').core.$ZodError } }, raw: JsonObject, method: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid ${method} result: ${summarizeZodError(parsed.error)}`, raw);
  return parsed.data;
}
