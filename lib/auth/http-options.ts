/**
 * The options every oauth4webapi request of the provider gets: our fetch, and plain http only
 * to a loopback host (local development and tests; everything else must be https).
 */
import type * as OAuth from 'oauth4webapi';
import { loadedOAuthLibrary } from './oauth-library.js';

/** The fetch the provider uses for its own requests. */
export type FetchLike = typeof fetch;

/** True for `localhost`, `127.0.0.0/8` and `[::1]`. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** The oauth4webapi options every request of the provider gets. */
export type RequestOptions = { [K in typeof OAuth.customFetch]: FetchLike } & { [K in typeof OAuth.allowInsecureRequests]: boolean };

/** The oauth4webapi request options for a request to `url` (inside a flow: oauth4webapi is loaded). */
export function requestOptions(fetchImpl: FetchLike, url: string | URL): RequestOptions {
  const oauth = loadedOAuthLibrary();
  const target = typeof url === 'string' ? new URL(url) : url;
  return { [oauth.customFetch]: fetchImpl, [oauth.allowInsecureRequests]: target.protocol === 'http:' && isLoopback(target) };
}

/** A GET of a metadata document, or `undefined` when it cannot be had there (any status but 200, or no answer). */
export async function fetchMetadata(fetchImpl: FetchLike, url: URL): Promise<Response | undefined> {
  if (url.protocol !== 'https:' && !isLoopback(url)) return undefined;
  try {
    const response = await fetchImpl(url.href, { headers: { Accept: 'application/json' }, redirect: 'manual' });
    if (response.status === 200) return response;
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  } catch {
    return undefined;
  }
}
