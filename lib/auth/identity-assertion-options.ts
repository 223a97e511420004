/**
 * What `requestIdentityAssertion` (SEP-990, `identity-assertion.ts`) needs, in a file of its own so
 * the public function and the exchange it loads on first use (`identity-assertion-exchange.ts`)
 * share it without importing each other.
 */
import type { FetchLike } from './http-options.js';

/** What `requestIdentityAssertion` needs. */
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
