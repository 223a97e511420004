/**
 * `client.state$`, derived: one `scan` over the merged events that change a connection's state
 * (the transport's long-lived streams, the listen streams' reconnects, the close), replayed to
 * late subscribers. Fed from construction, so a late subscriber still gets the current state.
 */
import { concat, connectable, defer, distinctUntilChanged, ignoreElements, merge, of, ReplaySubject, scan, startWith, takeWhile, type Observable } from 'rxjs';
import type { ConnectionClosedError } from '../protocol/errors.js';
import type { StreamStateEvent } from '../transport/transport.js';
import type { ConnectionState } from './connection-state.js';

/** What changes a connection's state: a long-lived stream's event, or the close with its reason. */
type StateEvent = StreamStateEvent | { readonly state: 'ended'; readonly reason: ConnectionClosedError };

/** The sources `state$` is derived from. */
export interface ConnectionStateSources {
  /** The transport's stream states and the listen streams' reconnect states, merged. */
  readonly streamStates: readonly Observable<StreamStateEvent>[];
  /** Completes when the connection closes. */
  readonly closed: Observable<unknown>;
  /** Why it closed, read when `closed` completes. */
  readonly reason: () => ConnectionClosedError;
}

const CONNECTED: ConnectionState = { state: 'connected' };

/** The state after `event`: unchanged (the same object) when the event changes nothing. */
function nextState(current: ConnectionState, event: StateEvent): ConnectionState {
  switch (event.state) {
    case 'ended':
      return { state: 'closed', reason: event.reason };
    case 'reconnecting':
      return { state: 'reconnecting', stream: event.stream, attempt: event.attempt, delayMs: event.delayMs };
    case 'failed':
      return { state: 'degraded', stream: event.stream, reason: event.error };
    case 'open':
      return current.state === 'reconnecting' || current.state === 'degraded' ? { state: 'connected' } : current;
    default:
      return current;
  }
}

/**
 * The connection's state: `connected`, then what its sources say, ending with `closed`
 * (after which it completes). Connected at once; replays the current state.
 */
export function connectionState$(sources: ConnectionStateSources): Observable<ConnectionState> {
  const ended$ = concat(sources.closed.pipe(ignoreElements()), defer(() => of<StateEvent>({ state: 'ended', reason: sources.reason() })));
  const state$ = connectable(
    merge<StateEvent[]>(...sources.streamStates, ended$).pipe(
      scan(nextState, CONNECTED),
      startWith(CONNECTED),
      distinctUntilChanged(),
      takeWhile((state) => state.state !== 'closed', true),
    ),
    { connector: () => new ReplaySubject<ConnectionState>(1), resetOnDisconnect: false },
  );
  state$.connect();
  return state$;
}
