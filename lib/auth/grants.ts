/**
 * The two grants of the interactive flow, on oauth4webapi: the authorization code grant with
 * PKCE S256, `state`, the resource indicator (RFC 8707) and the `iss` check of RFC 9207 (required
 * when advertised, refused when it differs, compared exactly), and the refresh grant (a rotated
 * refresh token replaces the old one; one the AS does not rotate is kept).
 */
import type { AuthorizationServer, Client, DPoPHandle, TokenEndpointResponse } from 'oauth4webapi';
import { loadedOAuthLibrary, oauthLibrary } from './oauth-library.js';
import { AuthorizationDeniedError, IssuerResponseError, PkceUnsupportedError, TokenRequestError } from './errors.js';
import type { DpopKey } from './dpop.js';
import { requestOptions, type FetchLike } from './http-options.js';
import type { OAuthProviderOptions } from './oauth-options.js';
import { clientAuthOf } from './registration.js';
import type { PendingAuthorization, StoredClient, StoredTokens } from './token-store.js';

/** What one grant needs to know. */
export interface GrantContext {
  readonly fetch: FetchLike;
  readonly as: AuthorizationServer;
  readonly client: StoredClient;
  readonly resource: string;
  /** The DPoP key, when tokens are to be DPoP-bound. */
  readonly dpop?: DpopKey;
  /** The key of `private_key_jwt`, if the client authenticates so. */
  readonly key?: { readonly privateKey?: CryptoKey; readonly keyId?: string };
}

/** Runs the authorization code grant: the user-agent step, the checks of the response, the code exchange. `started` sees the pending authorization before the user-agent step. */
export async function authorizationCodeGrant(
  context: GrantContext,
  options: OAuthProviderOptions & { readonly redirectUri: string; readonly authorize: NonNullable<OAuthProviderOptions['authorize']> },
  scope: string | undefined,
  started?: (pending: PendingAuthorization) => Promise<void>,
): Promise<StoredTokens> {
  const oauth = await oauthLibrary();
  const { as, resource } = context;
  if (!(as.code_challenge_methods_supported ?? []).includes('S256')) throw new PkceUnsupportedError(as.issuer);
  if (as.authorization_endpoint === undefined) throw new AuthorizationDeniedError('no_authorization_endpoint');
  const pending: PendingAuthorization = { state: oauth.generateRandomState(), codeVerifier: oauth.generateRandomCodeVerifier(), redirectUri: options.redirectUri, ...(scope !== undefined && { scope }) };
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', context.client.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('resource', resource);
  if (scope !== undefined) url.searchParams.set('scope', scope);
  await started?.(pending);
  const returned = await options.authorize({ url, state: pending.state, redirectUri: options.redirectUri, issuer: as.issuer });
  return exchangeCode(context, pending, returned);
}

/** Checks the redirect back (`state`, `iss`, error) against `pending` and exchanges its code for tokens. */
export async function exchangeCode(context: GrantContext, pending: PendingAuthorization, returned: string | URL): Promise<StoredTokens> {
  const oauth = await oauthLibrary();
  const { as, resource } = context;
  const callback = new URL(returned.toString());
  const client = clientOf(context.client);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callback, pending.state);
  } catch (error) {
    throw authorizationResponseError(error, as, callback);
  }
  const send = () =>
    oauth.authorizationCodeGrantRequest(as, client, clientAuthOf(as, context.client, context.key), params, pending.redirectUri, pending.codeVerifier, {
      additionalParameters: { resource },
      ...tokenOptions(context),
    });
  return toTokens(await processed('authorization_code', context, send, (response) => oauth.processAuthorizationCodeResponse(as, client, response)), pending.scope);
}

/** Runs the client credentials grant (RFC 6749 §4.4) with the resource indicator and `scope`. */
export async function clientCredentialsGrant(context: GrantContext, scope: string | undefined): Promise<StoredTokens> {
  const oauth = await oauthLibrary();
  const { as } = context;
  const client = clientOf(context.client);
  const parameters: Record<string, string> = { resource: context.resource, ...(scope !== undefined && { scope }) };
  const send = () => oauth.clientCredentialsGrantRequest(as, client, clientAuthOf(as, context.client, context.key), parameters, tokenOptions(context));
  return toTokens(await processed('client_credentials', context, send, (response) => oauth.processClientCredentialsResponse(as, client, response)), scope);
}

/** The grant type of RFC 7523 §2.1. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Runs the JWT bearer grant (RFC 7523 §2.1) with `assertion`, the resource indicator and `scope`. */
export async function jwtBearerGrant(context: GrantContext, assertion: string, scope: string | undefined): Promise<StoredTokens> {
  const oauth = await oauthLibrary();
  const { as } = context;
  const client = clientOf(context.client);
  const parameters: Record<string, string> = { assertion, resource: context.resource, ...(scope !== undefined && { scope }) };
  const send = () => oauth.genericTokenEndpointRequest(as, client, clientAuthOf(as, context.client, context.key), JWT_BEARER_GRANT, parameters, tokenOptions(context));
  return toTokens(await processed('jwt-bearer', context, send, (response) => oauth.processGenericTokenEndpointResponse(as, client, response)), scope);
}

/** Runs the refresh grant with `refreshToken`; the result keeps the old refresh token when the AS sends none. */
export async function refreshGrant(context: GrantContext, tokens: StoredTokens & { readonly refreshToken: string }): Promise<StoredTokens> {
  const oauth = await oauthLibrary();
  const { as } = context;
  const client = clientOf(context.client);
  const send = () =>
    oauth.refreshTokenGrantRequest(as, client, clientAuthOf(as, context.client, context.key), tokens.refreshToken, {
      additionalParameters: { resource: context.resource },
      ...tokenOptions(context),
    });
  const fresh = toTokens(await processed('refresh_token', context, send, (response) => oauth.processRefreshTokenResponse(as, client, response)), tokens.scope);
  return fresh.refreshToken === undefined ? { ...fresh, refreshToken: tokens.refreshToken } : fresh;
}

function clientOf(client: StoredClient): Client {
  return { client_id: client.clientId };
}

/** The oauth4webapi options of a token request: ours, plus the DPoP handle when tokens are bound. */
function tokenOptions(context: GrantContext): ReturnType<typeof requestOptions> & { DPoP?: DPoPHandle } {
  return { ...requestOptions(context.fetch, context.as.token_endpoint ?? context.as.issuer), ...(context.dpop !== undefined && { DPoP: context.dpop.handle }) };
}

/**
 * Sends a token request and reads its answer; a `use_dpop_nonce` refusal is sent once more (the
 * handle then carries the server's nonce, RFC 9449 §8). Other refusals are a `TokenRequestError`.
 */
async function processed(grant: string, context: GrantContext, send: () => Promise<Response>, read: (response: Response) => Promise<TokenEndpointResponse>): Promise<TokenEndpointResponse> {
  const oauth = loadedOAuthLibrary();
  for (let attempt = 0; ; attempt++) {
    try {
      return await read(await send());
    } catch (error) {
      if (attempt === 0 && context.dpop !== undefined && oauth.isDPoPNonceError(error)) continue;
      throw new TokenRequestError(grant, error instanceof oauth.ResponseBodyError ? error.error : 'invalid_response');
    }
  }
}

function toTokens(response: TokenEndpointResponse, requested: string | undefined): StoredTokens {
  const scope = typeof response.scope === 'string' ? response.scope : requested;
  const now = Date.now();
  return {
    obtainedAt: now,
    accessToken: response.access_token,
    tokenType: response.token_type,
    ...(typeof response.refresh_token === 'string' && { refreshToken: response.refresh_token }),
    ...(typeof response.expires_in === 'number' && { expiresAt: now + response.expires_in * 1000 }),
    ...(scope !== undefined && { scope }),
  };
}

/** The typed error of an authorization response that failed its checks. */
function authorizationResponseError(error: unknown, as: AuthorizationServer, callback: URL): Error {
  const oauth = loadedOAuthLibrary();
  if (error instanceof oauth.AuthorizationResponseError) return new AuthorizationDeniedError(error.error);
  const iss = callback.searchParams.get('iss');
  if (iss === null && as.authorization_response_iss_parameter_supported === true) return new IssuerResponseError(as.issuer, 'missing');
  if (iss !== null && iss !== as.issuer) return new IssuerResponseError(as.issuer, 'mismatch');
  return new AuthorizationDeniedError('invalid_response');
}
