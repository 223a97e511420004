/**
 * The client surface against a scripted legacy (2025-11-25) server: server→client requests
 * answered by the callbacks, logging, resource subscriptions, live lists, state.
 */
import { lastValueFrom, take, toArray } from 'rxjs';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, McpError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcRequest, RequestId } from '../../lib/protocol/jsonrpc.js';
import type { ConnectionState } from '../../lib/client/connection-state.js';
import { flushed, scriptedPeer, until, type ScriptedPeer } from '../helpers/scripted-peer.js';

const isRequest = (message: JsonRpcMessage): message is JsonRpcRequest => 'method' in message && 'id' in message;
const INIT = {
  protocolVersion: '2025-11-25',
  capabilities: { tools: { listChanged: true }, resources: { subscribe: true }, logging: {} },
  serverInfo: { name: 'scripted-legacy', version: '1' },
};

type Handler = (request: JsonRpcRequest, peer: ScriptedPeer) => void;

async function connect(handlers: Record<string, Handler> = {}, options: ClientOptions = {}): Promise<{ client: Client; peer: ScriptedPeer }> {
  const peer = scriptedPeer((message, p) => {
    if (!isRequest(message)) return;
    if (message.method === 'initialize') p.result(message.id, INIT);
    else (handlers[message.method] ?? ((r: JsonRpcRequest, q: ScriptedPeer) => q.result(r.id, {})))(message, p);
  });
  const client = await Client.connect(peer.transport, { mode: 'legacy', ...options });
  return { client, peer };
}

/** The response the client wrote for server request `id`. */
async function responseTo(peer: ScriptedPeer, id: RequestId): Promise<JsonRpcMessage> {
  await until(() => peer.received.some((m) => !('method' in m) && (m as { id: unknown }).id === id));
  return peer.received.find((m) => !('method' in m) && (m as { id: unknown }).id === id)!;
}

describe('server→client requests (legacy)', () => {
  it('declares capabilities from the callbacks in initialize, roots with listChanged', async () => {
    const { client, peer } = await connect({}, { listRootsCallback: () => [{ uri: 'file:///work' }], samplingCallback: async () => ({ role: 'assistant', content: { type: 'text', text: 'x' }, model: 'm' }) });
    // with a sampling callback the client also offers to run sampling as a client-side task (2025-11-25 tasks)
    expect((peer.received[0] as JsonRpcRequest).params?.capabilities).toEqual({ roots: { listChanged: true }, sampling: {}, tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} } } } });
    await client.close();
  });

  it('answers sampling, elicitation (with schema defaults) and roots through the callbacks', async () => {
    const { client, peer } = await connect(
      {},
      {
        samplingCallback: async (params) => ({ role: 'assistant', content: { type: 'text', text: `echo ${params.maxTokens}` }, model: 'test-model' }),
        elicitationCallback: async () => ({ action: 'accept', content: { name: 'Ada' } }),
        listRootsCallback: () => [{ uri: 'file:///work', name: 'work' }],
      },
    );
    peer.send({ jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 42 } });
    peer.send({
      jsonrpc: '2.0',
      id: 'e1',
      method: 'elicitation/create',
      params: { message: 'Who?', requestedSchema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer', default: 36 }, admin: { type: 'boolean', default: false } } } },
    });
    peer.send({ jsonrpc: '2.0', id: 'r1', method: 'roots/list' });
    expect(await responseTo(peer, 's1')).toEqual({ jsonrpc: '2.0', id: 's1', result: { role: 'assistant', content: { type: 'text', text: 'echo 42' }, model: 'test-model' } });
    expect(await responseTo(peer, 'e1')).toEqual({ jsonrpc: '2.0', id: 'e1', result: { action: 'accept', content: { name: 'Ada', age: 36, admin: false } } });
    expect(await responseTo(peer, 'r1')).toEqual({ jsonrpc: '2.0', id: 'r1', result: { roots: [{ uri: 'file:///work', name: 'work' }] } });
    await client.close();
  });

  it('refuses without a callback (-32600), with the callback\'s McpError, and for a malformed result (-32603)', async () => {
    const { client, peer } = await connect({}, { elicitationCallback: () => Promise.reject(new McpError(-1, 'User declined')), listRootsCallback: () => ({ nonsense: true }) as never });
    peer.send({ jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } });
    peer.send({ jsonrpc: '2.0', id: 2, method: 'elicitation/create', params: { message: 'm', requestedSchema: { type: 'object', properties: {} } } });
    peer.send({ jsonrpc: '2.0', id: 3, method: 'roots/list' });
    peer.send({ jsonrpc: '2.0', id: 4, method: 'sampling/createMessage', params: { nope: true } });
    expect(await responseTo(peer, 1)).toMatchObject({ error: { code: -32600, message: 'Sampling not supported' } });
    expect(await responseTo(peer, 2)).toMatchObject({ error: { code: -1, message: 'User declined' } });
    expect(await responseTo(peer, 3)).toMatchObject({ error: { code: -32603, message: 'Client callback returned an invalid result' } });
    expect(await responseTo(peer, 4)).toMatchObject({ error: { code: -32600 } });
    await client.close();
  });

  it('aborts a callback the server cancels and writes no response', async () => {
    let aborted = false;
    const { client, peer } = await connect(
      {},
      {
        elicitationCallback: (_params, context) =>
          new Promise((resolve) => {
            context.signal.addEventListener('abort', () => {
              aborted = true;
              resolve({ action: 'cancel' });
            });
          }),
      },
    );
    peer.send({ jsonrpc: '2.0', id: 'e9', method: 'elicitation/create', params: { message: 'm', requestedSchema: { type: 'object', properties: {} } } });
    peer.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'e9' } });
    await until(() => aborted);
    await flushed();
    expect(peer.received.some((m) => (m as { id?: unknown }).id === 'e9')).toBe(false);
    await client.close();
  });
});

describe('logging (legacy)', () => {
  it('sends logging/setLevel, streams logs$, and feeds loggingCallback before messageHandler', async () => {
    const order: string[] = [];
    const { client, peer } = await connect(
      {},
      {
        loggingCallback: (message) => {
          order.push(`log:${String(message.data)}`);
          if (message.data === 'boom') throw new Error('callback broke');
        },
        messageHandler: (message) => order.push(message instanceof Error ? `fault:${message.name}` : `handler:${message.method}`),
      },
    );
    await client.setLoggingLevel('warning');
    expect(peer.requests('logging/setLevel')[0]!.params).toEqual({ level: 'warning', _meta: { progressToken: 2 } });
    const logs = lastValueFrom(client.logs$.pipe(take(2), toArray()));
    const faults: unknown[] = [];
    client.faults$.subscribe((fault) => faults.push(fault));
    peer.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'warning', logger: 'db', data: 'slow query' } });
    peer.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'error', data: 'boom' } });
    peer.send({ not: 'json-rpc' });
    expect(await logs).toEqual([
      { level: 'warning', logger: 'db', data: 'slow query' },
      { level: 'error', data: 'boom' },
    ]);
    expect(order).toEqual(['log:slow query', 'handler:notifications/message', 'log:boom', 'fault:ProtocolViolationError']);
    expect(faults.map((fault) => (fault as Error).name)).toEqual(['CallbackError', 'ProtocolViolationError']);
    await client.close();
  });
});

describe('resource updates and live lists (legacy)', () => {
  it('subscribes on the first subscriber, delivers updates for the URI, unsubscribes after the last', async () => {
    const { client, peer } = await connect();
    const first: string[] = [];
    const second: string[] = [];
    const a = client.resourceUpdates$('file:///a').subscribe((update) => first.push(update.uri));
    const b = client.resourceUpdates$('file:///a').subscribe((update) => second.push(update.uri));
    await until(() => peer.requests('resources/subscribe').length === 1);
    peer.send({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///other' } });
    peer.send({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///a' } });
    expect(first).toEqual(['file:///a']);
    expect(second).toEqual(['file:///a']);
    a.unsubscribe();
    await flushed();
    expect(peer.requests('resources/unsubscribe')).toHaveLength(0);
    b.unsubscribe();
    await until(() => peer.requests('resources/unsubscribe').length === 1);
    expect(peer.requests('resources/subscribe')).toHaveLength(1);
    expect(peer.requests('resources/unsubscribe')[0]!.params).toMatchObject({ uri: 'file:///a' });
    await client.close();
  });

  it('refreshes tools$ on notifications/tools/list_changed and replays the current list', async () => {
    let version = 1;
    const { client, peer } = await connect({
      'tools/list': (request, p) => p.result(request.id, { tools: [{ name: `v${version}`, inputSchema: { type: 'object' } }] }),
    });
    const seen: string[][] = [];
    const subscription = client.tools$.subscribe((tools) => seen.push(tools.map((tool) => tool.name)));
    await until(() => seen.length === 1);
    version = 2;
    peer.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    await until(() => seen.length === 2);
    const late = await lastValueFrom(client.tools$.pipe(take(1)));
    expect(late.map((tool) => tool.name)).toEqual(['v2']);
    expect(seen).toEqual([['v1'], ['v2']]);
    expect(peer.requests('tools/list')).toHaveLength(2);
    subscription.unsubscribe();
    await client.close();
  });
});

describe('ping, progress$ and state$', () => {
  it('pings, tags progress with its request, and reports the close with its reason', async () => {
    const { client, peer } = await connect({
      'tools/list': (request, p) => p.result(request.id, { tools: [{ name: 't', inputSchema: { type: 'object' } }] }),
      'tools/call': (request, p) => {
        p.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: (request.params?._meta as { progressToken: number }).progressToken, progress: 1, total: 2 } });
        p.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'stranger', progress: 1 } });
        p.result(request.id, { content: [] });
      },
    });
    expect(await client.ping()).toEqual({});
    const progress = lastValueFrom(client.progress$.pipe(take(2), toArray()));
    await client.callTool('t');
    const tagged = await progress;
    expect(tagged[0]).toMatchObject({ requestId: expect.any(Number), method: 'tools/call', event: { type: 'progress', progress: 1, total: 2 } });
    expect(tagged[1]).toEqual({ progressToken: 'stranger', event: { type: 'progress', progress: 1 } });
    const states: ConnectionState[] = [];
    client.state$.subscribe((state) => states.push(state));
    peer.close();
    await until(() => states.length === 2);
    expect(states[0]).toEqual({ state: 'connected' });
    expect(states[1]).toMatchObject({ state: 'closed', reason: expect.any(ConnectionClosedError) });
    await client.close();
  });
});
