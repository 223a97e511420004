/**
 * `mode: '2026-07-28'` without a `priorDiscover`: nothing is sent at connect, so the server's
 * capabilities are unknown (`capabilitiesKnown` false, `serverCapabilities` `{}`), and what needs
 * them tries and sees: the live lists list and listen, a `ClientGroup` lists every kind (a
 * -32601 is an empty list). Checked on the wire of the real fixture HTTP server: which requests
 * it received. `discover()` asks the server then, once, and adopts its real result.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { filter, firstValueFrom } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { inProcessTransport } from '../../lib/client/in-process.js';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import { UnsupportedInProtocolVersionError } from '../../lib/protocol/errors.js';
import { recording } from '../helpers/recording-transport.js';
import { until } from '../helpers/scripted-peer.js';
import { ClientGroup } from '../../lib/group/client-group.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';

jest.setTimeout(9_000);

let server: FixtureHttpServer;
beforeAll(async () => {
  server = await startFixtureHttpServer();
});
afterAll(async () => {
  await server.stop();
});

/** The JSON-RPC requests the server received since the last call, by method. */
let seen: Record<string, number> = {};
async function receivedSince(): Promise<Record<string, number>> {
  const { requests } = await server.admin<{ requests: Record<string, number> }>('requests');
  const delta = Object.fromEntries(Object.entries(requests).flatMap(([method, count]) => (count - (seen[method] ?? 0) > 0 ? [[method, count - (seen[method] ?? 0)]] : [])));
  seen = requests;
  return delta;
}

describe("mode '2026-07-28' without a prior discover", () => {
  beforeEach(async () => {
    await receivedSince();
  });

  it('a Client sends nothing at connect, then tools$ lists the tools and listens for their changes', async () => {
    await using client = await Client.connect(streamableHttp(server.url), { mode: '2026-07-28', cache: false });
    expect(client.era).toBe('modern');
    expect(client.serverCapabilities).toEqual({});
    expect(client.serverProfile.capabilitiesKnown).toBe(false);
    expect(await receivedSince()).toEqual({});

    let lists = 0;
    const tools = client.tools$.subscribe(() => lists++);
    const first = await firstValueFrom(client.tools$);
    expect(first.map((tool) => tool.name)).toContain('echo');
    await firstValueFrom(client.tools$.pipe(filter(() => lists >= 1)));
    // the listen stream is acknowledged with toolsListChanged, so it stays open and a change refetches
    expect(await server.admin<{ streams: number }>('listen-streams')).toEqual({ streams: 1 });
    await server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'tools' }) });
    await firstValueFrom(client.tools$.pipe(filter(() => lists >= 2)));
    expect(await receivedSince()).toEqual({ 'tools/list': 2, 'subscriptions/listen': 1 });
    tools.unsubscribe();
  });

  it('with a priorDiscover the capabilities are known and used as given', async () => {
    const probe = await Client.connect(streamableHttp(server.url), { mode: 'auto', cache: false });
    const priorDiscover = probe.discoverResult!;
    await probe.close();
    await receivedSince();
    await using client = await Client.connect(streamableHttp(server.url), { mode: '2026-07-28', priorDiscover, cache: false });
    expect(client.serverProfile.capabilitiesKnown).toBe(true);
    expect(client.serverCapabilities.tools).toEqual(priorDiscover.capabilities.tools);
    expect(await receivedSince()).toEqual({});
  });

  it('discoverResult is undefined until discover() asks the server; then the real result is adopted, once', async () => {
    const probe = await Client.connect(streamableHttp(server.url), { mode: 'auto', cache: false });
    const real = probe.discoverResult!;
    await probe.close();
    await receivedSince();
    await using client = await Client.connect(streamableHttp(server.url), { mode: '2026-07-28', cache: false });
    expect(client.discoverResult).toBeUndefined();
    expect(client.serverProfile.capabilitiesKnown).toBe(false);
    expect(await receivedSince()).toEqual({});

    // two concurrent callers share one request
    const [first, second] = await Promise.all([client.discover(), client.discover()]);
    expect(await receivedSince()).toEqual({ 'server/discover': 1 });
    expect(second).toBe(first);
    expect(first.capabilities).toEqual(real.capabilities);
    expect(first.capabilities.tools).toBeDefined();
    expect(client.discoverResult).toBe(first);
    // frozen like every result
    expect([Object.isFrozen(first), Object.isFrozen(first.capabilities), Object.isFrozen(first.capabilities.tools)]).toEqual([true, true, true]);
    expect(client.serverProfile.capabilitiesKnown).toBe(true);
    expect(client.serverCapabilities).toEqual(real.capabilities);
    expect(client.instructions).toBe(real.instructions);
    expect(client.serverInfo).toEqual(probe.serverInfo);
    expect(client.protocolVersion).toBe('2026-07-28');

    // idempotent afterwards: no other request
    expect(await client.discover()).toBe(first);
    expect(await receivedSince()).toEqual({});
    // and the connection works on: a request after it still goes out with the envelope
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo');
    expect(await receivedSince()).toEqual({ 'tools/list': 1 });
  });

  it('discover() after an auto connect sends nothing; on a legacy connection it is UnsupportedInProtocolVersionError', async () => {
    await using modern = await Client.connect(streamableHttp(server.url), { mode: 'auto', cache: false });
    await receivedSince();
    expect(await modern.discover()).toBe(modern.discoverResult);
    expect(await receivedSince()).toEqual({});
    await using legacy = await Client.connect(streamableHttp(server.url), { mode: 'legacy', cache: false });
    await receivedSince();
    const error = await legacy.discover().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedInProtocolVersionError);
    expect(error).toMatchObject({ method: 'server/discover' });
    expect(await receivedSince()).toEqual({});
  });

  it('a ClientGroup over the server lists its tools (every kind tried, no discover sent)', async () => {
    await using group = new ClientGroup();
    await group.connect('pinned', streamableHttp(server.url), { mode: '2026-07-28', cache: false });
    expect(group.tools.size).toBeGreaterThan(10);
    expect([...group.tools.keys()]).toContain('echo');
    const received = await receivedSince();
    expect(received['server/discover']).toBeUndefined();
    expect(received).toMatchObject({ 'tools/list': 1, 'prompts/list': 1, 'resources/list': 1, 'resources/templates/list': 1 });
  });

  it('a listen the server does not honour (its acknowledgement leaves the filter out) is closed again; a list it lacks is tried and answers -32601', async () => {
    // the official SDK server in process: tools without listChanged, no prompts
    const sdk = new McpServer({ name: 'tools-only', version: '1.0.0' }, { capabilities: { tools: { listChanged: false } } });
    sdk.registerTool('noop', { description: 'does nothing' }, async () => ({ content: [{ type: 'text', text: 'ok' }] }));
    const wire = recording(await inProcessTransport(sdk, { raiseExceptions: false }));
    await using client = await Client.connect(wire, { mode: '2026-07-28', cache: false });
    expect(wire.sent).toEqual([]);
    const tools = client.tools$.subscribe();
    expect((await firstValueFrom(client.tools$)).map((tool) => tool.name)).toEqual(['noop']);
    const listen = (): JsonRpcMessage | undefined => wire.sent.find((message) => 'method' in message && message.method === 'subscriptions/listen');
    await until(() => listen() !== undefined);
    const id = (listen() as { id: number }).id;
    // acknowledged without toolsListChanged: the client ends the subscription (stdio-style cancel on a pipe)
    await until(() => wire.sent.some((message) => 'method' in message && message.method === 'notifications/cancelled' && message.params?.requestId === id));
    expect(wire.sent.filter((message) => 'method' in message && message.method === 'subscriptions/listen')).toHaveLength(1);
    // tools$ still holds its list
    expect((await firstValueFrom(client.tools$)).map((tool) => tool.name)).toEqual(['noop']);
    tools.unsubscribe();
    // prompts: tried, -32601, which the first fetch of a live list reports
    expect(await firstValueFrom(client.prompts$).catch((error: unknown) => error)).toMatchObject({ code: -32601 });
  });
});
