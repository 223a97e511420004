/**
 * `OAuthProvider`: OAuth 2.1 for MCP behind the transports' credentials seam (`ClientAuth`:
 * `getHeaders` before each request, `onUnauthorized` on a 401/403). Give it as the `auth`
 * option of `Client.connect` or of a transport; it discovers, registers, authorizes, refreshes
 * and steps up by itself, and keeps what it got in its `TokenStore`.
 *
 * - 401: discover again (the protected resource may have moved to another authorization
 *   server: then everything kept for the old one is dropped, SEP-2352), refresh when there is a
 *   refresh token, else (or when the refresh is refused) run the authorization code grant.
 * - 403 `insufficient_scope`: authorize again for the union of the scopes asked before and the
 *   challenged ones; the same scopes at most `maxStepUps` times (`AuthRetryLimitError`).
 * - Single flight: every renewal (refresh, authorization, step-up) runs once however many
 *   requests were refused together; requests refused with a token older than the current one
 *   are simply sent again; requests made while a renewal runs wait for it. A rotating refresh
 *   token is therefore never spent twice.
 * - `state$` tells a UI where the flow is (`unauthorized`, `authorizing`, `authorized`,
 *   `refreshing`, `failed`); it never carries a token. It starts from the store: the
 *   constructor reads it once, and tokens kept there make it `authorized` at once (a
 *   synchronous store) or as soon as the read resolves (an asynchronous one, until which
 *   `state$` emits nothing), so a sign-in button never flashes for a user already signed in.
 */
import { BehaviorSubject, concat, distinctUntilChanged, from, ignoreElements, type Observable } from 'rxjs';
import type { AuthorizationServer } from 'oauth4webapi';
import { parseBearerChallenge, type BearerChallenge } from './challenge.js';
import { discover, serverMetadata, type Discovered } from './discovery.js';
import { DpopKey } from './dpop.js';
import { RxMcpError } from '../protocol/errors.js';
import { AuthCallbackError, AuthRetryLimitError, CallbackStateError, DiscoveryFailedError, RedirectStartedError, OAuthFlowError, TokenRequestError } from './errors.js';
import { authorizationCodeGrant, clientCredentialsGrant, exchangeCode, jwtBearerGrant, refreshGrant, type GrantContext } from './grants.js';
import type { FetchLike } from './http-options.js';
import { registerInteractiveAuth, type OAuthState } from './interactive-auth.js';
import type { OAuthProviderOptions } from './oauth-options.js';
import { resolveClient } from './registration.js';
import { selectScope, split, union } from './scopes.js';
import { InMemoryTokenStore, type OAuthRecord, type PendingAuthorization, type StoredClient, type StoredTokens, type TokenStore } from './token-store.js';

export type { OAuthState } from './interactive-auth.js';

/** What the seam tells `onUnauthorized` about a refusal (structurally the transports' `UnauthorizedContext`). */
export interface OAuthRefusal {
  /** The status of the refused request (401 or 403). */
  readonly status: number;
  /** The refusal's `WWW-Authenticate` header, if it had one. */
  readonly challenge: string | undefined;
  /** The URL of the refused request. */
  readonly url: string;
  /** The credentials the refused request carried, when the transport says. */
  readonly credentials?: Readonly<Record<string, string>>;
  /** The refusal's `DPoP-Nonce` header, if it had one. */
  readonly dpopNonce?: string;
}

/** An OAuth 2.1 client for MCP servers, pluggable as the `auth` option; see the file comment. */
export class OAuthProvider {
  private readonly store: TokenStore;
  private readonly key: string;
  private readonly fetchImpl: FetchLike;
  private readonly stateSubject = new BehaviorSubject<OAuthState>('unauthorized');
  private readonly stepUps = new Map<string, number>();
  private flight: Promise<void> | undefined;
  private metadata: { readonly issuer: string; readonly as: AuthorizationServer } | undefined;
  private dpopKey: DpopKey | undefined;

  private readonly interactionSubject = new BehaviorSubject<boolean>(false);

  /** Set once anything moved the state; the first read of an asynchronous store then changes nothing. */
  private moved = false;

  /**
   * Where the flow is; replays the current state. Its first value reflects the store (see the
   * file comment): with an asynchronous store, it comes once the constructor's read settled.
   */
  readonly state$: Observable<OAuthState>;

  /**
   * `true` while the user-agent step runs (the user at the authorization server: the
   * `authorize` option's Promise), `false` otherwise; replays the current value. A `Client`
   * whose `auth` option is this provider holds its request and connect deadlines meanwhile,
   * so time spent signing in never counts against them (the user-agent step has its own
   * bound: `popupRedirect`'s and the loopback listener's `timeoutMs`).
   */
  readonly interaction$: Observable<boolean> = this.interactionSubject.pipe(distinctUntilChanged());

  constructor(private readonly options: OAuthProviderOptions) {
    this.store = options.store ?? new InMemoryTokenStore();
    this.key = options.storageKey ?? 'default';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const read = this.readStore();
    this.state$ = (read === undefined ? this.stateSubject : concat(from(read).pipe(ignoreElements()), this.stateSubject)).pipe(distinctUntilChanged());
    registerInteractiveAuth(this);
  }

  /**
   * The first read of the store: `authorized` when it keeps tokens under this key. Returns the
   * read's Promise for an asynchronous store (settled, never rejected: a store that fails is
   * read again by the first request, which reports it), `undefined` when it answered at once.
   */
  private readStore(): Promise<void> | undefined {
    const found = (record: OAuthRecord | undefined): void => {
      if (record?.tokens !== undefined && !this.moved) this.stateSubject.next('authorized');
    };
    let answer: ReturnType<TokenStore['get']>;
    try {
      answer = this.store.get(this.key);
    } catch {
      return undefined;
    }
    if (answer === undefined || typeof (answer as PromiseLike<unknown>).then !== 'function') {
      found(answer as OAuthRecord | undefined);
      return undefined;
    }
    return Promise.resolve(answer).then(found, () => undefined);
  }

  /** Moves the state (and marks it moved, see {@link OAuthProvider.readStore}). */
  private setState(state: OAuthState): void {
    this.moved = true;
    this.stateSubject.next(state);
  }

  /** The current state (see {@link OAuthProvider.state$}). */
  get state(): OAuthState {
    return this.stateSubject.value;
  }

  /** `Authorization` (and `DPoP`) for the next request: waits for a renewal under way, refreshes an access token about to expire. */
  async getHeaders(request?: { readonly method: string; readonly url: string }): Promise<Record<string, string>> {
    if (this.flight !== undefined) await this.flight.catch(() => undefined);
    let record = await this.store.get(this.key);
    const tokens = record?.tokens;
    if (record !== undefined && tokens?.refreshToken !== undefined && this.expiring(tokens)) {
      await this.once(() => this.refreshStored()).catch(() => undefined);
      record = await this.store.get(this.key);
    }
    const current = record?.tokens;
    if (current === undefined) return {};
    if (this.state === 'unauthorized') this.setState('authorized');
    if (current.tokenType === 'dpop' && this.dpopKey !== undefined && request !== undefined) {
      return { Authorization: `DPoP ${current.accessToken}`, DPoP: await this.dpopKey.proof(request.method, request.url, current.accessToken) };
    }
    return { Authorization: `Bearer ${current.accessToken}` };
  }

  /** A 401 or 403: renews the credentials (once for all the requests refused together) and asks for the request again. */
  async onUnauthorized(refusal: OAuthRefusal): Promise<boolean> {
    const challenge = parseBearerChallenge(refusal.challenge);
    if (refusal.dpopNonce !== undefined && this.dpopKey !== undefined) {
      this.dpopKey.rememberNonce(refusal.url, refusal.dpopNonce);
      if (challenge?.error === 'use_dpop_nonce') return true; // RFC 9449 §9: the same token, a proof with the nonce
    }
    if (refusal.status === 403 && challenge?.error !== 'insufficient_scope') return false;
    if (this.flight !== undefined) {
      await this.flight;
      return true;
    }
    const sent = bearerOf(refusal.credentials);
    const current = (await this.store.get(this.key))?.tokens?.accessToken;
    if (sent !== undefined && current !== undefined && sent !== current) return true; // renewed since it was sent
    await this.once(() => (refusal.status === 403 ? this.stepUp(refusal, challenge!) : this.renew(refusal, challenge)));
    return true;
  }

  /**
   * Signs in before connecting: discovers and authorizes for the MCP server at `serverUrl` now
   * (unless credentials for it are kept already), so the time a user takes at the authorization
   * server does not count against the deadlines of the first request.
   */
  async signIn(serverUrl: string): Promise<void> {
    const record = await this.store.get(this.key);
    if (record?.tokens !== undefined) return;
    await this.once(() => this.renew({ status: 401, challenge: undefined, url: serverUrl }, undefined));
  }

  /**
   * Resumes an authorization after the redirect back (a full-page redirect, or a popup whose
   * opener was reloaded): `url` is the callback URL (`code`, `state`, `iss`). Its `state` must be
   * the one of the authorization under way, kept in the token store (with its PKCE verifier)
   * across the page load; the code is exchanged, the tokens stored, the pending authorization
   * dropped. A callback with no authorization under way, or another `state`, is a
   * `CallbackStateError`; a refusal by the authorization server is typed as in the flow.
   */
  async finishAuth(url: string | URL): Promise<void> {
    const callback = new URL(url.toString());
    const state = callback.searchParams.get('state');
    // a replayed, stale or forged callback is refused before the single flight: it changes
    // nothing (the state stays what it was, tokens already obtained stay in use)
    if (this.flight !== undefined) await this.flight.catch(() => undefined);
    await this.pendingFor(state);
    await this.once(async () => {
      const { record, pending } = await this.pendingFor(state);
      this.setState('authorizing');
      const as = this.metadata?.issuer === record.issuer ? this.metadata.as : await serverMetadata(this.fetchImpl, record.issuer);
      if (as === undefined) throw new DiscoveryFailedError(`No authorization server metadata found for ${record.issuer}`);
      this.metadata = { issuer: record.issuer, as };
      const { pending: _pending, ...base } = record;
      // the state is spent whatever the answer: a callback is never exchanged twice
      await this.store.set(this.key, base);
      const dpop = await this.dpopFor(as);
      const tokens = await exchangeCode({ ...this.grantContext({ as, resource: record.resource }, record.client), ...(dpop !== undefined && { dpop }) }, pending, callback);
      await this.store.set(this.key, { ...base, tokens });
      this.setState('authorized');
    });
  }

  /** The pending authorization a callback with `state` resumes, or a `CallbackStateError`. */
  private async pendingFor(state: string | null): Promise<{ readonly record: OAuthRecord & { readonly client: StoredClient }; readonly pending: PendingAuthorization }> {
    const record = await this.store.get(this.key);
    const pending = record?.pending;
    if (record === undefined || pending === undefined || record.client === undefined) throw new CallbackStateError('no_pending');
    if (state !== pending.state) throw new CallbackStateError('mismatch');
    return { record: { ...record, client: record.client }, pending };
  }

  /** Forgets everything kept for this server (tokens and client registration); the next request starts over. */
  async signOut(): Promise<void> {
    await this.store.delete(this.key);
    this.metadata = undefined;
    this.stepUps.clear();
    this.setState('unauthorized');
  }

  // ---- the renewals -----------------------------------------------------------------------------

  /** Runs `work` unless a renewal is under way (then joins it): the single flight. */
  private once(work: () => Promise<void>): Promise<void> {
    if (this.flight !== undefined) return this.flight;
    const flight = work().then(
      () => {
        if (this.flight === flight) this.flight = undefined;
      },
      (failure: unknown) => {
        if (this.flight === flight) this.flight = undefined;
        // a full-page redirect under way is not a failure (the page is leaving, finishAuth
        // resumes), nor a callback that belongs to no authorization (a replay changes nothing)
        if (!(failure instanceof RedirectStartedError) && !(failure instanceof CallbackStateError)) this.setState('failed');
        // typed, whatever failed underneath (the store, the network to the AS): every transport
        // passes an `RxMcpError` of the hook on as the request's error
        throw failure instanceof RxMcpError ? failure : new OAuthFlowError(`The OAuth flow failed${failure instanceof Error ? ` (${failure.name})` : ''}`, 401, { cause: failure });
      },
    );
    this.flight = flight;
    return flight;
  }

  /** After a 401: discover, drop what belongs to another issuer, refresh if possible, else authorize. */
  private async renew(refusal: OAuthRefusal, challenge: BearerChallenge | undefined): Promise<void> {
    const found = await this.discover(refusal.url, challenge);
    let record = await this.current(found);
    const tokens = record?.tokens;
    if (record !== undefined && tokens?.refreshToken !== undefined) {
      try {
        await this.refresh(found, record, { ...tokens, refreshToken: tokens.refreshToken });
        return;
      } catch (error) {
        if (!(error instanceof TokenRequestError)) throw error;
        // refused (revoked, expired, already used): authorize afresh, keeping the client
        record = { ...record, tokens: undefined };
        await this.store.set(this.key, withoutTokens(record));
      }
    }
    const scope = selectScope({
      challenge: challenge?.scopes,
      scopesSupported: found.scopesSupported,
      configured: this.options.scope,
      previous: record?.requestedScope,
      offlineAccess: this.wantsOfflineAccess(found.as),
    });
    await this.authorize(found, record, scope);
  }

  /** After a 403 `insufficient_scope`: authorize for the union of the scopes asked before and the challenged ones. */
  private async stepUp(refusal: OAuthRefusal, challenge: BearerChallenge): Promise<void> {
    const found = await this.discover(refusal.url, challenge);
    const record = await this.current(found);
    const previous = split(record?.requestedScope ?? record?.tokens?.scope);
    const wanted = union(previous, challenge.scopes ?? []);
    const key = [...wanted].sort().join(' ');
    const attempts = (this.stepUps.get(key) ?? 0) + 1;
    const limit = this.options.maxStepUps ?? 2;
    if (attempts > limit) throw new AuthRetryLimitError(limit);
    this.stepUps.set(key, attempts);
    const scope = selectScope({ challenge: wanted, scopesSupported: undefined, configured: undefined, previous: undefined, offlineAccess: this.wantsOfflineAccess(found.as) });
    await this.authorize(found, record, scope);
  }

  /** The authorization code grant with the client for this issuer; stores the result. */
  private async authorize(found: Discovered, record: OAuthRecord | undefined, scope: string | undefined): Promise<void> {
    this.setState('authorizing');
    const client = await resolveClient(this.fetchImpl, found.as, this.options, record?.client);
    // keep the client before the user-agent step: a failed authorization does not register again
    const base: OAuthRecord = { issuer: found.issuer, resource: found.resource, client, ...(scope !== undefined && { requestedScope: scope }) };
    await this.store.set(this.key, base);
    const dpop = await this.dpopFor(found.as);
    const started = async (pending: PendingAuthorization): Promise<void> => {
      await this.store.set(this.key, { ...base, pending });
    };
    const tokens = await this.grant({ ...this.grantContext(found, client), ...(dpop !== undefined && { dpop }) }, scope, started);
    await this.store.set(this.key, { ...base, tokens });
    this.setState('authorized');
  }

  /** The grant of this provider: client credentials, or the authorization code grant through `authorize`. */
  private grant(context: GrantContext, scope: string | undefined, started: (pending: PendingAuthorization) => Promise<void>): Promise<StoredTokens> {
    if (this.options.grant === 'client_credentials') return clientCredentialsGrant(context, scope);
    if (this.options.grant === 'jwt_bearer') {
      const { assertion } = this.options;
      if (assertion === undefined) throw new OAuthFlowError('The jwt_bearer grant needs the assertion option');
      return Promise.resolve()
        .then(() => assertion({ issuer: context.as.issuer, resource: context.resource, scope }))
        .catch((error: unknown) => Promise.reject(ownError('assertion', error)))
        .then((jwt) => jwtBearerGrant(context, jwt, scope));
    }
    const { redirectUri, authorize } = this.options;
    if (redirectUri === undefined || authorize === undefined) throw new OAuthFlowError('The authorization code grant needs the redirectUri and authorize options');
    const userStep = (request: Parameters<typeof authorize>[0]): Promise<string | URL> => {
      this.interactionSubject.next(true);
      return Promise.resolve()
        .then(() => authorize(request))
        .catch((error: unknown) => Promise.reject(ownError('authorize', error)))
        .finally(() => this.interactionSubject.next(false));
    };
    return authorizationCodeGrant(context, { ...this.options, redirectUri, authorize: userStep }, scope, started);
  }

  /** The refresh grant; stores the rotated tokens. */
  private async refresh(found: { readonly as: AuthorizationServer; readonly resource: string }, record: OAuthRecord, tokens: StoredTokens & { readonly refreshToken: string }): Promise<void> {
    if (record.client === undefined) throw new TokenRequestError('refresh_token', 'no_client');
    this.setState('refreshing');
    const dpop = await this.dpopFor(found.as);
    const fresh = await refreshGrant({ fetch: this.fetchImpl, as: found.as, client: record.client, resource: found.resource, ...(dpop !== undefined && { dpop }), ...(this.options.client?.clientId === record.client.clientId && { key: this.options.client }) }, tokens);
    await this.store.set(this.key, { ...record, tokens: fresh });
    this.setState('authorized');
  }

  /** Refreshes the stored tokens (an access token about to expire), discovering the issuer's metadata if needed. */
  private async refreshStored(): Promise<void> {
    const record = await this.store.get(this.key);
    const tokens = record?.tokens;
    if (record === undefined || tokens?.refreshToken === undefined || !this.expiring(tokens)) return;
    const as = this.metadata?.issuer === record.issuer ? this.metadata.as : await serverMetadata(this.fetchImpl, record.issuer);
    if (as === undefined) throw new DiscoveryFailedError(`No authorization server metadata found for ${record.issuer}`);
    this.metadata = { issuer: record.issuer, as };
    try {
      await this.refresh({ as, resource: record.resource }, record, { ...tokens, refreshToken: tokens.refreshToken });
    } catch (error) {
      if (error instanceof TokenRequestError) await this.store.set(this.key, withoutTokens(record));
      throw error;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private async discover(url: string, challenge: BearerChallenge | undefined): Promise<Discovered> {
    const found = await discover(this.fetchImpl, new URL(url), challenge);
    this.metadata = { issuer: found.issuer, as: found.as };
    return found;
  }

  /** The stored record if it belongs to `found`'s issuer and resource; a record of another one is deleted (SEP-2352). */
  private async current(found: Discovered): Promise<OAuthRecord | undefined> {
    const record = await this.store.get(this.key);
    if (record === undefined) return undefined;
    if (record.issuer === found.issuer && record.resource === found.resource) return record;
    await this.store.delete(this.key);
    this.stepUps.clear();
    return undefined;
  }

  private grantContext(found: { readonly as: AuthorizationServer; readonly resource: string }, client: GrantContext['client']): GrantContext {
    const pre = this.options.client;
    return { fetch: this.fetchImpl, as: found.as, client, resource: found.resource, ...(pre !== undefined && pre.clientId === client.clientId && { key: pre }) };
  }

  /** The DPoP key, when DPoP is wanted and `as` supports ES256 proofs (generated on first use). */
  private async dpopFor(as: AuthorizationServer): Promise<DpopKey | undefined> {
    if (this.options.dpop !== true || !(as.dpop_signing_alg_values_supported ?? []).includes('ES256')) return undefined;
    this.dpopKey ??= await DpopKey.generate();
    return this.dpopKey;
  }

  private wantsOfflineAccess(as: AuthorizationServer): boolean {
    return this.options.refresh !== false && (this.options.grant ?? 'authorization_code') === 'authorization_code' && (as.scopes_supported ?? []).includes('offline_access');
  }

  /** Due for refresh: within `refreshSkewMs` of expiry, or past half its life for a token shorter-lived than twice that. */
  private expiring(tokens: StoredTokens): boolean {
    if (tokens.expiresAt === undefined) return false;
    const lifetime = tokens.obtainedAt === undefined ? Infinity : tokens.expiresAt - tokens.obtainedAt;
    return tokens.expiresAt - Math.min(this.options.refreshSkewMs ?? 30_000, lifetime / 2) <= Date.now();
  }
}

/** An error of a function given to the provider, typed: an `RxMcpError` (an OAuth refusal of a helper such as `popupRedirect`) as it is, anything else as `AuthCallbackError` with it as `cause`. */
function ownError(option: 'authorize' | 'assertion', error: unknown): unknown {
  return error instanceof RxMcpError ? error : new AuthCallbackError(option, error);
}

/** The bearer token of `Authorization` in `headers` (any case), if any. */
function bearerOf(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  if (headers === undefined) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    const match = name.toLowerCase() === 'authorization' ? /^(?:bearer|dpop) (.*)$/i.exec(value) : null;
    if (match !== null) return match[1];
  }
  return undefined;
}

function withoutTokens(record: OAuthRecord): OAuthRecord {
  const { tokens: _tokens, ...rest } = record;
  return rest;
}
