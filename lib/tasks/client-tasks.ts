/**
 * The lower level of the tasks extension (2026-07-28), for callers who keep task ids across
 * restarts: one `tasks/get`, `tasks/update` or `tasks/cancel` by id, and `wait` / `task$` to
 * drive a task by id to its result as `callTool` does. A persisted task should keep its latest
 * `requestState` too (the server may refuse a follow-up without it). `client.tasks` is one.
 *
 * `list` / `list$` are `tasks/list` of a 2025-11-25 server (SEP-1686), one page a call: the
 * 2026-07-28 extension has no `tasks/list` (a server cannot scope it), so there they fail with
 * `UnsupportedInProtocolVersionError`. Every request goes through the client's chain.
 */
import { defer, lastValueFrom, filter, map, throwError, type Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ProtocolViolationError, UnsupportedInProtocolVersionError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { LegacyListTasksResultSchema, type DetailedTask, type LegacyListTasksResult } from '../protocol/schemas/tasks.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import type { RequestOptions } from '../session/session-options.js';
import { driveTask$, parseTask, type TaskDriveOptions, type TaskPort } from './task-driver.js';

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
  constructor(private readonly port: TaskPort) {}

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
    return driveTask$(this.port, start, { ...this.port.session.taskOptions, ...options, method: 'tasks/get' });
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

  /**
   * One page of a 2025-11-25 server's `tasks/list` (pass the previous page's `nextCursor` for
   * the next), as events: progress, then the page.
   */
  list$(params: { readonly cursor?: string } = {}, options: TaskRequestOptions = {}): Observable<RequestEvent<LegacyListTasksResult>> {
    return defer(() => {
      if (this.port.session.era === 'modern') return throwError(() => new UnsupportedInProtocolVersionError('tasks/list', this.port.session.protocolVersion ?? '2026-07-28', 'the 2026-07-28 tasks extension has no tasks/list: keep the ids of the tasks you start'));
      const request = params.cursor === undefined ? {} : { cursor: params.cursor };
      return this.port.send$('tasks/list', request, settings(options)).pipe(
        map((event) => (event.type === 'result' ? { type: 'result' as const, result: parseList(event.result as JsonObject) } : (event as RequestEvent<LegacyListTasksResult>))),
      );
    });
  }

  /** One page of a 2025-11-25 server's `tasks/list` (see {@link ClientTasks.list$}). */
  list(params: { readonly cursor?: string } = {}, options: TaskRequestOptions = {}): Promise<LegacyListTasksResult> {
    return lastResult(this.list$(params, options));
  }

  private send<T>(method: string, params: JsonObject, decode: (raw: JsonObject) => T, options: TaskRequestOptions): Promise<T> {
    return lastResult(this.port.send$(method, params, { ...settings(options), cancelOnUnsubscribe: false, reissueOnBrokenStream: true }).pipe(map((event) => (event.type === 'result' ? { type: 'result' as const, result: decode(event.result as JsonObject) } : event))));
  }
}

function settings(options: TaskRequestOptions): RequestOptions {
  return options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
}

function lastResult<T>(events$: Observable<RequestEvent<unknown>>): Promise<T> {
  return lastValueFrom(
    events$.pipe(
      filter((event) => event.type === 'result'),
      map((event) => (event as { readonly result: T }).result),
    ),
  );
}

function parseList(raw: JsonObject): LegacyListTasksResult {
  const parsed = LegacyListTasksResultSchema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid tasks/list result: ${summarizeZodError(parsed.error)}`, raw);
  return parsed.data;
}

function withState(params: JsonObject, options: TaskRequestOptions): JsonObject {
  if (options.requestState !== undefined) params.requestState = options.requestState;
  return params;
}
