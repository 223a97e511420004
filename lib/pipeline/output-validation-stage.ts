/**
 * The tool-output validation stage, outermost of the built-ins: a `tools/call` final result is
 * checked against the tool's output schema before it is emitted (a `ToolOutputValidationError`
 * otherwise); a tool not known yet triggers one shared listing first (see
 * `session/tool-result-check.ts`); a Promise call on the fast path starts it as the call goes out
 * (`sent`, held until the call is over), so it travels beside the call instead of after its result. Error results and tools without an output schema pass as they are.
 */
import { concatMap, from, of } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The output-validation stage of a client. */
export const outputValidationStage: StageFactory = (host: PipelineHost) => ({
  name: 'output-validation',
  appliesTo: (method) => method === 'tools/call',
  intercept: (request, next) => {
    const name = String(request.params?.name);
    return next(request).pipe(
      concatMap((event: RequestEvent<unknown>) => {
        const validating = event.type === 'result' ? host.session.checkToolResult(name, event.result as CallToolResult) : undefined;
        return validating === undefined ? of(event) : from(validating.then(() => event));
      }),
    );
  },
  needsResult: (request, result) => host.session.toolResultNeedsCheck(String(request.params?.name), result as CallToolResult),
  sent: (request) => host.session.expectToolResult(String(request.params?.name)),
});
