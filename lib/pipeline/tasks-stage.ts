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
import { catchError, mergeMap, of, throwError } from 'rxjs';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError, ProtocolViolationError } from '../protocol/errors.js';
import type { CreateTaskResult } from '../protocol/schemas/tasks.js';
import { ExtensionRequiredError } from '../tasks/errors.js';
import { claimTaskResult } from '../tasks/task-claim.js';
import { driveTask$ } from '../tasks/task-driver.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The tasks stage of a client. */
export const tasksStage: StageFactory = (host: PipelineHost) => {
  claimTaskResult();
  return {
    name: 'tasks',
    appliesTo: (method) => method === 'tools/call',
    intercept: (request, next) =>
      next(request).pipe(
        catchError((error: unknown) => throwError(() => (isExtensionRequired(error) ? (ExtensionRequiredError.from(error) ?? error) : error))),
        mergeMap((event) => {
          if (event.type !== 'result' || !isTask(event.result)) return of(event);
          const taskOptions = host.session.taskOptions;
          if (taskOptions === undefined) return throwError(() => new ProtocolViolationError(`'${request.method}' answered a task, but this client did not declare the tasks extension`, event.result));
          const { timeoutMs, totalTimeoutMs, headers } = request.options;
          return driveTask$(host.session, event.result, { ...taskOptions, timeoutMs, totalTimeoutMs, headers, method: request.method });
        }),
      ),
    needsResult: (_request, result) => isTask(result),
    needsError: (_request, error) => isExtensionRequired(error),
  };
};

function isTask(result: unknown): result is CreateTaskResult {
  return (result as { resultType?: unknown } | null)?.resultType === 'task';
}

function isExtensionRequired(error: unknown): error is McpError {
  return error instanceof McpError && !(error instanceof ExtensionRequiredError) && error.code === ErrorCode.MissingRequiredClientCapability;
}

