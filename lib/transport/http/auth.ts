/**
 * The authentication seam of the HTTP transports: an object asked for headers before every
 * request. `BearerAuth` ships, and so does `OAuthProvider` (`lib/auth/`), the OAuth 2.1 flow,
 * which plugs in through this interface (with `onUnauthorized`, which renews credentials and asks
 * for one retry).
 */

/** Supplies credentials for each HTTP request. */
export interface ClientAuth {
  /**
   * Headers to add to every request (e.g. `Authorization`). Called per request, so tokens can
   * rotate; told the request's method and URL (a DPoP proof signs them).
   */
  getHeaders(request?: { readonly method: string; readonly url: string }): Record<string, string> | Promise<Record<string, string>>;
  /**
   * Called on a 401 (or 403) response. Resolve `true` to have the request sent once more with
   * fresh headers (a refreshed token); `false` fails it with an `AuthenticationError`.
   */
  onUnauthorized?(context: {
    readonly status: number;
    readonly challenge: string | undefined;
    readonly url: string;
    /** The credentials the refused request carried, when the transport knows them. */
    readonly credentials?: Readonly<Record<string, string>>;
    /** The refusal's `DPoP-Nonce` header (RFC 9449 §9), if it had one. */
    readonly dpopNonce?: string;
  }): boolean | Promise<boolean>;
}

/** `Authorization: Bearer <token>`; the token may be a function, asked before every request. */
export class BearerAuth implements ClientAuth {
  constructor(private readonly token: string | (() => string | Promise<string>)) {}

  /** The headers to send: the static ones, then what `getHeaders` gives. */
  async getHeaders(): Promise<Record<string, string>> {
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    return { Authorization: `Bearer ${token}` };
  }
}
