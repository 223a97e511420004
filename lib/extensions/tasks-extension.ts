/**
 * The 2026-07-28 tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) as a client
 * extension: it declares the extension and claims `resultType: "task"` on `tools/call`; its
 * resolver drives the task (`tasks/get` polls, `tasks/update` for input, `tasks/cancel` when the
 * caller gives up) to the call's ordinary `CallToolResult`, every follow-up through the client's
 * chain. Like any claim-bearing extension it is advertised only on 2026-07-28 connections.
 *
 * On by default: a client without the option `tasks: false` folds one in (with the option's poll
 * bounds) unless `extensions` already holds one, so a user need not know which era the server
 * speaks. Pass `new TasksExtension({ … })` in `extensions` to set its bounds explicitly.
 */
import type { Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ProtocolViolationError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { CreateTaskResultSchema, TASKS_EXTENSION_ID, type CreateTaskResult } from '../protocol/schemas/tasks.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import type { ClaimContext } from '../pipeline/claim-resolution.js';
import type { TaskOptions } from '../session/session-options.js';
import { driveTask$, type TaskPort } from '../tasks/task-driver.js';
import type { ClientExtension, ResultClaim } from './client-extension.js';

/** The tasks extension of a client (see the module doc). */
export class TasksExtension implements ClientExtension {
  /** `io.modelcontextprotocol/tasks`. */
  readonly identifier = TASKS_EXTENSION_ID;
  /** Advertised as `{}` (the SEP defines no client settings). */
  readonly settings: JsonObject = {};
  private readonly claim: ResultClaim<CreateTaskResult>;

  constructor(
    /** The bounds of the poll interval (default 100 ms … 30 s). */
    readonly options: TaskOptions = {},
  ) {
    this.claim = { method: 'tools/call', resultType: 'task', parse: parseCreateTask, resolve: (created, context) => this.resolve(created, context) };
  }

  /** The one claim: `resultType: "task"` on `tools/call`. */
  claims(): readonly ResultClaim[] {
    return [this.claim as ResultClaim];
  }

  /** Drives the created task to its result, as events (status changes, progress, then the result). */
  private resolve(created: CreateTaskResult, context: ClaimContext): Observable<RequestEvent<CallToolResult>> {
    const { timeoutMs, totalTimeoutMs, headers } = context.options;
    const port: TaskPort = { session: context.session, send$: (method, params, options) => context.request$(method, params, options) };
    return driveTask$(port, created, { ...this.options, timeoutMs, totalTimeoutMs, deadlineAt: context.deadlineAt, headers, method: context.method });
  }
}

/** A validated task handle; a handle carrying a status's payload is a violation (SEP-2663). */
function parseCreateTask(raw: JsonObject): CreateTaskResult {
  const parsed = CreateTaskResultSchema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid task result for 'tools/call': ${summarizeZodError(parsed.error)}`, raw);
  const fields = parsed.data as Record<string, unknown>;
  if (fields.result !== undefined || fields.error !== undefined || fields.inputRequests !== undefined) {
    throw new ProtocolViolationError(`A task result for 'tools/call' may not carry result, error or inputRequests (SEP-2663)`, raw);
  }
  return parsed.data;
}
