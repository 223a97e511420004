/**
 * How the client is known to an authorization server, in the MCP priority order: a
 * pre-registered client (for this issuer, or for any), the one registered earlier and stored
 * for this issuer, a client ID metadata document URL where the AS supports them (SEP-991),
 * then dynamic client registration (RFC 7591, with `application_type`, SEP-837). And how it
 * authenticates at the token endpoint: `client_secret_basic`, `client_secret_post` or `none`.
 */
import type { AuthorizationServer, ClientAuth } from 'oauth4webapi';
import { loadedOAuthLibrary, oauthLibrary } from './oauth-library.js';
import { RegistrationRefusedError } from './errors.js';
import { isLoopback, requestOptions, type FetchLike } from './http-options.js';
import type { OAuthProviderOptions } from './oauth-options.js';
import type { StoredClient } from './token-store.js';

/** The client to use with `as`: `stored` if it belongs there, else the next source in priority order. */
export async function resolveClient(fetchImpl: FetchLike, as: AuthorizationServer, options: OAuthProviderOptions, stored: StoredClient | undefined): Promise<StoredClient> {
  const pre = options.client;
  if (pre !== undefined && (pre.issuer === undefined || pre.issuer === as.issuer)) {
    // what is stored: the identity, never the key
    return { clientId: pre.clientId, ...(pre.clientSecret !== undefined && { clientSecret: pre.clientSecret }), ...(pre.tokenEndpointAuthMethod !== undefined && { tokenEndpointAuthMethod: pre.tokenEndpointAuthMethod }) };
  }
  if (stored !== undefined) return stored;
  if (options.clientMetadataUrl !== undefined && as.client_id_metadata_document_supported === true) {
    return { clientId: options.clientMetadataUrl, tokenEndpointAuthMethod: 'none' };
  }
  if (as.registration_endpoint === undefined) throw new RegistrationRefusedError(as.issuer, 'no pre-registered client, no client ID metadata document support, no registration endpoint');
  return register(fetchImpl, as, options);
}

/** Dynamic client registration (RFC 7591). */
async function register(fetchImpl: FetchLike, as: AuthorizationServer, options: OAuthProviderOptions): Promise<StoredClient> {
  const oauth = await oauthLibrary();
  const refresh = options.refresh !== false;
  const metadata = {
    redirect_uris: options.redirectUri === undefined ? [] : [options.redirectUri],
    client_name: options.clientName ?? 'rxmcp',
    grant_types: refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    application_type: options.applicationType ?? applicationTypeOf(options.redirectUri ?? ''),
  };
  let registered: { readonly client_id: string; readonly client_secret?: unknown; readonly token_endpoint_auth_method?: unknown };
  try {
    const response = await oauth.dynamicClientRegistrationRequest(as, metadata, requestOptions(fetchImpl, as.registration_endpoint!));
    const copy = response.clone();
    try {
      registered = await oauth.processDynamicClientRegistrationResponse(response);
    } catch (error) {
      // RFC 7591 makes `client_secret_expires_at` required with a secret; many servers omit it
      // (meaning: never expires). Accept that one omission, nothing else.
      if (!String((error as Error).message).includes('client_secret_expires_at')) throw error;
      registered = await lenientRegistration(copy);
    }
  } catch (error) {
    const code = (error as { error?: unknown }).error;
    throw new RegistrationRefusedError(as.issuer, typeof code === 'string' ? `the registration endpoint refused (${code})` : 'the registration endpoint did not answer with a registration');
  }
  const secret = typeof registered.client_secret === 'string' ? registered.client_secret : undefined;
  const method = typeof registered.token_endpoint_auth_method === 'string' ? registered.token_endpoint_auth_method : undefined;
  return { clientId: registered.client_id, ...(secret !== undefined && { clientSecret: secret }), ...(method !== undefined && { tokenEndpointAuthMethod: method }) };
}

/** A registration response without `client_secret_expires_at`: its `client_id` and `client_secret`, checked to be strings. */
async function lenientRegistration(response: Response): Promise<{ client_id: string; client_secret?: string; token_endpoint_auth_method?: unknown }> {
  const body = (await response.json()) as Record<string, unknown>;
  const { client_id: id, client_secret: secret, token_endpoint_auth_method: method } = body;
  if (typeof id !== 'string' || typeof secret !== 'string') throw new TypeError('not a registration');
  return { client_id: id, client_secret: secret, token_endpoint_auth_method: method };
}

/** `native` for a loopback or custom-scheme redirect URI, `web` for an https page elsewhere. */
function applicationTypeOf(redirectUri: string): 'native' | 'web' {
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'https:' && !isLoopback(url) ? 'web' : 'native';
  } catch {
    return 'native';
  }
}

/** The token endpoint authentication of `client` at `as`; `key` signs `private_key_jwt` assertions. */
export function clientAuthOf(as: AuthorizationServer, client: StoredClient, key?: { readonly privateKey?: CryptoKey; readonly keyId?: string }): ClientAuth {
  const oauth = loadedOAuthLibrary();
  const method = client.tokenEndpointAuthMethod ?? (key?.privateKey !== undefined ? 'private_key_jwt' : pickMethod(as, client.clientSecret !== undefined));
  if (method === 'private_key_jwt') {
    if (key?.privateKey === undefined) throw new RegistrationRefusedError(as.issuer, 'private_key_jwt needs the client\'s privateKey');
    return oauth.PrivateKeyJwt({ key: key.privateKey, ...(key.keyId !== undefined && { kid: key.keyId }) });
  }
  if (client.clientSecret === undefined || method === 'none') return oauth.None();
  return method === 'client_secret_post' ? oauth.ClientSecretPost(client.clientSecret) : clientSecretBasic(client.clientId, client.clientSecret);
}

/**
 * `client_secret_basic` (RFC 6749 §2.3.1): `Authorization: Basic base64(id:secret)`, each
 * form-urlencoded first. oauth4webapi's own version also escapes the unreserved `-._~`, which
 * servers that skip the decoding step (common, and the conformance runner's) then misread.
 */
function clientSecretBasic(clientId: string, clientSecret: string): ClientAuth {
  const encode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return (_as, _client, _body, headers) => {
    const pair = new TextEncoder().encode(`${encode(clientId)}:${encode(clientSecret)}`);
    headers.set('authorization', `Basic ${btoa(String.fromCharCode(...pair))}`);
  };
}

/** With a secret: `client_secret_basic` unless the AS lists only `client_secret_post` (or only `none`). */
function pickMethod(as: AuthorizationServer, hasSecret: boolean): string {
  if (!hasSecret) return 'none';
  const supported = as.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  if (supported.includes('none')) return 'none';
  return 'client_secret_basic';
}
