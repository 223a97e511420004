/**
 * Real Chromium for the browser specs: Debian's `/usr/bin/chromium` (installed by `.ci/run` with
 * apt-get, never a downloaded browser) driven by playwright-core, and a page server that bundles a
 * TypeScript entry with esbuild for the browser (`platform: 'browser'`, so nothing Node-only can
 * slip into what the page runs), or serves a site built elsewhere (`serveDirectory`). One helper for
 * every spec that needs a browser.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

/** Where the Debian package puts the browser; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Starts headless Chromium. Close it in `afterAll`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A bundled page served on 127.0.0.1: `origin` to navigate to, `close` to stop it. */
export interface ServedPage {
  readonly origin: string;
  readonly server: Server;
  /** Every script {@link servePage} serves, by path (`/app.js`, and the chunks of a `splitting` build); empty for {@link serveDirectory}. */
  readonly scripts: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/** Options of {@link servePage}. */
export interface ServePageOptions {
  /** The TypeScript (or JavaScript) entry bundled as `/app.js`. */
  readonly entry: string;
  /** The HTML of every other path; default: an empty page loading `/app.js` as a module. */
  readonly html?: string;
  /** Answers a request first; return true when it answered (extra routes: a callback, an API). */
  readonly route?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Values esbuild substitutes in the bundle (`define`). */
  readonly define?: Record<string, string>;
  /** The port to listen on (default 0: a free one). */
  readonly port?: number;
  /**
   * Code splitting (esbuild's `splitting`, ES modules): each `import()` target and the code shared
   * with it become chunks beside `/app.js`, fetched by the browser only when the page loads them.
   */
  readonly splitting?: boolean;
  /** Minify the bundle (default false). */
  readonly minify?: boolean;
}

/** The default page: loads the bundle as an ES module. */
export const DEFAULT_PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>rxmcp</title><script type="module" src="/app.js"></script>';

/** Bundles `entry` for the browser and serves it with a page that loads it. */
export async function servePage(options: ServePageOptions): Promise<ServedPage> {
  const bundle = await build({
    entryPoints: [options.entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    ...(options.define ? { define: options.define } : {}),
    ...(options.minify ? { minify: true } : {}),
    // a splitting build writes (in memory) app.js and its chunks (`<name>-<hash>.js`: `sse-transport-…`, `chunk-…`)
    ...(options.splitting ? { splitting: true, outdir: '/out', entryNames: 'app' } : {}),
  });
  const scripts = new Map<string, string>(options.splitting ? bundle.outputFiles.map((file) => [`/${basename(file.path)}`, file.text] as const) : [['/app.js', bundle.outputFiles[0]!.text] as const]);
  const html = options.html ?? DEFAULT_PAGE_HTML;
  const server = createServer((req, res) => {
    if (options.route?.(req, res)) return;
    const script = scripts.get((req.url ?? '').split('?')[0] ?? '');
    if (script !== undefined) res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    scripts,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The content types {@link serveDirectory} sends, by file extension. */
const CONTENT_TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.txt': 'text/plain' };

/**
 * Serves a built site (an app's `dist/`) on 127.0.0.1: a path names a file of `dir`; a path that
 * names none gets `index.html` (the single-page app fallback).
 */
export async function serveDirectory(dir: string): Promise<ServedPage> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const file = resolve(root, `.${path}`);
    const target = file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream' }).end(readFileSync(target));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    scripts: new Map(),
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}
