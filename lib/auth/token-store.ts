/**
 * Where an OAuth provider keeps what it obtained: one record per storage key (one MCP server),
 * stamped with the issuer it came from, so credentials of one authorization server are never
 * offered to another (SEP-2352). Stores may answer synchronously or with a Promise; the
 * in-memory store is the default. `rxmcp/node` has a file store; browsers can wrap
 * `localStorage`/`sessionStorage` with {@link webStorageTokenStore}.
 */
import type { WebStorageLike } from '../protocol/web-storage.js';

/** A value now or a Promise of it. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** The client identity at one authorization server (pre-registered, a metadata document URL, or registered dynamically). */
export interface StoredClient {
  /** The `client_id` the authorization server knows the client by. */
  readonly clientId: string;
  /** The `client_secret`, for a confidential client. */
  readonly clientSecret?: string;
  /** `client_secret_basic`, `client_secret_post` or `none`; chosen from the AS metadata when absent. */
  readonly tokenEndpointAuthMethod?: string;
}

/** The tokens of one grant. */
export interface StoredTokens {
  /** The access token sent with each request. */
  readonly accessToken: string;
  /** `bearer` (lowercase). */
  readonly tokenType: string;
  /** The refresh token, when the server issued one; renews the access token without the user. */
  readonly refreshToken?: string;
  /** When the access token expires, in epoch milliseconds (from `expires_in`). */
  readonly expiresAt?: number;
  /** When the tokens were obtained, in epoch milliseconds. */
  readonly obtainedAt?: number;
  /** The scopes granted (the token response's `scope`, else the ones requested). */
  readonly scope?: string;
}

/** Everything the provider keeps for one MCP server. */
export interface OAuthRecord {
  /** The issuer the client and tokens belong to. */
  readonly issuer: string;
  /** The resource indicator (RFC 8707) the tokens were asked for. */
  readonly resource: string;
  /** The client identity at the issuer, once known. */
  readonly client?: StoredClient;
  /** The tokens of the last grant, once there is one. */
  readonly tokens?: StoredTokens;
  /** The scopes last requested (the base of a step-up's union). */
  readonly requestedScope?: string;
  /** An authorization code grant under way (`state`, PKCE verifier): what `finishAuth` resumes after a page load. */
  readonly pending?: PendingAuthorization;
}

/** An authorization under way: what the redirect back is checked and exchanged with (kept across a page load by the browser flows). */
export interface PendingAuthorization {
  /** The `state` sent; the redirect back must carry it. */
  readonly state: string;
  /** The PKCE code verifier (a secret: kept in the token store, never in a message). */
  readonly codeVerifier: string;
  /** The redirect URI sent (the code exchange repeats it). */
  readonly redirectUri: string;
  /** The scopes asked for. */
  readonly scope?: string;
}

/** A place to keep {@link OAuthRecord}s; each method may be synchronous or return a Promise. */
export interface TokenStore {
  /** The record kept under `key`, or `undefined` when there is none. */
  get(key: string): MaybePromise<OAuthRecord | undefined>;
  /** Keeps `record` under `key`, replacing what was there. */
  set(key: string, record: OAuthRecord): MaybePromise<void>;
  /** Drops the record under `key`, if any. */
  delete(key: string): MaybePromise<void>;
}

/** The default store: a `Map`, gone when the process ends. */
export class InMemoryTokenStore implements TokenStore {
  private readonly records = new Map<string, OAuthRecord>();

  /** The record kept under `key`, or `undefined` when there is none. */
  get(key: string): OAuthRecord | undefined {
    return this.records.get(key);
  }

  /** Keeps `record` under `key`, replacing what was there. */
  set(key: string, record: OAuthRecord): void {
    this.records.set(key, record);
  }

  /** Drops the record under `key`, if any. */
  delete(key: string): void {
    this.records.delete(key);
  }
}

/**
 * A store over `localStorage` or `sessionStorage` (JSON under `prefix + key`). A value that does
 * not parse is treated as absent. Anything in Web Storage is readable by every script of the
 * origin: prefer `sessionStorage`, and keep refresh tokens out where XSS is a concern.
 */
export function webStorageTokenStore(storage: WebStorageLike, prefix = 'rxmcp.oauth.'): TokenStore {
  return {
    get(key) {
      const text = storage.getItem(prefix + key);
      if (text === null) return undefined;
      try {
        const value: unknown = JSON.parse(text);
        return isRecord(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, record) {
      storage.setItem(prefix + key, JSON.stringify(record));
    },
    delete(key) {
      storage.removeItem(prefix + key);
    },
  };
}

/** True when `value` has the shape of an {@link OAuthRecord} (as far as the provider relies on it). */
export function isRecord(value: unknown): value is OAuthRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['issuer'] === 'string' && typeof record['resource'] === 'string';
}
