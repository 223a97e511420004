/**
 * `client.state$`, derived: one `scan` over the merged events that change a connection's state
 * (the transport's long-lived streams and its requests, the listen streams' reconnects, the
 * close), replayed to late subscribers. Fed from construction, so a late subscriber still gets
 * the current state.
 *
 * The rule, the same in both eras: every source is tracked on its own (the legacy standalone GET
 * stream, each `subscriptions/listen` stream, the HTTP requests), and the connection's state is
 * the worst of them: `degraded` (a stream gave up, or the last request could not reach the
 * server) over `reconnecting` (a stream is being re-opened) over `connected`; among equals, the
 * latest. A source that is open again (or ended on purpose) no longer counts.
 */
import { concat, connectable, defer, distinctUntilChanged, ignoreElements, map, merge, of, ReplaySubject, scan, startWith, takeWhile, type Observable } from 'rxjs';
import type { ConnectionClosedError } from '../protocol/errors.js';
import type { StreamStateEvent } from '../transport/transport.js';
import type { ConnectionState } from './connection-state.js';

/** A stream state event of one source: `source` tells apart streams of the same name (two listen streams). */
export interface SourcedStreamState {
  /** Which stream instance it concerns. */
  readonly source: string;
  /** What happened to it. */
  readonly event: StreamStateEvent;
}

/** What changes a connection's state: a source's event, or the close with its reason. */
type StateEvent = SourcedStreamState | { readonly ended: ConnectionClosedError };

/** The sources `state$` is derived from. */
export interface ConnectionStateSources {
  /** The transport's stream and request states (each stream name one source). */
  readonly transportStates?: Observable<StreamStateEvent>;
  /** The listen streams' reconnect states, each tagged with its own source. */
  readonly listenStates: Observable<SourcedStreamState>;
  /** Completes when the connection closes. */
  readonly closed: Observable<unknown>;
  /** Why it closed, read when `closed` completes. */
  readonly reason: () => ConnectionClosedError;
}

const CONNECTED: ConnectionState = { state: 'connected' };

/** The sources that are not fine, in the order they became so, and the state they make. */
interface Tracked {
  readonly problems: Map<string, ConnectionState>;
  readonly state: ConnectionState;
}

/** How bad a state is. */
function severity(state: ConnectionState): number {
  return state.state === 'closed' ? 3 : state.state === 'degraded' ? 2 : state.state === 'reconnecting' ? 1 : 0;
}

/** The worst of the problems (the latest among equals), or `connected`. */
function worst(problems: ReadonlyMap<string, ConnectionState>): ConnectionState {
  let result = CONNECTED;
  for (const state of problems.values()) if (severity(state) >= severity(result)) result = state;
  return result;
}

/** The tracking after `event` (the problems map is updated in place; it lives in this one scan). */
function track(tracked: Tracked, event: StateEvent): Tracked {
  if ('ended' in event) return { problems: tracked.problems, state: { state: 'closed', reason: event.ended } };
  const { source, event: stream } = event;
  const problems = tracked.problems;
  switch (stream.state) {
    case 'reconnecting':
      problems.delete(source); // re-inserted last: the latest among equals
      problems.set(source, { state: 'reconnecting', stream: stream.stream, attempt: stream.attempt, delayMs: stream.delayMs });
      break;
    case 'failed':
      problems.delete(source);
      problems.set(source, { state: 'degraded', stream: stream.stream, reason: stream.error });
      break;
    default:
      // open again, not offered, or closed on purpose: no longer a problem
      if (!problems.delete(source)) return tracked;
  }
  return { problems, state: worst(problems) };
}

/**
 * The connection's state: `connected`, then what its sources say, ending with `closed`
 * (after which it completes). Connected at once; replays the current state.
 */
export function connectionState$(sources: ConnectionStateSources): Observable<ConnectionState> {
  const ended$ = concat(sources.closed.pipe(ignoreElements()), defer(() => of<StateEvent>({ ended: sources.reason() })));
  const transport$ = sources.transportStates?.pipe(map((event): StateEvent => ({ source: `transport:${event.stream}`, event })));
  const events: Observable<StateEvent>[] = transport$ === undefined ? [sources.listenStates, ended$] : [transport$, sources.listenStates, ended$];
  const state$ = connectable(
    defer(() =>
      merge(...events).pipe(
        scan(track, { problems: new Map<string, ConnectionState>(), state: CONNECTED }),
        map((tracked) => tracked.state),
        startWith(CONNECTED),
        distinctUntilChanged(sameState),
        takeWhile((state) => state.state !== 'closed', true),
      ),
    ),
    { connector: () => new ReplaySubject<ConnectionState>(1), resetOnDisconnect: false },
  );
  state$.connect();
  return state$;
}

/** The same state, for `distinctUntilChanged`: the same object, or both `connected`. */
function sameState(a: ConnectionState, b: ConnectionState): boolean {
  return a === b || (a.state === 'connected' && b.state === 'connected');
}
