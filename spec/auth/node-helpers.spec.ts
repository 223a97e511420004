/**
 * The Node side of OAuth: the file token store (mode 0600, survives a new provider, concurrent
 * writes kept) and the loopback redirect listener driving a real authorization flow; a fresh
 * provider's state read from its store (sync and async) before any request.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { Client, InMemoryTokenStore, OAuthProvider, type AuthorizationRequest, type OAuthState } from 'rxmcp';
import { FileTokenStore, LoopbackTimeoutError, startLoopbackRedirect } from 'rxmcp/node';
import { startAuthorizationServer, startProtectedServer } from '../helpers/oauth-servers.js';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('FileTokenStore', () => {
  it('keeps records in a file only its owner can read, and keeps every one of concurrent writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-tokens-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'nested', 'tokens.json');
    const store = new FileTokenStore(path);
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.set(`k${i}`, { issuer: 'https://as.example', resource: `https://mcp.example/${i}` })));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = new FileTokenStore(path);
    for (let i = 0; i < 5; i++) expect(await again.get(`k${i}`)).toEqual({ issuer: 'https://as.example', resource: `https://mcp.example/${i}` });
    await again.delete('k0');
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k1')).toBeDefined();
  });
});

describe('startLoopbackRedirect', () => {
  it('receives the redirect of a real authorization flow on 127.0.0.1 (a wrong state is refused), and the file store lets a new provider reuse the tokens', async () => {
    const as = await startAuthorizationServer();
    stops.push(() => as.stop());
    const rs = await startProtectedServer({ issuer: as.issuer });
    stops.push(() => rs.stop());
    const wrongState: number[] = [];
    const loopback = await startLoopbackRedirect({
      // the "browser": follows the authorization redirect to the loopback listener, after one forged attempt
      open: async (url) => {
        const location = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
        const forged = new URL(location);
        forged.searchParams.set('state', 'forged');
        wrongState.push((await fetch(forged)).status);
        await (await fetch(location)).text();
      },
    });
    stops.push(() => loopback.close());
    expect(loopback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-tokens-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new FileTokenStore(join(dir, 'tokens.json'));
    const options = { redirectUri: loopback.redirectUri, authorize: (request: Parameters<typeof loopback.authorize>[0]) => loopback.authorize(request), client: { clientId: 'rxmcp-test' }, store };
    {
      await using client = await Client.connect(rs.url, { auth: new OAuthProvider(options), mode: '2026-07-28' });
      expect((await client.callTool('echo', { text: 'loop' })).content).toEqual([{ type: 'text', text: 'loop' }]);
    }
    expect(wrongState).toEqual([400]);
    // a new provider over the same file sends the stored token at once: no new authorization
    await using client = await Client.connect(rs.url, { auth: new OAuthProvider({ ...options, authorize: () => Promise.reject(new Error('not needed')) }), mode: '2026-07-28' });
    expect((await client.callTool('echo', { text: 'kept' })).content).toEqual([{ type: 'text', text: 'kept' }]);
    expect((await as.state()).authorizations.length).toBe(1);
  });

  it('gives up with LoopbackTimeoutError when no redirect comes', async () => {
    const loopback = await startLoopbackRedirect({ open: () => undefined, timeoutMs: 200 });
    stops.push(() => loopback.close());
    const error = await loopback.authorize({ url: new URL('https://as.example/authorize'), state: 's', redirectUri: loopback.redirectUri, issuer: 'https://as.example' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoopbackTimeoutError);
  });
});

describe('a fresh OAuthProvider over a store that already keeps tokens', () => {
  it('is authorized before its first request: at once with the memory store, once the read resolves with FileTokenStore (state$ silent until then)', async () => {
    const as = await startAuthorizationServer();
    stops.push(() => as.stop());
    const rs = await startProtectedServer({ issuer: as.issuer });
    stops.push(() => rs.stop());
    const follow = async (request: AuthorizationRequest): Promise<string> => {
      const response = await fetch(request.url, { redirect: 'manual' });
      await response.body?.cancel();
      return new URL(response.headers.get('location')!, request.url).href;
    };
    const noSignIn = () => Promise.reject(new Error('no sign-in expected'));
    const base = { redirectUri: 'http://127.0.0.1:1/callback', client: { clientId: 'rxmcp-test' } };
    const memory = new InMemoryTokenStore();
    await new OAuthProvider({ ...base, authorize: follow, store: memory }).signIn(rs.url);
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-tokens-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = new FileTokenStore(join(dir, 'tokens.json'));
    await file.set('default', memory.get('default')!);
    const token = (await as.state()).issued[0]!.accessToken;

    const fromMemory = new OAuthProvider({ ...base, authorize: noSignIn, store: memory });
    expect(fromMemory.state).toBe('authorized');
    const fromFile = new OAuthProvider({ ...base, authorize: noSignIn, store: file });
    const fileStates: OAuthState[] = [];
    fromFile.state$.subscribe((state) => fileStates.push(state));
    const memoryStates: OAuthState[] = [];
    fromMemory.state$.subscribe((state) => memoryStates.push(state));
    expect(memoryStates).toEqual(['authorized']);
    expect(fileStates).toEqual([]); // nothing before the file is read: no unauthorized to flash
    expect(await firstValueFrom(fromFile.state$)).toBe('authorized');
    expect(fromFile.state).toBe('authorized');
    expect(rs.seen).toEqual([]); // no request was needed to know it
    for (const auth of [fromMemory, fromFile]) {
      await using client = await Client.connect(rs.url, { auth, mode: '2026-07-28' });
      expect((await client.callTool('echo', { text: 'kept' })).content).toEqual([{ type: 'text', text: 'kept' }]);
    }
    expect(rs.seen.length).toBeGreaterThan(0);
    expect(rs.seen.every((seen) => seen.status === 200 && seen.token === token)).toBe(true);
    expect([memoryStates, fileStates]).toEqual([['authorized'], ['authorized']]);

    // an empty store: unauthorized, from both kinds; a sign-out during the first read wins over it
    const emptyFile = new OAuthProvider({ ...base, authorize: noSignIn, store: new FileTokenStore(join(dir, 'none.json')) });
    expect(await firstValueFrom(emptyFile.state$)).toBe('unauthorized');
    expect(new OAuthProvider({ ...base, authorize: noSignIn }).state).toBe('unauthorized');
    const leaving = new OAuthProvider({ ...base, authorize: noSignIn, store: new FileTokenStore(join(dir, 'tokens.json')) });
    await leaving.signOut();
    expect(await firstValueFrom(leaving.state$)).toBe('unauthorized');
    expect(await file.get('default')).toBeUndefined();
  });
});
