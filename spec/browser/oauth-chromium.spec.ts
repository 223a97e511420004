/**
 * OAuth in a real browser: Chromium (spec/helpers/chromium.ts) loads a page bundling rxmcp's
 * main entry (spec/browser/oauth-page/page.ts), which signs in at the real authorization server
 * of the OAuth specs and calls a tool of the protected fixture MCP server over Streamable HTTP:
 * the full-page redirect flow (page → AS → callback → finishAuth, a replayed callback refused),
 * the tokens kept across a reload (sessionStorage) and across tabs (localStorage), and the popup
 * flow (in place, resumed by `finishAuth` in the popup when its opener is gone, and a popup the
 * user closes).
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, servePage, type ServedPage } from '../helpers/chromium.js';
import { startAuthorizationServer, startProtectedServer, type ProtectedServer, type TestAuthorizationServer } from '../helpers/oauth-servers.js';

jest.setTimeout(60_000);

let browser: Browser;
let page: ServedPage;
let as: TestAuthorizationServer;
let rs: ProtectedServer;

beforeAll(async () => {
  page = await servePage({ entry: join(__dirname, 'oauth-page', 'page.ts') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await page?.close();
});

beforeEach(async () => {
  as = await startAuthorizationServer();
  rs = await startProtectedServer({ issuer: as.issuer });
});

afterEach(async () => {
  await rs.stop();
  await as.stop();
});

type Result = { text?: string; states?: string[]; replay?: string; afterFinish?: string; afterReplay?: string; pendingLeft?: boolean; error?: string; state?: string };

/** What the page reported in `window.__result` (`ready`: only when `ready` is asked for). */
async function resultOf(tab: Page, ready = false): Promise<Result | 'ready'> {
  const handle = await tab.waitForFunction((wantReady) => {
    const result = (window as unknown as { __result?: unknown }).__result;
    return result !== undefined && (wantReady || result !== 'ready') ? result : undefined;
  }, ready, { timeout: 45_000 });
  return (await handle.jsonValue()) as Result | 'ready';
}

const pageUrl = (query: Record<string, string>): string => `${page.origin}/?${new URLSearchParams({ mcp: rs.url, ...query }).toString()}`;

/** Loads the popup-mode page in a new tab of `context`, starts the sign-in and waits for the popup's first page. */
async function openSignInPopup(context: BrowserContext, query: Record<string, string>): Promise<{ tab: Page; popup: Page }> {
  const tab = await context.newPage();
  await tab.goto(pageUrl({ mode: 'popup', ...query }));
  expect(await resultOf(tab, true)).toBe('ready');
  const opened = context.waitForEvent('page');
  await tab.evaluate(() => (window as unknown as { start: () => void }).start());
  const popup = await opened;
  await popup.waitForLoadState();
  return { tab, popup };
}

/** Runs the full-page redirect flow in `tab` up to the callback page's result. */
async function redirectFlow(tab: Page, storage: 'session' | 'local'): Promise<Result> {
  await tab.goto(pageUrl({ mode: 'redirect', storage }));
  const result = (await resultOf(tab)) as Result;
  expect(new URL(tab.url()).pathname).toBe('/callback');
  return result;
}

describe('OAuth flows in real Chromium', () => {
  it('full-page redirect: page → authorization server → callback → finishAuth → the tool call carries the issued token; a replayed callback is refused and changes nothing', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const result = await redirectFlow(tab, 'session');
    expect(result).toEqual({ afterFinish: 'authorized', replay: 'no_pending', afterReplay: 'authorized', text: 'from chromium', states: ['authorized'], pendingLeft: false });
    const seen = await as.state();
    expect(seen.authorizations).toEqual([{ clientId: 'rxmcp-browser', scope: 'mcp:read', resource: rs.url, codeChallengeMethod: 'S256', state: expect.any(String) }]);
    // one code exchange: the replay never reached the token endpoint
    expect(seen.tokenRequests.map((request) => [request.grantType, request.status, request.resource])).toEqual([['authorization_code', 200, rs.url]]);
    // on the wire: the MCP server saw only the issued token, never a request refused
    const token = seen.issued[0]!.accessToken;
    expect(rs.seen.length).toBeGreaterThan(0);
    expect(rs.seen.every((request) => request.status === 200 && request.token === token)).toBe(true);
    await context.close();
  });

  it('sessionStorage: the tokens survive a reload of the page (no second sign-in), and stay in that tab', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    expect((await redirectFlow(tab, 'session')).text).toBe('from chromium');
    await tab.goto(pageUrl({ mode: 'stored', storage: 'session' }));
    await tab.reload();
    // a fresh provider: authorized from the kept tokens as soon as it is made (no sign-in button to flash); never authorizing
    expect(await resultOf(tab)).toEqual({ text: 'from chromium', states: ['authorized'] });
    // another tab has its own sessionStorage: nothing kept there, so it would have to sign in
    const other = await context.newPage();
    await other.goto(pageUrl({ mode: 'stored', storage: 'session' }));
    expect(await resultOf(other)).toEqual({ error: 'AuthorizationDeniedError:' });
    const seen = await as.state();
    expect(seen.authorizations).toHaveLength(1);
    expect(seen.tokenRequests).toHaveLength(1);
    const token = seen.issued[0]!.accessToken;
    expect(rs.seen.filter((request) => request.status === 200).every((request) => request.token === token)).toBe(true);
    await context.close();
  });

  it('localStorage: the tokens obtained in one tab are used by another tab of the same origin', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    expect((await redirectFlow(tab, 'local')).text).toBe('from chromium');
    const other = await context.newPage();
    await other.goto(pageUrl({ mode: 'stored', storage: 'local' }));
    expect(await resultOf(other)).toEqual({ text: 'from chromium', states: ['authorized'] });
    const seen = await as.state();
    expect(seen.authorizations).toHaveLength(1);
    expect(seen.tokenRequests).toHaveLength(1);
    await context.close();
  });

  it('popup: the first 401 opens the authorization server in a popup, its callback comes back, the same call succeeds', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(pageUrl({ mode: 'popup' }));
    expect(await resultOf(tab, true)).toBe('ready');
    const popup = context.waitForEvent('page');
    await tab.evaluate(() => (window as unknown as { start: () => void }).start());
    await popup;
    const result = (await resultOf(tab)) as Result;
    expect(result.text).toBe('from chromium');
    const seen = await as.state();
    expect(seen.authorizations.map((authorization) => authorization.codeChallengeMethod)).toEqual(['S256']);
    const token = seen.issued[0]!.accessToken;
    // refused without a token: the call and the validation listing sent beside it, once each; everything after carries the token
    const refused = rs.seen.filter((request) => request.status === 401);
    expect(refused.map((request) => [request.method, request.token]).sort()).toEqual([['tools/call', undefined], ['tools/list', undefined]]);
    expect(rs.seen.slice(0, 2)).toEqual(expect.arrayContaining(refused));
    expect(rs.seen.slice(2).map((request) => [request.status, request.token === token])).toEqual(rs.seen.slice(2).map(() => [200, true]));
    expect(rs.seen.length).toBeGreaterThan(1);
    await context.close();
  });

  it('popup resumed with finishAuth: the page that opened it is closed before the callback, the popup\'s callback page finishes the flow (localStorage)', async () => {
    const context = await browser.newContext();
    // the authorization server's sign-in page, where the user stays until the opener is gone; `go()` is the user signing in
    await context.route(`${as.issuer}/authorize**`, (route) =>
      new URL(route.request().url()).searchParams.has('signed-in')
        ? route.continue()
        : route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in</title><script>window.go = () => location.assign(location.href + "&signed-in=1")</script>' }),
    );
    const { tab, popup } = await openSignInPopup(context, { storage: 'local' });
    expect(await popup.title()).toBe('Sign in');
    await tab.close();
    await popup.evaluate(() => (window as unknown as { go: () => void }).go());
    expect(await resultOf(popup)).toEqual({ text: 'from chromium', states: ['authorized'] });
    expect(new URL(popup.url()).pathname).toBe('/callback');
    const seen = await as.state();
    expect(seen.authorizations).toHaveLength(1);
    expect(seen.tokenRequests.map((request) => [request.grantType, request.status])).toEqual([['authorization_code', 200]]);
    await context.close();
  });

  it('popup closed by the user: a PopupAuthorizationError (closed), not a hang, and no token requested', async () => {
    const context = await browser.newContext();
    // the authorization server's sign-in page, as a user would leave it: it never redirects back
    await context.route(`${as.issuer}/authorize**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in</title><p>Sign in' }));
    const { tab, popup } = await openSignInPopup(context, {});
    expect(await popup.title()).toBe('Sign in');
    await popup.close();
    expect(await resultOf(tab)).toEqual({ error: 'PopupAuthorizationError:closed', state: 'failed' });
    expect((await as.state()).tokenRequests).toEqual([]);
    await context.close();
  });
});
