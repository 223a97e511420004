/**
 * Enterprise-managed authorization (SEP-990), the IdP half: exchanges the user's ID token at the
 * enterprise IdP for an identity assertion authorization grant (ID-JAG; RFC 8693 token exchange
 * with `requested_token_type` id-jag, `audience` the authorization server, `resource` the MCP
 * server). The ID-JAG is then the `assertion` of an `OAuthProvider` with `grant: 'jwt_bearer'`.
 */
import type { AuthorizationServer } from 'oauth4webapi';
import { oauthLibrary } from './oauth-library.js';
import { TokenRequestError } from './errors.js';
import { requestOptions, type FetchLike } from './http-options.js';

/** What {@link requestIdentityAssertion} needs. */
export interface IdentityAssertionRequest {
  /** The IdP's issuer and token endpoint. */
  readonly idpIssuer: string;
  /** The IdP's token endpoint, where the token exchange is sent. */
  readonly idpTokenEndpoint: string;
  /** The client at the IdP; with a secret it authenticates with `client_secret_basic`. */
  readonly clientId: string;
  /** The client's secret at the IdP; without it the client does not authenticate (`none`). */
  readonly clientSecret?: string;
  /** The user's ID token from the IdP (the subject token). */
  readonly idToken: string;
  /** The authorization server the ID-JAG is for (its issuer). */
  readonly audience: string;
  /** The MCP server (resource indicator). */
  readonly resource: string;
  /** The scopes (space-separated) the ID-JAG is asked for. */
  readonly scope?: string;
  /** The `fetch` the token exchange is sent with; the global one by default. */
  readonly fetch?: FetchLike;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';

/** Asks the IdP for an ID-JAG; resolves with it, or rejects with a `TokenRequestError`. */
export async function requestIdentityAssertion(request: IdentityAssertionRequest): Promise<string> {
  const oauth = await oauthLibrary();
  const fetchImpl = request.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const idp: AuthorizationServer = { issuer: request.idpIssuer, token_endpoint: request.idpTokenEndpoint };
  const client = { client_id: request.clientId };
  const parameters: Record<string, string> = {
    subject_token: request.idToken,
    subject_token_type: ID_TOKEN,
    requested_token_type: ID_JAG,
    audience: request.audience,
    resource: request.resource,
    ...(request.scope !== undefined && { scope: request.scope }),
  };
  const auth = request.clientSecret === undefined ? oauth.None() : oauth.ClientSecretBasic(request.clientSecret);
  try {
    const response = await oauth.genericTokenEndpointRequest(idp, client, auth, TOKEN_EXCHANGE, parameters, requestOptions(fetchImpl, request.idpTokenEndpoint));
    // RFC 8693 §2.2.1: an ID-JAG is no access token, its token_type is `N_A`
    const answer = await oauth.processGenericTokenEndpointResponse(idp, client, response, { recognizedTokenTypes: { n_a: () => undefined } });
    if (answer['issued_token_type'] !== ID_JAG) throw new TokenRequestError('token-exchange', 'not_an_id_jag');
    return answer.access_token;
  } catch (error) {
    if (error instanceof TokenRequestError) throw error;
    const code = (error as { error?: unknown }).error;
    throw new TokenRequestError('token-exchange', typeof code === 'string' ? code : 'invalid_response');
  }
}
