/**
 * MCP Apps' sandbox proxy (the double iframe) in real Chromium: the host page (origin A, bundled
 * from spec/fixtures/apps/proxy-host.ts) hosts the counter app of spec/fixtures/apps-server.mjs
 * through `sandboxProxyPage()` served from origin B; origin C is a stranger (it forges messages,
 * it is where the app navigates, and it serves a page that never says ready).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { RxMcpError } from '../../lib/index.js';
import { appContentSecurityPolicy } from '../../lib/apps/app-csp.js';
import { AppSandboxError } from '../../lib/apps/errors.js';
import { SANDBOX_PROXY_CSP, sandboxProxyHeaders, sandboxProxyPage } from '../../lib/apps/sandbox-proxy-page.js';
import { launchChromium, servePage, type ServedPage } from '../helpers/chromium.js';
import { startCorsProxy, type CorsProxy } from '../helpers/cors-proxy.js';
import { startListeningProcess, type ListeningProcess } from '../helpers/listening-process.js';

const ROOT = join(__dirname, '..', '..');

/** A tiny server on 127.0.0.1 answering each path from `routes` (404 otherwise). */
async function serveRoutes(routes: (origin: string) => Record<string, { headers: Record<string, string>; body: string }>): Promise<{ origin: string; server: Server }> {
  let table: Record<string, { headers: Record<string, string>; body: string }> = {};
  const server = createServer((req, res) => {
    const route = table[(req.url ?? '/').split('?')[0]!];
    if (route === undefined) res.writeHead(404).end();
    else res.writeHead(200, route.headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(origin);
  return { origin, server };
}

const html = (body: string): { headers: Record<string, string>; body: string } => ({ headers: { 'content-type': 'text/html' }, body });

let apps: ListeningProcess;
let cors: CorsProxy;
let host: ServedPage;
let sandbox: { origin: string; server: Server };
let stranger: { origin: string; server: Server };
let browser: Browser;

beforeAll(async () => {
  apps = await startListeningProcess([join(ROOT, 'spec', 'fixtures', 'apps-server.mjs')], { cwd: ROOT });
  cors = await startCorsProxy(`http://127.0.0.1:${apps.port}`);
  [host, browser] = await Promise.all([servePage({ entry: join(ROOT, 'spec', 'fixtures', 'apps', 'proxy-host.ts'), define: { MCP_URL: JSON.stringify(`${cors.origin}/mcp`) } }), launchChromium()]);
  sandbox = await serveRoutes(() => ({
    '/proxy': { headers: sandboxProxyHeaders({ hostOrigins: [host.origin] }), body: sandboxProxyPage({ hostOrigins: [host.origin] }) },
    // a proxy made for another host: its script must not talk to this one (served without the
    // frame-ancestors header, so the page does load); with the header the browser refuses the frame
    '/proxy-for-others': html(sandboxProxyPage({ hostOrigins: ['https://other.example'] })),
    '/proxy-for-others-framed': { headers: sandboxProxyHeaders({ hostOrigins: ['https://other.example'] }), body: sandboxProxyPage({ hostOrigins: ['https://other.example'] }) },
  }));
  stranger = await serveRoutes(() => ({
    '/silent': html('<!doctype html><p>not a sandbox proxy</p>'),
    '/elsewhere': html('<!doctype html><p id="elsewhere">elsewhere</p>'),
    // from origin C: a forged tools/call and a forged proxy-ready to the host, and a forged
    // tools/call to the proxy frame (which would relay it to the host as its own if it took it)
    '/forge': html(`<!doctype html><script>
      const call = (id) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "counter-add", arguments: { count: 1000, by: 1 } } });
      parent.postMessage(call(900), "*");
      parent.postMessage({ jsonrpc: "2.0", method: "ui/notifications/sandbox-proxy-ready", params: {} }, "*");
      parent.frames[0].postMessage(call(901), "*");
      document.title = "forged";
    </script>`),
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  for (const server of [sandbox?.server, stranger?.server]) if (server) await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  await cors?.close();
  await apps?.stop();
});

/** The server's tools/call count by tool name. */
async function calls(): Promise<Record<string, number>> {
  return ((await (await fetch(`http://127.0.0.1:${apps.port}/admin/calls`)).json()) as { calls: Record<string, number> }).calls;
}

/** A fresh page of the host, the app opened through `proxyUrl`; resolves to what `openApp` said. */
async function open(proxyUrl: string, readyTimeoutMs?: number): Promise<{ page: Page; outcome: string }> {
  const page = await browser.newPage();
  await page.goto(`${host.origin}/`);
  await page.waitForFunction(() => 'openApp' in window);
  const outcome = await page.evaluate(([url, bound]) => (window as unknown as { openApp(url: string, bound?: number): Promise<string> }).openApp(url!, bound as number | undefined), [proxyUrl, readyTimeoutMs] as const);
  return { page, outcome };
}

/** The proxy frame (origin B) and the app's frame inside it. */
function frames(page: Page): { proxy: Frame; app: Frame } {
  const proxy = page.frames().find((frame) => frame.url().startsWith(`${sandbox.origin}/`))!;
  return { proxy, app: proxy.childFrames()[0]! };
}

const events = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { events: string[] }).events);

describe('hostApp through a sandbox proxy on another origin (real Chromium)', () => {
  it('renders the app in the inner iframe of the proxy, on an opaque origin; its calls go through checkAppToolCall to the server', async () => {
    const before = await calls();
    const { page, outcome } = await open(`${sandbox.origin}/proxy`);
    try {
      expect(outcome).toBe('initialized');
      const outer = page.locator('body > iframe');
      expect(await outer.count()).toBe(1);
      expect(await outer.getAttribute('src')).toBe(`${sandbox.origin}/proxy`);
      expect(await outer.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin');
      const { proxy, app } = frames(page);
      // three origins: the host's, the proxy's (another one), the app's (opaque)
      expect(await page.evaluate(() => self.origin)).toBe(host.origin);
      expect(await proxy.evaluate(() => self.origin)).toBe(sandbox.origin);
      expect(sandbox.origin).not.toBe(host.origin);
      expect(await app.evaluate(() => self.origin)).toBe('null');
      expect(await app.evaluate(() => { try { return String(window.top!.document.title); } catch (error) { return (error as Error).name; } })).toBe('SecurityError');
      // the inner frame: sandboxed, the app's policy first in its head (under the proxy page's own)
      const inner = proxy.locator('iframe');
      expect(await inner.getAttribute('sandbox')).toBe('allow-scripts');
      expect(await inner.getAttribute('srcdoc')).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline';[^"]*connect-src 'none'/);
      expect(await proxy.evaluate(() => document.querySelector('meta[http-equiv]')!.getAttribute('content'))).toBe(SANDBOX_PROXY_CSP);

      const view = page.frameLocator('body > iframe[title="ui://counter/view.html"]').frameLocator('iframe');
      await view.locator('#status', { hasText: 'opened' }).waitFor({ timeout: 8_000 });
      expect(await view.locator('#count').textContent()).toBe('40');
      await view.locator('#add').click();
      await view.locator('#status', { hasText: 'added, now 41' }).waitFor({ timeout: 8_000 });
      await view.locator('#forbidden').click();
      await view.locator('#status', { hasText: 'refused:' }).waitFor({ timeout: 8_000 });
      expect(await view.locator('#status').textContent()).toContain('not callable by apps');
      expect(await events(page)).toEqual(['call counter-add', 'refused model-only not-app-visible']);
      const after = await calls();
      expect((after['counter-add'] ?? 0) - (before['counter-add'] ?? 0)).toBe(1);
      expect(after['model-only'] ?? 0).toBe(before['model-only'] ?? 0);
      expect(await page.evaluate(() => (window as unknown as { hosted: { ignoredMessages: number } }).hosted.ignoredMessages)).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('ignores (and counts) messages from a foreign origin, to the host and to the proxy; the app keeps working', async () => {
    const { page, outcome } = await open(`${sandbox.origin}/proxy`);
    try {
      expect(outcome).toBe('initialized');
      const view = page.frameLocator('body > iframe[title="ui://counter/view.html"]').frameLocator('iframe');
      await view.locator('#status', { hasText: 'opened' }).waitFor({ timeout: 8_000 });
      const before = await calls();
      await page.evaluate((src) => {
        const forger = document.createElement('iframe');
        forger.src = src;
        document.body.appendChild(forger);
      }, `${stranger.origin}/forge`);
      await page.waitForFunction(() => (window as unknown as { hosted: { ignoredMessages: number } }).hosted.ignoredMessages >= 2, undefined, { timeout: 8_000 });
      // a real call after the forged ones: the channel works, and only it reached the server
      await view.locator('#add').click();
      await view.locator('#status', { hasText: 'added, now 41' }).waitFor({ timeout: 8_000 });
      const after = await calls();
      expect((after['counter-add'] ?? 0) - (before['counter-add'] ?? 0)).toBe(1);
      expect(await events(page)).toEqual(['call counter-add']);
      expect(await page.evaluate(() => (window as unknown as { hosted: { ignoredMessages: number } }).hosted.ignoredMessages)).toBe(2);
      expect(await frames(page).proxy.evaluate(() => document.querySelectorAll('iframe').length)).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('an app that navigates away: the host gets AppSandboxError navigated and closes it', async () => {
    const { page, outcome } = await open(`${sandbox.origin}/proxy`);
    try {
      expect(outcome).toBe('initialized');
      const { proxy, app } = frames(page);
      await app.evaluate((url) => void setTimeout(() => (location.href = url), 0), `${stranger.origin}/elsewhere`);
      await page.waitForFunction(() => (window as unknown as { events: string[] }).events.length > 0, undefined, { timeout: 8_000 });
      expect(await events(page)).toEqual(['AppSandboxError navigated true']);
      await page.waitForFunction(() => document.querySelectorAll('iframe').length === 0, undefined, { timeout: 8_000 });
      expect(proxy.isDetached()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('without a proxy (one iframe), an app that navigates away is reported and closed the same way', async () => {
    const { page, outcome } = await open('');
    try {
      expect(outcome).toBe('initialized');
      const app = page.frames().find((frame) => frame.parentFrame() === page.mainFrame())!;
      expect(await app.evaluate(() => self.origin)).toBe('null');
      const view = page.frameLocator('body > iframe');
      await view.locator('#status', { hasText: 'opened' }).waitFor({ timeout: 8_000 });
      await app.evaluate((url) => void setTimeout(() => (location.href = url), 0), `${stranger.origin}/elsewhere`);
      await page.waitForFunction(() => (window as unknown as { events: string[] }).events.length > 0, undefined, { timeout: 8_000 });
      expect(await events(page)).toEqual(['AppSandboxError navigated true']);
      await page.waitForFunction(() => document.querySelectorAll('iframe').length === 0, undefined, { timeout: 8_000 });
    } finally {
      await page.close();
    }
  });

  it.each([
    ['a page that is no proxy', () => `${stranger.origin}/silent`],
    ['a proxy script made for other host origins', () => `${sandbox.origin}/proxy-for-others`],
    ['a proxy page whose frame-ancestors leave this host out', () => `${sandbox.origin}/proxy-for-others-framed`],
  ])('%s never says ready: AppSandboxError proxy-timeout within the bound, the frame removed', async (_name, url) => {
    const { page, outcome } = await open(url(), 1_500);
    try {
      expect(outcome).toBe(`AppSandboxError proxy-timeout: The sandbox proxy ${url()} did not send ui/notifications/sandbox-proxy-ready within 1500 ms`);
      expect(await page.locator('iframe').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('a proxy on the host origin itself is refused (no isolation): AppSandboxError same-origin', async () => {
    const { page, outcome } = await open(`${host.origin}/proxy`);
    try {
      expect(outcome).toMatch(/^AppSandboxError same-origin: /);
      expect(await page.locator('iframe').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});

describe('the proxy page', () => {
  it('speaks the spec exchange with any host: ready, then raw HTML in, the csp policy first in its head, messages relayed (reserved ones not)', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${host.origin}/`);
      const csp = { connectDomains: ['https://api.example'], resourceDomains: ['https://cdn.example', "https://x.example; script-src 'unsafe-eval'"] };
      const html = '<!doctype html><html><head><title>raw</title></head><body><script>' +
        'parent.postMessage({ jsonrpc: "2.0", method: "ui/notifications/sandbox-resource-ready", params: { html: "<p>nested</p>" } }, "*");' +
        'parent.postMessage({ jsonrpc: "2.0", method: "x/hello", params: { origin: self.origin } }, "*");' +
        'addEventListener("message", (event) => parent.postMessage({ jsonrpc: "2.0", method: "x/echo", params: event.data.params }, "*"));' +
        '</script></body></html>';
      // a hand-written host: frames the proxy, waits for ready, sends the resource, pings the app
      const seen = await page.evaluate(([url, proxyOrigin, html, csp]) => new Promise<unknown[]>((resolve) => {
        const seen: unknown[] = [];
        const frame = document.createElement('iframe');
        frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
        addEventListener('message', (event) => {
          if (event.origin !== proxyOrigin) return;
          const message = event.data as { method: string; params: unknown };
          seen.push([message.method, message.params]);
          if (message.method === 'ui/notifications/sandbox-proxy-ready') frame.contentWindow!.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/sandbox-resource-ready', params: { html, csp } }, proxyOrigin);
          if (message.method === 'x/hello') frame.contentWindow!.postMessage({ jsonrpc: '2.0', method: 'x/ping', params: { n: 1 } }, proxyOrigin);
          if (message.method === 'x/echo') resolve(seen);
        });
        frame.src = url;
        document.body.appendChild(frame);
      }), [`${sandbox.origin}/proxy`, sandbox.origin, html, csp] as const);
      expect(seen).toEqual([['ui/notifications/sandbox-proxy-ready', {}], ['x/hello', { origin: 'null' }], ['x/echo', { n: 1 }]]);
      const proxy = frames(page).proxy;
      expect(await proxy.evaluate(() => document.querySelectorAll('iframe').length)).toBe(1);
      const srcdoc = (await proxy.locator('iframe').getAttribute('srcdoc'))!;
      const policy = appContentSecurityPolicy(csp);
      expect(policy).toContain('connect-src https://api.example;');
      expect(srcdoc).toBe(`<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"><title>raw</title>${html.slice(html.indexOf('</head>'))}`);
    } finally {
      await page.close();
    }
  });

  it('lets only the host origins frame it, and refuses a host origin that is not one with a typed error', () => {
    expect(sandboxProxyHeaders({ hostOrigins: ['https://app.example', 'http://127.0.0.1:8080'] })['content-security-policy']).toBe('frame-ancestors https://app.example http://127.0.0.1:8080');
    expect(sandboxProxyPage({ hostOrigins: ['https://app.example'] })).toContain('const HOSTS = ["https://app.example"];');
    for (const bad of ['*', 'https://app.example/path', 'https://x.example"];alert(1);//', 'javascript:alert(1)']) {
      let error: unknown;
      try {
        sandboxProxyPage({ hostOrigins: [bad] });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppSandboxError);
      expect(error).toBeInstanceOf(RxMcpError);
      expect((error as AppSandboxError).reason).toBe('invalid-origin');
    }
    expect(() => sandboxProxyHeaders({ hostOrigins: [] })).toThrow(AppSandboxError);
  });
});
