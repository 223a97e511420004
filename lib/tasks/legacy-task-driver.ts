/**
 * A `tools/call` run as a 2025-11-25 experimental task (SEP-1686): the call carries a `task`
 * param (with the caller's `ttl`) and is answered `{ task }`; the client polls `tasks/get` at the
 * task's `pollInterval` (clamped like the 2026 flavour's), takes a `notifications/tasks/status`
 * for the task as a poll's answer, and fetches the payload with `tasks/result` once the task is
 * terminal or needs input (`tasks/result` then carries the server's requests to the client's
 * callbacks until the task ends). The events and outcomes are the 2026 flavour's: status events,
 * then the `CallToolResult`, or `TaskFailedError` / `TaskCancelledError` / `TaskNotFoundError`.
 * Unsubscribing before the end sends `tasks/cancel`.
 */
import { Observable, timer, type Subscription } from 'rxjs';
import type { RequestEvent, TaskStatusEvent } from '../dispatch/request-events.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError, ProtocolViolationError, TimeoutError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { LegacyCreateTaskResultSchema, LegacyTaskSchema, type LegacyTask } from '../protocol/schemas/tasks.js';
import { CallToolResultSchema, type CallToolResult } from '../protocol/schemas/tools.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import type { ClientSession } from '../session/client-session.js';
import { TaskCancelledError, TaskFailedError, TaskNotFoundError } from './errors.js';
import { clampPollInterval } from './poll-interval.js';
import { statusChange } from './status-change.js';
import { followUp, type TaskDriveOptions } from './task-driver.js';

/** The events of a `tools/call` with `params` run as a 2025-11-25 task of `ttl` ms (the server's default when undefined). */
export function legacyTask$(session: ClientSession, params: JsonObject, ttl: number | undefined, options: TaskDriveOptions = {}): Observable<RequestEvent<CallToolResult>> {
  return new Observable<RequestEvent<CallToolResult>>((subscriber) => {
    let taskId: string | undefined;
    let interval = clampPollInterval(undefined, options);
    let last: TaskStatusEvent | undefined;
    let step: Subscription | undefined;
    let polling = false;
    let over = false;

    const finish = (error?: unknown): void => {
      over = true;
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };
    const status = (task: LegacyTask): void => {
      const change = statusChange(last, task.taskId, task.status, task.statusMessage);
      if (change !== undefined) subscriber.next((last = change));
    };
    const send = <T>(method: string, body: JsonObject, decode: (raw: JsonObject) => T, then: (value: T) => void, onError: (error: unknown) => void = finish): void => {
      step = session.dispatcher.send$(followUp(session, method, body, decode, options)).subscribe({
        next: (event) => (event.type === 'result' ? then(event.result) : event.type === 'progress' && subscriber.next(event)),
        error: onError,
      });
    };
    const poll = (): void => {
      polling = true;
      step = timer(interval).subscribe(() => {
        polling = false;
        send('tasks/get', { taskId: taskId! }, (raw) => parse(LegacyTaskSchema, raw, 'tasks/get'), onTask, (error) =>
          finish(error instanceof McpError && error.code === ErrorCode.InvalidParams ? new TaskNotFoundError(taskId!, error) : error),
        );
      });
    };
    const onTask = (task: LegacyTask): void => {
      if (task.taskId !== taskId) return finish(new ProtocolViolationError(`tasks/get for '${taskId}' answered task '${task.taskId}'`, task));
      if (task.pollInterval !== undefined) interval = clampPollInterval(task.pollInterval, options);
      status(task);
      if (task.status === 'cancelled') return finish(new TaskCancelledError(task.taskId, task.statusMessage));
      if (task.status === 'working') return poll();
      // terminal, or waiting for input: tasks/result carries the server's requests and then the payload
      send('tasks/result', { taskId: task.taskId }, (raw) => parse(CallToolResultSchema, raw, 'tasks/result'), (result) => outcome(result), (error) => {
        finish(error instanceof McpError && last?.status === 'failed' ? new TaskFailedError(task.taskId, error, last.statusMessage) : error);
      });
    };
    const outcome = (result: CallToolResult): void => {
      if (last?.status === 'failed') {
        const message = last.statusMessage ?? 'the task failed';
        return finish(new TaskFailedError(taskId!, { code: ErrorCode.InternalError, message, data: result }, last.statusMessage));
      }
      if (last?.status !== 'completed') status({ taskId: taskId!, status: 'completed' });
      subscriber.next({ type: 'result', result });
      finish();
    };

    const updates = session.dispatcher.notificationsOf('notifications/tasks/status').subscribe((notification) => {
      const parsed = LegacyTaskSchema.safeParse(notification.params);
      // a status pushed while the client waits to poll answers that poll
      if (!parsed.success || parsed.data.taskId !== taskId || !polling || over) return;
      step?.unsubscribe();
      polling = false;
      onTask(parsed.data);
    });
    const task: JsonObject = ttl === undefined ? {} : { ttl };
    const created = session.describe('tools/call', { ...params, task }, LegacyCreateTaskResultSchema, 'complete', { timeoutMs: options.timeoutMs, headers: options.headers });
    step = session.dispatcher.send$(created).subscribe({
      next: (event) => {
        if (event.type !== 'result') return;
        taskId = event.result.task.taskId;
        interval = clampPollInterval(event.result.task.pollInterval, options);
        status(event.result.task);
        if (event.result.task.status === 'working') poll();
        else onTask(event.result.task);
      },
      error: finish,
    });
    const deadline =
      options.totalTimeoutMs === undefined || options.totalTimeoutMs <= 0
        ? undefined
        : timer(options.totalTimeoutMs).subscribe(() => finish(new TimeoutError(options.method ?? 'tools/call', options.totalTimeoutMs!, 'total')));
    return () => {
      deadline?.unsubscribe();
      updates.unsubscribe();
      step?.unsubscribe();
      const ended = last !== undefined && (last.status === 'completed' || last.status === 'failed' || last.status === 'cancelled') && over;
      if (taskId !== undefined && !ended && session.dispatcher.state === 'open') {
        session.dispatcher.send$(followUp(session, 'tasks/cancel', { taskId }, () => undefined, options)).subscribe({ error: () => undefined });
      }
    };
  });
}

function parse<T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false; error: import('zod/mini').core.$ZodError } }, raw: JsonObject, method: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid ${method} result: ${summarizeZodError(parsed.error)}`, raw);
  return parsed.data;
}
