/**
 * The client's own tasks on 2025-11-25 connections (experimental tasks, SEP-1686): a server may
 * ask the client to run its `elicitation/create` or `sampling/createMessage` as a task (a `task`
 * param; the client declares `tasks.requests.*` for the callbacks it has). The client answers
 * `{ task }` at once, runs the callback in the background, and answers the server's
 * `tasks/get`, `tasks/result` (waiting for the outcome), `tasks/list` and `tasks/cancel` for it.
 *
 * Memory is bounded: at most {@link MAX_CLIENT_TASKS} tasks are kept (the oldest finished ones
 * are dropped first), and a task is forgotten once its `ttl` has passed after it finished.
 */
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';

/** How many client-side tasks one connection keeps. */
export const MAX_CLIENT_TASKS = 100;
/** The poll interval the client suggests for its own tasks, in ms. */
const CLIENT_TASK_POLL_INTERVAL_MS = 200;
/** The `ttl` of a client task whose request named none, in ms. */
const DEFAULT_CLIENT_TASK_TTL_MS = 60_000;
const RELATED_TASK_META_KEY = 'io.modelcontextprotocol/related-task';

interface ClientTask {
  readonly taskId: string;
  status: 'working' | 'completed' | 'failed' | 'cancelled';
  statusMessage?: string;
  readonly createdAt: string;
  lastUpdatedAt: string;
  readonly ttl: number;
  finishedAt?: number;
  readonly outcome: Promise<JsonObject>;
  readonly abort: AbortController;
}

/** Runs one callback answer (`answer`) for a task-augmented server request. */
export type TaskAnswer = (signal: AbortSignal) => Promise<JsonObject>;

/** One connection's client-side tasks (see the module doc). */
export class ClientTaskStore {
  private readonly tasks = new Map<string, ClientTask>();
  private next = 1;

  /** Starts a task answering with `answer`; returns the `CreateTaskResult`. */
  create(params: JsonObject, answer: TaskAnswer): JsonObject {
    this.prune();
    const requested = (params.task as { ttl?: unknown } | undefined)?.ttl;
    const ttl = typeof requested === 'number' && requested > 0 ? requested : DEFAULT_CLIENT_TASK_TTL_MS;
    const now = new Date().toISOString();
    const abort = new AbortController();
    const taskId = `client-task-${this.next++}-${Math.random().toString(36).slice(2, 10)}`;
    const outcome = answer(abort.signal);
    const task: ClientTask = { taskId, status: 'working', createdAt: now, lastUpdatedAt: now, ttl, outcome, abort };
    outcome.then(
      () => this.settle(task, 'completed'),
      (error: unknown) => this.settle(task, task.status === 'cancelled' ? 'cancelled' : 'failed', error instanceof Error ? error.message : String(error)),
    );
    this.tasks.set(taskId, task);
    return { task: view(task) };
  }

  /** Installs the handlers of `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` on `dispatcher`; returns their removers. */
  install(dispatcher: Dispatcher): (() => void)[] {
    return [
      dispatcher.handle('tasks/get', async (params) => view(this.find(params))),
      dispatcher.handle('tasks/result', async (params) => {
        const task = this.find(params);
        const result = await task.outcome.catch((error: unknown) => {
          throw error instanceof McpError ? error : new McpError(ErrorCode.InternalError, error instanceof Error ? error.message : String(error));
        });
        return { ...result, _meta: { ...(result._meta as JsonObject | undefined), [RELATED_TASK_META_KEY]: { taskId: task.taskId } } };
      }),
      dispatcher.handle('tasks/list', async () => ({ tasks: [...this.tasks.values()].map(view) })),
      dispatcher.handle('tasks/cancel', async (params) => {
        const task = this.find(params);
        if (task.status !== 'working') throw new McpError(ErrorCode.InvalidParams, `Task '${task.taskId}' is already ${task.status}`);
        task.status = 'cancelled';
        task.abort.abort(new Error('cancelled by the server'));
        return view(task);
      }),
    ];
  }

  private find(params: JsonObject | undefined): ClientTask {
    const task = this.tasks.get(String(params?.taskId));
    if (task === undefined) throw new McpError(ErrorCode.InvalidParams, `Unknown task: ${String(params?.taskId)}`);
    return task;
  }

  private settle(task: ClientTask, status: ClientTask['status'], statusMessage?: string): void {
    if (task.status === 'working') task.status = status;
    if (statusMessage !== undefined) task.statusMessage = statusMessage;
    task.lastUpdatedAt = new Date().toISOString();
    task.finishedAt = Date.now();
  }

  /** Forgets tasks whose ttl passed after they finished, then the oldest finished ones beyond the cap. */
  private prune(): void {
    const now = Date.now();
    for (const [id, task] of this.tasks) if (task.finishedAt !== undefined && now - task.finishedAt > task.ttl) this.tasks.delete(id);
    for (const [id, task] of this.tasks) {
      if (this.tasks.size < MAX_CLIENT_TASKS) break;
      if (task.finishedAt !== undefined) this.tasks.delete(id);
    }
    if (this.tasks.size >= MAX_CLIENT_TASKS) throw new McpError(ErrorCode.InternalError, `The client runs ${MAX_CLIENT_TASKS} tasks already`);
  }
}

function view(task: ClientTask): JsonObject {
  const fields: JsonObject = { taskId: task.taskId, status: task.status, createdAt: task.createdAt, lastUpdatedAt: task.lastUpdatedAt, ttl: task.ttl, pollInterval: CLIENT_TASK_POLL_INTERVAL_MS };
  if (task.statusMessage !== undefined) fields.statusMessage = task.statusMessage;
  return fields;
}
