/**
 * OAuth in a real browser: Debian's Chromium (/usr/bin/chromium, never a downloaded one) driven
 * by playwright-core loads a page bundling rxmcp's main entry (spec/browser/oauth-page/page.ts),
 * which signs in at the real authorization server of the OAuth specs and calls a tool of the
 * protected fixture MCP server over Streamable HTTP: the full-page redirect flow (page → AS →
 * callback → finishAuth) and the popup flow (in place, and a popup the user closes).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { startAuthorizationServer, startProtectedServer, type ProtectedServer, type TestAuthorizationServer } from '../helpers/oauth-servers.js';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
let browser: Browser;
let page: Server;
let pageOrigin = '';
let as: TestAuthorizationServer;
let rs: ProtectedServer;

beforeAll(async () => {
  const bundle = await build({ entryPoints: [join(ROOT, 'spec', 'browser', 'oauth-page', 'page.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  const script = bundle.outputFiles[0]!.text;
  page = createServer((req, res) => {
    if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>rxmcp</title><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
});

beforeEach(async () => {
  as = await startAuthorizationServer();
  rs = await startProtectedServer({ issuer: as.issuer });
});

afterEach(async () => {
  await rs.stop();
  await as.stop();
});

type Result = { text?: string; states?: string[]; replay?: string; pendingLeft?: boolean; error?: string };

async function resultOf(tab: import('playwright-core').Page, ready = false): Promise<Result | 'ready'> {
  const handle = await tab.waitForFunction((wantReady) => {
    const result = (window as unknown as { __result?: unknown }).__result;
    return result !== undefined && (wantReady || result !== 'ready') ? result : undefined;
  }, ready, { timeout: 45_000 });
  return (await handle.jsonValue()) as Result | 'ready';
}

describe('OAuth flows in real Chromium', () => {
  it('full-page redirect: page → authorization server → callback → finishAuth → the tool call carries the issued token', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${pageOrigin}/?mode=redirect&mcp=${encodeURIComponent(rs.url)}`);
    const result = (await resultOf(tab)) as Result;
    expect(new URL(tab.url()).pathname).toBe('/callback');
    expect(result).toEqual({ text: 'from chromium', states: ['authorized'], replay: 'no_pending', pendingLeft: false });
    const seen = await as.state();
    expect(seen.authorizations).toEqual([{ clientId: 'rxmcp-browser', scope: 'mcp:read', resource: rs.url, codeChallengeMethod: 'S256', state: expect.any(String) }]);
    expect(seen.tokenRequests.map((request) => [request.grantType, request.status, request.resource])).toEqual([['authorization_code', 200, rs.url]]);
    // on the wire: the MCP server saw only the issued token, never a request refused
    const token = seen.issued[0]!.accessToken;
    expect(rs.seen.length).toBeGreaterThan(0);
    expect(rs.seen.every((request) => request.status === 200 && request.token === token)).toBe(true);
    await context.close();
  });

  it('popup: the first 401 opens the authorization server in a popup, its callback comes back, the same call succeeds', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${pageOrigin}/?mode=popup&mcp=${encodeURIComponent(rs.url)}`);
    expect(await resultOf(tab, true)).toBe('ready');
    const popup = context.waitForEvent('page');
    await tab.evaluate(() => (window as unknown as { start: () => void }).start());
    await popup;
    const result = (await resultOf(tab)) as Result;
    expect(result.text).toBe('from chromium');
    const seen = await as.state();
    expect(seen.authorizations.map((authorization) => authorization.codeChallengeMethod)).toEqual(['S256']);
    const token = seen.issued[0]!.accessToken;
    expect(rs.seen.map((request) => [request.status, request.token === token])).toEqual([[401, false], ...rs.seen.slice(1).map(() => [200, true])]);
    expect(rs.seen.length).toBeGreaterThan(1);
    await context.close();
  });

  it('popup closed by the user: a PopupAuthorizationError (closed), not a hang, and no token requested', async () => {
    const context = await browser.newContext();
    // the authorization server never answers this page's authorization request: the popup stays there until closed
    await context.route(`${as.issuer}/authorize**`, () => undefined);
    const tab = await context.newPage();
    await tab.goto(`${pageOrigin}/?mode=popup&mcp=${encodeURIComponent(rs.url)}`);
    expect(await resultOf(tab, true)).toBe('ready');
    const opened = context.waitForEvent('page');
    await tab.evaluate(() => (window as unknown as { start: () => void }).start());
    await (await opened).close();
    expect(await resultOf(tab)).toEqual({ error: 'PopupAuthorizationError:closed' });
    expect((await as.state()).tokenRequests).toEqual([]);
    await context.close();
  });
});
