/**
 * Hostile-input cases of issue 10 items 10, 14 and 15: results nested deeper than any recursion
 * survives, the one freezing rule every result follows, and options refused at their entry point
 * with a typed error naming them. The servers are scripted peers on the in-memory transport pair
 * (exact control of every answer) and real stdio/HTTP transports where spawning or sending is
 * the point.
 */
import { lastValueFrom, type Observable } from 'rxjs';
import { Client, type ClientOptions } from '../../lib/client/client.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import { InvalidSchemaError, ToolOutputValidationError } from '../../lib/validation/errors.js';
import type { JsonObject, JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import { answerInitialize, scriptedPeer, type ScriptedPeer } from '../helpers/scripted-peer.js';

/** A value nested `depth` levels deep, alternating objects and arrays, with 'leaf' at the bottom. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

/** Objects only, `depth` levels deep (so a recursive output schema descends all the way). */
function nestedObjects(depth: number): JsonObject {
  let value: JsonObject = {};
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

/** How deep `value` goes along `nested`'s chain, checking (without recursion) that every level is frozen. */
function frozenDepth(value: unknown): { depth: number; leaf: unknown; allFrozen: boolean } {
  let depth = 0;
  let allFrozen = true;
  let current = value;
  while (typeof current === 'object' && current !== null) {
    allFrozen &&= Object.isFrozen(current);
    current = Array.isArray(current) ? current[0] : (current as { a: unknown }).a;
    depth++;
  }
  return { depth, leaf: current, allFrozen };
}

/** True when every object reachable from `value` is frozen (iterative). */
function deeplyFrozen(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (!Object.isFrozen(next)) return false;
    pending.push(...Object.values(next));
  }
  return true;
}

/** A legacy server answering every method rxmcp may ask, each answer built fresh by `answers`. */
function legacyServer(answers: Record<string, () => JsonObject>): ScriptedPeer {
  return scriptedPeer((message: JsonRpcMessage, peer) => {
    if (!('id' in message) || !('method' in message)) return;
    if (message.method === 'initialize') {
      peer.result(message.id, {
        protocolVersion: '2025-11-25',
        capabilities: { tools: {}, prompts: {}, resources: { subscribe: true }, completions: {}, logging: {} },
        serverInfo: { name: 'scripted', version: '0' },
      });
      return;
    }
    const answer = answers[message.method];
    if (answer !== undefined) peer.result(message.id, answer());
    else if (!answerInitialize(message, peer)) peer.error(message.id, -32601, `no ${message.method}`);
  });
}

const DEPTHS = [5_000, 100_000];

describe('results nested deeper than recursion survives (issue 10 item 10)', () => {
  const cases: [string, (client: Client) => Promise<unknown>, (result: unknown) => unknown][] = [
    ['tools/list', (client) => client.listTools(), (result) => (result as { tools: { _meta: { deep: unknown } }[] }).tools[0]!._meta.deep],
    ['resources/read', (client) => client.readResource('test://deep'), (result) => (result as { contents: { _meta: { deep: unknown } }[] }).contents[0]!._meta.deep],
    ['tools/call', (client) => client.callTool('plain', {}), (result) => (result as { structuredContent: { deep: unknown } }).structuredContent.deep],
  ];

  describe.each(DEPTHS)('%i levels deep', (depth) => {
    const server = (): ScriptedPeer =>
      legacyServer({
        'tools/list': () => ({ tools: [{ name: 'plain', inputSchema: { type: 'object' }, _meta: { deep: nested(depth) } }] }) as JsonObject,
        'resources/read': () => ({ contents: [{ uri: 'test://deep', text: 't', _meta: { deep: nested(depth) } }] }) as JsonObject,
        'tools/call': () => ({ content: [{ type: 'text', text: 't' }], structuredContent: { deep: nested(depth) } }) as JsonObject,
      });

    it.each(cases.flatMap(([method, call, pick]) => [true, false].map((cache) => [method, cache, call, pick] as const)))(
      '%s (cache: %s) resolves with the whole value, deep-frozen, never a RangeError',
      async (_method, cache, call, pick) => {
        const client = await Client.connect(server().transport, { mode: 'legacy', cache });
        try {
          const result = await call(client);
          expect(frozenDepth(pick(result))).toEqual({ depth, leaf: 'leaf', allFrozen: true });
          // and again: a cache hit, or a second fetch, is the same
          expect(frozenDepth(pick(await call(client)))).toEqual({ depth, leaf: 'leaf', allFrozen: true });
        } finally {
          await client.close();
        }
      },
    );

    it('tools/call whose recursive output schema meets structured content that deep fails with ToolOutputValidationError', async () => {
      const peer = legacyServer({
        'tools/list': () => ({ tools: [{ name: 'rec', inputSchema: { type: 'object' }, outputSchema: { type: 'object', additionalProperties: { $ref: '#' } } }] }),
        'tools/call': () => ({ content: [], structuredContent: nestedObjects(depth) }),
      });
      const client = await Client.connect(peer.transport, { mode: 'legacy' });
      try {
        await expect(client.callTool('rec', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
      } finally {
        await client.close();
      }
    });

    it('tools/call of a tool whose output schema is nested that deep fails with InvalidSchemaError', async () => {
      const peer = legacyServer({
        'tools/list': () => ({ tools: [{ name: 'deep', inputSchema: { type: 'object' }, outputSchema: { type: 'object', properties: { a: nestedObjects(depth) } } }] }),
        'tools/call': () => ({ content: [], structuredContent: { a: {} } }),
      });
      const client = await Client.connect(peer.transport, { mode: 'legacy' });
      try {
        await expect(client.callTool('deep', {})).rejects.toBeInstanceOf(InvalidSchemaError);
      } finally {
        await client.close();
      }
    });
  });
});

describe('every result is deep-frozen, cached or not (issue 10 item 14)', () => {
  const answers: Record<string, () => JsonObject> = {
    ping: () => ({}),
    'logging/setLevel': () => ({}),
    'tools/list': () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } } }, annotations: { readOnlyHint: true } }] }),
    'tools/call': () => ({ content: [{ type: 'text', text: 'hi', annotations: { audience: ['user'] } }], structuredContent: { nested: { list: [{ x: 1 }] } } }),
    'prompts/list': () => ({ prompts: [{ name: 'p', arguments: [{ name: 'a' }] }] }),
    'prompts/get': () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] }),
    'resources/list': () => ({ resources: [{ uri: 'test://r', name: 'r', annotations: { audience: ['user'] } }] }),
    'resources/templates/list': () => ({ resourceTemplates: [{ uriTemplate: 'test://{x}', name: 't' }] }),
    'resources/read': () => ({ contents: [{ uri: 'test://r', text: 'r', _meta: { nested: { list: [1] } } }] }),
    'resources/subscribe': () => ({}),
    'resources/unsubscribe': () => ({}),
    'completion/complete': () => ({ completion: { values: ['a', 'b'], hasMore: false } }),
  };
  const ref = { type: 'ref/prompt', name: 'p' } as const;
  type Call = (client: Client) => Promise<unknown>;
  const last = <R>(events$: Observable<RequestEvent<R>>): Promise<R> => lastValueFrom(events$).then((event) => (event.type === 'result' ? event.result : Promise.reject(new Error('no result'))));
  /** Every method of Client that yields a server's result, in both forms (void ones resolve with nothing to freeze). */
  const table: Record<string, Call> = {
    ping: (client) => client.ping(),
    ping$: (client) => last(client.ping$()),
    listTools: (client) => client.listTools(),
    listTools$: (client) => last(client.listTools$()),
    listAllTools: (client) => client.listAllTools(),
    callTool: (client) => client.callTool('echo', { text: 'hi' }),
    callTool$: (client) => last(client.callTool$('echo', { text: 'hi' })),
    listPrompts: (client) => client.listPrompts(),
    listPrompts$: (client) => last(client.listPrompts$()),
    listAllPrompts: (client) => client.listAllPrompts(),
    getPrompt: (client) => client.getPrompt('p'),
    getPrompt$: (client) => last(client.getPrompt$('p')),
    listResources: (client) => client.listResources(),
    listResources$: (client) => last(client.listResources$()),
    listAllResources: (client) => client.listAllResources(),
    listResourceTemplates: (client) => client.listResourceTemplates(),
    listResourceTemplates$: (client) => last(client.listResourceTemplates$()),
    listAllResourceTemplates: (client) => client.listAllResourceTemplates(),
    readResource: (client) => client.readResource('test://r'),
    readResource$: (client) => last(client.readResource$('test://r')),
    complete: (client) => client.complete(ref, { name: 'a', value: '' }),
    complete$: (client) => last(client.complete$(ref, { name: 'a', value: '' })),
    setLoggingLevel: (client) => client.setLoggingLevel('info'),
    subscribeResource: (client) => client.subscribeResource('test://r'),
    unsubscribeResource: (client) => client.unsubscribeResource('test://r'),
  };
  const noResult = new Set(['setLoggingLevel', 'subscribeResource', 'unsubscribeResource']);

  it('the table covers every public request method of Client', () => {
    const notRequests = new Set(['constructor', 'close', 'sendRootsListChanged', 'sendProgressNotification', 'listen$', 'resourceUpdates$']);
    const privates = new Set(['headersWereStale', 'relistTools', 'validateOutput', 'reportFault', 'live', 'changesOf', 'legacyUpdates', 'modernUpdates', 'deliverToCallbacks', 'callMessageHandler']);
    const methods = Object.getOwnPropertyNames(Client.prototype).filter((name) => {
      const descriptor = Object.getOwnPropertyDescriptor(Client.prototype, name)!;
      return typeof descriptor.value === 'function' && !notRequests.has(name) && !privates.has(name);
    });
    expect(methods.sort()).toEqual(Object.keys(table).sort());
  });

  describe.each([
    ['the default cache', {}],
    ['cache: false', { cache: false }],
    ['cache: true', { cache: true }],
  ] as [string, ClientOptions][])('with %s', (_label, options) => {
    let client: Client;
    beforeAll(async () => {
      client = await Client.connect(legacyServer(answers).transport, { ...options, mode: 'legacy' });
    });
    afterAll(() => client.close());

    it.each(Object.entries(table).filter(([name]) => !noResult.has(name)))('%s gives a deep-frozen result (twice)', async (_name, call) => {
      for (let round = 0; round < 2; round++) {
        const result = await call(client);
        expect(result).toBeInstanceOf(Object);
        expect(deeplyFrozen(result)).toBe(true);
      }
    });

    it('the handshake result is deep-frozen too', () => {
      expect(deeplyFrozen(client.initializeResult)).toBe(true);
      expect(deeplyFrozen(client.serverCapabilities)).toBe(true);
    });
  });
});
