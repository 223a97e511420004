/**
 * The claim stage: for a method some client extension claims a `resultType` on, a claimed
 * result (`{ resultType: 'claimed', claim, result }`, as the session passes it on) is handed to
 * the claim's resolver, whose ordinary result (validated by the method's schema) is what the
 * caller gets; a call with `allowClaimed` gets the claimed shape itself. Outcome-reactive, so
 * the Promise fast path stays for every other result.
 */
import { safeParse } from 'zod/mini';
import { defer, from, isObservable, map, mergeMap, Observable, of } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ProtocolViolationError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { methodEntry } from '../protocol/methods.js';
import type { ClaimedResult } from '../protocol/result-type.js';
import { summarizeZodError } from '../protocol/zod-summary.js';
import { freezeResult } from '../protocol/freeze.js';
import type { McpRequestOptions } from './call-options.js';
import type { ClaimContext, ClaimResolver } from './claim-resolution.js';
import type { McpRequest } from './mcp-request.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** True for the marked shape the session passes a claimed result on as. */
export function isClaimedResult(result: unknown): result is ClaimedResult {
  return (result as { resultType?: unknown } | null)?.resultType === 'claimed';
}

/** The claim stage of a client. */
export const claimStage: StageFactory = (host: PipelineHost) => ({
  name: 'claim',
  appliesTo: (method) => host.claims?.has(method) === true,
  intercept: (request, next) =>
    next(request).pipe(
      mergeMap((event) => {
        if (event.type !== 'result' || !isClaimedResult(event.result) || request.options.allowClaimed === true) return of(event);
        const resolver = host.claims?.get(request.method)?.get(event.result.claim);
        if (resolver === undefined) return of(event);
        // the call's one total deadline counts from its start (on the Promise fast path the chain runs only after the first answer)
        const total = request.options.totalTimeoutMs;
        return resolved(host, request, resolver, event.result.result, total === undefined || total <= 0 ? undefined : request.startedAt + total);
      }),
    ),
  needsResultType: 'claimed',
});

/** The resolver's events for one claimed result, its final result checked against the method's schema. */
function resolved(host: PipelineHost, request: McpRequest, resolver: ClaimResolver, claimed: unknown, deadlineAt: number | undefined): Observable<RequestEvent<unknown>> {
  return defer(() => {
    const abort = new AbortController();
    const context: ClaimContext = {
      method: request.method,
      params: request.params,
      options: request.options,
      deadlineAt,
      session: host.session,
      signal: abort.signal,
      request$: (method: string, params?: JsonObject, options?: McpRequestOptions) => host.send$(method, params, options ?? {}),
      request: (method: string, params?: JsonObject, options?: McpRequestOptions) => host.send(method, params, Object.assign({ signal: abort.signal }, options)),
    };
    const output = resolver(claimed, context);
    const events$: Observable<RequestEvent<unknown>> = isObservable(output)
      ? (output as Observable<RequestEvent<unknown>>)
      : from(Promise.resolve(output)).pipe(map((result): RequestEvent<unknown> => ({ type: 'result', result })));
    const aborting$ = new Observable<RequestEvent<unknown>>((subscriber) => {
      const subscription = events$.subscribe(subscriber);
      // giving the call up (or its end) aborts the context's signal, so follow-ups stop too
      return () => {
        subscription.unsubscribe();
        abort.abort();
      };
    });
    return aborting$.pipe(map((event) => (event.type === 'result' ? { type: 'result' as const, result: ordinary(request.method, event.result) } : event)));
  });
}

/** The resolver's result as the method's ordinary result, or a {@link ProtocolViolationError} saying why not. */
function ordinary(method: string, result: unknown): unknown {
  const schema = methodEntry(method)?.resultSchema;
  if (schema === undefined) return freezeResult(result);
  const parsed = safeParse(schema, result);
  if (!parsed.success) throw new ProtocolViolationError(`A claim resolver for '${method}' produced no valid result: ${summarizeZodError(parsed.error)}`, result);
  return freezeResult(parsed.data);
}
