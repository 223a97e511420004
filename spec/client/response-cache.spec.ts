/**
 * The response cache as a client uses it (SEP-2549), against official SDK servers run in
 * process in both eras: the servers' cache hints, the wire traffic a hit saves, invalidation by
 * the server's change notifications, modes, isolation on a shared store, and failure handling.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { firstValueFrom, filter, lastValueFrom, toArray } from 'rxjs';
import * as z from 'zod/v4';
import { InMemoryResponseCacheStore } from '../../lib/cache/in-memory-store.js';
import { CacheConfigError } from '../../lib/cache/errors.js';
import type { ResponseCacheStore } from '../../lib/cache/store.js';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import { inProcessTransport } from '../../lib/client/in-process.js';
import { ConnectionClosedError, McpError } from '../../lib/protocol/errors.js';
import type { ClientWarning } from '../../lib/session/client-warning.js';
import { methodsOf, recording, type RecordingTransport } from '../helpers/recording-transport.js';
import { answerInitialize, scriptedPeer } from '../helpers/scripted-peer.js';

interface ServerHints {
  readonly listTtlMs?: number;
  readonly scope?: 'public' | 'private';
}

/** A server whose listings carry cache hints (on 2026-07-28 only; the SDK never sends them on legacy). */
function hintedServer(hints: ServerHints = { listTtlMs: 60_000 }): McpServer {
  const hint = hints.listTtlMs === undefined ? undefined : { ttlMs: hints.listTtlMs, ...(hints.scope === undefined ? {} : { cacheScope: hints.scope }) };
  const server = new McpServer(
    { name: 'hinted', version: '1.0.0' },
    {
      capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } },
      ...(hint === undefined ? {} : { cacheHints: { 'tools/list': hint, 'prompts/list': hint, 'resources/list': hint, 'resources/templates/list': hint } }),
    },
  );
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('sum', { inputSchema: z.object({ a: z.number(), b: z.number() }), outputSchema: z.object({ sum: z.number() }) }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
    structuredContent: { sum: a + b },
  }));
  server.registerResource('greeting', 'test://greeting', { cacheHint: { ttlMs: 30_000 } }, async (uri) => ({ contents: [{ uri: uri.href, text: 'hello' }] }));
  server.registerResource('plain', 'test://plain', {}, async (uri) => ({ contents: [{ uri: uri.href, text: 'no hint' }] }));
  server.registerPrompt('hi', {}, async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] }));
  return server;
}

interface Connected {
  readonly client: Client;
  readonly wire: RecordingTransport;
  readonly server: McpServer;
}

async function connect(options: ClientOptions & { hints?: ServerHints; server?: McpServer } = {}): Promise<Connected> {
  const server = options.server ?? hintedServer(options.hints);
  const wire = recording(await inProcessTransport(server, { raiseExceptions: true }));
  const client = await Client.connect(wire, options);
  return { client, wire, server };
}

const sentMethod = (wire: RecordingTransport, method: string): number => methodsOf(wire.sent).filter((m) => m === method).length;

describe('the response cache in a client', () => {
  let now = 1_000_000;
  const clock = (): number => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  describe('freshness', () => {
    it("serves a listing from the cache within the server's ttlMs, and fetches again after it (modern)", async () => {
      const { client, wire } = await connect({ cache: { clock } });
      await using _ = client;
      expect(client.era).toBe('modern');
      const first = await client.listTools();
      const second = await client.listTools();
      expect(second).toBe(first); // the same frozen object
      expect(sentMethod(wire, 'tools/list')).toBe(1);
      now += 60_000; // an entry expiring exactly now is stale
      await client.listTools();
      expect(sentMethod(wire, 'tools/list')).toBe(2);
    });

    it('stores nothing for an explicit ttlMs of 0, whatever defaultTtlMs says (the SDK sends 0 when no hint is set)', async () => {
      const { client, wire } = await connect({ hints: {}, cache: { clock, defaultTtlMs: 5_000 } });
      await using _ = client;
      const page = await client.listTools();
      expect((page as { ttlMs?: number }).ttlMs).toBe(0);
      await client.listTools();
      expect(sentMethod(wire, 'tools/list')).toBe(2);
    });

    it('caches a result without a hint only when defaultTtlMs is set (a server that sends no ttlMs)', async () => {
      for (const [defaultTtlMs, expected] of [[0, 2], [5_000, 1]] as const) {
        const peer = scriptedPeer((message, p) => {
          if (answerInitialize(message, p)) return;
          if ('id' in message && 'method' in message && message.method === 'tools/list') p.result(message.id, { tools: [{ name: 't', inputSchema: { type: 'object' } }] });
        });
        await using client = await Client.connect(peer.transport, { mode: 'legacy', cache: { clock, defaultTtlMs } });
        await client.listTools();
        await client.listTools();
        expect(peer.requests('tools/list')).toHaveLength(expected);
      }
    });

    it('ignores hints on legacy connections: only defaultTtlMs applies', async () => {
      const plain = await connect({ mode: 'legacy', cache: { clock } });
      await using _plain = plain.client;
      expect(plain.client.era).toBe('legacy');
      await plain.client.listTools();
      await plain.client.listTools();
      expect(sentMethod(plain.wire, 'tools/list')).toBe(2);

      const withDefault = await connect({ mode: 'legacy', cache: { clock, defaultTtlMs: 1_000 } });
      await using _withDefault = withDefault.client;
      await withDefault.client.listTools();
      await withDefault.client.listTools();
      expect(sentMethod(withDefault.wire, 'tools/list')).toBe(1);
      now += 1_000;
      await withDefault.client.listTools();
      expect(sentMethod(withDefault.wire, 'tools/list')).toBe(2);
    });

    it('caches resources/read per URI with the resource’s own hint', async () => {
      const { client, wire } = await connect({ cache: { clock } });
      await using _ = client;
      await client.readResource('test://greeting');
      await client.readResource('test://greeting');
      await client.readResource('test://plain');
      await client.readResource('test://plain');
      const reads = wire.sent.filter((m) => 'method' in m && m.method === 'resources/read').map((m) => (m as unknown as { params: { uri: string } }).params.uri);
      expect(reads).toEqual(['test://greeting', 'test://plain', 'test://plain']);
    });
  });

  describe('modes', () => {
    it("'refresh' always fetches and replaces; 'bypass' fetches without reading or writing; meta refreshes", async () => {
      const { client, wire } = await connect({ cache: { clock } });
      await using _ = client;
      const warm = await client.listTools();
      const refreshed = await client.listTools({}, { cacheMode: 'refresh' });
      expect(refreshed).not.toBe(warm);
      expect(await client.listTools()).toBe(refreshed); // the refresh replaced the entry
      const bypassed = await client.listTools({}, { cacheMode: 'bypass' });
      expect(bypassed).not.toBe(refreshed);
      expect(await client.listTools()).toBe(refreshed); // bypass left the warm entry alone
      const withMeta = await client.listTools({}, { meta: { 'example.com/trace': 't1' } });
      expect(await client.listTools()).toBe(withMeta); // meta read nothing but wrote
      expect(sentMethod(wire, 'tools/list')).toBe(4);
    });

    it('never reads or writes for a seeded resources/read', async () => {
      const { client, wire } = await connect({ cache: { clock } });
      await using _ = client;
      await client.readResource('test://greeting');
      await client.readResource('test://greeting', { inputResponses: {} });
      await client.readResource('test://greeting');
      expect(sentMethod(wire, 'resources/read')).toBe(2);
    });

    it('a rejected cursor page (-32602) evicts the cached listing; other errors do not', async () => {
      const peer = scriptedPeer((message, p) => {
        if (answerInitialize(message, p)) return;
        if (!('id' in message && 'method' in message && message.method === 'tools/list')) return;
        const cursor = (message.params as { cursor?: string } | undefined)?.cursor;
        if (cursor === 'expired') p.error(message.id, -32602, 'Invalid cursor');
        else if (cursor === 'broken') p.error(message.id, -32603, 'Internal error');
        else p.result(message.id, { tools: [{ name: 't', inputSchema: { type: 'object' } }], nextCursor: 'next' });
      });
      await using client = await Client.connect(peer.transport, { mode: 'legacy', cache: { clock, defaultTtlMs: 60_000 } });
      await client.listTools();
      await client.listTools();
      expect(peer.requests('tools/list')).toHaveLength(1);
      const internal = await client.listTools({ cursor: 'broken' }).catch((e: unknown) => e);
      expect(internal).toMatchObject({ code: -32603 });
      await client.listTools();
      expect(peer.requests('tools/list')).toHaveLength(2); // the cursor page itself, never cached; the listing still warm
      const expired = await client.listTools({ cursor: 'expired' }).catch((e: unknown) => e);
      expect(expired).toBeInstanceOf(McpError);
      expect((expired as McpError).code).toBe(-32602);
      await client.listTools();
      expect(peer.requests('tools/list')).toHaveLength(4);
    });
  });

  describe('invalidation', () => {
    it('tools/list_changed on a legacy connection evicts the tools listing', async () => {
      const { client, wire, server } = await connect({ mode: 'legacy', cache: { clock, defaultTtlMs: 60_000 } });
      await using _ = client;
      expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('late');
      const changed = firstValueFrom(client.notifications$.pipe(filter((n) => n.method === 'notifications/tools/list_changed')));
      server.registerTool('late', {}, async () => ({ content: [{ type: 'text', text: 'late' }] }));
      await changed;
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('late');
      expect(sentMethod(wire, 'tools/list')).toBe(2);
    });

    it('a change event on a 2026-07-28 listen stream evicts too, and tools$ shows the new list', async () => {
      const { client, wire, server } = await connect({ cache: { clock } });
      await using _ = client;
      const lists: string[][] = [];
      const subscription = client.tools$.subscribe((tools) => lists.push(tools.map((tool) => tool.name)));
      await firstValueFrom(client.notifications$.pipe(filter((n) => n.method === 'notifications/subscriptions/acknowledged')));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(lists).toEqual([['echo', 'sum']]);
      await client.listTools(); // served by the entry tools$ stored
      expect(sentMethod(wire, 'tools/list')).toBe(1);
      server.registerTool('late', {}, async () => ({ content: [{ type: 'text', text: 'late' }] }));
      await firstValueFrom(client.tools$.pipe(filter((tools) => tools.some((tool) => tool.name === 'late'))));
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('late');
      expect(sentMethod(wire, 'tools/list')).toBe(2);
      subscription.unsubscribe();
    });
  });

  describe('sharing and isolation', () => {
    it('1,000 concurrent identical listTools() make one tools/list', async () => {
      for (const mode of ['auto', 'legacy'] as const) {
        const { client, wire } = await connect({ mode, cache: { clock } });
        await using _ = client;
        const results = await Promise.all(Array.from({ length: 1_000 }, () => client.listTools()));
        expect(new Set(results).size).toBe(1);
        expect(sentMethod(wire, 'tools/list')).toBe(1);
      }
    });

    it('the Observable twin shares the same flight and entry', async () => {
      const { client, wire } = await connect({ cache: { clock } });
      await using _ = client;
      const [viaObservable, viaPromise] = await Promise.all([lastValueFrom(client.listTools$().pipe(toArray())), client.listTools()]);
      expect(viaObservable).toEqual([{ type: 'result', result: viaPromise }]);
      expect(sentMethod(wire, 'tools/list')).toBe(1);
    });

    it('two clients on a shared store with different partitions never see each other’s private entries', async () => {
      const store = new InMemoryResponseCacheStore();
      const a = await connect({ cache: { clock, store, partition: 'tenant-a', targetId: 'server-1' } });
      const b = await connect({ cache: { clock, store, partition: 'tenant-b', targetId: 'server-1' } });
      const a2 = await connect({ cache: { clock, store, partition: 'tenant-a', targetId: 'server-1' } });
      await using _a = a.client;
      await using _b = b.client;
      await using _a2 = a2.client;
      await a.client.listTools();
      await b.client.listTools();
      await a2.client.listTools();
      expect([sentMethod(a.wire, 'tools/list'), sentMethod(b.wire, 'tools/list'), sentMethod(a2.wire, 'tools/list')]).toEqual([1, 1, 0]);
    });

    it('public entries cross partitions only with sharePublic', async () => {
      const store = new InMemoryResponseCacheStore();
      const hints = { listTtlMs: 60_000, scope: 'public' as const };
      const a = await connect({ hints, cache: { clock, store, partition: 'a', targetId: 's', sharePublic: true } });
      const b = await connect({ hints, cache: { clock, store, partition: 'b', targetId: 's', sharePublic: true } });
      const c = await connect({ hints, cache: { clock, store, partition: 'c', targetId: 's' } });
      await using _a = a.client;
      await using _b = b.client;
      await using _c = c.client;
      await a.client.listTools();
      await b.client.listTools();
      await c.client.listTools();
      expect([sentMethod(a.wire, 'tools/list'), sentMethod(b.wire, 'tools/list'), sentMethod(c.wire, 'tools/list')]).toEqual([1, 0, 1]);
    });

    it('a tools/list served from an entry another client stored still teaches this client the output schemas', async () => {
      const store = new InMemoryResponseCacheStore();
      const a = await connect({ cache: { clock, store, partition: 'p', targetId: 's' } });
      const b = await connect({ cache: { clock, store, partition: 'p', targetId: 's' } });
      await using _a = a.client;
      await using _b = b.client;
      await a.client.listTools();
      await b.client.listTools(); // a hit
      const result = await b.client.callTool('sum', { a: 2, b: 3 });
      expect(result.structuredContent).toEqual({ sum: 5 });
      expect(sentMethod(b.wire, 'tools/list')).toBe(0); // validation needed no listing of its own
    });
  });

  describe('results are not shared mutable state', () => {
    it('a cached result is frozen; a copy can be changed without touching the next hit', async () => {
      const { client } = await connect({ cache: { clock } });
      await using _ = client;
      const first = await client.listTools();
      expect(Object.isFrozen(first)).toBe(true);
      expect(Object.isFrozen(first.tools[0])).toBe(true);
      expect(() => (first.tools as unknown[]).push({})).toThrow(TypeError);
      const copy = structuredClone(first);
      copy.tools.length = 0;
      expect((await client.listTools()).tools).toHaveLength(2);
    });
  });

  describe('failures and configuration', () => {
    it('a store that throws degrades to the server, with one warning per failure burst', async () => {
      const failing: ResponseCacheStore = {
        get: () => {
          throw new Error('store down');
        },
        set: () => {
          throw new Error('store down');
        },
        delete: () => undefined,
        clear: () => undefined,
      };
      const { client, wire } = await connect({ cache: { clock, store: failing, partition: 'p', targetId: 's' } });
      await using _ = client;
      const warnings: ClientWarning[] = [];
      client.warnings$.subscribe((warning) => warnings.push(warning));
      for (let i = 0; i < 3; i++) expect((await client.listTools()).tools).toHaveLength(2);
      expect(sentMethod(wire, 'tools/list')).toBe(3);
      expect(warnings.map((warning) => warning.code)).toEqual(['cache-store-failed', 'cache-store-failed']); // one for get, one for set
      expect(warnings[0]!.message).toContain('store down');
    });

    it('refuses a custom store without a partition, or without a targetId when the server is not a URL, before connecting', async () => {
      const store = new InMemoryResponseCacheStore();
      await expect(Client.connect(hintedServer(), { cache: { store } })).rejects.toBeInstanceOf(CacheConfigError);
      await expect(Client.connect(hintedServer(), { cache: { store, partition: 'p' } })).rejects.toBeInstanceOf(CacheConfigError);
      await expect(Client.connect(hintedServer(), { cache: { targetId: '' } })).rejects.toBeInstanceOf(CacheConfigError);
      await expect(Client.connect(hintedServer(), { cache: { defaultTtlMs: -1 } })).rejects.toBeInstanceOf(CacheConfigError);
    });

    it('cache: false sends every listing to the server', async () => {
      const { client, wire } = await connect({ cache: false });
      await using _ = client;
      expect(client.cache).toBeUndefined();
      await Promise.all([client.listTools(), client.listTools()]);
      await client.listTools();
      expect(sentMethod(wire, 'tools/list')).toBe(3);
    });

    it('a closed client rejects instead of serving from its cache', async () => {
      const { client } = await connect({ cache: { clock } });
      await client.listTools();
      await client.close();
      await expect(client.listTools()).rejects.toBeInstanceOf(ConnectionClosedError);
      await expect(lastValueFrom(client.listTools$())).rejects.toBeInstanceOf(ConnectionClosedError);
    });
  });
});
