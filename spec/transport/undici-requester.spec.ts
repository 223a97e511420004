/**
 * The Node HTTP path: undici's dispatcher API behind the `HttpRequester` seam. What the servers
 * see on their side: which requester the transports use by default in Node and when `fetch`
 * overrides it, one kept-alive connection for sequential requests, the bound on connections per
 * origin, an abort that ends only its own request, HTTP/2 over TLS with 64 concurrent calls on
 * one connection, and a proxy from the environment when asked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { Client } from '../../lib/client/client.js';
import { InvalidOptionError } from '../../lib/protocol/errors.js';
import { resolveRequester } from '../../lib/transport/http/default-requester.js';
import { undiciRequester, type UndiciRequester } from '../../lib/transport/http/node/undici-requester.js';
import { readJsonBody } from '../../lib/transport/http/event-stream.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { firstText } from '../helpers/servers.js';
import { startH2McpServer, type H2McpServer } from '../helpers/tls-servers.js';

/** A plain HTTP/1.1 server counting its connections and keeping the headers of every request. */
async function countingServer(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: URL; server: Server; connections: () => number; seen: IncomingMessage['headers'][] }> {
  let connections = 0;
  const seen: IncomingMessage['headers'][] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    handle(request, response);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`), server, connections: () => connections, seen };
}

const servers: Server[] = [];
const requesters: UndiciRequester[] = [];
afterEach(async () => {
  await Promise.all(requesters.splice(0).map((requester) => requester.close()));
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

function track(requester: UndiciRequester): UndiciRequester {
  requesters.push(requester);
  return requester;
}

const get = (url: URL, signal = new AbortController().signal) => ({ method: 'GET', url, headers: {}, signal, redirect: 'manual' as const });

describe('the undici requester', () => {
  it("is the transports' default in Node: no WHATWG fetch headers on the wire; `fetch` still overrides", async () => {
    const target = await countingServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    servers.push(target.server);
    const byDefault = await resolveRequester({});
    await readJsonBody(await byDefault(get(target.url)), 1024);
    const byFetch = await resolveRequester({ fetch: globalThis.fetch.bind(globalThis) });
    await readJsonBody(await byFetch(get(target.url)), 1024);
    // undici's fetch adds the Fetch standard's `sec-fetch-mode`; its dispatcher API sends only what was asked
    expect(target.seen.map((headers) => headers['sec-fetch-mode'])).toEqual([undefined, 'cors']);
  });

  it("is what Node's build of rxmcp (lib/index-node.ts) defaults to, while lib/index.ts alone keeps fetch", async () => {
    const target = await countingServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    servers.push(target.server);
    type Resolve = typeof resolveRequester;
    const defaultOf = (entry: string): Resolve => {
      let resolve: Resolve | undefined;
      // a fresh module registry: nothing registered but what the entry itself does
      jest.isolateModules(() => {
        require(entry);
        resolve = (require('../../lib/transport/http/default-requester.ts') as { resolveRequester: Resolve }).resolveRequester;
      });
      return resolve!;
    };
    for (const entry of ['../../lib/index.ts', '../../lib/index-node.ts']) {
      const requester = await defaultOf(entry)({});
      await readJsonBody(await requester(get(target.url)), 1024);
    }
    expect(target.seen.map((headers) => headers['sec-fetch-mode'])).toEqual(['cors', undefined]);
  });

  it('keeps connections alive for sequential requests to an origin (undici opens a second one for the second request, then reuses them)', async () => {
    const target = await countingServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    servers.push(target.server);
    const requester = track(undiciRequester());
    const bodies: string[] = [];
    for (let i = 0; i < 20; i++) bodies.push(await readJsonBody(await requester(get(target.url)), 1024));
    expect(bodies).toEqual(Array.from({ length: 20 }, () => '{"ok":true}'));
    expect(target.connections()).toBeLessThanOrEqual(2);
  });

  it('keeps the connection when an unread short body is cancelled', async () => {
    const target = await countingServer((_request, response) => response.writeHead(202, { 'content-type': 'text/plain' }).end('accepted'));
    servers.push(target.server);
    const requester = track(undiciRequester());
    for (let i = 0; i < 5; i++) await (await requester(get(target.url))).body?.cancel();
    expect(target.seen).toHaveLength(5);
    expect(target.connections()).toBeLessThanOrEqual(2);
  });

  it('keeps the connection when an event stream is cancelled after its answer and the server then ends it', async () => {
    const target = await countingServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"answer":1}\n\n', () => setImmediate(() => response.end()));
    });
    servers.push(target.server);
    const requester = track(undiciRequester());
    for (let i = 0; i < 5; i++) {
      const reader = (await requester(get(target.url))).body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      await reader.cancel();
    }
    expect(target.seen).toHaveLength(5);
    expect(target.connections()).toBeLessThanOrEqual(2);
  });

  it('opens no more than `connections` connections to an origin; further requests wait for one', async () => {
    const held: ServerResponse[] = [];
    // answers requests two at a time: a client that opened more connections would still be served, and counted
    const target = await countingServer((_request, response) => {
      held.push(response);
      if (held.length >= 2) for (const waiting of held.splice(0)) waiting.writeHead(200, { 'content-type': 'application/json' }).end('1');
    });
    servers.push(target.server);
    const requester = track(undiciRequester({ connections: 2 }));
    const bodies = await Promise.all(Array.from({ length: 10 }, async () => readJsonBody(await requester(get(target.url)), 1024)));
    expect(bodies).toEqual(Array.from({ length: 10 }, () => '1'));
    expect(target.connections()).toBe(2);
  });

  it('aborts one request by its signal, and only that one', async () => {
    let closedByClient = 0;
    const target = await countingServer((request, response) => {
      if (request.url === '/slow') {
        response.on('close', () => closedByClient++);
        return; // never answers
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('2');
    });
    servers.push(target.server);
    const requester = track(undiciRequester());
    const controller = new AbortController();
    const slow = requester(get(new URL('/slow', target.url), controller.signal));
    const fast = await readJsonBody(await requester(get(target.url)), 1024);
    await new Promise<void>((resolve) => (target.seen.length >= 2 ? resolve() : target.server.once('request', () => resolve())));
    controller.abort();
    await expect(slow).rejects.toThrow();
    await new Promise<void>((resolve) => {
      const check = () => (closedByClient === 1 ? resolve() : setImmediate(check));
      check();
    });
    expect(fast).toBe('2');
    expect(closedByClient).toBe(1);
  });

  it("goes through the proxy HTTP_PROXY names when asked (proxy: 'env')", async () => {
    const target = await countingServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('3'));
    servers.push(target.server);
    const tunnelled: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
      tunnelled.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = netConnect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    // a plain (non-CONNECT) request through the proxy is refused: everything must tunnel
    proxy.on('request', (_request: IncomingMessage, response: ServerResponse) => response.writeHead(502).end());
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    servers.push(proxy);
    const saved = { http: process.env.HTTP_PROXY, no: process.env.NO_PROXY, lower: process.env.http_proxy, lowerNo: process.env.no_proxy };
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    process.env.NO_PROXY = '';
    delete process.env.http_proxy;
    delete process.env.no_proxy;
    try {
      const requester = track(undiciRequester({ proxy: 'env' }));
      expect(await readJsonBody(await requester(get(target.url)), 1024)).toBe('3');
    } finally {
      for (const [name, value] of [['HTTP_PROXY', saved.http], ['NO_PROXY', saved.no], ['http_proxy', saved.lower], ['no_proxy', saved.lowerNo]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(tunnelled).toEqual([target.url.host]);
  });
});

describe('HTTP/2 over TLS (allowH2)', () => {
  let server: H2McpServer;
  beforeAll(async () => {
    server = await startH2McpServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('carries 64 concurrent tool calls over one HTTP/2 connection', async () => {
    const requester = track(undiciRequester({ allowH2: true, tls: { ca: server.certificate.cert } }));
    const before = { sessions: server.counts.sessions, requests: server.counts.versions.length };
    await using client = await Client.connect(streamableHttp(server.url, { requester }));
    expect(client.era).toBe('modern');
    const texts = await Promise.all(Array.from({ length: 64 }, async (_, i) => firstText(await client.callTool('echo', { text: `call ${i}` }))));
    expect(texts).toEqual(Array.from({ length: 64 }, (_, i) => `call ${i}`));
    const versions = server.counts.versions.slice(before.requests);
    expect(versions.length).toBeGreaterThanOrEqual(65);
    expect(new Set(versions)).toEqual(new Set(['2.0']));
    expect(server.counts.sessions - before.sessions).toBe(1);
    expect(server.counts.http1Connections).toBe(0);
  });

  it('speaks HTTP/1.1 to the same server without allowH2', async () => {
    const requester = track(undiciRequester({ tls: { ca: server.certificate.cert } }));
    const before = { sessions: server.counts.sessions, requests: server.counts.versions.length };
    await using client = await Client.connect(streamableHttp(server.url, { requester }));
    expect(firstText(await client.callTool('echo', { text: 'one' }))).toBe('one');
    expect(new Set(server.counts.versions.slice(before.requests))).toEqual(new Set(['1.1']));
    expect(server.counts.sessions - before.sessions).toBe(0);
    expect(server.counts.http1Connections).toBeGreaterThanOrEqual(1);
  });
});

describe('bad options', () => {
  it('refuses a bad undiciRequester option, or a requester that is not a function, with InvalidOptionError', () => {
    expect(() => undiciRequester({ connections: 0 })).toThrow(InvalidOptionError);
    expect(() => undiciRequester({ proxy: 'yes' as never })).toThrow(/undiciRequester\.proxy/);
    expect(() => undiciRequester({ allowH2: 'true' as never })).toThrow(InvalidOptionError);
    expect(() => streamableHttp('http://127.0.0.1:1/mcp', { requester: 'undici' as never })).toThrow(/streamableHttp\.requester/);
  });
});
