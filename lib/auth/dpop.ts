/**
 * DPoP (RFC 9449, SEP-1932): one ES256 key pair per provider. oauth4webapi adds the proofs of
 * token requests (`handle`); the proofs of MCP requests (`htm`, `htu`, `ath`, the server's
 * nonce) are signed here with jose, loaded on first use (about 35 ms of import a process without
 * DPoP never pays). Nonces are kept per origin, as servers hand them out.
 */
import type { JWK } from 'jose';
import type { DPoPHandle } from 'oauth4webapi';
import { oauthLibrary } from './oauth-library.js';

/** jose, imported once, when a proof or thumbprint is first needed. */
let joseModule: Promise<typeof import('jose')> | undefined;
const jose = (): Promise<typeof import('jose')> => (joseModule ??= import('jose'));

/** A DPoP key pair with its oauth4webapi handle and the nonces resource servers gave. */
export class DpopKey {
  private readonly nonces = new Map<string, string>();
  private jwk: JWK | undefined;

  private constructor(
    private readonly keys: CryptoKeyPair,
    /** For oauth4webapi's token requests (it keeps the authorization server's nonce itself). */
    readonly handle: DPoPHandle,
  ) {}

  /** A fresh ES256 key pair (the private key not extractable). */
  static async generate(): Promise<DpopKey> {
    const oauth = await oauthLibrary();
    const keys = await oauth.generateKeyPair('ES256');
    return new DpopKey(keys, oauth.DPoP({}, keys));
  }

  /** The JWK thumbprint of the public key (what a bound token's `cnf.jkt` names). */
  async thumbprint(): Promise<string> {
    const { calculateJwkThumbprint } = await jose();
    return calculateJwkThumbprint(await this.publicJwk());
  }

  /** Remembers the nonce a server gave in `DPoP-Nonce` for the origin of `url`. */
  rememberNonce(url: string, nonce: string): void {
    this.nonces.set(new URL(url).origin, nonce);
  }

  /** The `DPoP` header of one request carrying `accessToken` (RFC 9449 §4.2, §7.1). */
  async proof(method: string, url: string, accessToken: string): Promise<string> {
    const { base64url: b64, SignJWT } = await jose();
    const target = new URL(url);
    const ath = b64.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))));
    const nonce = this.nonces.get(target.origin);
    return new SignJWT({ htm: method, htu: `${target.origin}${target.pathname}`, ath, ...(nonce !== undefined && { nonce }) })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await this.publicJwk() })
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .sign(this.keys.privateKey);
  }

  private async publicJwk(): Promise<JWK> {
    if (this.jwk === undefined) {
      const { exportJWK } = await jose();
      const { kty, crv, x, y } = await exportJWK(this.keys.publicKey);
      this.jwk = { kty, crv, x, y };
    }
    return this.jwk;
  }
}
