/**
 * The input-required stage, for the methods the registry lets answer `input_required`
 * (`tools/call`, `prompts/get`, `resources/read`): the 2026-07-28 rounds are driven by
 * `driveInputRequired` (`operators/input-required.ts`), the embedded requests answered through
 * the client's callbacks. Every later round is the same request with the round's
 * `inputResponses` and `requestState` in its params, sent through `next`, so each stage inside
 * this one (cache, retry, inner user interceptors) sees every round on the wire.
 */
import { defer, type Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { driveInputRequired, type InputRound } from '../operators/input-required.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { methodEntry } from '../protocol/methods.js';
import type { InputRequiredResult } from '../protocol/schemas/input-required.js';
import type { McpRequest } from './mcp-request.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The input-required stage of a client. */
export const inputRequiredStage: StageFactory = (host: PipelineHost) => ({
  name: 'input-required',
  appliesTo: (method) => methodEntry(method)?.resultTypes.has('input_required') === true,
  intercept: (request, next) =>
    (next(request) as Observable<RequestEvent<unknown | InputRequiredResult>>).pipe(
      driveInputRequired<unknown>({
        method: request.method,
        maxRounds: host.maxRounds,
        // deferred: a round is sent from a callback's settlement or a timer, where a throw would be lost
        retry: (round) => defer(() => next(nextRound(request, round))),
        fulfil: (requests, signal) => host.session.fulfilInputRequests(requests, signal),
      }),
    ),
  needsResultType: 'input_required',
});

/** The request of the next round: the same params with this round's answers and state, exactly as given (an earlier round's are not carried over). */
function nextRound(request: McpRequest, round: InputRound): McpRequest {
  const params: JsonObject = Object.assign({}, request.params);
  delete params.inputResponses;
  delete params.requestState;
  if (round.inputResponses !== undefined) params.inputResponses = round.inputResponses;
  if (round.requestState !== undefined) params.requestState = round.requestState;
  return request.withParams(params);
}
