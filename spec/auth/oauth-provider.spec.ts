/**
 * OAuthProvider against a real authorization server (oauth2-mock-server, strict refresh
 * rotation) protecting the fixture MCP server over Streamable HTTP: first authorization,
 * refresh on expiry, rotation with concurrent 401s (one refresh), step-up, a revoked refresh
 * token, the authorization server changing, and no secret in any error or warning.
 */
import { firstValueFrom, filter } from 'rxjs';
import { AuthCallbackError, AuthenticationError, AuthorizationDeniedError, OAuthFlowError, CallbackStateError, Client, ConnectionClosedError, fullPageRedirect, InMemoryTokenStore, OAuthProvider, PkceUnsupportedError, RegistrationRefusedError, sse, websocket, popupRedirect, RedirectStartedError, type PopupAuthorizationError, ResourceMismatchError, streamableHttp, TimeoutError, TokenRequestError, type AuthorizationRequest, type OAuthState } from 'rxmcp';
import { generateKeyPair, jwtVerify } from 'jose';
import { startWsFixture } from '../helpers/ws-server.js';
import { startAuthorizationServer, startProtectedServer, type ProtectedServer, type TestAuthorizationServer } from '../helpers/oauth-servers.js';

/** The headless user agent: follow the authorization URL once, hand back its redirect. */
async function follow(request: AuthorizationRequest): Promise<string> {
  const response = await fetch(request.url, { redirect: 'manual' });
  await response.body?.cancel();
  return new URL(response.headers.get('location')!, request.url).href;
}

const REDIRECT = 'http://127.0.0.1:1/callback';

function provider(extra: Partial<ConstructorParameters<typeof OAuthProvider>[0]> = {}): OAuthProvider {
  return new OAuthProvider({ redirectUri: REDIRECT, authorize: follow, client: { clientId: 'rxmcp-test' }, ...extra });
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function setUp(options: { toolScopes?: Record<string, string> } = {}): Promise<{ as: TestAuthorizationServer; rs: ProtectedServer }> {
  const as = await startAuthorizationServer();
  stops.push(() => as.stop());
  const rs = await startProtectedServer({ issuer: as.issuer, ...(options.toolScopes !== undefined && { toolScopes: options.toolScopes }) });
  stops.push(() => rs.stop());
  return { as, rs };
}

const echo = async (client: Client, text: string): Promise<string> => {
  const result = await client.callTool('echo', { text });
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
};

describe('OAuthProvider with a real authorization server', () => {
  it('authorizes on the first 401: PKCE S256, resource indicator, the metadata scope; then every request carries the token', async () => {
    const { as, rs } = await setUp();
    const auth = provider();
    const states: OAuthState[] = [];
    auth.state$.subscribe((state) => states.push(state));
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
    expect(await echo(client, 'hello')).toBe('hello');
    const seen = await as.state();
    expect(seen.authorizations).toEqual([{ clientId: 'rxmcp-test', scope: 'mcp:read', resource: rs.url, codeChallengeMethod: 'S256', state: expect.any(String) }]);
    expect(seen.tokenRequests.map((request) => [request.grantType, request.resource])).toEqual([['authorization_code', rs.url]]);
    const token = seen.issued[0]!.accessToken;
    // one refusal (the first request, without a token), then only the issued token
    expect(rs.seen.filter((seen) => seen.status !== 200).map((seen) => seen.token)).toEqual([undefined]);
    expect(rs.seen.filter((seen) => seen.status === 200).every((seen) => seen.token === token)).toBe(true);
    expect(states).toEqual(['unauthorized', 'authorizing', 'authorized']);
  });

  it('signs in before connecting, so the first request already carries the token', async () => {
    const { as, rs } = await setUp();
    const auth = provider();
    await auth.signIn(rs.url);
    expect(auth.state).toBe('authorized');
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
    expect(await echo(client, 'signed')).toBe('signed');
    expect(rs.seen.every((seen) => seen.status === 200)).toBe(true);
    expect((await as.state()).authorizations.length).toBe(1);
  });

  it('refreshes an access token about to expire before the request, without a 401', async () => {
    const { as, rs } = await setUp();
    await as.setExpiresIn(1); // refreshed once half its life is gone
    const auth = provider();
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
    expect(await echo(client, 'first')).toBe('first');
    await as.setExpiresIn(3600);
    const refusalsBefore = rs.seen.filter((seen) => seen.status !== 200).length;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the token's lifetime passing is the event
    expect(await echo(client, 'again')).toBe('again');
    const seen = await as.state();
    const grants = seen.tokenRequests.map((request) => request.grantType);
    expect(grants[0]).toBe('authorization_code');
    expect(grants.slice(1).length).toBeGreaterThanOrEqual(1);
    expect(grants.slice(1).every((grant) => grant === 'refresh_token')).toBe(true);
    // each refresh presented the refresh token of the response before it; the request got the newest access token
    seen.tokenRequests.slice(1).forEach((request, i) => expect(request.refreshToken).toBe(seen.issued[i]!.refreshToken));
    expect(rs.seen.at(-1)!.token).toBe(seen.issued.at(-1)!.accessToken);
    expect(rs.seen.filter((seen) => seen.status !== 200).length).toBe(refusalsBefore);
  });

  it('answers concurrent 401s with one refresh, and spends each rotated refresh token once', async () => {
    const { as, rs } = await setUp();
    await using client = await Client.connect(rs.url, { auth: provider(), mode: '2026-07-28' });
    expect(await echo(client, 'first')).toBe('first');
    for (let round = 1; round <= 2; round++) {
      rs.refused.add((await as.state()).issued.at(-1)!.accessToken); // the resource stops accepting the current token
      const texts = await Promise.all(Array.from({ length: 6 }, (_, i) => echo(client, `r${round}-${i}`)));
      expect(texts).toEqual(Array.from({ length: 6 }, (_, i) => `r${round}-${i}`));
      expect((await as.state()).tokenRequests.filter((request) => request.grantType === 'refresh_token').length).toBe(round);
    }
    const seen = await as.state();
    const refreshes = seen.tokenRequests.filter((request) => request.grantType === 'refresh_token');
    // rotation: the second refresh used the token the first one returned
    expect(refreshes.map((request) => request.refreshToken)).toEqual([seen.issued[0]!.refreshToken, seen.issued[1]!.refreshToken]);
    expect(refreshes.every((request) => request.status === 200)).toBe(true);
    expect(seen.reused).toEqual([]);
    expect(seen.authorizations.length).toBe(1);
  });

  it('steps up on 403 insufficient_scope with the union of the scopes', async () => {
    const { as, rs } = await setUp({ toolScopes: { cwd: 'mcp:write' } });
    await using client = await Client.connect(rs.url, { auth: provider(), mode: '2026-07-28' });
    expect(await echo(client, 'read')).toBe('read');
    const result = await client.callTool('cwd', {});
    expect(result.isError).not.toBe(true);
    expect((await as.state()).authorizations.map((seen) => seen.scope)).toEqual(['mcp:read', 'mcp:read mcp:write']);
    expect(rs.seen.filter((seen) => seen.status === 403).length).toBe(1);
  });

  it('goes back to authorization when the refresh token was revoked', async () => {
    const { as, rs } = await setUp();
    const auth = provider();
    const states: OAuthState[] = [];
    auth.state$.subscribe((state) => states.push(state));
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
    expect(await echo(client, 'first')).toBe('first');
    const first = (await as.state()).issued[0]!;
    await as.revoke(first.refreshToken!);
    rs.refused.add(first.accessToken);
    expect(await echo(client, 'back')).toBe('back');
    const seen = await as.state();
    expect(seen.tokenRequests.map((request) => [request.grantType, request.status])).toEqual([
      ['authorization_code', 200],
      ['refresh_token', 400],
      ['authorization_code', 200],
    ]);
    expect(seen.authorizations.length).toBe(2);
    expect(states).toEqual(['unauthorized', 'authorizing', 'authorized', 'refreshing', 'authorizing', 'authorized']);
  });

  it('drops everything of the old authorization server when the resource moves to another (SEP-2352)', async () => {
    const { as, rs } = await setUp();
    const other = await startAuthorizationServer();
    stops.push(() => other.stop());
    await using client = await Client.connect(rs.url, { auth: provider(), mode: '2026-07-28' });
    expect(await echo(client, 'first')).toBe('first');
    rs.issuer = other.issuer; // tokens of the first AS no longer verify
    expect(await echo(client, 'moved')).toBe('moved');
    // no refresh at either server: the old refresh token is never offered to the new AS
    const [before, after] = [await as.state(), await other.state()];
    expect(after.tokenRequests.map((request) => request.grantType)).toEqual(['authorization_code']);
    expect(before.tokenRequests.map((request) => request.grantType)).toEqual(['authorization_code']);
    expect(after.authorizations.length).toBe(1);
    expect(rs.seen.at(-1)!.token).toBe(after.issued[0]!.accessToken);
  });

  it('types an error of the user\'s authorize function as AuthCallbackError with it as cause, not a broken stream', async () => {
    const { as, rs } = await setUp();
    const own = new Error('the user closed the sign-in window');
    const auth = provider({ authorize: () => Promise.reject(own) });
    const states: OAuthState[] = [];
    auth.state$.subscribe((state) => states.push(state));
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
    const error = await echo(client, 'never').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthCallbackError);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ option: 'authorize', status: 401, message: 'The authorize function of the OAuth provider failed (Error)' });
    expect((error as Error).cause).toBe(own);
    expect(states.at(-1)).toBe('failed');
    // the call went out once, without a token, with the validation listing beside it (the client did
    // not know the tool); the authorization server was never asked for one
    expect(rs.seen.map((seen) => [seen.status, seen.token, seen.method]).sort()).toEqual([[401, undefined, 'tools/call'], [401, undefined, 'tools/list']]);
    expect((await as.state()).tokenRequests).toEqual([]);
    // a throw that is not even a Promise rejection, and a non-Error value, are typed the same way
    for (const thrown of [new TypeError('sync'), 'a string']) {
      const again = provider({
        authorize: () => {
          throw thrown;
        },
      });
      const failure = await again.signIn(rs.url).catch((caught: unknown) => caught);
      expect(failure).toBeInstanceOf(AuthCallbackError);
      expect((failure as Error).cause).toBe(thrown);
    }
    // the assertion function of the jwt_bearer grant, the same way; no token request goes out
    const noJwt = new Error('no workload identity here');
    const bearer = new OAuthProvider({ grant: 'jwt_bearer', client: { clientId: 'workload' }, assertion: () => Promise.reject(noJwt) });
    const failure = await bearer.signIn(rs.url).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(AuthCallbackError);
    expect(failure).toMatchObject({ option: 'assertion', message: 'The assertion function of the OAuth provider failed (Error)' });
    expect((failure as Error).cause).toBe(noJwt);
    expect((await as.state()).tokenRequests).toEqual([]);
  });

  it('types an error of the authorize function the same way over WebSocket (the upgrade\'s 401) and HTTP+SSE (the GET\'s 401)', async () => {
    const as = await startAuthorizationServer();
    stops.push(() => as.stop());
    // the resource metadata of the protected server, naming the WebSocket endpoint as the resource
    const metadata: { issuer: string; resource?: string } = { issuer: as.issuer };
    const rs = await startProtectedServer(metadata);
    stops.push(() => rs.stop());
    const ws = await startWsFixture(['--require-token', 'never-issued', '--resource-metadata', `${new URL(rs.url).origin}/.well-known/oauth-protected-resource/mcp`]);
    stops.push(() => ws.stop());
    metadata.resource = ws.url;
    const own = new Error('no browser here');
    const seen: string[] = [];
    const auth = provider({
      authorize: (request) => {
        seen.push(request.url.searchParams.get('resource')!);
        return Promise.reject(own);
      },
    });
    const error = await Client.connect(websocket(ws.url, { auth }), { mode: 'legacy' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthCallbackError);
    expect((error as Error).cause).toBe(own);
    expect(seen).toEqual([ws.url]);
    // HTTP+SSE: the GET that opens the stream is refused (the protected server refuses any request without a token)
    metadata.resource = undefined;
    const overSse = await Client.connect(sse(rs.url, { auth: provider({ authorize: () => Promise.reject(own) }) }), { mode: 'legacy' }).catch((caught: unknown) => caught);
    // as every end of an HTTP+SSE stream before the handshake: the closed connection, caused by the typed refusal
    expect(overSse).toBeInstanceOf(ConnectionClosedError);
    const cause = (overSse as Error).cause;
    expect(cause).toBeInstanceOf(AuthCallbackError);
    expect((cause as Error).cause).toBe(own);
    expect(rs.seen.map((request) => [request.status, request.token])).toEqual([[401, undefined]]);
  });

  it('never quotes a token, a refresh token, a client secret, a code or a code verifier in an error or a warning (the browser flows\' errors included)', async () => {
    const { as, rs } = await setUp();
    const secret = 'client-secret-7f3a9c';
    const messages: string[] = [];
    {
      await using client = await Client.connect(rs.url, { auth: provider({ client: { clientId: 'rxmcp-test', clientSecret: secret, tokenEndpointAuthMethod: 'client_secret_post' } }), mode: '2026-07-28' });
      client.warnings$.subscribe((warning) => messages.push(warning.message));
      await echo(client, 'x');
      // the refresh token is revoked and the AS stops issuing: the refusal is a typed error
      const first = (await as.state()).issued[0]!;
      await as.revoke(first.refreshToken!);
      rs.refused.add(first.accessToken);
      // the user declines: the refresh fails (revoked), the authorization is denied
      const declining = provider({ client: { clientId: 'rxmcp-test', clientSecret: secret }, authorize: async (request) => `${REDIRECT}?error=access_denied&state=${request.state}` });
      await using other = await Client.connect(rs.url, { auth: declining, mode: '2026-07-28' });
      other.warnings$.subscribe((warning) => messages.push(warning.message));
      const denied = await echo(other, 'y').catch((caught: unknown) => caught);
      expect(denied).toBeInstanceOf(AuthorizationDeniedError);
      expect(denied).toBeInstanceOf(AuthenticationError);
      messages.push(String((denied as Error).message), String((denied as Error).stack));
    }
    const mismatched = await startProtectedServer({ issuer: as.issuer, resource: 'https://elsewhere.example/mcp' });
    stops.push(() => mismatched.stop());
    await using third = await Client.connect(mismatched.url, { auth: provider({ client: { clientId: 'rxmcp-test', clientSecret: secret } }), mode: '2026-07-28' });
    const refused = await echo(third, 'z').catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(ResourceMismatchError);
    messages.push((refused as Error).message);
    // the browser flows' refusals: a full-page redirect leaving, callbacks that resume nothing, popups
    const store = new InMemoryTokenStore();
    let navigatedTo = '';
    const browser = provider({ client: { clientId: 'rxmcp-test', clientSecret: secret }, store, authorize: fullPageRedirect({ navigate: (url) => (navigatedTo = url) }) });
    const leaving = await browser.signIn(rs.url).catch((caught: unknown) => caught);
    expect(leaving).toBeInstanceOf(RedirectStartedError);
    const pending = (await store.get('default'))!.pending!;
    expect(new URL(navigatedTo).searchParams.get('state')).toBe(pending.state);
    const code = 'authorization-code-5b1e';
    const foreign = await browser.finishAuth(`${REDIRECT}?code=${code}&state=forged-${pending.state}`).catch((caught: unknown) => caught);
    expect(foreign).toBeInstanceOf(CallbackStateError);
    expect(foreign).toMatchObject({ reason: 'mismatch' });
    // refused before anything changed: the pending authorization is still there to finish
    expect((await store.get('default'))!.pending).toEqual(pending);
    expect(browser.state).not.toBe('failed');
    const finished = await follow({ url: new URL(navigatedTo), state: pending.state, redirectUri: REDIRECT, issuer: as.issuer });
    await browser.finishAuth(finished);
    expect(browser.state).toBe('authorized');
    const replayed = await browser.finishAuth(finished).catch((caught: unknown) => caught);
    expect(replayed).toMatchObject({ reason: 'no_pending' });
    expect(browser.state).toBe('authorized');
    const popupErrors = await Promise.all(
      [
        { open: () => null },
        { open: () => ({ closed: true, close: () => undefined }) },
        { open: () => ({ closed: false, close: () => undefined }) },
      ].map((window) =>
        popupRedirect({ host: { ...window, addEventListener: () => undefined, removeEventListener: () => undefined }, timeoutMs: 20, closedPollMs: 5 })({ url: new URL(navigatedTo), state: pending.state, redirectUri: REDIRECT, issuer: as.issuer }).catch((caught: unknown) => caught),
      ),
    );
    expect(popupErrors.map((error) => (error as PopupAuthorizationError).reason)).toEqual(['blocked', 'closed', 'timeout']);
    for (const error of [leaving, foreign, replayed, ...popupErrors]) {
      expect(error).toBeInstanceOf(AuthenticationError);
      messages.push((error as Error).message, String((error as Error).stack));
    }
    const seen = await as.state();
    expect(seen.tokenRequests.some((request) => request.clientSecret === secret)).toBe(true);
    const secrets = [secret, code, pending.codeVerifier, new URL(finished).searchParams.get('code')!, ...seen.issued.flatMap((issued) => [issued.accessToken, issued.refreshToken ?? ''])].filter((value) => value !== '');
    for (const message of messages) for (const value of secrets) expect(message).not.toContain(value);
    expect(messages.length).toBeGreaterThan(2);
  });
});

describe('an interactive sign-in does not spend the deadlines of the request that needed it', () => {
  const DEADLINE_MS = 1500;
  /** A user who takes longer at the authorization server than any deadline of the client (the passing time is the point). */
  const slowUser = async (request: AuthorizationRequest): Promise<string> => {
    await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS * 2));
    return follow(request);
  };

  it('the first request: its 401 signs in for longer than connectTimeoutMs and requestTimeoutMs, and it still succeeds', async () => {
    const { as, rs } = await setUp();
    const auth = provider({ authorize: slowUser });
    const interaction: boolean[] = [];
    auth.interaction$.subscribe((value) => interaction.push(value));
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28', connectTimeoutMs: DEADLINE_MS, requestTimeoutMs: DEADLINE_MS });
    expect(await echo(client, 'after a slow sign-in')).toBe('after a slow sign-in');
    expect(interaction).toEqual([false, true, false]);
    expect(rs.seen[0]).toMatchObject({ status: 401, token: undefined });
    expect((await as.state()).tokenRequests.map((request) => [request.grantType, request.status])).toEqual([['authorization_code', 200]]);
  });

  it('a call: a step-up that keeps the user longer than the call timeoutMs still answers the call', async () => {
    const { as, rs } = await setUp({ toolScopes: { cwd: 'mcp:write' } });
    let signIns = 0;
    // the first sign-in is quick, the step-up keeps the user longer than the call's deadlines
    const slow = provider({ authorize: (request) => (signIns++ === 0 ? follow(request) : slowUser(request)) });
    await using stepping = await Client.connect(rs.url, { auth: slow, mode: '2026-07-28' });
    expect(await echo(stepping, 'read')).toBe('read');
    const result = await stepping.callTool('cwd', {}, { timeoutMs: DEADLINE_MS, totalTimeoutMs: DEADLINE_MS });
    expect(result.isError).not.toBe(true);
    expect(rs.seen.filter((seen) => seen.status === 403).length).toBe(1);
    expect(signIns).toBe(2);
    expect((await as.state()).authorizations.map((seen) => seen.scope)).toEqual(['mcp:read', 'mcp:read mcp:write']);
  });

  it('without the provider as the client\'s auth option (only on the transport), the deadline still bites', async () => {
    const { rs } = await setUp();
    const auth = provider({ authorize: slowUser });
    await using client = await Client.connect(streamableHttp(rs.url, { auth }), { mode: '2026-07-28', connectTimeoutMs: DEADLINE_MS, requestTimeoutMs: DEADLINE_MS });
    const error = await echo(client, 'too late').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ method: 'tools/call' });
    // the sign-in itself goes on to its end (nothing is left pending)
    expect(await firstValueFrom(auth.state$.pipe(filter((state) => state === 'authorized' || state === 'failed')))).toBe('authorized');
  });
});

describe('refusals of a real authorization server', () => {
  it('PkceUnsupportedError when its metadata does not list S256: no authorization request is sent', async () => {
    const { as, rs } = await setUp();
    await as.setMetadata({ pkceMethods: ['plain'] });
    const asked: string[] = [];
    await using client = await Client.connect(rs.url, { auth: provider({ authorize: (request) => (asked.push(request.url.href), follow(request)) }), mode: '2026-07-28' });
    const error = await echo(client, 'no pkce').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PkceUnsupportedError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ issuer: as.issuer, message: `The authorization server ${as.issuer} does not advertise PKCE S256; refusing to authorize without it` });
    expect(asked).toEqual([]);
    const seen = await as.state();
    expect([seen.authorizations, seen.tokenRequests]).toEqual([[], []]);
  });

  it('RegistrationRefusedError when its registration endpoint refuses (RFC 7591 error), and when it has none', async () => {
    const { as, rs } = await setUp();
    const unregistered = (): OAuthProvider => new OAuthProvider({ redirectUri: REDIRECT, authorize: follow });
    // no pre-registered client, no client ID metadata document, no registration endpoint
    {
      await using client = await Client.connect(rs.url, { auth: unregistered(), mode: '2026-07-28' });
      const error = await echo(client, 'nobody').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RegistrationRefusedError);
      expect(error).toMatchObject({ issuer: as.issuer, message: `Cannot register a client with ${as.issuer}: no pre-registered client, no client ID metadata document support, no registration endpoint` });
    }
    await as.setMetadata({ refuseRegistration: true });
    await using client = await Client.connect(rs.url, { auth: unregistered(), mode: '2026-07-28' });
    const error = await echo(client, 'refused').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistrationRefusedError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ issuer: as.issuer, message: `Cannot register a client with ${as.issuer}: the registration endpoint refused (invalid_client_metadata)` });
    const seen = await as.state();
    // the registration request went out as RFC 7591 and MCP want it; nothing was authorized
    expect(seen.registrations).toEqual([expect.objectContaining({ redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], application_type: 'native' })]);
    expect([seen.authorizations, seen.tokenRequests]).toEqual([[], []]);
  });
});

describe('OAuthProvider with the client credentials grant', () => {
  it('authenticates a machine client with client_secret_basic, then with a private_key_jwt assertion signed by its key', async () => {
    const { as, rs } = await setUp();
    {
      const auth = new OAuthProvider({ grant: 'client_credentials', client: { clientId: 'machine', clientSecret: 's3cret-basic', tokenEndpointAuthMethod: 'client_secret_basic' } });
      await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
      expect(await echo(client, 'cc')).toBe('cc');
    }
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const auth = new OAuthProvider({ grant: 'client_credentials', client: { clientId: 'signed-machine', privateKey, keyId: 'k1' } });
    await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
    expect(await echo(client, 'jwt')).toBe('jwt');
    const seen = await as.state();
    expect(seen.authorizations).toEqual([]);
    expect(seen.tokenRequests.map((request) => [request.grantType, request.resource])).toEqual([
      ['client_credentials', rs.url],
      ['client_credentials', rs.url],
    ]);
    expect(Buffer.from(seen.tokenRequests[0]!.basic!.slice(6), 'base64').toString()).toBe('machine:s3cret-basic');
    const { payload, protectedHeader } = await jwtVerify(seen.tokenRequests[1]!.clientAssertion!, publicKey, { audience: as.issuer });
    expect([payload.iss, payload.sub, protectedHeader.kid]).toEqual(['signed-machine', 'signed-machine', 'k1']);
  });
});

describe('TokenRequestError', () => {
  it('names the grant and the OAuth error code, nothing else', () => {
    const error = new TokenRequestError('refresh_token', 'invalid_grant');
    expect(error.message).toBe('The token endpoint refused the refresh_token grant (invalid_grant)');
    expect(error.status).toBe(401);
  });
});
