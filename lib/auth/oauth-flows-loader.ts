/**
 * The one loader of the OAuth flows (`oauth-flows.ts`, on oauth4webapi): `import()`ed once, on the
 * first flow that runs, shared by every provider; a failed load is a `PartLoadError`.
 */
import { lazyPart } from '../protocol/part-loader.js';

/** The OAuth flows' module, loaded on first use. */
export const oauthFlows = lazyPart('the OAuth flows (oauth4webapi)', () => import('./oauth-flows.js'));
