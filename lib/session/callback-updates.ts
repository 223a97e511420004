/**
 * Callbacks replaced at run time (`Client.setRoots`, `setSamplingCallback`,
 * `setElicitationCallback`): which capabilities a change needs that a legacy server was not told
 * at `initialize`. A legacy connection's capabilities are fixed by its handshake, so a callback
 * whose capability was not declared then is installed but the server will not use it; a
 * 2026-07-28 connection declares its capabilities on every request, so the next ones carry the
 * change.
 */
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { ClientCallbacks } from './client-callbacks.js';

/** The callbacks a session holds, replaceable one by one. */
export type MutableCallbacks = { -readonly [K in keyof ClientCallbacks]: ClientCallbacks[K] };

/** The capabilities a callback can bring. */
export type CallbackCapability = 'sampling' | 'elicitation' | 'roots';

const CALLBACK_CAPABILITIES: readonly CallbackCapability[] = ['sampling', 'elicitation', 'roots'];

/** The callback capabilities `wanted` has that `declared` (what `initialize` said) lacks. */
export function undeclaredCapabilities(declared: ClientCapabilities, wanted: ClientCapabilities): CallbackCapability[] {
  return CALLBACK_CAPABILITIES.filter((name) => wanted[name] !== undefined && declared[name] === undefined);
}
