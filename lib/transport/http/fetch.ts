/**
 * Which `fetch` the HTTP transports use: the caller's (any fetch-compatible function) if given,
 * otherwise the platform's (Node 20+, browsers, workers), and `cross-fetch` only where there is
 * none. The fallback's specifier is held in a variable so bundlers (esbuild, webpack, Vite,
 * Angular's builder) leave the `import()` alone: a browser bundle never contains cross-fetch
 * (CommonJS, ~10 KB), and it is loaded only by a runtime that lacks a global `fetch`.
 */

/** A fetch-compatible function. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** The fallback's module name, not a literal in `import()` so no bundler follows it. */
const FALLBACK_MODULE = 'cross-fetch';

/** The fetch to use. */
export async function resolveFetch(fetch: FetchLike | undefined): Promise<FetchLike> {
  if (fetch !== undefined) return fetch;
  if (typeof globalThis.fetch === 'function') return globalThis.fetch.bind(globalThis);
  const module = (await import(/* webpackIgnore: true */ /* @vite-ignore */ FALLBACK_MODULE)) as { default?: FetchLike; fetch?: FetchLike };
  const fallback = module.fetch ?? module.default;
  if (fallback === undefined) throw new Error('No fetch implementation is available; pass one as the `fetch` option');
  return fallback;
}
