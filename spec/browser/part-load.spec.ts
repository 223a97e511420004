/**
 * An optional part that cannot be loaded: the page (spec/browser/pages/part-load.ts) is built with
 * esbuild `splitting`, so the HTTP+SSE transport is a chunk of its own, fetched by `import()` when
 * a connect needs it. While the page server refuses that chunk (404, as a failed deployment or a
 * dropped network would), the connect fails with a `PartLoadError` naming the part, and nothing
 * reaches the server; a second connect on that page asks for the chunk again and fails the same
 * typed way. rxmcp does not keep a failed load, and the browser does not either (the HTML
 * standard no longer caches a module's failed fetch; Chromium follows it since 2024): once the
 * chunk is served, the next connect on the same page loads it and reaches `server-everything`
 * over HTTP+SSE (through a CORS front, the page being on another origin), and so does a reload. Output validation's engine alike: refused, the first call of a
 * tool with an `outputSchema` fails with a `PartLoadError` instead of going unvalidated.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, servePage, type ServedPage } from '../helpers/chromium.js';
import { startCorsProxy, type CorsProxy } from '../helpers/cors-proxy.js';
import { startEverythingServer, type EverythingHttpServer } from '../helpers/http-servers.js';

jest.setTimeout(60_000);

let everything: EverythingHttpServer;
let proxy: CorsProxy;
let streamable: EverythingHttpServer;
let streamableProxy: CorsProxy;
let browser: Browser;
let served: ServedPage;
let validating: ServedPage;
let hanging: ServedPage;
/** The HTTP+SSE chunk requests the hanging page server received and never answered. */
const held: string[] = [];
/** While true, the page server answers 404 for the HTTP+SSE transport's chunk. */
let refuseChunk = true;
const refused: string[] = [];
const reachedServer: string[] = [];

beforeAll(async () => {
  everything = await startEverythingServer('sse');
  proxy = await startCorsProxy(everything.origin);
  proxy.seen$.subscribe(({ method, path }) => reachedServer.push(`${method} ${path}`));
  streamable = await startEverythingServer('streamableHttp');
  streamableProxy = await startCorsProxy(streamable.origin);
  browser = await launchChromium();
  validating = await servePage({
    entry: join(__dirname, 'pages', 'validated-call.ts'),
    splitting: true,
    route: (req, res) => {
      if (!/^\/cfworker-engine-[\w-]+\.js$/.test((req.url ?? '').split('?')[0] ?? '')) return false;
      res.writeHead(404).end();
      return true;
    },
  });
  hanging = await servePage({
    entry: join(__dirname, 'pages', 'part-load.ts'),
    splitting: true,
    route: (req) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (!/^\/sse-transport-[\w-]+\.js$/.test(path)) return false;
      held.push(path); // never answered: a chunk the network never delivers
      return true;
    },
  });
  served = await servePage({
    entry: join(__dirname, 'pages', 'part-load.ts'),
    splitting: true,
    route: (req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (!refuseChunk || !/^\/sse-transport-[\w-]+\.js$/.test(path)) return false;
      refused.push(path);
      res.writeHead(404).end();
      return true;
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await validating?.close();
  await hanging?.close();
  await proxy?.close();
  await everything?.stop();
  await streamableProxy?.close();
  await streamable?.stop();
});

describe('an optional part that cannot be loaded', () => {
  it('fails the connect with a PartLoadError and sends nothing, again while refused; once served, the same page loads the part and connects, and so does a reload', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${served.origin}/?server=${encodeURIComponent(`${proxy.origin}/sse`)}`);
      await page.waitForFunction(() => (window as unknown as { __runs: string[] }).__runs.length === 1);
      expect(await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs)).toEqual(['PartLoadError the HTTP+SSE transport']);
      expect(refused).toHaveLength(1);
      expect(reachedServer).toEqual([]);

      await page.evaluate(() => (window as unknown as { __again: () => Promise<void> }).__again());
      expect(await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs)).toEqual(['PartLoadError the HTTP+SSE transport', 'PartLoadError the HTTP+SSE transport']);
      expect(refused).toHaveLength(2); // asked again, not a failure kept from the first load
      expect(reachedServer).toEqual([]);

      refuseChunk = false;
      await page.evaluate(() => (window as unknown as { __again: () => Promise<void> }).__again());
      expect(await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs)).toEqual(['PartLoadError the HTTP+SSE transport', 'PartLoadError the HTTP+SSE transport', 'connected sse']);
      expect(reachedServer).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/sse/)]));

      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __runs: string[] }).__runs.length === 1);
      expect(await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs)).toEqual(['connected sse']);
      expect(reachedServer).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/sse/), expect.stringMatching(/^POST \/message/)]));
    } finally {
      await page.close();
    }
  });

  it('bounds the load of a part by connectTimeoutMs: a chunk that never arrives fails the connect with a TimeoutError, and nothing reaches the server', async () => {
    const page = await browser.newPage();
    const before = reachedServer.length;
    try {
      await page.goto(`${hanging.origin}/?server=${encodeURIComponent(`${proxy.origin}/sse`)}&connectTimeoutMs=1500`);
      await page.waitForFunction(() => (window as unknown as { __runs: string[] }).__runs.length === 1, undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs)).toEqual([expect.stringMatching(/^TimeoutError: /)]);
      expect(held).toHaveLength(1);
      expect(reachedServer.slice(before)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('fails a call whose result needs output validation with a PartLoadError when the engine cannot be loaded', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${validating.origin}/?server=${encodeURIComponent(`${streamableProxy.origin}/mcp`)}`);
      const handle = await page.waitForFunction(() => {
        const state = window as unknown as { __validated?: unknown; __validatedError?: string };
        return state.__validatedError ?? (state.__validated === undefined ? undefined : JSON.stringify(state.__validated));
      });
      expect(await handle.jsonValue()).toMatch(/^PartLoadError: Could not load the JSON Schema validator: /);
    } finally {
      await page.close();
    }
  });
});
