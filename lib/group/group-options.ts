/**
 * The options of a `ClientGroup` and of each of its servers. Their own file so the group, the
 * configuration and their checks share them without importing each other.
 */
import type { ClientOptions } from '../client/client-options.js';
import type { ClientCallbacks } from '../session/client-callbacks.js';
import type { GroupCallbacks } from './group-callbacks.js';
import type { NamingOptions } from './naming.js';
import type { RestartPolicy } from './restart-policy.js';

/** The client options a group passes to every `Client.connect` (its callbacks are the group's own). */
export type GroupClientOptions = Omit<ClientOptions, keyof ClientCallbacks>;

/** Options of one server of a group: client options, callback overrides, a restart policy. */
export interface GroupServerOptions extends GroupClientOptions, GroupCallbacks {
  /** Restarts this server when it crashes (overrides the group's policy; `false` for none). */
  readonly restart?: RestartPolicy | false;
}

/** The default of `closeTimeoutMs`: how long `group.close()` waits for its clients. */
export const DEFAULT_GROUP_CLOSE_TIMEOUT_MS = 5_000;

/** Options of a `ClientGroup`. */
export interface ClientGroupOptions extends NamingOptions, GroupCallbacks {
  /** Client options for every server (each server's own options win). `connectTimeoutMs` bounds each server's connect. */
  readonly clientOptions?: GroupClientOptions;
  /** Restarts crashed servers (default: none). */
  readonly restart?: RestartPolicy;
  /** How long `close()` waits for every client to close, in milliseconds. Default 5 000. */
  readonly closeTimeoutMs?: number;
}
