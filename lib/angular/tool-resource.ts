/**
 * A tool run as an Angular `resource` (on `rxResource`): it starts when its request signal
 * gives a request, shows the run's progress as it comes, and is cancelled (the call's Observable
 * unsubscribed, which cancels it on the server) when the request changes, turns `undefined`, or
 * the owner is destroyed.
 */
import type { Injector, ResourceRef } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { of, type Observable } from 'rxjs';
import type { ToolCallOptions$ } from '../client/client-requests.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { toToolRun, type ToolRun } from './tool-run.js';

/** One tool call a tool resource makes: the tool, its arguments, and the options of its Observable (those of `callTool$` by default). */
export interface ToolRunRequest<O = ToolCallOptions$> {
  /** The tool's name. */
  readonly name: string;
  /** Its arguments. */
  readonly args?: JsonObject;
  /** Options of the call (those of `callTool$`). */
  readonly options?: O;
}

/** Options of `toolResource`. */
export interface ToolResourceOptions {
  /** The injector the resource lives in, when it is not created in an injection context. */
  readonly injector?: Injector;
}

/** The resource of a tool run: `value()` is the latest {@link ToolRun}, `undefined` before the first event. */
export type ToolRunResource<R> = ResourceRef<ToolRun<R> | undefined>;

/**
 * Builds a tool resource on `call`, the `callTool$` of a client or a group. Angular's resources do
 * not stop a running load when their params turn `undefined` (they only go quiet), so once a run
 * has started an `undefined` request becomes a load of its own that yields `undefined`: starting it
 * aborts the running one, whose Observable is unsubscribed, which cancels the call on the server.
 */
export function toolRunResource<R, O>(
  call: (request: ToolRunRequest<O>) => Observable<RequestEvent<R>>,
  request: () => ToolRunRequest<O> | undefined,
  options: ToolResourceOptions = {},
): ToolRunResource<R> {
  let started = false;
  return rxResource<ToolRun<R> | undefined, { readonly run: ToolRunRequest<O> | undefined } | undefined>({
    params: () => {
      const run = request();
      if (run !== undefined) started = true;
      return run !== undefined || started ? { run } : undefined;
    },
    stream: ({ params }) => (params?.run === undefined ? of(undefined) : call(params.run).pipe(toToolRun<R>())),
    ...(options.injector !== undefined ? { injector: options.injector } : {}),
  });
}
