/**
 * rxmcp/angular under zone.js in real Chromium: with the client connected (its standalone or
 * listen stream open) and a tool call done, the app's zone has no pending macrotask and
 * `ApplicationRef.isStable` turns true, because the connection and its calls run outside the
 * Angular zone. A running call matters most: with the service's zone wrappers removed, its deadline
 * timer sits in the zone and the app stays unstable for as long as the call runs (this spec then
 * fails). The zoneless case is covered by angular-entry.spec.ts and demo-chromium.spec.ts.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, servePage, type ServedPage } from '../helpers/chromium.js';
import { startCorsProxy, type CorsProxy } from '../helpers/cors-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';

describe('rxmcp/angular in a zone.js app in Chromium', () => {
  let server: FixtureHttpServer;
  let proxy: CorsProxy;
  let browser: Browser;
  let page: ServedPage | undefined;

  beforeAll(async () => {
    server = await startFixtureHttpServer();
    proxy = await startCorsProxy(server.origin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await proxy?.close();
    await server?.stop();
  });

  it.each(['auto', 'legacy'] as const)('settles while connected (mode %s): isStable true and no pending macrotask, also while a long call runs; emissions outside the zone', async (mode) => {
    await page?.close();
    page = await servePage({
      entry: join(__dirname, 'pages', 'zone-app.ts'),
      define: { MCP_URL: JSON.stringify(`${proxy.origin}/mcp`), MCP_MODE: JSON.stringify(mode) },
    });
    const tab = await browser.newPage();
    try {
      await tab.goto(page.origin);
      const report = await tab.evaluate(() => (window as unknown as { zoneApp: Promise<unknown> }).zoneApp);
      expect(report).toEqual({ state: 'connected', tools: expect.any(Number), stable: true, pendingMacrotasks: false, inAngularZoneWhenEmitted: false, duringCall: { stable: true, pendingMacrotasks: false } });
    } finally {
      await tab.close();
    }
  });
});
