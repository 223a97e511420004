/**
 * The request chain of one client: the user's interceptors and the built-in stages folded with
 * `reduceRight` onto the backend (the dispatcher), as Angular folds `HttpInterceptorFn`s onto
 * its `HttpBackend`. One fold per method, made at connect: a built-in that has nothing to do
 * for a method (`appliesTo`) is left out of that method's chain, so a request runs through
 * only the stages that can act on it.
 *
 * The Promise adapter's fast path (`client/to-promise.ts`) is decided here too: a method whose
 * chain holds no user interceptor and only outcome-reactive stages is `direct`: its request is
 * sent straight to the dispatcher, and only an outcome a stage claims (`needsResult`,
 * `needsResultType`, `needsError`) is run through the chain, whose backend then first replays that outcome
 * instead of sending again ({@link MethodPlan.replay}). Each stage is written once; the fast
 * path only decides when the chain is needed. The fast path, which holds a call's whole life in
 * one object, also tells a stage that prepares for the outcome (`sent`) when the call went out,
 * and (what `sent` returned) when it is over, the chain's work on a claimed outcome included.
 */
import { of, throwError, type Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { METHODS } from '../protocol/methods.js';
import type { McpHandler, McpInterceptor, McpRequest } from './mcp-request.js';
import { BUILTIN_STAGES } from './order.js';
import type { BuiltinStage, PipelineHost } from './stage.js';

/** The user's interceptors, by where they sit (see `order.ts`). */
export interface ClientInterceptors {
  /** Before the built-ins, outermost first: once per logical call (around retries, rounds, the cache, validation). */
  readonly outer?: readonly McpInterceptor[];
  /** After the built-ins, outermost first: once per wire attempt (inside retry; every `input_required` round). */
  readonly inner?: readonly McpInterceptor[];
}

/** Folds `interceptors` (outermost first) onto `backend`. */
export function foldInterceptors(interceptors: readonly McpInterceptor[], backend: McpHandler): McpHandler {
  return interceptors.reduceRight<McpHandler>((next, interceptor) => (request) => interceptor(request, next), backend);
}

/** The chain of one method. */
export class MethodPlan {
  /** The method's whole chain. */
  readonly handle: McpHandler;
  /** True when the Promise adapter may send straight to the dispatcher (see the module doc). */
  readonly direct: boolean;
  /** True when some stage of a direct plan reacts to outcomes at all. */
  readonly reactive: boolean;
  /** True when some stage must see some requests before they are sent ({@link MethodPlan.needsRequest} is worth asking). */
  readonly watchesRequests: boolean;
  private readonly resultStages: readonly BuiltinStage[];
  /** The `resultType`s some stage needs ({@link BuiltinStage.needsResultType}). */
  private readonly resultTypes: ReadonlySet<unknown>;
  private readonly errorStages: readonly BuiltinStage[];
  private readonly requestStages: readonly BuiltinStage[];
  private readonly sentStages: readonly BuiltinStage[];

  constructor(
    /** The built-ins that apply to the method, outermost first. */
    readonly stages: readonly BuiltinStage[],
    private readonly interceptors: readonly McpInterceptor[],
    private readonly backend: McpHandler,
    userInterceptors: number,
  ) {
    this.handle = foldInterceptors(interceptors, backend);
    this.sentStages = stages.filter((stage) => stage.sent !== undefined);
    this.resultStages = stages.filter((stage) => stage.needsResult !== undefined);
    this.resultTypes = new Set(stages.flatMap((stage) => (stage.needsResultType === undefined ? [] : [stage.needsResultType])));
    this.errorStages = stages.filter((stage) => stage.needsError !== undefined);
    this.requestStages = stages.filter((stage) => stage.needsRequest !== undefined);
    this.direct = userInterceptors === 0 && stages.every((stage) => stage.needsResult !== undefined || stage.needsResultType !== undefined || stage.needsError !== undefined);
    this.reactive = this.resultStages.length + this.resultTypes.size + this.errorStages.length > 0;
    this.watchesRequests = this.requestStages.length > 0;
  }

  // The predicates and `sent` below run per call: indexed loops, because before the optimising
  // compiler takes over a `for…of` makes an iterator and a result object per step.

  /** True when a stage must see this result of a request sent on the fast path. */
  needsResult(request: McpRequest, result: unknown): boolean {
    const resultType = (result as { resultType?: unknown } | null)?.resultType;
    if (resultType !== undefined && this.resultTypes.has(resultType)) return true;
    const stages = this.resultStages;
    for (let i = 0; i < stages.length; i++) if (stages[i]!.needsResult!(request, result)) return true;
    return false;
  }

  /** True when a stage must see this request before it is sent (the fast path then runs the chain). */
  needsRequest(request: McpRequest): boolean {
    const stages = this.requestStages;
    for (let i = 0; i < stages.length; i++) if (stages[i]!.needsRequest!(request)) return true;
    return false;
  }

  /**
   * Tells the `sent` stages that the fast path handed `request` to the dispatcher; returns what to
   * call once the call is over, if any.
   */
  sent(request: McpRequest): (() => void) | undefined {
    let over: (() => void) | undefined;
    const stages = this.sentStages;
    for (let i = 0; i < stages.length; i++) {
      const done = stages[i]!.sent!(request);
      if (done === undefined) continue;
      const before = over;
      over = before === undefined ? done : () => (before(), done());
    }
    return over;
  }

  /** True when a stage must see this failure of a request sent on the fast path. */
  needsError(request: McpRequest, error: unknown): boolean {
    const stages = this.errorStages;
    for (let i = 0; i < stages.length; i++) if (stages[i]!.needsError!(request, error)) return true;
    return false;
  }

  /**
   * The chain run for an outcome the fast path already has: the backend's first call answers
   * with it (a result, or `failed` and the error) instead of sending; later calls (a retry, a
   * round, a relisted call) send.
   */
  replay(request: McpRequest, outcome: unknown, failed: boolean): Observable<RequestEvent<unknown>> {
    let replayed = false;
    const backend = this.backend;
    const replaying: McpHandler = (next) => {
      if (replayed) return backend(next);
      replayed = true;
      return failed ? throwError(() => outcome) : of<RequestEvent<unknown>>({ type: 'result', result: outcome });
    };
    return foldInterceptors(this.interceptors, replaying)(request);
  }
}

/** The chains of one client, one per method. */
export class RequestChain {
  private readonly stages: readonly BuiltinStage[];
  private readonly outer: readonly McpInterceptor[];
  private readonly inner: readonly McpInterceptor[];
  private readonly plans = new Map<string, MethodPlan>();

  constructor(
    host: PipelineHost,
    interceptors: ClientInterceptors,
    private readonly backend: McpHandler,
  ) {
    this.stages = BUILTIN_STAGES.map((stage) => stage(host));
    this.outer = interceptors.outer ?? [];
    this.inner = interceptors.inner ?? [];
    for (const entry of METHODS.values()) if (entry.kind === 'request') this.plans.set(entry.method, this.plan(entry.method));
  }

  /** The plan of `method` (made at connect for the registry's methods, on first use for others). */
  planFor(method: string): MethodPlan {
    let plan = this.plans.get(method);
    if (plan === undefined) this.plans.set(method, (plan = this.plan(method)));
    return plan;
  }

  /** The request's events through its method's chain. */
  handle(request: McpRequest): Observable<RequestEvent<unknown>> {
    return this.planFor(request.method).handle(request);
  }

  private plan(method: string): MethodPlan {
    const stages = this.stages.filter((stage) => stage.appliesTo(method));
    const interceptors = [...this.outer, ...stages.map((stage) => stage.intercept), ...this.inner];
    return new MethodPlan(stages, interceptors, this.backend, this.outer.length + this.inner.length);
  }
}
