/**
 * The {@link HttpRequester} on a `fetch` (the platform's, the user's, or `cross-fetch`): the
 * browser path, and the Node path when the user passes `fetch`. The `Response` is handed up as
 * it is.
 */
import type { FetchLike } from './fetch.js';
import type { HttpRequester, HttpResponse } from './requester.js';

/** A requester sending every request through `fetch`. */
export function fetchRequester(fetch: FetchLike): HttpRequester {
  return (request) =>
    fetch(request.url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
      redirect: request.redirect,
      ...(request.body === undefined ? {} : { body: request.body }),
    }) as Promise<HttpResponse>;
}
