/**
 * Every fault of the fault proxy against a Streamable HTTP client talking to the fixture HTTP
 * server, in the era where it matters: the typed outcome of the request it hits, what went over
 * the wire, and that the connection still works afterwards (no request is left hanging).
 */
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { McpError, MessageTooLargeError, ProtocolViolationError, StreamBrokenError, TimeoutError, type RxMcpError } from '../../lib/protocol/errors.js';
import { HttpStatusError } from '../../lib/protocol/http-errors.js';
import { streamableHttp, type StreamableHttpOptions } from '../../lib/transport/http/streamable-http-transport.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { bodyOf, header, postsOf, rejection } from '../helpers/http-wire.js';
import { until } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';

type Era = 'modern' | 'legacy';

interface Rig {
  proxy: FaultProxy;
  client: Client;
  faults: RxMcpError[];
}

let server: FixtureHttpServer;
let jsonServer: FixtureHttpServer;
const rigs: Rig[] = [];

beforeAll(async () => {
  [server, jsonServer] = await Promise.all([startFixtureHttpServer({ keepAliveMs: 0 }), startFixtureHttpServer({ keepAliveMs: 0, legacyJson: true })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), jsonServer?.stop()]);
});
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.client.close();
    await rig.proxy.stop();
  }
});

/** A client of `era` through a fresh proxy (legacy: the session is set up and its GET stream open). */
async function connect(era: Era, options: { target?: FixtureHttpServer; transport?: StreamableHttpOptions } = {}): Promise<Rig> {
  const proxy = await startFaultProxy((options.target ?? server).url);
  const transport = streamableHttp(proxy.url, { reconnect: { initialDelayMs: 5, maxDelayMs: 20 }, ...options.transport });
  let opened = false;
  transport.streamState$.subscribe(() => (opened = true));
  const client = await Client.connect(transport, { mode: era === 'modern' ? 'auto' : 'legacy', clientInfo: { name: 'rxmcp-spec', version: '1.0.0' } });
  const rig: Rig = { proxy, client, faults: [] };
  rigs.push(rig);
  client.faults$.subscribe((fault) => rig.faults.push(fault));
  expect(client.era).toBe(era);
  if (era === 'legacy') await until(() => opened);
  return rig;
}

/** Ids of the recorded POSTs of `method`. */
function idsOf(proxy: FaultProxy, method: string): unknown[] {
  return postsOf(proxy.requests, method).map((request) => bodyOf(request).id);
}

/** The connection still answers. */
async function stillWorks(rig: Rig): Promise<void> {
  expect(firstText(await rig.client.callTool('echo', { text: 'still works' }))).toBe('still works');
}

describe('a response cut in the middle', () => {
  it('modern: sends an idempotent tools/list again on a new id, which succeeds', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'cut', afterBytes: 30, when: { jsonrpcMethod: 'tools/list' } });
    const { tools } = await rig.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('echo');
    const posts = postsOf(rig.proxy.requests, 'tools/list');
    expect(posts.map((request) => request.fault ?? 'forwarded')).toEqual(['cut', 'forwarded']);
    const [first, second] = idsOf(rig.proxy, 'tools/list');
    expect(second).not.toEqual(first);
    expect(rig.faults).toEqual([]);
  });

  it('modern: fails a tools/call whose SSE stream broke with StreamBrokenError, sending it once', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(lastValueFrom(rig.client.callTool$('progress', { steps: 3, delayMs: 20 }).pipe(toArray())));
    expect(error).toBeInstanceOf(StreamBrokenError);
    expect(error).toMatchObject({ method: 'tools/call' });
    expect(postsOf(rig.proxy.requests, 'tools/call')).toHaveLength(1);
    expect(postsOf(rig.proxy.requests, 'notifications/cancelled')).toHaveLength(0);
    await stillWorks(rig);
  });

  it('modern: fails a tools/call whose JSON answer was cut with StreamBrokenError', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'cut', afterBytes: 10, when: { jsonrpcMethod: 'tools/call' } });
    expect(await rejection(rig.client.callTool('echo', { text: 'lost' }))).toBeInstanceOf(StreamBrokenError);
    expect(postsOf(rig.proxy.requests, 'tools/call')).toHaveLength(1);
    await stillWorks(rig);
  });

  it('modern: sends a tools/call again when the caller opted in', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'tools/call' } });
    const result = await rig.client.callTool('progress', { steps: 2 }, { reissueOnBrokenStream: true });
    expect(firstText(result)).toBe('done 2');
    const [first, second] = idsOf(rig.proxy, 'tools/call');
    expect(postsOf(rig.proxy.requests, 'tools/call').map((request) => request.fault ?? 'forwarded')).toEqual(['cutAfterEvents', 'forwarded']);
    expect(second).not.toEqual(first);
  });

  it('legacy, JSON answers (nothing to resume): sends tools/list again, fails tools/call with StreamBrokenError', async () => {
    const rig = await connect('legacy', { target: jsonServer });
    rig.proxy.inject({ kind: 'cut', afterBytes: 10, when: { jsonrpcMethod: 'tools/list' } });
    expect((await rig.client.listTools()).tools.length).toBeGreaterThan(0);
    const [first, second] = idsOf(rig.proxy, 'tools/list');
    expect(second).not.toEqual(first);

    rig.proxy.inject({ kind: 'cut', afterBytes: 10, when: { jsonrpcMethod: 'tools/call' } });
    expect(await rejection(rig.client.callTool('echo', { text: 'lost' }))).toBeInstanceOf(StreamBrokenError);
    expect(postsOf(rig.proxy.requests, 'tools/call')).toHaveLength(1);
    await stillWorks(rig);
  });
});

describe.each(['modern', 'legacy'] as const)('HTTP error statuses, %s', (era) => {
  it.each([500, 502, 503])('fails the call with HttpStatusError %i and stays usable', async (status) => {
    const rig = await connect(era);
    rig.proxy.inject({ kind: 'status', status, when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'refused' }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status, body: `Injected fault: HTTP ${status}` });
    await stillWorks(rig);
    expect(postsOf(rig.proxy.requests, 'tools/call').map((request) => request.fault ?? 'forwarded')).toEqual(['status', 'forwarded']);
    expect(postsOf(rig.proxy.requests, 'initialize')).toHaveLength(era === 'legacy' ? 1 : 0);
  });

  it('keeps only the start of a huge error body (read in part, not whole) and stays usable', async () => {
    const rig = await connect(era);
    const body = `${'e'.repeat(1024)}${'x'.repeat(8 * 1024 * 1024)}`;
    rig.proxy.inject({ kind: 'status', status: 500, body, when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'refused' }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 500, body: 'e'.repeat(1024) });
    await stillWorks(rig);
  });
});

describe('a dropped session (404 -32001)', () => {
  it('legacy: opens a new session transparently and the call succeeds', async () => {
    const rig = await connect('legacy');
    rig.proxy.inject({ kind: 'dropSession', when: { jsonrpcMethod: 'tools/call' } });
    expect(firstText(await rig.client.callTool('echo', { text: 'again' }))).toBe('again');
    const initializes = postsOf(rig.proxy.requests, 'initialize');
    expect(initializes).toHaveLength(2);
    const calls = postsOf(rig.proxy.requests, 'tools/call');
    expect(calls.map((request) => request.fault ?? 'forwarded')).toEqual(['dropSession', 'forwarded']);
    expect(bodyOf(calls[1]!).id).toBe(bodyOf(calls[0]!).id); // the same request, in the new session
    expect(header(calls[1]!, 'mcp-session-id')).not.toBe(header(calls[0]!, 'mcp-session-id'));
  });

  it('modern: there is no session, so the JSON-RPC error body is the answer (McpError), with no handshake', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'dropSession', when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'x' }));
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32001, message: 'Session not found' });
    expect(postsOf(rig.proxy.requests, 'initialize')).toHaveLength(0);
    await stillWorks(rig);
  });
});

describe('a stalled answer', () => {
  it('modern: fails with TimeoutError at the request timeout, aborting the POST instead of sending a cancellation', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'stall', when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'stalled' }, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ method: 'tools/call', timeoutMs: 200, kind: 'idle' });
    await stillWorks(rig);
    expect(postsOf(rig.proxy.requests, 'notifications/cancelled')).toHaveLength(0);
    expect(rig.faults).toEqual([]);
  });

  it('legacy: fails with TimeoutError at the request timeout and POSTs notifications/cancelled for it', async () => {
    const rig = await connect('legacy');
    rig.proxy.inject({ kind: 'stall', when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'stalled' }, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ method: 'tools/call', timeoutMs: 200 });
    await stillWorks(rig);
    const [stalled] = postsOf(rig.proxy.requests, 'tools/call');
    const [cancelled] = postsOf(rig.proxy.requests, 'notifications/cancelled');
    expect(bodyOf(cancelled!).params).toMatchObject({ requestId: bodyOf(stalled!).id });
    expect(header(cancelled!, 'mcp-session-id')).toBe(header(stalled!, 'mcp-session-id'));
    expect(rig.faults).toEqual([]);
  });
});

describe.each(['modern', 'legacy'] as const)('a malformed SSE event, %s', (era) => {
  it('is a ProtocolViolationError on faults$; the answer after it still arrives', async () => {
    const rig = await connect(era);
    rig.proxy.inject({ kind: 'malformedSse', when: { jsonrpcMethod: 'tools/call' } });
    expect(firstText(await rig.client.callTool('echo', { text: 'after the garbage' }))).toBe('after the garbage');
    expect(rig.faults).toHaveLength(1);
    expect(rig.faults[0]).toBeInstanceOf(ProtocolViolationError);
    expect(rig.faults[0]).toMatchObject({ raw: '{not json' });
    expect(postsOf(rig.proxy.requests, 'tools/call')[0]!.fault).toBe('malformedSse');
    await stillWorks(rig);
  });
});

describe('a 30 MB event', () => {
  const bytes = 30 * 1024 * 1024;

  it.each(['modern', 'legacy'] as const)('%s: over maxMessageBytes, fails that request with MessageTooLargeError; the connection stays up', async (era) => {
    const rig = await connect(era, { transport: { maxMessageBytes: 1024 * 1024 } });
    rig.proxy.inject({ kind: 'hugeEvent', bytes, when: { jsonrpcMethod: 'tools/call' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'huge' }));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect((error as MessageTooLargeError).limit).toBe(1024 * 1024);
    expect((error as MessageTooLargeError).size).toBeGreaterThan(1024 * 1024);
    expect(rig.faults).toEqual([]); // reported once, to the request it answered
    await stillWorks(rig);
    expect(postsOf(rig.proxy.requests, 'tools/call').map((request) => request.fault ?? 'forwarded')).toEqual(['hugeEvent', 'forwarded']);
  });

  it('takes maxMessageBytes from Client.connect when connecting by URL', async () => {
    const proxy = await startFaultProxy(server.url);
    const client = await Client.connect(proxy.url, { maxMessageBytes: 1024 * 1024 });
    rigs.push({ proxy, client, faults: [] });
    expect(client.transport.kind).toBe('streamable-http');
    proxy.inject({ kind: 'hugeEvent', bytes, when: { jsonrpcMethod: 'tools/call' } });
    expect(await rejection(client.callTool('echo', { text: 'huge' }))).toMatchObject({ name: 'MessageTooLargeError', limit: 1024 * 1024 });
  });

  it('over maxMessageBytes as a JSON answer, fails that request with MessageTooLargeError', async () => {
    const rig = await connect('modern', { transport: { maxMessageBytes: 64 * 1024 } });
    const error = await rejection(rig.client.callTool('big', { bytes: 200_000 }));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ limit: 64 * 1024 });
    await stillWorks(rig);
  });

  it('passes through under the default limit (64 Mi)', async () => {
    const rig = await connect('modern');
    rig.proxy.inject({ kind: 'hugeEvent', bytes, when: { jsonrpcMethod: 'tools/call' } });
    const result = await rig.client.callTool('echo', { text: 'huge' });
    expect(firstText(result)).toHaveLength(bytes);
    expect(rig.faults).toEqual([]);
  });
});
