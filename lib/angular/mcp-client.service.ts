/**
 * One MCP client for an Angular app, provided by `provideMcpClient`: it connects once, when first
 * injected in the browser (never during server rendering), outside the Angular zone, and closes
 * when its injector is destroyed. Its streams are ready for the `async` pipe, its signals for
 * templates and `computed`, and a tool run can be a `resource` with progress.
 */
import { isPlatformServer } from '@angular/common';
import { DestroyRef, inject, NgZone, PLATFORM_ID, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { BehaviorSubject, catchError, EMPTY, ReplaySubject, switchMap, take, throwError, type Observable } from 'rxjs';
import { Client } from '../client/client.js';
import type { ToolCallOptions$ } from '../client/client-requests.js';
import type { ClientOptions } from '../client/client-options.js';
import type { ToolCallResult } from '../client/tool-output.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { McpInterceptor } from '../pipeline/mcp-request.js';
import type { LoggingMessage } from '../protocol/schemas/logging.js';
import type { Tool } from '../protocol/schemas/tools.js';
import { MCP_CLIENT_CONFIG, MCP_INTERCEPTORS } from './config.js';
import { ServerRenderingError } from './errors.js';
import type { McpClientState } from './state.js';
import { toolRunResource, type ToolResourceOptions, type ToolRunRequest, type ToolRunResource } from './tool-resource.js';
import { outsideZone } from './zone.js';

/** `options` with the DI interceptors appended to `interceptors.outer`. */
export function withInterceptors<O extends Pick<ClientOptions, 'interceptors'>>(options: O | undefined, added: readonly McpInterceptor[] | null): O {
  const base = (options ?? {}) as O;
  if (added === null || added.length === 0) return base;
  const interceptors = base.interceptors;
  return { ...base, interceptors: { ...interceptors, outer: [...(interceptors?.outer ?? []), ...added] } };
}

/**
 * The app's MCP client (inject it where `provideMcpClient` was given). Every stream and signal
 * reflects the one connection; a failed connect shows as `state` `failed`, the lists then stay empty
 * and calls fail with the connect's error.
 */
export class McpClientService {
  /** The connected client: replays it to every subscriber; errors if the connect failed; completes at once during server rendering. */
  readonly client$: Observable<Client>;
  /** The connection's state: `connecting`, then the client's `state$`, or `failed`; `idle` during server rendering. Replays the current one. */
  readonly state$: Observable<McpClientState>;
  /** The server's tools, following `list_changed`; nothing until connected. */
  readonly tools$: Observable<readonly Tool[]>;
  /** The server's log messages (`notifications/message`). */
  readonly logs$: Observable<LoggingMessage>;
  /** The tools as a signal (empty until connected). */
  readonly tools: Signal<readonly Tool[]>;
  /** The connection's state as a signal. */
  readonly state: Signal<McpClientState>;

  private readonly zone = inject(NgZone);
  private readonly server = isPlatformServer(inject(PLATFORM_ID));

  constructor() {
    const config = inject(MCP_CLIENT_CONFIG);
    const options = withInterceptors(config.options, inject(MCP_INTERCEPTORS, { optional: true }));
    const clientSubject = new ReplaySubject<Client>(1);
    const stateSubject = new BehaviorSubject<McpClientState>({ state: this.server ? 'idle' : 'connecting' });
    let destroyed = false;
    let client: Client | undefined;
    inject(DestroyRef).onDestroy(() => {
      destroyed = true;
      client?.close().catch(() => undefined);
      clientSubject.complete();
      stateSubject.complete();
    });
    if (this.server) clientSubject.complete();
    else {
      this.zone.runOutsideAngular(() => {
        Client.connect(config.target, options).then(
          (connected) => {
            if (destroyed) return void connected.close().catch(() => undefined);
            client = connected;
            connected.state$.subscribe((state) => stateSubject.next(state));
            clientSubject.next(connected);
          },
          (error: unknown) => {
            if (destroyed) return;
            stateSubject.next({ state: 'failed', error });
            clientSubject.error(error);
          },
        );
      });
    }
    this.client$ = clientSubject.asObservable();
    this.state$ = stateSubject.asObservable();
    this.tools$ = this.live((connected) => connected.tools$);
    this.logs$ = this.live((connected) => connected.logs$);
    this.tools = toSignal(this.tools$, { initialValue: [] });
    this.state = toSignal(this.state$, { initialValue: stateSubject.value });
  }

  /**
   * Calls a tool: progress (and task) events, then the result event (see `Client.callTool$`).
   * Unsubscribing cancels the call on the server. Errors with the connect's error if it failed,
   * with {@link ServerRenderingError} during server rendering.
   */
  callTool$<T = unknown>(name: string, args?: JsonObject, options?: ToolCallOptions$<T>): Observable<RequestEvent<ToolCallResult<T>>> {
    if (this.server) return throwError(() => new ServerRenderingError(`callTool$(${name})`));
    return outsideZone(this.zone, this.client$.pipe(take(1), switchMap((connected) => connected.callTool$<T>(name, args, options))));
  }

  /**
   * A tool run as a `resource`: it runs whenever `request()` gives a request (and is idle while
   * it gives `undefined`, always during server rendering); `value()` holds the latest progress and
   * finally the result. Setting the request to `undefined`, or a new one, cancels the running call.
   * Call it in an injection context (a component's field), or pass `injector`.
   */
  toolResource<T = unknown>(request: () => ToolRunRequest<ToolCallOptions$<T>> | undefined, options?: ToolResourceOptions): ToolRunResource<ToolCallResult<T>> {
    const server = this.server;
    return toolRunResource((run) => this.callTool$<T>(run.name, run.args, run.options), () => (server ? undefined : request()), options);
  }

  /** A stream of the connected client, outside the zone; empty if the connect failed (`state` tells why). */
  private live<T>(pick: (client: Client) => Observable<T>): Observable<T> {
    return outsideZone(
      this.zone,
      this.client$.pipe(
        switchMap(pick),
        catchError(() => EMPTY),
      ),
    );
  }
}
