/**
 * What `OAuthProvider` and `requestIdentityAssertion` run on oauth4webapi: discovery, client
 * registration, the grants, DPoP keys, the ID-JAG exchange. One module, loaded with `import()`
 * (`oauth-flows-loader.ts`) the first time a flow runs, so importing `rxmcp` (and a client that
 * never authenticates) does not load oauth4webapi; nothing imports it statically.
 */
export { discover, serverMetadata } from './discovery.js';
export { DpopKey } from './dpop.js';
export { authorizationCodeGrant, clientCredentialsGrant, exchangeCode, jwtBearerGrant, refreshGrant } from './grants.js';
export { exchangeIdentityAssertion } from './identity-assertion-exchange.js';
export { resolveClient } from './registration.js';
