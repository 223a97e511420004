/**
 * `ClientGroup`: many MCP servers behind one object, on the public `Client` API. Servers connect
 * in parallel, each bounded by its own connect timeout, and one that is dead, slow or crashes
 * fails only itself (its `state$`, the group's `events$`). Every server's tools, prompts,
 * resources and templates (all pages) are aggregated, tagged with their server, as snapshots and
 * as live streams; calls are routed to the owning server under its own names.
 *
 * ```ts
 * await using group = new ClientGroup({ prefix: true, samplingCallback: (params, { server }) => … });
 * await Promise.all([group.connect('weather', weatherTransport), group.connect('files', 'https://…')]);
 * group.tools$.subscribe((tools) => render(tools));        // [{ server, name, tool }, …]
 * await group.callTool('weather_forecast', { city: 'Oslo' });
 * ```
 */
import { BehaviorSubject, defer, distinctUntilChanged, map, Subject, Subscription, type Observable } from 'rxjs';
import { Client, type CallOptions, type CallOptions$, type InputCallOptions, type InputCallOptions$ } from '../client/client.js';
import type { ClientOptions } from '../client/client-options.js';
import type { InProcessServer } from '../client/in-process.js';
import type { RequestProgress } from '../dispatch/dispatcher.js';
import type { RequestEvent } from '../dispatch/request-events.js';
import { ConnectionClosedError, RxMcpError, TransportError } from '../protocol/errors.js';
import { checkDuration, checkFunction, checkString } from '../protocol/option-checks.js';
import type { JsonObject, JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { CompleteResult, CompletionReference } from '../protocol/schemas/completion.js';
import type { LoggingMessage } from '../protocol/schemas/logging.js';
import type { GetPromptResult } from '../protocol/schemas/prompts.js';
import type { ReadResourceResult } from '../protocol/schemas/resources.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { Transport } from '../transport/transport.js';
import { buildAggregate, EMPTY_CATALOG, findCollision, sameEntries, type GroupAggregate, type GroupPrompt, type GroupResource, type GroupResourceTemplate, type GroupTool, type ServerCatalog } from './aggregate.js';
import { configuredServers, parseMcpConfig, type ConfigTargetOptions } from './config.js';
import { callbacksFor } from './group-callbacks.js';
import { DuplicateServerError, NameCollisionError, UnknownServerError } from './group-errors.js';
import { DEFAULT_GROUP_CLOSE_TIMEOUT_MS, type ClientGroupOptions, type GroupServerOptions } from './group-options.js';
import { checkRestartPolicy, maxRestarts, restartDelay, type RestartPolicy } from './restart-policy.js';
import { catalog$, followCatalog } from './server-catalog.js';
import { routeCompletion, routePrompt, routeResource, routeTool } from './routing.js';
import type { FromServer, GroupEvent, ServerState } from './server-state.js';

/** Anything `Client.connect` takes. */
export type GroupTarget = Transport | InProcessServer | string | URL;

/** Options of `group.readResource`: a `server` routes a URI the group did not list. */
export interface GroupReadOptions extends InputCallOptions {
  /** The group's name of the server to read from, for a URI the group did not list. */
  readonly server?: string;
}

/** Options of `group.readResource$`. */
export interface GroupReadOptions$ extends InputCallOptions$ {
  /** The group's name of the server to read from, for a URI the group did not list. */
  readonly server?: string;
}

/** One server of the group: what it was connected with, its client while connected, its lists. */
interface Member {
  readonly name: string;
  readonly target: GroupTarget;
  readonly options: GroupServerOptions;
  readonly state: BehaviorSubject<ServerState>;
  client: Client | undefined;
  catalog: ServerCatalog;
  /** The subscriptions to the current client's streams. */
  links: Subscription;
  /** Restarts in a row since the last successful connect. */
  restarts: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Set when the group, not the server, ends the connection. */
  leaving: boolean;
  /** Aborts a connect in progress when the server leaves the group. */
  readonly leave: AbortController;
}

/** Many MCP servers behind one object. `await using group = …` closes every client. */
export class ClientGroup implements AsyncDisposable {
  private readonly members = new Map<string, Member>();
  private readonly aggregate$ = new BehaviorSubject<GroupAggregate>(buildAggregate({}, new Map(), () => undefined));
  private readonly statesSubject = new BehaviorSubject<ReadonlyMap<string, ServerState>>(new Map());
  private readonly eventsSubject = new Subject<GroupEvent>();
  private readonly notificationsSubject = new Subject<FromServer<JsonRpcNotification>>();
  private readonly logsSubject = new Subject<FromServer<LoggingMessage>>();
  private readonly progressSubject = new Subject<FromServer<RequestProgress>>();
  private reportedCollisions = new Set<string>();
  private closed: Promise<void> | undefined;

  /** What happens to the servers: connects, failures, crashes, restarts, disconnects. Hot. */
  readonly events$: Observable<GroupEvent> = this.eventsSubject.asObservable();
  /** Every server's state, by name (connecting, failed and restarting ones too). Replays the current map. */
  readonly states$: Observable<ReadonlyMap<string, ServerState>> = this.statesSubject.asObservable();
  /** Every notification of every server, tagged with the server. Hot. */
  readonly notifications$: Observable<FromServer<JsonRpcNotification>> = this.notificationsSubject.asObservable();
  /** Every server's log messages, tagged. Hot. */
  readonly logs$: Observable<FromServer<LoggingMessage>> = this.logsSubject.asObservable();
  /** Every server's progress notifications, tagged. Hot. */
  readonly progress$: Observable<FromServer<RequestProgress>> = this.progressSubject.asObservable();

  /** The tools of every connected server, kept current (list changes, connects, disconnects, crashes). Replays. */
  readonly tools$: Observable<readonly GroupTool[]> = this.live((aggregate) => aggregate.tools);
  /** The prompts of every connected server, kept current. */
  readonly prompts$: Observable<readonly GroupPrompt[]> = this.live((aggregate) => aggregate.prompts);
  /** The resources of every connected server, kept current. */
  readonly resources$: Observable<readonly GroupResource[]> = this.live((aggregate) => aggregate.resources);
  /** The resource templates of every connected server, kept current. */
  readonly resourceTemplates$: Observable<readonly GroupResourceTemplate[]> = this.live((aggregate) => aggregate.resourceTemplates);

  /** A group with no servers yet; the options are checked here (`InvalidOptionError`). */
  constructor(private readonly options: ClientGroupOptions = {}) {
    checkFunction('componentNameHook', options.componentNameHook);
    checkFunction('samplingCallback', options.samplingCallback);
    checkFunction('elicitationCallback', options.elicitationCallback);
    checkFunction('listRootsCallback', options.listRootsCallback);
    checkDuration('closeTimeoutMs', options.closeTimeoutMs);
    checkRestartPolicy('restart', options.restart);
  }

  /**
   * A group of the servers of an `mcpServers` configuration, connected in parallel. The
   * configuration is validated first (a {@link ConfigError} naming the server and the field,
   * before anything connects); a server that fails to connect is `failed` in `states$`, the
   * others connect. Stdio entries need `options.stdio` (`fromConfig` of `rxmcp/node` gives it).
   */
  static async fromConfig(config: unknown, options: ClientGroupOptions & ConfigTargetOptions = {}): Promise<ClientGroup> {
    const { stdio, expandEnv, ...groupOptions } = options;
    const servers = configuredServers(parseMcpConfig(config, { expandEnv }), { stdio });
    const group = new ClientGroup(groupOptions);
    await group.connectAll(Object.fromEntries(servers.map((server) => [server.name, { target: server.target, options: server.options }])));
    return group;
  }

  // ---- servers -----------------------------------------------------------------------------------

  /**
   * Connects server `name` (a transport, a URL, an in-process server) and adds its lists to the
   * group. Rejects with the connect's error (the server is then `failed`), with a
   * {@link NameCollisionError} when its names collide with another server's (its connection is
   * closed first), or a {@link DuplicateServerError} for a name in use. A failed or closed
   * server's name may be connected again.
   */
  async connect(name: string, target: GroupTarget, options: GroupServerOptions = {}): Promise<Client> {
    checkString('name', name, true);
    if (this.closed !== undefined) throw new ConnectionClosedError('The group is closed');
    const current = this.members.get(name)?.state.value.state;
    if (current === 'connecting' || current === 'connected' || current === 'restarting') throw new DuplicateServerError(name);
    if (options.restart !== false) checkRestartPolicy(`${name}.restart`, options.restart);
    const previous = this.members.get(name);
    if (previous !== undefined) {
      await this.retire(previous); // a failed server's pending restart must not run too
      if (this.members.get(name) !== previous) throw new DuplicateServerError(name);
      if (this.closed !== undefined) throw new ConnectionClosedError('The group is closed');
    }
    const member: Member = {
      name,
      target,
      options,
      state: new BehaviorSubject<ServerState>({ state: 'connecting', attempt: 0 }),
      client: undefined,
      catalog: EMPTY_CATALOG,
      links: new Subscription(),
      restarts: 0,
      timer: undefined,
      leaving: false,
      leave: new AbortController(),
    };
    this.members.set(name, member);
    this.publishStates();
    return this.open(member);
  }

  /**
   * Connects several servers in parallel and waits for all; a failure fails only its server.
   * Resolves with each server's outcome.
   */
  async connectAll(servers: Readonly<Record<string, GroupTarget | { readonly target: GroupTarget; readonly options?: GroupServerOptions }>>): Promise<ReadonlyMap<string, PromiseSettledResult<Client>>> {
    const entries = Object.entries(servers);
    const outcomes = await Promise.allSettled(
      entries.map(([name, spec]) => (isTargetSpec(spec) ? this.connect(name, spec.target, spec.options) : this.connect(name, spec))),
    );
    return new Map(entries.map(([name], index) => [name, outcomes[index]!]));
  }

  /** Closes server `name` and takes its lists out of the group. {@link UnknownServerError} for a name the group does not have. */
  async disconnect(name: string): Promise<void> {
    const member = this.members.get(name);
    if (member === undefined) throw new UnknownServerError(name);
    this.members.delete(name);
    await this.retire(member);
    this.rebuild();
    this.publishStates();
    this.eventsSubject.next({ type: 'disconnected', server: name });
  }

  /** The connected clients, by server name. A new map each time. */
  get clients(): ReadonlyMap<string, Client> {
    const clients = new Map<string, Client>();
    for (const [name, member] of this.members) if (member.client !== undefined && member.state.value.state === 'connected') clients.set(name, member.client);
    return clients;
  }

  /** The connected client of server `name`; {@link UnknownServerError} when there is none. */
  client(name: string): Client {
    const client = this.clients.get(name);
    if (client === undefined) throw new UnknownServerError(name);
    return client;
  }

  /** Server `name`'s state; replays the current one, completes when the server leaves the group. Errors with {@link UnknownServerError} for a name the group does not have. */
  state$(name: string): Observable<ServerState> {
    return defer(() => {
      const member = this.members.get(name);
      if (member === undefined) throw new UnknownServerError(name);
      return member.state;
    });
  }

  // ---- aggregates --------------------------------------------------------------------------------

  /** The tools of every connected server, by group name (a snapshot). */
  get tools(): ReadonlyMap<string, GroupTool> {
    return this.aggregate$.value.tools;
  }

  /** The prompts of every connected server, by group name. */
  get prompts(): ReadonlyMap<string, GroupPrompt> {
    return this.aggregate$.value.prompts;
  }

  /** The resources of every connected server, by group URI. */
  get resources(): ReadonlyMap<string, GroupResource> {
    return this.aggregate$.value.resources;
  }

  /** The resource templates of every connected server, by group URI template. */
  get resourceTemplates(): ReadonlyMap<string, GroupResourceTemplate> {
    return this.aggregate$.value.resourceTemplates;
  }

  // ---- routed requests ---------------------------------------------------------------------------

  /** Calls tool `name` (a group name) on the server that owns it, under its own name; options as on `Client.callTool`. */
  callTool(name: string, args?: JsonObject, options?: InputCallOptions): Promise<CallToolResult> {
    try {
      const { server, target } = routeTool(this.aggregate$.value, name);
      return this.routed(server).callTool(target, args, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@link ClientGroup.callTool} as a cold Observable of the call's events. */
  callTool$(name: string, args?: JsonObject, options?: InputCallOptions$): Observable<RequestEvent<CallToolResult>> {
    return defer(() => {
      const { server, target } = routeTool(this.aggregate$.value, name);
      return this.routed(server).callTool$(target, args, options);
    });
  }

  /** Gets prompt `name` from the server that owns it. */
  async getPrompt(name: string, args?: Record<string, string>, options?: InputCallOptions): Promise<GetPromptResult> {
    const { server, target } = routePrompt(this.aggregate$.value, name);
    return this.routed(server).getPrompt(target, args, options);
  }

  /** {@link ClientGroup.getPrompt} as a cold Observable. */
  getPrompt$(name: string, args?: Record<string, string>, options?: InputCallOptions$): Observable<RequestEvent<GetPromptResult>> {
    return defer(() => {
      const { server, target } = routePrompt(this.aggregate$.value, name);
      return this.routed(server).getPrompt$(target, args, options);
    });
  }

  /**
   * Reads resource `uri` from its owner: a listed resource's server; with `prefix`, the server
   * its URI names; else the one server with a template the URI starts like; or `options.server`.
   */
  async readResource(uri: string, options: GroupReadOptions = {}): Promise<ReadResourceResult> {
    const { server: chosen, ...rest } = options;
    if (chosen !== undefined) return this.routed(chosen).readResource(uri, rest);
    const { server, target } = routeResource(this.aggregate$.value, this.options, (name) => this.members.has(name), uri);
    return this.routed(server).readResource(target, rest);
  }

  /** {@link ClientGroup.readResource} as a cold Observable. */
  readResource$(uri: string, options: GroupReadOptions$ = {}): Observable<RequestEvent<ReadResourceResult>> {
    return defer(() => {
      const { server: chosen, ...rest } = options;
      if (chosen !== undefined) return this.routed(chosen).readResource$(uri, rest);
      const { server, target } = routeResource(this.aggregate$.value, this.options, (name) => this.members.has(name), uri);
      return this.routed(server).readResource$(target, rest);
    });
  }

  /** Asks the server that owns the prompt or template of `ref` to complete an argument. */
  async complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>, options?: CallOptions): Promise<CompleteResult> {
    const { server, target } = routeCompletion(this.aggregate$.value, ref);
    return this.routed(server).complete(target, argument, contextArguments, options);
  }

  /** {@link ClientGroup.complete} as a cold Observable. */
  complete$(ref: CompletionReference, argument: { name: string; value: string }, contextArguments?: Record<string, string>, options?: CallOptions$): Observable<RequestEvent<CompleteResult>> {
    return defer(() => {
      const { server, target } = routeCompletion(this.aggregate$.value, ref);
      return this.routed(server).complete$(target, argument, contextArguments, options);
    });
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /**
   * Closes every client in parallel and waits for them at most `closeTimeoutMs` (default 5 s;
   * each stdio client still stops its process on its own bounds). Idempotent.
   */
  close(): Promise<void> {
    this.closed ??= this.closeAll();
    return this.closed;
  }

  /** `await using group = …` closes the group at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** Connects `member` (again), lists it, checks its names and links its streams into the group. */
  private async open(member: Member): Promise<Client> {
    const attempt = member.restarts;
    member.state.next({ state: 'connecting', attempt });
    this.publishStates();
    let client: Client | undefined;
    try {
      client = await Client.connect(member.target, this.clientOptionsFor(member));
      if (member.leaving) throw new ConnectionClosedError(`Server '${member.name}' left the group while it connected`);
      const links = new Subscription();
      const catalog = await followCatalog(catalog$(client), member.name, links, (changed) => {
        member.catalog = changed;
        this.rebuild();
      });
      if (member.leaving) throw new ConnectionClosedError(`Server '${member.name}' left the group while it connected`);
      const collision = findCollision(this.options, this.catalogs(), member.name, catalog);
      if (collision !== undefined) {
        links.unsubscribe();
        throw collision;
      }
      member.client = client;
      member.catalog = catalog;
      member.links = links;
      member.restarts = 0;
      this.linkStreams(member, client, links);
      this.rebuild();
      this.eventsSubject.next({ type: 'connected', server: member.name, restart: attempt });
      return client;
    } catch (error) {
      await client?.close();
      const failure = error instanceof RxMcpError ? error : new TransportError(String(error), { cause: error });
      if (!member.leaving) {
        member.state.next({ state: 'failed', error: failure });
        this.publishStates();
        this.eventsSubject.next({ type: 'failed', server: member.name, error: failure });
      }
      throw error;
    }
  }

  /** The client options of `member`: the group's, the server's own, the callbacks told the server. */
  private clientOptionsFor(member: Member): ClientOptions {
    const { restart: _restart, samplingCallback: _s, elicitationCallback: _e, listRootsCallback: _r, ...own } = member.options;
    const options: ClientOptions = Object.assign({}, this.options.clientOptions, own, callbacksFor(member.name, this.options, member.options));
    // leaving the group abandons a connect in progress (the process is stopped), as the caller's own signal does
    const signal = options.signal === undefined ? member.leave.signal : AbortSignal.any([options.signal, member.leave.signal]);
    return Object.assign(options, { signal });
  }

  /** Tags the client's notifications, logs and progress into the group's, and follows its state. */
  private linkStreams(member: Member, client: Client, links: Subscription): void {
    const server = member.name;
    links.add(client.notifications$.subscribe((value) => this.notificationsSubject.next({ server, value })));
    links.add(client.logs$.subscribe((value) => this.logsSubject.next({ server, value })));
    links.add(client.progress$.subscribe((value) => this.progressSubject.next({ server, value })));
    links.add(
      client.state$.subscribe((connection) => {
        if (connection.state !== 'closed') {
          member.state.next({ state: 'connected', connection });
          this.publishStates();
        } else if (!member.leaving && member.client === client) this.crashed(member, connection.reason);
      }),
    );
  }

  /** `member`'s connection ended on its own: its lists leave the group; restart it if the policy says so. */
  private crashed(member: Member, reason: RxMcpError): void {
    member.links.unsubscribe();
    member.client?.close().catch(() => undefined); // the connection is gone; this releases the client's own resources
    member.client = undefined;
    member.catalog = EMPTY_CATALOG;
    this.rebuild();
    this.eventsSubject.next({ type: 'crashed', server: member.name, reason });
    const policy = this.restartPolicyOf(member);
    if (policy === undefined) {
      member.state.next({ state: 'closed', reason });
      this.publishStates();
      return;
    }
    this.scheduleRestart(member, policy, reason);
  }

  /** Waits the policy's delay, then connects `member` again; a failed connect schedules the next, up to the limit. */
  private scheduleRestart(member: Member, policy: RestartPolicy, reason: RxMcpError): void {
    if (member.restarts >= maxRestarts(policy)) {
      member.state.next({ state: 'failed', error: reason });
      this.publishStates();
      return;
    }
    member.restarts += 1;
    const attempt = member.restarts;
    const delayMs = restartDelay(policy, attempt);
    member.state.next({ state: 'restarting', attempt, delayMs, reason });
    this.publishStates();
    this.eventsSubject.next({ type: 'restarting', server: member.name, attempt, delayMs });
    member.timer = setTimeout(() => {
      member.timer = undefined;
      if (member.leaving) return;
      this.open(member).catch((error: unknown) => {
        if (!member.leaving) this.scheduleRestart(member, policy, error instanceof RxMcpError ? error : reason);
      });
    }, delayMs);
  }

  /** The restart policy of `member`: its own, else the group's; none for `false`. */
  private restartPolicyOf(member: Member): RestartPolicy | undefined {
    if (member.options.restart === false) return undefined;
    return member.options.restart ?? this.options.restart;
  }

  /** Ends `member`'s connection on the group's behalf. */
  private async retire(member: Member): Promise<void> {
    member.leaving = true;
    member.leave.abort(new ConnectionClosedError(`Server '${member.name}' left the group`));
    clearTimeout(member.timer);
    member.links.unsubscribe();
    const client = member.client;
    member.client = undefined;
    member.catalog = EMPTY_CATALOG;
    await client?.close();
    member.state.next({ state: 'closed' });
    member.state.complete();
  }

  private async closeAll(): Promise<void> {
    const members = [...this.members.values()];
    this.members.clear();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.closeTimeoutMs ?? DEFAULT_GROUP_CLOSE_TIMEOUT_MS)));
    await Promise.race([Promise.allSettled(members.map((member) => this.retire(member))), bound]);
    clearTimeout(timer);
    this.rebuild();
    this.publishStates();
    for (const member of members) this.eventsSubject.next({ type: 'disconnected', server: member.name });
    for (const subject of [this.eventsSubject, this.notificationsSubject, this.logsSubject, this.progressSubject, this.aggregate$, this.statesSubject]) subject.complete();
  }

  /** The client of server `name` for a routed request. */
  private routed(name: string): Client {
    const client = this.members.get(name)?.client;
    if (client === undefined) throw new UnknownServerError(name);
    return client;
  }

  /** The catalogs of the connected servers, in the order they joined. */
  private catalogs(): Map<string, ServerCatalog> {
    const catalogs = new Map<string, ServerCatalog>();
    for (const [name, member] of this.members) if (member.client !== undefined) catalogs.set(name, member.catalog);
    return catalogs;
  }

  /** Rebuilds the aggregates; a collision that appeared since the last rebuild is an event. */
  private rebuild(): void {
    const seen = new Set<string>();
    const fresh: NameCollisionError[] = [];
    const aggregate = buildAggregate(
      this.options,
      this.catalogs(),
      (error) => {
        seen.add(error.message);
        if (!this.reportedCollisions.has(error.message)) fresh.push(error);
      },
      this.aggregate$.value,
    );
    this.reportedCollisions = seen;
    if (!this.aggregate$.closed) this.aggregate$.next(aggregate);
    for (const error of fresh) this.eventsSubject.next({ type: 'collision', server: error.servers[1], error });
  }

  private publishStates(): void {
    if (this.statesSubject.closed) return;
    this.statesSubject.next(new Map([...this.members].map(([name, member]) => [name, member.state.value])));
  }

  /** A live aggregate: the values of one map of the aggregate, emitted when that map changed. */
  private live<T>(pick: (aggregate: GroupAggregate) => ReadonlyMap<string, T>): Observable<readonly T[]> {
    return this.aggregate$.pipe(
      map(pick),
      distinctUntilChanged(sameEntries),
      map((entries) => [...entries.values()]),
    );
  }
}

/** True for a `connectAll` entry of the form `{ target, options }` (rather than a bare target). */
export function isTargetSpec(spec: GroupTarget | { readonly target: GroupTarget }): spec is { readonly target: GroupTarget; readonly options?: GroupServerOptions } {
  return typeof spec === 'object' && spec !== null && !(spec instanceof URL) && 'target' in spec && typeof (spec as { connect?: unknown }).connect !== 'function';
}
