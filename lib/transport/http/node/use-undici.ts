/**
 * Makes undici's requester the Node default of the HTTP transports (imported for its effect by
 * `rxmcp/node` and by the Node build of `rxmcp`): `Client.connect(url)` then sends through one
 * process-wide undici `Agent` (a keep-alive pool per origin), unless a transport is given `fetch`
 * or `requester`, or the default was set with `useHttpRequester`.
 */
import { provideDefaultHttpRequester, setDefaultHttpRequester } from '../default-requester.js';
import type { HttpRequester } from '../requester.js';
import { undiciRequester } from './undici-requester.js';

provideDefaultHttpRequester(() => undiciRequester());

/**
 * Sets how every HTTP transport without a `fetch` or `requester` option sends its requests from
 * now on, e.g. `useHttpRequester(undiciRequester({ allowH2: true, proxy: 'env' }))` or
 * `useHttpRequester(fetchRequester(fetch))`; `undefined` goes back to the default (undici in Node).
 */
export function useHttpRequester(requester: HttpRequester | undefined): void {
  setDefaultHttpRequester(requester);
}
