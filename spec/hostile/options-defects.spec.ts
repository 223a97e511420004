/**
 * Hostile-input cases of issue 10 items 10, 14 and 15: results nested deeper than any recursion
 * survives, the one freezing rule every result follows, and options refused at their entry point
 * with a typed error naming them. The servers are scripted peers on the in-memory transport pair
 * (exact control of every answer) and real stdio/HTTP transports where spawning or sending is
 * the point.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import { InvalidOptionError, ProtocolViolationError } from '../../lib/protocol/errors.js';
import { deepFreeze, freezeResult, isDeepFrozen } from '../../lib/protocol/freeze.js';
import { sse } from '../../lib/transport/http/sse-transport.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { websocket } from '../../lib/transport/websocket/websocket-transport.js';
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

  it.each(DEPTHS)('deepFreeze and freezeResult freeze a value %i levels deep without recursion', (depth) => {
    const recorded = nested(depth);
    expect(deepFreeze(recorded)).toBe(recorded);
    expect(frozenDepth(recorded)).toEqual({ depth, leaf: 'leaf', allFrozen: true });
    expect(isDeepFrozen(recorded)).toBe(true);
    const result = nested(depth);
    expect(freezeResult(result)).toBe(result);
    expect(frozenDepth(result)).toEqual({ depth, leaf: 'leaf', allFrozen: true });
    // not recorded (that costs more than the freeze), until the cache's deepFreeze records it without a walk
    expect(isDeepFrozen(result)).toBe(false);
    expect(deepFreeze(result)).toBe(result);
    expect(isDeepFrozen(result)).toBe(true);
  });

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

    it('a result whose resultType is nested that deep fails with ProtocolViolationError', async () => {
      const peer = legacyServer({ 'tools/call': () => ({ content: [], resultType: nested(depth) }) as JsonObject });
      const client = await Client.connect(peer.transport, { mode: 'legacy' });
      try {
        const error = await client.callTool('plain', {}).catch((failure: unknown) => failure);
        expect(error).toBeInstanceOf(ProtocolViolationError);
        expect((error as Error).message).toBe("Unknown resultType an array for 'tools/call'");
      } finally {
        await client.close();
      }
    });

    it('a 2026-07-28 tool whose x-mcp-header property has a type nested that deep is left out with a warning', async () => {
      const peer = scriptedPeer((message, server) => {
        if ('id' in message && 'method' in message && message.method === 'tools/list') {
          server.result(message.id, {
            resultType: 'complete',
            tools: [
              { name: 'fine', inputSchema: { type: 'object' } },
              { name: 'deep', inputSchema: { type: 'object', properties: { a: { 'x-mcp-header': 'A', type: nested(depth) } } } },
            ],
          } as JsonObject);
        }
      });
      const client = await Client.connect(peer.transport, { mode: '2026-07-28' });
      try {
        const warnings: string[] = [];
        client.warnings$.subscribe((warning) => warnings.push(warning.message));
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(['fine']);
        expect(warnings).toEqual([expect.stringContaining('type an array')]);
      } finally {
        await client.close();
      }
    });

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
    // the extension verb form: any method, its result frozen like every other
    request: (client) => client.request('tools/list', {}),
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
    const notRequests = new Set([
      'constructor',
      'close',
      'sendRootsListChanged',
      'sendProgressNotification',
      'listen$',
      'resourceUpdates$',
      'notificationsOf',
      'extensionNotifications$',
      // run-time setters, the connection's own lifecycle (a fresh connection, reference-counted holds)
      'setRoots',
      'setSamplingCallback',
      'setElicitationCallback',
      'clone',
      'retain',
      'release',
      // the handshake's server/discover (modern only, this table's server is legacy): its result is checked frozen in spec/client/pinned-modern-capabilities.spec.ts
      'discover',
    ]);
    const privates = new Set(['headersWereStale', 'relistTools', 'validateOutput', 'reportFault', 'live', 'changesOf', 'legacyUpdates', 'modernUpdates', 'deliverToCallbacks', 'callMessageHandler', 'closeNow']);
    // the request methods live on Client's base class (ClientRequests): walk the whole prototype chain
    const prototypes: object[] = [];
    for (let prototype: object | null = Client.prototype; prototype !== null && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) prototypes.push(prototype);
    const methods = [...new Set(prototypes.flatMap((prototype) => Object.getOwnPropertyNames(prototype)))].filter((name) => {
      const descriptor = Object.getOwnPropertyDescriptor(prototypes.find((prototype) => Object.hasOwn(prototype, name))!, name)!;
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

    it('the live lists (tools$, prompts$, resources$, resourceTemplates$) emit deep-frozen arrays', async () => {
      for (const list$ of [client.tools$, client.prompts$, client.resources$, client.resourceTemplates$] as Observable<readonly unknown[]>[]) {
        const items = await firstValueFrom(list$);
        expect(items.length).toBe(1);
        expect(deeplyFrozen(items)).toBe(true);
      }
    });

    it('the handshake result is deep-frozen too', () => {
      expect(deeplyFrozen(client.initializeResult)).toBe(true);
      expect(deeplyFrozen(client.serverCapabilities)).toBe(true);
    });
  });
});

describe('options are refused at their entry point with an InvalidOptionError naming them (issue 10 item 15)', () => {
  /** The error `attempt` throws or rejects with (a sentinel when it succeeds). */
  async function failureOf(attempt: () => unknown): Promise<unknown> {
    try {
      await attempt();
    } catch (error) {
      return error;
    }
    return new Error('accepted');
  }

  /** Expects `error` to be an InvalidOptionError for `option`, with a message naming it. */
  function expectRefused(error: unknown, option: string): void {
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option });
    expect((error as Error).message).toContain(option.split('.').pop());
  }

  const legacyAnswers: Record<string, () => JsonObject> = {
    ping: () => ({}),
    'tools/list': () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }),
    'tools/call': () => ({ content: [{ type: 'text', text: 'hi' }] }),
    'resources/read': () => ({ contents: [{ uri: 'test://r', text: 'r' }] }),
    'prompts/get': () => ({ messages: [] }),
    'completion/complete': () => ({ completion: { values: [] } }),
  };

  it.each<[string, string, unknown, ClientOptions]>([
    ['mode', 'mode', 'bogus', { mode: 'bogus' as never }],
    ['requestTimeoutMs -5', 'requestTimeoutMs', -5, { requestTimeoutMs: -5 }],
    ['requestTimeoutMs NaN', 'requestTimeoutMs', Number.NaN, { requestTimeoutMs: Number.NaN }],
    ['requestTimeoutMs as a string', 'requestTimeoutMs', '10', { requestTimeoutMs: '10' as never }],
    ['requestTimeoutMs past what a timer can wait', 'requestTimeoutMs', 2 ** 31, { requestTimeoutMs: 2 ** 31 }],
    ['probeTimeoutMs', 'probeTimeoutMs', -1, { probeTimeoutMs: -1 }],
    ['listMaxPages 0', 'listMaxPages', 0, { listMaxPages: 0 }],
    ['listMaxPages 1.5', 'listMaxPages', 1.5, { listMaxPages: 1.5 }],
    ['inputRequiredMaxRounds', 'inputRequiredMaxRounds', 0, { inputRequiredMaxRounds: 0 }],
    ['logLevel', 'logLevel', 'loud', { logLevel: 'loud' as never }],
    ['cache as a string', 'cache', 'yes', { cache: 'yes' as never }],
    ['cache.defaultTtlMs', 'cache.defaultTtlMs', -1, { cache: { defaultTtlMs: -1 } }],
    ['retry as a string', 'retry', 'often', { retry: 'often' as never }],
    ['retry.maxAttempts', 'retry.maxAttempts', 0, { retry: { maxAttempts: 0 } }],
    ['retry.isRetryable', 'retry.isRetryable', 'yes', { retry: { isRetryable: 'yes' as never } }],
    ['clientInfo', 'clientInfo', 'me', { clientInfo: 'me' as never }],
    ['clientInfo.name', 'clientInfo.name', '', { clientInfo: { name: '', version: '1' } }],
    ['capabilities', 'capabilities', 'all', { capabilities: 'all' as never }],
    ['loggingCallback', 'loggingCallback', 'x', { loggingCallback: 'x' as never }],
    ['messageHandler', 'messageHandler', 1, { messageHandler: 1 as never }],
    ['samplingCallback', 'samplingCallback', {}, { samplingCallback: {} as never }],
    ['elicitationCallback', 'elicitationCallback', true, { elicitationCallback: true as never }],
    ['listRootsCallback', 'listRootsCallback', [], { listRootsCallback: [] as never }],
    ['elicitationModes', 'elicitationModes', ['voice'], { elicitationModes: ['voice'] as never }],
    ['jsonSchemaValidator', 'jsonSchemaValidator.compile', {}, { jsonSchemaValidator: {} as never }],
    ['raiseExceptions', 'raiseExceptions', 'yes', { raiseExceptions: 'yes' as never }],
    ['priorDiscover', 'priorDiscover', 'x', { priorDiscover: 'x' as never }],
    ['reconnect.maxAttempts', 'reconnect.maxAttempts', -1, { reconnect: { maxAttempts: -1 } }],
    ['reconnect.initialDelayMs', 'reconnect.initialDelayMs', -1, { reconnect: { initialDelayMs: -1 } }],
    ['headers', 'headers', { 'X-A': 1 }, { headers: { 'X-A': 1 } as never }],
    ['fetch', 'fetch', 'x', { fetch: 'x' as never }],
    ['auth', 'auth.getHeaders', {}, { auth: {} as never }],
    ['maxMessageBytes', 'maxMessageBytes', 0, { maxMessageBytes: 0 }],
    ['httpTransport', 'httpTransport', 'pigeon', { httpTransport: 'pigeon' as never }],
    ['redirect', 'redirect', 'anywhere', { redirect: 'anywhere' as never }],
    ['reconnect.maxResumptions', 'reconnect.maxResumptions', -1, { reconnect: { maxResumptions: -1 } }],
  ])('Client.connect refuses %s before sending anything', async (_label, option, _value, options) => {
    const peer = legacyServer(legacyAnswers);
    const error = await failureOf(() => Client.connect(peer.transport, { mode: 'legacy', ...options }));
    expectRefused(error, option);
    expect(peer.received).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a number', 42],
    ['an object that is no transport', {}],
  ])('Client.connect refuses a target that is %s', async (_label, target) => {
    expectRefused(await failureOf(() => Client.connect(target as never)), 'target');
  });

  it.each(['not a url', 'ftp://example.com/mcp', 'file:///tmp/mcp'])('Client.connect refuses the URL %j', async (url) => {
    expectRefused(await failureOf(() => Client.connect(url)), 'url');
  });

  it('says what the option must be and what it got', async () => {
    const peer = legacyServer(legacyAnswers);
    const client = await Client.connect(peer.transport, { mode: 'legacy' });
    try {
      await expect(client.callTool('echo', {}, { timeoutMs: -5 })).rejects.toThrow(
        new InvalidOptionError('timeoutMs', 'timeoutMs must be a finite number ≥ 0 (0 = no timeout) and at most 2147483647, got -5'),
      );
    } finally {
      await client.close();
    }
  });

  describe('per call, on every request method, before anything is sent', () => {
    let peer: ScriptedPeer;
    let client: Client;
    beforeAll(async () => {
      peer = legacyServer(legacyAnswers);
      client = await Client.connect(peer.transport, { mode: 'legacy', cache: false });
    });
    afterAll(() => client.close());

    type Options = Record<string, unknown>;
    const promiseCalls: [string, (options: Options) => Promise<unknown>][] = [
      ['callTool', (options) => client.callTool('echo', {}, options as never)],
      ['listTools', (options) => client.listTools({}, options as never)],
      ['listAllTools', (options) => client.listAllTools(options as never)],
      ['readResource', (options) => client.readResource('test://r', options as never)],
      ['getPrompt', (options) => client.getPrompt('p', undefined, options as never)],
      ['ping', (options) => client.ping(options as never)],
      ['complete', (options) => client.complete({ type: 'ref/prompt', name: 'p' }, { name: 'a', value: '' }, undefined, options as never)],
    ];
    const observableCalls: [string, (options: Options) => Promise<unknown>][] = [
      ['callTool$', (options) => lastValueFrom(client.callTool$('echo', {}, options as never))],
      ['listTools$', (options) => lastValueFrom(client.listTools$({}, options as never))],
      ['readResource$', (options) => lastValueFrom(client.readResource$('test://r', options as never))],
      ['ping$', (options) => lastValueFrom(client.ping$(options as never))],
    ];
    const anyCall: [string, Options][] = [
      ['timeoutMs', { timeoutMs: -5 }],
      ['timeoutMs', { timeoutMs: Number.NaN }],
      ['timeoutMs', { timeoutMs: '5' }],
      ['timeoutMs', { timeoutMs: Infinity }],
      ['totalTimeoutMs', { totalTimeoutMs: -1 }],
      ['cacheMode', { cacheMode: 'sometimes' }],
      ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
      ['logLevel', { logLevel: 'loud' }],
      ['meta', { meta: 'x' }],
      ['headers', { headers: { 'X-A': 1 } }],
      ['reissueOnBrokenStream', { reissueOnBrokenStream: 'yes' }],
    ];
    const promiseOnly: [string, Options][] = [
      ['signal', { signal: {} }],
      ['signal', { signal: 'abort' }],
      ['onProgress', { onProgress: 'log' }],
    ];
    const cases = [
      ...[...promiseCalls, ...observableCalls].flatMap(([method, call]) => anyCall.map(([option, options]) => [method, option, options, call] as const)),
      ...promiseCalls.flatMap(([method, call]) => promiseOnly.map(([option, options]) => [method, option, options, call] as const)),
    ];

    it.each(cases)('%s refuses an invalid %s (%j)', async (_method, option, options, call) => {
      const sent = peer.received.length;
      expectRefused(await failureOf(() => call(options)), option);
      expect(peer.received.length).toBe(sent);
    });

    it('setLoggingLevel refuses a level that does not exist', async () => {
      const sent = peer.received.length;
      expectRefused(await failureOf(() => client.setLoggingLevel('loud' as never)), 'level');
      expect(peer.received.length).toBe(sent);
    });
  });

  it.each<[string, string, () => unknown]>([
    ['an empty command', 'stdio.command', () => stdio({ command: '' })],
    ['a command that is not a string', 'stdio.command', () => stdio({ command: 5 as never })],
    ['options that are not an object', 'stdio', () => stdio('node' as never)],
    ['args that are not strings', 'stdio.args', () => stdio({ command: 'node', args: ['-e', 1] as never })],
    ['env values that are not strings', 'stdio.env', () => stdio({ command: 'node', env: { A: 1 } as never })],
    ['an unknown inheritEnv', 'stdio.inheritEnv', () => stdio({ command: 'node', inheritEnv: 'most' as never })],
    ['an empty cwd', 'stdio.cwd', () => stdio({ command: 'node', cwd: '' })],
    ['an unknown stderr', 'stdio.stderr', () => stdio({ command: 'node', stderr: 'console' as never })],
    ['maxMessageBytes 0', 'stdio.maxMessageBytes', () => stdio({ command: 'node', maxMessageBytes: 0 })],
    ['maxMessageBytes 1.5', 'stdio.maxMessageBytes', () => stdio({ command: 'node', maxMessageBytes: 1.5 })],
    ['maxQueuedBytes 0', 'stdio.maxQueuedBytes', () => stdio({ command: 'node', maxQueuedBytes: 0 })],
    ['maxQueuedBytes NaN', 'stdio.maxQueuedBytes', () => stdio({ command: 'node', maxQueuedBytes: Number.NaN })],
    ['a negative shutdown timeout', 'stdio.shutdown.termGraceMs', () => stdio({ command: 'node', shutdown: { termGraceMs: -1 } })],
    ['a URL that does not parse', 'url', () => streamableHttp('not a url')],
    ['a URL of another scheme', 'url', () => streamableHttp('ws://localhost/mcp')],
    ['maxMessageBytes -1', 'streamableHttp.maxMessageBytes', () => streamableHttp('http://localhost/mcp', { maxMessageBytes: -1 })],
    ['headers that are not strings', 'streamableHttp.headers', () => streamableHttp('http://localhost/mcp', { headers: { A: 1 } as never })],
    ['a fetch that is not a function', 'streamableHttp.fetch', () => streamableHttp('http://localhost/mcp', { fetch: {} as never })],
    ['auth without getHeaders', 'streamableHttp.auth.getHeaders', () => streamableHttp('http://localhost/mcp', { auth: {} as never })],
    ['a reconnect factor below 1', 'streamableHttp.reconnect.factor', () => streamableHttp('http://localhost/mcp', { reconnect: { factor: 0.5 } })],
    ['an unknown redirect policy', 'streamableHttp.redirect', () => streamableHttp('http://localhost/mcp', { redirect: 'anywhere' as never })],
    ['an SSE redirect policy that is not a string', 'sse.redirect', () => sse('http://localhost/sse', { redirect: true as never })],
    ['terminateOnClose as a string', 'streamableHttp.terminateOnClose', () => streamableHttp('http://localhost/mcp', { terminateOnClose: 'no' as never })],
    ['a negative standaloneWaitMs', 'streamableHttp.standaloneWaitMs', () => streamableHttp('http://localhost/mcp', { standaloneWaitMs: -1 })],
    ['an SSE URL of another scheme', 'url', () => sse('ftp://localhost/sse')],
    ['an SSE maxMessageBytes of 0', 'sse.maxMessageBytes', () => sse('http://localhost/sse', { maxMessageBytes: 0 })],
    ['a negative SSE endpointTimeoutMs', 'sse.endpointTimeoutMs', () => sse('http://localhost/sse', { endpointTimeoutMs: -1 })],
    ['a WebSocket URL of another scheme', 'url', () => websocket('ftp://localhost/mcp')],
    ['WebSocket protocols that are not strings', 'websocket.protocols', () => websocket('ws://localhost/mcp', { protocols: [1] as never })],
    ['a WebSocket maxMessageBytes of 1.5', 'websocket.maxMessageBytes', () => websocket('ws://localhost/mcp', { maxMessageBytes: 1.5 })],
    ['a WebSocket constructor that is not one', 'websocket.WebSocket', () => websocket('ws://localhost/mcp', { WebSocket: 'ws' as never })],
  ])('a transport factory refuses %s', async (_label, option, make) => {
    expectRefused(await failureOf(make), option);
  });

  it('a stdio factory that refuses its options spawns nothing', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'rxmcp-options-')), 'spawned');
    const script = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')`;
    expectRefused(await failureOf(() => Client.connect(stdio({ command: process.execPath, args: ['-e', script], maxMessageBytes: -1 }))), 'stdio.maxMessageBytes');
    // the same command with valid options does run (so the marker would have shown a spawn)
    const check = stdio({ command: process.execPath, args: ['-e', script] });
    await failureOf(() => Client.connect(check, { mode: 'legacy', requestTimeoutMs: 5_000 }));
    expect(existsSync(marker)).toBe(true);
  });
});
