/**
 * The tasks stage, for `tools/call`: a result of `resultType: "task"` (the 2026-07-28 tasks
 * extension) is driven to its `CallToolResult` by `driveTask$` (`tasks/get` polls, status
 * events, `tasks/update` for input, `tasks/cancel` on unsubscribe), bounded by the call's
 * `totalTimeoutMs`. A task answered to a client that did not declare the extension is a protocol
 * violation, and a -32021 naming an extension becomes an {@link ExtensionRequiredError}.
 *
 * Outcome-reactive: an ordinary result passes unchanged, so the Promise fast path stays; only a
 * task result (or a -32021) runs the chain.
 */
import { catchError, defer, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError, ProtocolViolationError } from '../protocol/errors.js';
import type { CreateTaskResult } from '../protocol/schemas/tasks.js';
import { ExtensionRequiredError } from '../tasks/errors.js';
import { claimTaskResult } from '../tasks/task-claim.js';
import { legacyTask$ } from '../tasks/legacy-task-driver.js';
import { driveTask$ } from '../tasks/task-driver.js';
import type { McpHandler, McpRequest } from './mcp-request.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The tasks stage of a client. */
export const tasksStage: StageFactory = (host: PipelineHost) => {
  claimTaskResult();
  return {
    name: 'tasks',
    appliesTo: (method) => method === 'tools/call',
    intercept: (request, next) => (legacyTaskWanted(host, request) ? legacyCall$(host, request, next) : modernCall$(host, request, next)),
    needsResult: (_request, result) => isTask(result),
    needsError: (_request, error) => isExtensionRequired(error),
    needsRequest: (request) => legacyTaskWanted(host, request),
  };
};

/** A call of either era that the server may answer with a 2026 task. */
function modernCall$(host: PipelineHost, request: McpRequest, next: McpHandler): Observable<RequestEvent<unknown>> {
  return next(request).pipe(
        catchError((error: unknown) => throwError(() => (isExtensionRequired(error) ? (ExtensionRequiredError.from(error) ?? error) : error))),
        mergeMap((event) => {
          if (event.type !== 'result' || !isTask(event.result)) return of(event);
          const taskOptions = host.session.taskOptions;
          if (taskOptions === undefined) return throwError(() => new ProtocolViolationError(`'${request.method}' answered a task, but this client did not declare the tasks extension`, event.result));
          const { timeoutMs, totalTimeoutMs, headers } = request.options;
          return driveTask$(host.session, event.result, { ...taskOptions, timeoutMs, totalTimeoutMs, headers, method: request.method });
        }),
      );
}

/**
 * True for a 2025-11-25 `tools/call` that may run as a task: the server declares
 * `tasks.requests.tools.call`, and the caller asked (`task`) or the tool's listing is not known
 * yet (it may require tasks: the call lists the tools first) or says `required`.
 */
function legacyTaskWanted(host: PipelineHost, request: McpRequest): boolean {
  const session = host.session;
  if (session.era !== 'legacy' || request.options.task === false) return false;
  const capabilities = session.serverCapabilities as { tasks?: { requests?: { tools?: { call?: unknown } } } } | undefined;
  if (capabilities?.tasks?.requests?.tools?.call === undefined) return false;
  return request.options.task !== undefined || taskSupportOf(host, request) !== 'forbidden';
}

/** The tool's `execution.taskSupport`, or `unknown` before a listing shows the tool. */
function taskSupportOf(host: PipelineHost, request: McpRequest): string {
  const tool = host.session.tools.get(String(request.params?.name));
  if (tool === undefined) return 'unknown';
  const support = (tool as { execution?: { taskSupport?: unknown } }).execution?.taskSupport;
  return typeof support === 'string' ? support : 'forbidden';
}

/** A 2025-11-25 call run as a task when its tool requires it or the caller asked and the tool allows it; else as a plain call. */
function legacyCall$(host: PipelineHost, request: McpRequest, next: McpHandler): Observable<RequestEvent<unknown>> {
  return defer(() => {
    const support = taskSupportOf(host, request);
    if (support === 'unknown') return from(host.relistTools()).pipe(mergeMap(() => legacyDecide$(host, request, next, taskSupportOf(host, request))));
    return legacyDecide$(host, request, next, support);
  });
}

function legacyDecide$(host: PipelineHost, request: McpRequest, next: McpHandler, support: string): Observable<RequestEvent<unknown>> {
  const asked = request.options.task;
  if (!(support === 'required' || (support === 'optional' && asked !== undefined && asked !== false))) return next(request);
  const ttl = typeof asked === 'object' ? asked.ttl : undefined;
  const { timeoutMs, totalTimeoutMs, headers } = request.options;
  return legacyTask$(host.session, Object.assign({}, request.params), ttl, { ...host.session.taskOptions, timeoutMs, totalTimeoutMs, headers, method: request.method });
}

function isTask(result: unknown): result is CreateTaskResult {
  return (result as { resultType?: unknown } | null)?.resultType === 'task';
}

function isExtensionRequired(error: unknown): error is McpError {
  return error instanceof McpError && !(error instanceof ExtensionRequiredError) && error.code === ErrorCode.MissingRequiredClientCapability;
}

