/**
 * Which `fetch` the HTTP transports use: the caller's (any fetch-compatible function) if given,
 * otherwise the platform's (Node 20+, browsers, workers), and `cross-fetch` only where there is
 * none.
 */

/** A fetch-compatible function. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** The fetch to use. */
export async function resolveFetch(fetch: FetchLike | undefined): Promise<FetchLike> {
  if (fetch !== undefined) return fetch;
  if (typeof globalThis.fetch === 'function') return globalThis.fetch.bind(globalThis);
  const module = (await import('cross-fetch')) as { default?: FetchLike; fetch?: FetchLike };
  const fallback = module.fetch ?? module.default;
  if (fallback === undefined) throw new Error('No fetch implementation is available; pass one as the `fetch` option');
  return fallback;
}
