/**
 * The token exchange of `requestIdentityAssertion` (SEP-990) on oauth4webapi: loaded with the
 * rest of the OAuth flows (`oauth-flows.ts`) the first time it runs.
 */
import { ClientSecretBasic, genericTokenEndpointRequest, None, processGenericTokenEndpointResponse, type AuthorizationServer } from 'oauth4webapi';
import { TokenRequestError } from './errors.js';
import { requestOptions } from './http-options.js';
import type { IdentityAssertionRequest } from './identity-assertion-options.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';

/** Asks the IdP for an ID-JAG; resolves with it, or rejects with a `TokenRequestError`. */
export async function exchangeIdentityAssertion(request: IdentityAssertionRequest): Promise<string> {
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
  const auth = request.clientSecret === undefined ? None() : ClientSecretBasic(request.clientSecret);
  try {
    const response = await genericTokenEndpointRequest(idp, client, auth, TOKEN_EXCHANGE, parameters, requestOptions(fetchImpl, request.idpTokenEndpoint));
    // RFC 8693 §2.2.1: an ID-JAG is no access token, its token_type is `N_A`
    const answer = await processGenericTokenEndpointResponse(idp, client, response, { recognizedTokenTypes: { n_a: () => undefined } });
    if (answer['issued_token_type'] !== ID_JAG) throw new TokenRequestError('token-exchange', 'not_an_id_jag');
    return answer.access_token;
  } catch (error) {
    if (error instanceof TokenRequestError) throw error;
    const code = (error as { error?: unknown }).error;
    throw new TokenRequestError('token-exchange', typeof code === 'string' ? code : 'invalid_response');
  }
}
