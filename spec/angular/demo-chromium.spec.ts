/**
 * The Angular demo (demos/angular/, built by `ng build` from an `npm pack` of the repo) in real
 * Chromium against the fixture server over Streamable HTTP, reached cross-origin through a CORS
 * front: the page lists the tools (async pipe and signal), settles while connected (zoneless,
 * `whenStable`), runs a tool whose progress bar advances to its result, cancels a run (the server
 * counts the cancellation), and shows the server's log messages. The demo is built here when its
 * inputs changed (spec/helpers/angular-demo.ts), so `npm test` on a fresh clone builds it.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { filter, firstValueFrom } from 'rxjs';
import { Client } from 'rxmcp';
import { ANGULAR_DEMO, ensureAngularDemo } from '../helpers/angular-demo.js';
import { launchChromium, serveDirectory, type ServedPage } from '../helpers/chromium.js';
import { startCorsProxy, type CorsProxy } from '../helpers/cors-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { firstText } from '../helpers/servers.js';

describe('the Angular demo in Chromium', () => {
  let buildError: unknown;
  let server: FixtureHttpServer;
  let proxy: CorsProxy;
  let site: ServedPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    try {
      await ensureAngularDemo();
    } catch (error) {
      buildError = error;
      return;
    }
    server = await startFixtureHttpServer();
    proxy = await startCorsProxy(server.origin);
    site = await serveDirectory(ANGULAR_DEMO.browser);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${site.origin}/?server=${encodeURIComponent(`${proxy.origin}/mcp`)}`);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await proxy?.close();
    await server?.stop();
  });

  /** Fails the test with the build's output when the demo did not build. */
  const built = (): void => {
    if (buildError !== undefined) throw buildError;
  };

  const text = (selector: string): Promise<string> => page.locator(selector).innerText();

  it('bundles one copy of rxjs, shared by Angular and the rxmcp installed from the packed tarball', () => {
    built();
    const stats = JSON.parse(readFileSync(ANGULAR_DEMO.stats, 'utf8')) as { inputs: Record<string, unknown> };
    const inputs = Object.keys(stats.inputs);
    const rxjsRoots = new Set(inputs.filter((path) => path.includes('/rxjs/') || path.startsWith('node_modules/rxjs/')).map((path) => path.slice(0, path.lastIndexOf('node_modules/rxjs/'))));
    expect([...rxjsRoots]).toEqual(['']);
    // rxmcp came from the tarball: its built files, in a real folder (not a symlink to the repo)
    expect(inputs.some((path) => path.startsWith('node_modules/rxmcp/dist/angular/'))).toBe(true);
    expect(inputs.some((path) => path.startsWith('../') || path.includes('/lib/angular/'))).toBe(false);
    expect(lstatSync(join(ANGULAR_DEMO.nodeModules, 'rxmcp')).isSymbolicLink()).toBe(false);
  });

  it('connects, lists the tools through the async pipe and the signal, and settles while connected', async () => {
    built();
    await page.locator('#state', { hasText: 'connected' }).waitFor();
    await page.locator('#tools li', { hasText: 'progress' }).waitFor();
    const names = await page.locator('#tools li code').allInnerTexts();
    expect(names).toEqual(expect.arrayContaining(['echo', 'progress', 'slow', 'log']));
    expect(Number(await text('#tool-count'))).toBe(names.length);
    // zoneless and no pending task held by the live connection: the app becomes stable
    expect(await page.evaluate(() => (window as unknown as { demo: { whenStable(): Promise<boolean> } }).demo.whenStable())).toBe(true);
  });

  it('runs a tool: the progress bar advances step by step, then the result shows', async () => {
    built();
    await page.selectOption('#tool', 'progress');
    await page.fill('#args', '{"steps": 4, "delayMs": 150}');
    // sample the bar on every frame until the result is there
    const sampled = page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const values: number[] = [];
          const sample = (): void => {
            const bar = document.querySelector('#progress') as HTMLProgressElement;
            if (values.at(-1) !== bar.value) values.push(bar.value);
            if (document.querySelector('#result')?.textContent?.includes('done')) resolve(values);
            else requestAnimationFrame(sample);
          };
          sample();
        }),
    );
    await page.click('#run');
    const values = await sampled;
    expect(await text('#result')).toBe('done 4');
    expect(await text('#run-state')).toBe('done');
    expect(values.at(-1)).toBe(4);
    expect(values.filter((value) => value > 0 && value < 4).length).toBeGreaterThanOrEqual(2);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(await page.locator('#progress').getAttribute('max')).toBe('4');
  });

  it('cancels a running tool: the browser drops the call and the server counts the cancellation', async () => {
    built();
    const probe = await Client.connect(server.url);
    try {
      const before = Number(firstText(await probe.callTool('cancellations', {})));
      const forwarded = firstValueFrom(proxy.seen$.pipe(filter((request) => request.body.includes('"slow"'))));
      await page.selectOption('#tool', 'slow');
      await page.fill('#args', '{"ms": 60000}');
      await page.click('#run');
      await forwarded; // the call reached the server
      await page.locator('#run-state', { hasText: 'running' }).waitFor();
      await page.click('#cancel');
      await page.locator('#run-state', { hasText: 'cancelled' }).waitFor();
      let after = before;
      for (let attempt = 0; attempt < 500 && after === before; attempt++) after = Number(firstText(await probe.callTool('cancellations', {})));
      expect(after).toBe(before + 1);
      expect(await text('#result')).toBe('');
    } finally {
      await probe.close();
    }
  });

  it("shows the server's log messages", async () => {
    built();
    await page.selectOption('#tool', 'log');
    await page.fill('#args', '{"level": "warning", "message": "hello from the spec"}');
    await page.click('#run');
    await page.locator('#logs li', { hasText: 'hello from the spec' }).waitFor();
    expect(await page.locator('#logs li', { hasText: 'hello from the spec' }).innerText()).toBe('[warning] hello from the spec');
    await page.locator('#result', { hasText: 'logged warning' }).waitFor();
  });
});
