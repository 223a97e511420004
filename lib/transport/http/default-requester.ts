/**
 * Which {@link HttpRequester} an HTTP transport uses: its own `requester` option, else a
 * requester on its `fetch` option, else the process-wide default (set by `rxmcp/node`, which
 * provides undici's, or by `useHttpRequester`), else the platform's `fetch` (`cross-fetch` where
 * there is none). Kept here so the browser-safe entry never imports Node code: the Node entry
 * registers its requester, the browser one never does.
 */
import { resolveFetch, type FetchLike } from './fetch.js';
import { fetchRequester } from './fetch-requester.js';
import type { HttpRequester } from './requester.js';

let chosen: HttpRequester | undefined;
let provided: (() => HttpRequester) | undefined;

/** Sets the requester every HTTP transport without `fetch` or `requester` options uses from now on; `undefined` goes back to the platform's default. */
export function setDefaultHttpRequester(requester: HttpRequester | undefined): void {
  chosen = requester;
}

/** Offers a platform default (made on first use); ignored once a default was set or offered. */
export function provideDefaultHttpRequester(make: () => HttpRequester): void {
  provided ??= make;
}

/** The options that choose a requester. */
export interface RequesterChoice {
  readonly requester?: HttpRequester;
  readonly fetch?: FetchLike;
}

/** The requester of a transport with these options. */
export async function resolveRequester(options: RequesterChoice): Promise<HttpRequester> {
  if (options.requester !== undefined) return options.requester;
  if (options.fetch !== undefined) return fetchRequester(options.fetch);
  if (chosen === undefined && provided !== undefined) chosen = provided();
  return chosen ?? fetchRequester(await resolveFetch(undefined));
}
