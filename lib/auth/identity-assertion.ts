/**
 * Enterprise-managed authorization (SEP-990), the IdP half: exchanges the user's ID token at the
 * enterprise IdP for an identity assertion authorization grant (ID-JAG; RFC 8693 token exchange
 * with `requested_token_type` id-jag, `audience` the authorization server, `resource` the MCP
 * server). The ID-JAG is then the `assertion` of an `OAuthProvider` with `grant: 'jwt_bearer'`.
 */
import type { IdentityAssertionRequest } from './identity-assertion-options.js';
import { oauthFlows } from './oauth-flows-loader.js';

export type { IdentityAssertionRequest } from './identity-assertion-options.js';

/**
 * Asks the IdP for an ID-JAG; resolves with it, or rejects with a `TokenRequestError` (a
 * `PartLoadError` if the OAuth flows, loaded on first use with oauth4webapi, cannot be loaded).
 */
export async function requestIdentityAssertion(request: IdentityAssertionRequest): Promise<string> {
  return (await oauthFlows()).exchangeIdentityAssertion(request);
}
