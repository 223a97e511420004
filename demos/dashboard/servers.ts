/**
 * Everything `npm run dashboard` shows, started by itself: the fixture server in both eras
 * (two processes of spec/fixtures/fixture-http-server.mjs, one spoken to on 2026-07-28, one on
 * 2025-11-25), the reference `server-everything` (Streamable HTTP), the MCP Apps fixture
 * (spec/fixtures/apps-server.mjs), the tasks fixture (spec/fixtures/tasks-server.mjs, stdio, served
 * over HTTP by spec/fixtures/stdio-http-bridge.mjs), and the page: demos/dashboard/app.ts bundled with esbuild,
 * with `/config.json` listing the servers. The fixtures speak no CORS, so each server is reached
 * through a small CORS proxy of its own, on its own port: one origin per server, because a
 * browser opens at most six connections per origin and every server holds long-lived streams.
 * The dashboard specs start it with this module too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servePage, type ServedPage } from '../../spec/helpers/chromium.js';
import { startCorsProxy } from '../../spec/helpers/cors-proxy.js';
import { startEverythingServer, startFixtureHttpServer } from '../../spec/helpers/http-servers.js';
import { startListeningProcess } from '../../spec/helpers/listening-process.js';

/**
 * How the page's client speaks to a server (`Client.connect`'s `mode`). The modern fixture is
 * pinned to `'2026-07-28'`: no discover is sent, its capabilities are unknown, and the group
 * tries every list and listen and sees.
 */
export type DashboardMode = 'legacy' | '2026-07-28' | 'auto';

/** One server the dashboard shows. */
export interface DashboardServer {
  /** Its name in the page's `ClientGroup`. */
  readonly name: string;
  /** What it is, for the page. */
  readonly title: string;
  /** Its own endpoint, `http://127.0.0.1:<port>/mcp` (for specs that check the server side). */
  readonly upstream: string;
  /** The endpoint the page uses: its CORS proxy, `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** The era the page speaks to it. */
  readonly mode: DashboardMode;
  /** Stops the server process (the page then sees it die). Idempotent. */
  stop(): Promise<void>;
}

/** A running dashboard. */
export interface Dashboard {
  /** The page, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The servers, by name. */
  readonly servers: ReadonlyMap<string, DashboardServer>;
  /** Stops the page and every server. */
  close(): Promise<void>;
}

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** The package root (where `spec/` and `demos/` are). */
  readonly root: string;
  /** The page's port (default 0: a free one). */
  readonly port?: number;
}

/** The `/config.json` the page reads. */
export interface DashboardConfig {
  readonly servers: readonly { readonly name: string; readonly title: string; readonly url: string; readonly mode: DashboardMode }[];
}

/** Starts the servers and the page; resolves once all listen. */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { root } = options;
  const started = await Promise.allSettled([
    startFixtureHttpServer().then((server) => ({ name: 'modern', title: 'fixture server, 2026-07-28', upstream: server.url, mode: '2026-07-28' as const, stop: server.stop })),
    startFixtureHttpServer().then((server) => ({ name: 'legacy', title: 'fixture server, 2025-11-25', upstream: server.url, mode: 'legacy' as const, stop: server.stop })),
    startEverythingServer('streamableHttp').then((server) => ({ name: 'everything', title: 'server-everything (reference)', upstream: server.url, mode: 'legacy' as const, stop: server.stop })),
    startListeningProcess([join(root, 'spec', 'fixtures', 'apps-server.mjs')], { cwd: root }).then((server) => ({
      name: 'apps',
      title: 'MCP Apps fixture',
      upstream: `http://127.0.0.1:${server.port}/mcp`,
      mode: 'auto' as const,
      stop: server.stop,
    })),
    startListeningProcess([join(root, 'spec', 'fixtures', 'stdio-http-bridge.mjs'), join(root, 'spec', 'fixtures', 'tasks-server.mjs')], { cwd: root }).then((server) => ({
      name: 'tasks',
      title: 'tasks fixture (stdio, over an HTTP bridge)',
      upstream: `http://127.0.0.1:${server.port}/mcp`,
      mode: 'auto' as const,
      stop: server.stop,
    })),
  ]);
  const running = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(running.map((server) => server.stop()));
    throw failure.reason;
  }
  const proxies = await Promise.all(running.map((server) => startCorsProxy(new URL(server.upstream).origin)));
  const servers = new Map<string, DashboardServer>(running.map((server, index) => [server.name, { ...server, url: `${proxies[index]!.origin}/mcp` }]));
  const config: DashboardConfig = { servers: [...servers.values()].map(({ name, title, url, mode }) => ({ name, title, url, mode })) };
  const closeProxies = (): Promise<void> => Promise.all(proxies.map((proxy) => proxy.close())).then(() => undefined);

  let page: ServedPage;
  try {
    page = await servePage({
      entry: join(root, 'demos', 'dashboard', 'app.ts'),
      html: readFileSync(join(root, 'demos', 'dashboard', 'index.html'), 'utf8'),
      route: (req, res) => {
        if ((req.url ?? '/').split('?')[0] !== '/config.json') return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
        return true;
      },
      ...(options.port !== undefined && { port: options.port }),
    });
  } catch (error) {
    await closeProxies();
    await Promise.all(running.map((server) => server.stop()));
    throw error;
  }
  return {
    url: `${page.origin}/`,
    servers,
    async close() {
      await page.close();
      await closeProxies();
      await Promise.all(running.map((server) => server.stop()));
    },
  };
}
