/**
 * The retry stage: a request whose method the call's policy allows (the call's `retry`, else
 * the client's) is sent again after a transient failure, with backoff (`operators/retry.ts`,
 * which stays the operator). Each attempt calls `next` anew, so every stage inside this one
 * (the inner user interceptors) sees every attempt.
 */
import { defer } from 'rxjs';
import { retryTransient, shouldRetryMethod, type RetryPolicy } from '../operators/retry.js';
import type { McpRequest } from './mcp-request.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The retry stage of a client. */
export const retryStage: StageFactory = (host: PipelineHost) => {
  /** The policy that applies to this call, if any. */
  const policyFor = (request: McpRequest): RetryPolicy | undefined => {
    const policy = request.options.retry ?? host.retry;
    return policy !== false && shouldRetryMethod(request.method, policy) ? policy : undefined;
  };
  return {
    name: 'retry',
    // a call's own `retry` may opt any method in, so the stage stays in every chain
    appliesTo: () => true,
    intercept: (request, next) => {
      const policy = policyFor(request);
      return policy === undefined ? next(request) : defer(() => next(request)).pipe(retryTransient(policy, { method: request.method }));
    },
    needsError: (request) => policyFor(request) !== undefined,
  };
};
