/**
 * oauth4webapi, loaded with `import()` by the first OAuth flow that runs (discovery, registration,
 * a grant, a DPoP key, the ID-JAG exchange), so importing `rxmcp`, and a client that never
 * authenticates, does not load it. Every async step of a flow awaits {@link oauthLibrary} first;
 * the synchronous helpers those steps call read {@link loadedOAuthLibrary}.
 */
import type * as OAuth from 'oauth4webapi';
import { lazyPart, PartLoadError } from '../protocol/part-loader.js';

/** The oauth4webapi module. */
export type OAuthLibrary = typeof OAuth;

const PART = 'OAuth 2.1 (oauth4webapi)';
const load = /* @__PURE__ */ lazyPart(PART, () => import('oauth4webapi'));
let loaded: OAuthLibrary | undefined;

/** oauth4webapi, loaded once (a failed load is a `PartLoadError`, and is tried again next time). */
export async function oauthLibrary(): Promise<OAuthLibrary> {
  return (loaded ??= await load());
}

/** oauth4webapi for a synchronous helper of a flow (which has awaited {@link oauthLibrary}); a `PartLoadError` before that. */
export function loadedOAuthLibrary(): OAuthLibrary {
  if (loaded === undefined) throw new PartLoadError(PART, new Error('not loaded yet: await oauthLibrary() first'));
  return loaded;
}
