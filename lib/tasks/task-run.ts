/**
 * The one state machine both task drivers (2026-07-28 `task-driver.ts`, 2025-11-25
 * `legacy-task-driver.ts`) run on: one step in flight at a time (a wait, or one follow-up sent
 * through the client's chain), a pushed status for the task answering the wait for the next poll,
 * one total deadline counted from the call's start, the `{ type: 'task' }` events, and
 * `tasks/cancel` when the caller gives up a task that has not ended. The drivers only say what
 * a task message means in their era.
 */
import { timer, type Observable, type Subscriber, type Subscription } from 'rxjs';
import type { RequestEvent, TaskStatusEvent } from '../dispatch/request-events.js';
import { TimeoutError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { ClientSession } from '../session/client-session.js';
import type { RequestOptions } from '../session/session-options.js';
import type { TaskPollBounds } from './poll-interval.js';
import { statusChange } from './status-change.js';

/**
 * Where a task's follow-ups go: the client's request chain (so the user's interceptors, the
 * credentials seam and retry see each `tasks/get`, `tasks/update`, `tasks/result`, `tasks/cancel`),
 * and the session whose callbacks answer input and whose notifications may carry a status.
 */
export interface TaskPort {
  /** The session of the connection (callbacks, notifications, state). */
  readonly session: ClientSession;
  /** Sends one follow-up through the chain: progress events, then its (raw, object) result. */
  send$(method: string, params: JsonObject, options: RequestOptions): Observable<RequestEvent<unknown>>;
}

/** How one task is driven. */
export interface TaskDriveOptions extends TaskPollBounds {
  /** Idle deadline of each follow-up; default: the session's. */
  readonly timeoutMs?: number;
  /** Deadline of the whole call (its `totalTimeoutMs`): past it the task is cancelled and the call fails with a `TimeoutError`. */
  readonly totalTimeoutMs?: number;
  /**
   * When that deadline falls (`Date.now()` clock): the call's start plus `totalTimeoutMs`, so the
   * wait for the task's first answer counts. Default: `totalTimeoutMs` from when the drive starts.
   */
  readonly deadlineAt?: number;
  /** The method named by a `TimeoutError` (default `tools/call`). */
  readonly method?: string;
  /** Extra HTTP headers of every follow-up. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The drive of one task (see the module doc); made inside the driver's Observable. */
export class TaskRun<R> {
  /** The task, once known. */
  taskId: string | undefined;
  /** The latest status event emitted. */
  last: TaskStatusEvent | undefined;
  /** True once the outcome is settled. */
  over = false;
  private step: Subscription | undefined;
  private waiting = false;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly port: TaskPort,
    private readonly subscriber: Subscriber<RequestEvent<R>>,
    private readonly options: TaskDriveOptions,
  ) {
    const total = options.totalTimeoutMs;
    if (total !== undefined && total > 0) {
      const due = Math.max(0, (options.deadlineAt ?? Date.now() + total) - Date.now());
      this.subscriptions.push(timer(due).subscribe(() => this.finish(new TimeoutError(options.method ?? 'tools/call', total, 'total'))));
    }
  }

  /** The session underneath. */
  get session(): ClientSession {
    return this.port.session;
  }

  /** Ends the drive: completes, or fails with `error`. */
  finish(error?: unknown): void {
    if (this.over) return;
    this.over = true;
    if (error === undefined) this.subscriber.complete();
    else this.subscriber.error(error);
  }

  /** Emits the result and completes. */
  result(result: R): void {
    if (this.over) return;
    this.subscriber.next({ type: 'result', result });
    this.finish();
  }

  /** Emits a status event when the task is somewhere new (status or message). */
  status(taskId: string, status: string, statusMessage: string | undefined): void {
    const change = statusChange(this.last, taskId, status, statusMessage);
    if (change !== undefined) this.subscriber.next((this.last = change));
  }

  /**
   * Sends one follow-up through the port (never `notifications/cancelled`, sent again when a
   * stream breaks: each is safe to repeat), its progress passed on, its result decoded and
   * handed to `then`; a failure goes through `onError` (default: the drive fails with it).
   */
  send<T>(method: string, params: JsonObject, decode: (raw: JsonObject) => T, then: (value: T) => void, onError: (error: unknown) => void = (error) => this.finish(error)): void {
    const options: RequestOptions = { timeoutMs: this.options.timeoutMs, headers: this.options.headers, cancelOnUnsubscribe: false, reissueOnBrokenStream: true };
    this.step = this.port.send$(method, params, options).subscribe({
      next: (event) => {
        if (this.over) return;
        if (event.type === 'progress') return this.subscriber.next(event as RequestEvent<R>);
        if (event.type !== 'result') return;
        let value: T;
        try {
          value = decode(event.result as JsonObject);
        } catch (error) {
          return this.finish(error);
        }
        then(value);
      },
      error: (error: unknown) => {
        if (!this.over) onError(error);
      },
    });
  }

  /** Waits `interval` ms, then runs `poll`; a pushed status (see {@link TaskRun.listen}) answers the wait at once. */
  wait(interval: number, poll: () => void): void {
    this.waiting = true;
    this.step = timer(interval).subscribe(() => {
      this.waiting = false;
      poll();
    });
  }

  /** While waiting for a poll, waits `interval` ms from now instead (the task's status now comes pushed). */
  rewait(interval: number, poll: () => void): void {
    if (!this.waiting || this.over) return;
    this.step?.unsubscribe();
    this.wait(interval, poll);
  }

  /** Keeps `subscription` until the drive ends. */
  hold(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  /**
   * Takes `method` notifications whose params `parse` accepts for this task (`undefined`: not
   * this task's, or malformed) as the answer of the poll being waited for.
   */
  listen<T>(method: string, parse: (params: JsonObject | undefined) => T | undefined, onTask: (task: T) => void): void {
    this.subscriptions.push(
      this.port.session.dispatcher.notificationsOf(method).subscribe((notification) => {
        if (!this.waiting || this.over) return;
        const task = parse(notification.params);
        if (task === undefined) return;
        this.step?.unsubscribe();
        this.waiting = false;
        onTask(task);
      }),
    );
  }

  /** The teardown: stops every step (and what {@link TaskRun.hold} keeps), and sends `tasks/cancel` with `cancelParams` unless the task ended. */
  teardown(cancelParams: JsonObject | undefined): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.step?.unsubscribe();
    const ended = this.over && this.last !== undefined && isEnd(this.last.status);
    if (ended || cancelParams === undefined || this.port.session.dispatcher.state !== 'open') return;
    const options: RequestOptions = { timeoutMs: this.options.timeoutMs, headers: this.options.headers, cancelOnUnsubscribe: false };
    this.port.send$('tasks/cancel', cancelParams, options).subscribe({ error: () => undefined });
  }
}

/** True for a status after which nothing is left to cancel. */
function isEnd(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}
