/**
 * The options of {@link OAuthProvider}: how the user agent is driven, how the client is known to
 * the authorization server, which scopes to want, where credentials are kept.
 */
import type { TokenStore } from './token-store.js';

/** What the user-agent step is given: the URL to open, and what the redirect back must carry. */
export interface AuthorizationRequest {
  /** The authorization URL (PKCE S256, `state`, `resource`, `scope`). */
  readonly url: URL;
  /** The `state` the redirect back must carry (the provider checks it; a loopback helper may check it early). */
  readonly state: string;
  /** The redirect URI the authorization server sends the user back to. */
  readonly redirectUri: string;
  /** The issuer of the authorization server. */
  readonly issuer: string;
}

/** A client registered with an authorization server beforehand. */
export interface PreRegisteredClient {
  /** The `client_id` the authorization server issued. */
  readonly clientId: string;
  /** The `client_secret`, for a confidential client. */
  readonly clientSecret?: string;
  /** `client_secret_basic`, `client_secret_post`, `private_key_jwt` (with `privateKey`) or `none`; chosen from the AS metadata when absent. */
  readonly tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  /** The key that signs `private_key_jwt` client assertions (RFC 7523; e.g. from jose's `importPKCS8`). */
  readonly privateKey?: CryptoKey;
  /** The `kid` of `privateKey`, put in the assertion's header when given. */
  readonly keyId?: string;
  /** The issuer this registration belongs to; without it, used with any authorization server. */
  readonly issuer?: string;
}

/** Options of {@link OAuthProvider}. */
export interface OAuthProviderOptions {
  /**
   * The grant: `authorization_code` (default: a user signs in through `authorize`) or
   * `client_credentials` (a machine client: the pre-registered `client` authenticates itself, no
   * user, no redirect; the OAuth client credentials extension) or `jwt_bearer` (an `assertion`
   * is exchanged for the token).
   */
  readonly grant?: 'authorization_code' | 'client_credentials' | 'jwt_bearer';
  /**
   * For `grant: 'jwt_bearer'` (RFC 7523 §2.1): the JWT to present as `assertion`, asked for at
   * each grant: a workload identity token (SEP-1933), or an identity assertion authorization
   * grant from the enterprise IdP (SEP-990). A refused assertion is not retried.
   */
  readonly assertion?: (context: { readonly issuer: string; readonly resource: string; readonly scope: string | undefined }) => string | Promise<string>;
  /** The redirect URI (registered with the AS; a loopback URL for a native app, an https page for the web). Needed for `authorization_code`. */
  readonly redirectUri?: string;
  /**
   * The user-agent step: send the user to `request.url` and resolve with the URL the authorization
   * server redirected back to (it carries `code`, `state` and, where the AS supports it, `iss`).
   * Headless tests fetch the URL with `redirect: 'manual'` and resolve with its `Location`.
   */
  readonly authorize?: (request: AuthorizationRequest) => Promise<string | URL>;
  /** A pre-registered client (used before a metadata document or dynamic registration). */
  readonly client?: PreRegisteredClient;
  /** An https URL of a client ID metadata document, used as `client_id` where the AS supports it (SEP-991). */
  readonly clientMetadataUrl?: string;
  /** `client_name` for dynamic registration. Default `rxmcp`. */
  readonly clientName?: string;
  /** `application_type` for dynamic registration; default `native` for a loopback or custom-scheme redirect, else `web`. */
  readonly applicationType?: 'native' | 'web';
  /** The scopes to ask for when neither the challenge nor the resource metadata names any. */
  readonly scope?: string;
  /** Ask for refresh tokens (`refresh_token` grant, `offline_access` where the AS lists it, SEP-2207). Default `true`. */
  readonly refresh?: boolean;
  /** Where credentials are kept. Default: an {@link InMemoryTokenStore} of this provider. */
  readonly store?: TokenStore;
  /** The key of this provider's record in `store` (one provider per MCP server). Default `default`. */
  readonly storageKey?: string;
  /** The fetch for metadata, registration and token requests. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * DPoP (RFC 9449, SEP-1932): where the authorization server lists ES256 in
   * `dpop_signing_alg_values_supported`, tokens are bound to a key of this provider (kept in
   * memory) and every request carries a fresh proof; server nonces are answered with one retry.
   * Default `false` (bearer tokens).
   */
  readonly dpop?: boolean;
  /** How many step-ups (403 `insufficient_scope`) for the same scopes before giving up. Default 2. */
  readonly maxStepUps?: number;
  /** Refresh an access token this long before it expires. Default 30 000 ms. */
  readonly refreshSkewMs?: number;
}
