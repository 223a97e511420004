/**
 * What `Client.connect` does before there is a client: checks the options and the target, picks
 * the transport (a URL's candidates in turn, an in-process server's memory pair), makes the
 * response cache, negotiates within the connect bounds (`connect-guard.ts`), and keeps what
 * arrived meanwhile. On failure the connection is closed again and the error thrown.
 */
import { ResponseCache } from '../cache/response-cache.js';
import type { CacheConfig } from '../cache/config.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { ConnectError, type RxMcpError } from '../protocol/errors.js';
import { refuseOption } from '../protocol/option-checks.js';
import { ClientSession } from '../session/client-session.js';
import type { ClientWarning } from '../session/client-warning.js';
import { negotiate, type ConnectMode, type EraMemory } from '../session/negotiation.js';
import { platformEraStore } from '../session/era-store.js';
import type { Transport } from '../transport/transport.js';
import { checkClientOptions } from './check-options.js';
import { BindingBacklog, type EarlyNotifications } from '../extensions/binding-backlog.js';
import { extensionSetOf } from '../extensions/extension-set.js';
import type { ClientOptions } from './client-options.js';
import { ConnectBacklog } from './connect-backlog.js';
import { deadlineHoldOf } from './client-auth.js';
import { ConnectGuard } from './connect-guard.js';
import { inProcessTransport, isInProcessServer, type InProcessServer } from './in-process.js';
import { refusedLikeOldServer, transportsForUrl } from './url-target.js';

/** What arrived while `connect` negotiated, replayed by the client's streams. */
export interface ConnectBacklogs {
  readonly faults: readonly RxMcpError[];
  readonly warnings: readonly ClientWarning[];
  /** The bound notifications of the handshake, per method. */
  readonly bindings: ReadonlyMap<string, EarlyNotifications>;
}

/** Makes the client of a negotiated session. */
export type ClientFactory<C> = (session: ClientSession, options: ClientOptions, cache: ResponseCache | undefined, backlogs: ConnectBacklogs) => C;

/** Connects to `target` and negotiates; `make` builds the client (see `Client.connect`). */
export async function openConnection<C>(target: Transport | InProcessServer | string | URL, options: ClientOptions, make: ClientFactory<C>): Promise<C> {
  const mode = checkClientOptions(options);
  // the extensions (the default tasks extension included) fold before anything connects; the session gets their ads and claim parsers
  const extensions = extensionSetOf(options);
  options = Object.assign({}, options, { extensionAds: extensions.ads, resultClaims: extensions.parsers.size === 0 ? undefined : extensions.parsers });
  if (typeof target !== 'string' && !(target instanceof URL) && typeof (target as { connect?: unknown } | null)?.connect !== 'function') {
    refuseOption('target', 'a transport, a URL, or an in-process server', target);
  }
  const guard = ConnectGuard.start(options);
  try {
    return await connectWithin(guard, target, options, mode, make);
  } finally {
    guard.dispose();
  }
}

/** {@link openConnection}, bounded by `guard`, with the options already checked. */
async function connectWithin<C>(guard: ConnectGuard, target: Transport | InProcessServer | string | URL, options: ClientOptions, mode: ConnectMode, make: ClientFactory<C>): Promise<C> {
  const serverUrl = serverUrlOf(target);
  const cache = responseCacheFor(options.cache, serverUrl);
  const eraStore = options.eraStore === undefined ? platformEraStore() : options.eraStore === false ? undefined : options.eraStore;
  const eraMemory: EraMemory | undefined = eraStore === undefined || serverUrl === undefined ? undefined : { store: eraStore, serverUrl };
  if (typeof target === 'string' || target instanceof URL) {
    const candidates = transportsForUrl(target, options);
    for (const [index, candidate] of candidates.entries()) {
      // loading a transport's module (an `import()`, a chunk over the network in a browser) is part of the connect's bounds
      const transport = await guard.bound(candidate());
      try {
        return await open(transport, { ...options, mode: transport.kind === 'sse' && mode === 'auto' ? 'legacy' : mode }, cache, guard, make, eraMemory);
      } catch (error) {
        if (index === candidates.length - 1 || !refusedLikeOldServer(error)) throw error;
      }
    }
  }
  const transport = isInProcessServer(target as Transport | InProcessServer)
    ? await inProcessTransport(target as InProcessServer, { raiseExceptions: options.raiseExceptions ?? false })
    : (target as Transport);
  return open(transport, { ...options, mode }, cache, guard, make, eraMemory);
}

/**
 * Connects over `transport` and negotiates, within `guard`: when it trips, the connection is
 * closed and its reason thrown. Faults and warnings of the negotiation are kept for the client.
 */
async function open<C>(
  transport: Transport,
  options: ClientOptions & { mode: ConnectMode },
  cache: ResponseCache | undefined,
  guard: ConnectGuard,
  make: ClientFactory<C>,
  eraMemory: EraMemory | undefined,
): Promise<C> {
  guard.check();
  const dispatcher = new Dispatcher(transport);
  const session = new ClientSession(dispatcher, options);
  const faults = new ConnectBacklog(dispatcher.faults$);
  const warnings = new ConnectBacklog(session.warnings$);
  // an interactive sign-in (an OAuthProvider as `auth`) holds the deadlines: the user's time is not the server's
  const held$ = deadlineHoldOf(options.auth);
  const guardHold = held$?.subscribe((held) => guard.hold(held));
  if (held$ !== undefined) dispatcher.holdDeadlinesWhile(held$);
  const bound = new BindingBacklog(extensionSetOf(options).bindings, (method) => dispatcher.notificationsOf(method));
  dispatcher.start();
  try {
    await guard.bound(negotiate(session, options.mode, { priorDiscover: options.priorDiscover, transportKind: transport.kind, eraMemory }));
  } catch (error) {
    guardHold?.unsubscribe();
    faults.seal();
    warnings.seal();
    bound.seal();
    await dispatcher.close();
    // The connection ended because the server could not be reached: that is the story, not
    // the closed connection the negotiation's request saw.
    const ended = dispatcher.closeReason?.cause;
    throw ended instanceof ConnectError ? ended : error;
  }
  guardHold?.unsubscribe();
  return make(session, options, cache, { faults: faults.seal(), warnings: warnings.seal(), bindings: bound.seal() });
}

/**
 * The response cache the `cache` option asks for (validated here, before anything connects), or
 * none. `serverUrl` is the server's identity when the client connects by URL.
 */
function responseCacheFor(option: boolean | CacheConfig | undefined, serverUrl: string | undefined): ResponseCache | undefined {
  if (option === false) return undefined;
  return new ResponseCache(option === true || option === undefined ? {} : option, { serverUrl });
}

/** The URL of a target that has one (a URL, or a transport to one), for the cache's server identity. */
function serverUrlOf(target: Transport | InProcessServer | string | URL): string | undefined {
  if (typeof target === 'string') return target;
  if (target instanceof URL) return target.href;
  const url = (target as { url?: unknown }).url;
  return typeof url === 'string' ? url : url instanceof URL ? url.href : undefined;
}

