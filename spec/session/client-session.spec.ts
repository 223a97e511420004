/**
 * The session tier (the seed's `ClientSession`): idempotent initialize, adopt, sendRequest for
 * any method, dispatchInputRequest, capabilities per era.
 */
import * as z from 'zod';
import { lastValueFrom } from 'rxjs';
import { Dispatcher } from '../../lib/dispatch/dispatcher.js';
import { McpError, UnsupportedProtocolVersionError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { capabilitiesFor } from '../../lib/session/client-callbacks.js';
import { ClientSession } from '../../lib/session/client-session.js';
import { flushed, scriptedPeer, type ScriptedPeer } from '../helpers/scripted-peer.js';

const isRequest = (message: JsonRpcMessage): message is JsonRpcRequest => 'method' in message && 'id' in message;
const INIT = { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } };

function session(options = {}) {
  const peer = scriptedPeer((message, p) => {
    if (!isRequest(message)) return;
    if (message.method === 'initialize') p.result(message.id, INIT);
    else if (message.method === 'vendor/echo') p.result(message.id, { echoed: message.params?.value ?? null });
  });
  const dispatcher = new Dispatcher(peer.transport);
  dispatcher.start();
  return { peer, dispatcher, session: new ClientSession(dispatcher, options) };
}

describe('ClientSession', () => {
  it('initialize is idempotent: one request, the same result', async () => {
    const { peer, session: s, dispatcher } = session();
    const first = await s.initialize();
    const second = await s.initialize();
    expect(second).toBe(first);
    expect(peer.requests('initialize')).toHaveLength(1);
    await flushed();
    expect(peer.received.filter((m) => 'method' in m && m.method === 'notifications/initialized')).toHaveLength(1);
    await dispatcher.close();
  });

  it('adopts a discover result without wire traffic, and refuses one without a mutual version', async () => {
    const { peer, session: s, dispatcher } = session();
    s.adopt({ supportedVersions: ['2026-07-28'], capabilities: { tools: {} } });
    expect(s.protocolVersion).toBe('2026-07-28');
    expect(s.initializeResult).toBeUndefined();
    expect(() => s.adopt({ supportedVersions: ['2099-01-01'], capabilities: {} })).toThrow(UnsupportedProtocolVersionError);
    s.adopt(INIT);
    expect(s.era).toBe('legacy');
    expect(s.discoverResult).toBeUndefined();
    expect(peer.received).toEqual([]);
    await dispatcher.close();
  });

  it('discover retries once when -32022 names the very version it refused, then gives up', async () => {
    const DISCOVERED = { resultType: 'complete', supportedVersions: ['2026-07-28'], capabilities: {}, ttlMs: 0, cacheScope: 'public' };
    const refuse = (id: number | string, peer: ScriptedPeer) => peer.error(id, -32022, 'Unsupported protocol version', { supported: ['2026-07-28'], requested: '2026-07-28' });
    let discovers = 0;
    const once = scriptedPeer((message, peer) => {
      if (!isRequest(message) || message.method !== 'server/discover') return;
      if (++discovers === 1) refuse(message.id, peer);
      else peer.result(message.id, DISCOVERED);
    });
    const firstDispatcher = new Dispatcher(once.transport);
    firstDispatcher.start();
    const first = new ClientSession(firstDispatcher);
    await first.discover();
    expect(first.protocolVersion).toBe('2026-07-28');
    const versions = once.requests('server/discover').map((r) => (r.params?._meta as Record<string, unknown>)['io.modelcontextprotocol/protocolVersion']);
    expect(versions).toEqual(['2026-07-28', '2026-07-28']);
    await firstDispatcher.close();

    const always = scriptedPeer((message, peer) => {
      if (isRequest(message) && message.method === 'server/discover') refuse(message.id, peer);
    });
    const secondDispatcher = new Dispatcher(always.transport);
    secondDispatcher.start();
    const error = await new ClientSession(secondDispatcher).discover().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32022 });
    expect(always.requests('server/discover')).toHaveLength(2);
    await secondDispatcher.close();
  });

  it('sends any method with a result schema, stamped for the era', async () => {
    const { peer, session: s, dispatcher } = session();
    s.adopt({ supportedVersions: ['2026-07-28'], capabilities: {} });
    const result = await s.sendRequest('vendor/echo', { value: 7 }, z.looseObject({ echoed: z.number() }));
    expect(result).toEqual({ echoed: 7 });
    expect(peer.requests('vendor/echo')[0]!.params?._meta).toMatchObject({ 'io.modelcontextprotocol/protocolVersion': '2026-07-28' });
    await expect(s.sendRequest('vendor/echo', {}, z.looseObject({ echoed: z.number() }))).rejects.toThrow(/Invalid result for 'vendor\/echo'/);
    const decoded = await lastValueFrom(s.request$('vendor/echo', { value: 1 }, z.looseObject({ echoed: z.number() })));
    expect(decoded).toEqual({ type: 'result', result: { resultType: 'complete', result: { echoed: 1 } } });
    await dispatcher.close();
  });

  it('dispatches input requests to the callbacks, and refuses unknown methods', async () => {
    const { session: s, dispatcher } = session({ listRootsCallback: () => [{ uri: 'file:///x' }] });
    const signal = new AbortController().signal;
    expect(await s.dispatchInputRequest('roots/list', undefined, { requestId: 'k', signal })).toEqual({ roots: [{ uri: 'file:///x' }] });
    await expect(s.dispatchInputRequest('tasks/get', {}, { requestId: 'k', signal })).rejects.toEqual(new McpError(-32601, 'Method not found', 'tasks/get'));
    await dispatcher.close();
  });

  it('answers every input request of a round at once and aborts the others on the first refusal', async () => {
    let siblingAborted = false;
    const { session: s, dispatcher } = session({
      samplingCallback: (_params: unknown, context: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => ((siblingAborted = true), reject(new Error('aborted'))))),
      elicitationCallback: () => Promise.reject(new McpError(-1, 'no')),
    });
    const error = await s
      .fulfilInputRequests(
        {
          a: { method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } },
          b: { method: 'elicitation/create', params: { message: 'm', requestedSchema: { type: 'object', properties: {} } } },
        },
        new AbortController().signal,
      )
      .catch((e: unknown) => e);
    expect(error).toEqual(new McpError(-1, 'no'));
    expect(siblingAborted).toBe(true);
    await dispatcher.close();
  });
});

describe('capabilitiesFor', () => {
  const callbacks = { samplingCallback: async () => ({ role: 'assistant' as const, content: { type: 'text' }, model: 'm' }), listRootsCallback: () => [], elicitationCallback: async () => ({ action: 'cancel' as const }) };
  it('derives one capability per callback, per era, keeping what the caller declared', () => {
    expect(capabilitiesFor('legacy', {})).toEqual({});
    expect(capabilitiesFor('legacy', callbacks)).toEqual({ sampling: {}, roots: { listChanged: true }, elicitation: { form: {}, url: {} } });
    expect(capabilitiesFor('modern', callbacks)).toEqual({ sampling: {}, roots: {}, elicitation: { form: {}, url: {} } });
    expect(capabilitiesFor('modern', { ...callbacks, samplingCapabilities: { tools: {} }, elicitationModes: ['url'] }, { experimental: { x: {} } })).toEqual({
      experimental: { x: {} },
      sampling: { tools: {} },
      roots: {},
      elicitation: { url: {} },
    });
  });
});
