/**
 * Era memory (`eraStore`) over HTTP, on the wire: with a store, `mode: 'auto'` remembers what a
 * server at a URL speaks; the next connect to a server remembered as legacy sends `initialize`
 * without the `server/discover` probe. A wrong memory (the server now refuses `initialize`, as a
 * modern-only one does) costs that one refused request: the client forgets, probes, connects.
 * Servers are real: server-everything (legacy) and the dual-era fixture server, behind the fault
 * proxy that records every request.
 */
import { Client } from '../../lib/client/client.js';
import { InvalidOptionError } from '../../lib/protocol/errors.js';
import { AuthenticationError } from '../../lib/protocol/http-errors.js';
import { InMemoryEraStore, webStorageEraStore, type EraStore } from '../../lib/session/era-store.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startEverythingServer, startFixtureHttpServer, type EverythingHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { bodyOf } from '../helpers/http-wire.js';
import { until } from '../helpers/scripted-peer.js';

const clientInfo = { name: 'rxmcp-spec', version: '1.0.0' };

let everything: EverythingHttpServer;
let dual: FixtureHttpServer;
const proxies: FaultProxy[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  [everything, dual] = await Promise.all([startEverythingServer('streamableHttp'), startFixtureHttpServer({ keepAliveMs: 0 })]);
});
afterAll(async () => {
  await everything?.stop();
  await dual?.stop();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
});

async function proxyTo(url: string): Promise<FaultProxy> {
  const proxy = await startFaultProxy(url);
  proxies.push(proxy);
  return proxy;
}

async function connect(url: string, store: EraStore | false | undefined): Promise<Client> {
  const client = await Client.connect(url, { clientInfo, ...(store === undefined ? {} : { eraStore: store }) });
  clients.push(client);
  return client;
}

/** Waits until the proxy has recorded the `notifications/initialized` a connect sent (it may trail the connect). */
function settled(proxy: FaultProxy): Promise<void> {
  return until(() => postedSince(proxy, 0).includes('notifications/initialized'));
}

/** The POSTs' JSON-RPC methods recorded since `from`. */
function postedSince(proxy: FaultProxy, from: number): string[] {
  return proxy.requests.slice(from).filter((request) => request.method === 'POST').map((request) => String(bodyOf(request).method ?? ''));
}

describe('era memory', () => {
  it('remembers a legacy server: the second connect sends initialize first, no probe', async () => {
    const proxy = await proxyTo(everything.url);
    const store = new InMemoryEraStore();
    const first = await connect(proxy.url, store);
    expect(first.era).toBe('legacy');
    expect(postedSince(proxy, 0).slice(0, 2)).toEqual(['server/discover', 'initialize']);
    expect(store.get(proxy.url)).toBe('legacy');

    await settled(proxy);
    const from = proxy.requests.length;
    const second = await connect(proxy.url, store);
    expect(second.era).toBe('legacy');
    expect((await second.listTools()).tools.map((tool) => tool.name)).toContain('echo');
    const posted = postedSince(proxy, from);
    expect(posted[0]).toBe('initialize');
    expect(posted).toEqual(expect.arrayContaining(['notifications/initialized', 'tools/list']));
    expect(posted).not.toContain('server/discover');
  });

  it('without a store every connect probes (the default in Node, which has no sessionStorage)', async () => {
    const proxy = await proxyTo(everything.url);
    await connect(proxy.url, undefined);
    await settled(proxy);
    const from = proxy.requests.length;
    await connect(proxy.url, undefined);
    expect(postedSince(proxy, from)[0]).toBe('server/discover');
  });

  it('remembers a modern server and still probes it (the probe is its discovery)', async () => {
    const proxy = await proxyTo(dual.url);
    const store = new InMemoryEraStore();
    await connect(proxy.url, store);
    expect(store.get(proxy.url)).toBe('modern');
    const from = proxy.requests.length;
    const client = await connect(proxy.url, store);
    expect(client.era).toBe('modern');
    expect(postedSince(proxy, from)[0]).toBe('server/discover');
  });

  it('a wrong memory costs one refused initialize, then the client probes and connects modern', async () => {
    const proxy = await proxyTo(dual.url);
    const store = new InMemoryEraStore();
    store.set(proxy.url, 'legacy');
    // the dual-era fixture would accept initialize; refuse it as a modern-only server does
    proxy.inject({ kind: 'status', status: 400, body: 'legacy clients are not served', when: { jsonrpcMethod: 'initialize' }, times: 1 });
    const client = await connect(proxy.url, store);
    expect(client.era).toBe('modern');
    expect(postedSince(proxy, 0).slice(0, 2)).toEqual(['initialize', 'server/discover']);
    expect(proxy.requests[0]!.fault).toBe('status');
    expect(store.get(proxy.url)).toBe('modern');
  });

  it('a refusal that is not about the era (401) stands, and the memory is kept', async () => {
    const proxy = await proxyTo(everything.url);
    const store = new InMemoryEraStore();
    store.set(proxy.url, 'legacy');
    proxy.inject({ kind: 'status', status: 401, when: { jsonrpcMethod: 'initialize' }, times: 1 });
    await expect(connect(proxy.url, store)).rejects.toBeInstanceOf(AuthenticationError);
    expect(postedSince(proxy, 0)).toEqual(['initialize']);
    expect(store.get(proxy.url)).toBe('legacy');
  });

  it('eraStore: false remembers nothing, whatever the platform has', async () => {
    const proxy = await proxyTo(everything.url);
    await connect(proxy.url, false);
    await settled(proxy);
    const from = proxy.requests.length;
    await connect(proxy.url, false);
    expect(postedSince(proxy, from)[0]).toBe('server/discover');
  });

  it('refuses an eraStore that is not one, before anything connects', async () => {
    const proxy = await proxyTo(everything.url);
    await expect(Client.connect(proxy.url, { eraStore: { get: () => undefined } as unknown as EraStore })).rejects.toBeInstanceOf(InvalidOptionError);
    expect(proxy.requests).toEqual([]);
  });
});

describe('the default store (platformEraStore)', () => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
  afterEach(() => {
    if (descriptor === undefined) delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    else Object.defineProperty(globalThis, 'sessionStorage', descriptor);
  });

  /** `platformEraStore` of a fresh copy of the module (it looks the platform up once per process). */
  function freshPlatformEraStore(): EraStore | undefined {
    let found: EraStore | undefined;
    jest.isolateModules(() => {
      found = (require('../../lib/session/era-store.js') as typeof import('../../lib/session/era-store.js')).platformEraStore();
    });
    return found;
  }

  it('is none in Node 20, which has no sessionStorage', () => {
    expect(typeof (globalThis as { sessionStorage?: unknown }).sessionStorage).toBe('undefined');
    expect(freshPlatformEraStore()).toBeUndefined();
  });

  it('is none where touching sessionStorage throws (a sandboxed iframe: SecurityError)', () => {
    Object.defineProperty(globalThis, 'sessionStorage', { configurable: true, get: () => { throw new Error('SecurityError: the document is sandboxed'); } });
    expect(freshPlatformEraStore()).toBeUndefined();
  });

  it('is a store on sessionStorage where there is one that works (in Chromium: spec/browser/lean-client.spec.ts)', () => {
    const items = new Map<string, string>();
    Object.defineProperty(globalThis, 'sessionStorage', { configurable: true, value: { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) } });
    const store = freshPlatformEraStore();
    store?.set('http://x/mcp', 'legacy');
    expect(items.get('rxmcp.era.http://x/mcp')).toBe('legacy');
  });
});

describe('the stores', () => {
  it('InMemoryEraStore keeps the most recently set servers within its limit', () => {
    const store = new InMemoryEraStore(2);
    store.set('a', 'legacy');
    store.set('b', 'modern');
    store.set('a', 'legacy'); // a is the newest now
    store.set('c', 'modern');
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual(['legacy', undefined, 'modern']);
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
  });

  it('webStorageEraStore reads only what it wrote, and treats a throwing storage as empty', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) };
    const store = webStorageEraStore(storage);
    store.set('http://x/mcp', 'legacy');
    expect(items.get('rxmcp.era.http://x/mcp')).toBe('legacy');
    expect(store.get('http://x/mcp')).toBe('legacy');
    items.set('rxmcp.era.http://y/mcp', 'garbage');
    expect(store.get('http://y/mcp')).toBeUndefined();
    store.delete('http://x/mcp');
    expect(store.get('http://x/mcp')).toBeUndefined();
    const broken = webStorageEraStore({ getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); }, removeItem: () => { throw new Error('denied'); } });
    expect(broken.get('http://x/mcp')).toBeUndefined();
    expect(() => broken.set('http://x/mcp', 'legacy')).not.toThrow();
    expect(() => broken.delete('http://x/mcp')).not.toThrow();
  });
});
