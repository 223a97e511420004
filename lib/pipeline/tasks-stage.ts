/**
 * The tasks stage, for `tools/call`: a 2025-11-25 call the server runs as a task (SEP-1686) is
 * driven by `legacyTask$` (the `task` param, `tasks/get` polls, `tasks/result`, `tasks/cancel`
 * on unsubscribe): the call itself down the rest of the chain (`next`), its follow-ups through
 * the client's whole chain; a -32021 naming an extension
 * becomes an {@link ExtensionRequiredError}. The 2026-07-28 `task` result is not this stage's:
 * `TasksExtension` claims it and the claim stage resolves it (a client with `tasks: false`
 * claims nothing, so a task answered to it is a protocol violation of the session).
 *
 * Outcome-reactive: an ordinary result passes unchanged, so the Promise fast path stays; only a
 * -32021, or a legacy call that may run as a task (`needsRequest`), runs the chain. Whether a
 * call may run as a task at all is settled once per connection, when the stage is made (the era
 * and a legacy server's capabilities are fixed by then, as `appliesTo` assumes): a connection
 * whose server cannot run `tools/call` as a task has no `needsRequest`, so its calls read
 * nothing of the session before they are sent.
 */
import { catchError, defer, from, mergeMap, throwError, type Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';
import { ExtensionRequiredError } from '../tasks/errors.js';
import { legacyTask$ } from '../tasks/legacy-task-driver.js';
import type { McpHandler, McpRequest } from './mcp-request.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The tasks stage of a client. */
export const tasksStage: StageFactory = (host: PipelineHost) => ({
  name: 'tasks',
  appliesTo: (method) => method === 'tools/call',
  intercept: (request, next) =>
    (legacyTaskWanted(host, request) ? legacyCall$(host, request, next) : next(request)).pipe(
      catchError((error: unknown) => throwError(() => (isExtensionRequired(error) ? (ExtensionRequiredError.from(error) ?? error) : error))),
    ),
  needsError: (_request, error) => isExtensionRequired(error),
  // settled here, once per connection (see the module doc)
  needsRequest: runsLegacyToolTasks(host) ? (request) => legacyCallWanted(host, request) : undefined,
});

/** True on a 2025-11-25 connection whose server declares `tasks.requests.tools.call`: a `tools/call` may run as a task. */
function runsLegacyToolTasks(host: PipelineHost): boolean {
  const session = host.session;
  if (session.era !== 'legacy') return false;
  const capabilities = session.serverCapabilities as { tasks?: { requests?: { tools?: { call?: unknown } } } } | undefined;
  return capabilities?.tasks?.requests?.tools?.call !== undefined;
}

/**
 * True for a 2025-11-25 `tools/call` that may run as a task: the server declares
 * `tasks.requests.tools.call`, and the caller asked (`task`) or the tool's listing is not known
 * yet (it may require tasks: the call lists the tools first) or says `required`.
 */
function legacyTaskWanted(host: PipelineHost, request: McpRequest): boolean {
  return runsLegacyToolTasks(host) && legacyCallWanted(host, request);
}

/** {@link legacyTaskWanted} on a connection whose server runs tool calls as tasks. */
function legacyCallWanted(host: PipelineHost, request: McpRequest): boolean {
  const task = request.options.task;
  return task !== false && (task !== undefined || taskSupportOf(host, request) !== 'forbidden');
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
  const deadlineAt = totalTimeoutMs === undefined || totalTimeoutMs <= 0 ? undefined : request.startedAt + totalTimeoutMs;
  const port = { session: host.session, send$: host.send$ };
  // the call itself goes on down the chain (the user's inner interceptors see it), its params with `task`
  const create$ = (task: JsonObject) => next(request.withParams(Object.assign({}, request.params, { task })));
  return legacyTask$(port, create$, ttl, { ...host.session.taskOptions, timeoutMs, totalTimeoutMs, deadlineAt, headers, method: request.method });
}

function isExtensionRequired(error: unknown): error is McpError {
  return error instanceof McpError && !(error instanceof ExtensionRequiredError) && error.code === ErrorCode.MissingRequiredClientCapability;
}

