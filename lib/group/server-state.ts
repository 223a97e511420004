/**
 * What a group says about each of its servers: its state (`group.state$(name)`, `group.states$`)
 * and the events of the group as a whole (`group.events$`), each naming the server.
 */
import type { ConnectionState } from '../client/connection-state.js';
import type { RxMcpError } from '../protocol/errors.js';
import type { NameCollisionError } from './group-errors.js';

/**
 * One server's state in a group. `connecting` (`attempt` 0 for the first connect, then the
 * restart's number); `connected` with the client's own connection state; `failed` when a
 * connect failed (timeout, refused, a name collision) or restarts ran out; `restarting` between
 * a crash and the next connect; `closed` after `disconnect` or `close`, or after a crash with no
 * restart policy (`reason` then says why).
 */
export type ServerState =
  | { readonly state: 'connecting'; readonly attempt: number }
  | { readonly state: 'connected'; readonly connection: ConnectionState }
  | { readonly state: 'failed'; readonly error: RxMcpError }
  | { readonly state: 'restarting'; readonly attempt: number; readonly delayMs: number; readonly reason: RxMcpError }
  | { readonly state: 'closed'; readonly reason?: RxMcpError };

/** Something that happened to one server of a group. */
export type GroupEvent =
  | { readonly type: 'connected'; readonly server: string; readonly restart: number }
  | { readonly type: 'failed'; readonly server: string; readonly error: RxMcpError }
  | { readonly type: 'crashed'; readonly server: string; readonly reason: RxMcpError }
  | { readonly type: 'restarting'; readonly server: string; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'disconnected'; readonly server: string }
  /** A server's lists changed after it joined and now collide: the colliding names stay with their owner. */
  | { readonly type: 'collision'; readonly server: string; readonly error: NameCollisionError };

/** A value from one server of a group (a notification, a log message, a progress event). */
export interface FromServer<T> {
  /** The group's name of the server it came from. */
  readonly server: string;
  /** The value itself, as that server's client gave it. */
  readonly value: T;
}
