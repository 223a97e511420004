/**
 * Streamable HTTP in the legacy era (2025-11-25) against the fixture HTTP server (the official
 * SDK's sessionful transport with an event store), seen through the fault proxy: the session
 * header, the protocol version header, the standalone GET stream and server→client requests,
 * JSON and SSE answers, resumption with `Last-Event-ID`, session expiry, DELETE on close, and
 * the reconnection of the GET stream.
 */
import { firstValueFrom, filter, lastValueFrom, take, toArray } from 'rxjs';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import type { ConnectionState } from '../../lib/client/connection-state.js';
import { StreamBrokenError, type RxMcpError } from '../../lib/protocol/errors.js';
import { ReconnectExhaustedError, SessionExpiredError } from '../../lib/protocol/http-errors.js';
import { streamableHttp, type StreamableHttpOptions, type StreamableHttpTransport } from '../../lib/transport/http/streamable-http-transport.js';
import type { StreamStateEvent } from '../../lib/transport/transport.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer, type FixtureHttpServerOptions } from '../helpers/http-servers.js';
import { bodyOf, byHttpMethod, header, postsOf, rejection } from '../helpers/http-wire.js';
import { until } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';

const LEGACY = '2025-11-25';
const clientInfo = { name: 'rxmcp-spec', version: '1.0.0' };
/** Reconnection fast enough for tests. */
const FAST = { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 };
/** How a legacy-only SDK server answers a modern probe that carries no session id. */
const LEGACY_PROBE_REFUSAL = { jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' }, id: null };

interface Rig {
  server: FixtureHttpServer;
  proxy: FaultProxy;
  transport: StreamableHttpTransport;
  client: Client;
  states: StreamStateEvent[];
  clientStates: ConnectionState[];
  faults: RxMcpError[];
}

const rigs: Rig[] = [];
const servers = new Map<string, Promise<FixtureHttpServer>>();

/** One fixture server per option set, shared by the tests of this file. */
function fixture(options: FixtureHttpServerOptions = {}): Promise<FixtureHttpServer> {
  const key = JSON.stringify(options);
  let server = servers.get(key);
  if (server === undefined) {
    server = startFixtureHttpServer({ keepAliveMs: 0, ...options });
    servers.set(key, server);
  }
  return server;
}

/**
 * A client over a fresh proxy in front of the fixture server. `mode: 'auto'` gets the probe
 * refused the way a legacy-only SDK server refuses it, so the handshake follows.
 */
async function connect(
  options: { mode?: 'legacy' | 'auto'; server?: FixtureHttpServerOptions; transport?: StreamableHttpOptions; client?: ClientOptions; before?: (proxy: FaultProxy) => void } = {},
): Promise<Rig> {
  const server = await fixture(options.server);
  const proxy = await startFaultProxy(server.url);
  const mode = options.mode ?? 'legacy';
  if (mode === 'auto') proxy.inject({ kind: 'status', status: 400, body: LEGACY_PROBE_REFUSAL, when: { jsonrpcMethod: 'server/discover' } });
  options.before?.(proxy);
  const transport = streamableHttp(proxy.url, { reconnect: FAST, ...options.transport });
  const states: StreamStateEvent[] = [];
  transport.streamState$.subscribe((event) => states.push(event));
  const rig: Rig = { server, proxy, transport, client: undefined as unknown as Client, states, clientStates: [], faults: [] };
  rigs.push(rig);
  rig.client = await Client.connect(transport, { mode, clientInfo, ...options.client });
  rig.client.state$.subscribe((state) => rig.clientStates.push(state));
  rig.client.faults$.subscribe((fault) => rig.faults.push(fault));
  // the handshake ends with notifications/initialized, then the GET stream is asked for
  await until(() => postsOf(proxy.requests, 'notifications/initialized').length > 0 && (options.transport?.openStandaloneStream === false || states.length > 0));
  return rig;
}

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.client?.close();
    await rig.proxy.stop();
  }
});

afterAll(async () => {
  await Promise.all([...servers.values()].map(async (server) => (await server).stop()));
});

describe.each(['legacy', 'auto'] as const)("a legacy session, mode '%s'", (mode) => {
  it('takes Mcp-Session-Id from the initialize answer and sends it on every later POST, GET and DELETE', async () => {
    const rig = await connect({ mode });
    expect(rig.client.era).toBe('legacy');
    expect(rig.client.protocolVersion).toBe(LEGACY);
    expect(firstText(await rig.client.callTool('echo', { text: 'hi' }))).toBe('hi');
    await rig.client.close();

    const { requests } = rig.proxy;
    const methods = requests.map((request) => `${request.method} ${bodyOf(request).method ?? ''}`.trim());
    expect(methods.slice(0, mode === 'auto' ? 3 : 2)).toEqual([
      ...(mode === 'auto' ? ['POST server/discover'] : []),
      'POST initialize',
      'POST notifications/initialized',
    ]);
    const [initialize] = postsOf(requests, 'initialize');
    expect(header(initialize!, 'mcp-session-id')).toBeUndefined();
    const later = requests.slice(requests.indexOf(initialize!) + 1);
    const sessionId = header(later[0]!, 'mcp-session-id');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(later.map((request) => request.method)).toEqual(expect.arrayContaining(['POST', 'GET', 'DELETE']));
    for (const request of later) expect(header(request, 'mcp-session-id')).toBe(sessionId);
    if (mode === 'auto') expect(header(requests[0]!, 'mcp-session-id')).toBeUndefined();
  });

  it('sends MCP-Protocol-Version after the handshake, not on initialize', async () => {
    const rig = await connect({ mode });
    await rig.client.listTools();
    await rig.client.close();
    const { requests } = rig.proxy;
    const [initialize] = postsOf(requests, 'initialize');
    expect(header(initialize!, 'mcp-protocol-version')).toBeUndefined();
    expect(bodyOf(initialize!).params).toMatchObject({ protocolVersion: LEGACY, clientInfo });
    const later = requests.slice(requests.indexOf(initialize!) + 1);
    expect(later.length).toBeGreaterThanOrEqual(4); // initialized, GET, tools/list, DELETE
    for (const request of later) expect(header(request, 'mcp-protocol-version')).toBe(LEGACY);
    for (const request of byHttpMethod(requests, 'POST')) expect(header(request, 'accept')).toBe('application/json, text/event-stream');
  });

  it('opens the standalone GET stream after notifications/initialized and receives server notifications on it', async () => {
    const rig = await connect({ mode });
    await until(() => rig.states.some((event) => event.state === 'open'));
    const { requests } = rig.proxy;
    const [get] = byHttpMethod(requests, 'GET');
    expect(requests.indexOf(get!)).toBeGreaterThan(requests.indexOf(postsOf(requests, 'notifications/initialized')[0]!));
    expect(header(get!, 'accept')).toBe('text/event-stream');
    expect(header(get!, 'last-event-id')).toBeUndefined();

    const changed = firstValueFrom(rig.client.notifications$.pipe(filter((notification) => notification.method === 'notifications/tools/list_changed')));
    expect(await rig.server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'tools' }) })).toMatchObject({ sessions: expect.any(Number) });
    expect(await changed).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    expect(byHttpMethod(rig.proxy.requests, 'GET')).toHaveLength(1);
  });

  it('answers the server requests of a call (sampling, elicitation, roots) with POSTs in the session', async () => {
    const rig = await connect({
      mode,
      client: {
        samplingCallback: async (params) => ({ role: 'assistant', content: { type: 'text', text: `sampled ${params.maxTokens}` }, model: 'spec-model' }),
        elicitationCallback: async () => ({ action: 'accept', content: { answer: 'yes' } }),
        listRootsCallback: () => [{ uri: 'file:///work', name: 'work' }],
      },
    });
    // the SDK sends these requests only on the standalone GET stream (and drops them while it is
    // not open): the first call, made at once, is held until the GET has been answered
    expect(firstText(await rig.client.callTool('ask-model', { prompt: 'hello' }))).toBe('sampled 100');
    const get = rig.proxy.requests.findIndex((request) => request.method === 'GET');
    const call = rig.proxy.requests.findIndex((request) => request.method === 'POST' && bodyOf(request).method === 'tools/call');
    expect(get).toBeGreaterThanOrEqual(0);
    expect(call).toBeGreaterThan(get);
    expect(firstText(await rig.client.callTool('ask-user', { question: 'ok?' }))).toBe('user said yes');
    expect(firstText(await rig.client.callTool('list-client-roots', {}))).toBe('file:///work');

    const answers = rig.proxy.requests.filter((request) => request.method === 'POST' && bodyOf(request).method === undefined);
    expect(answers.map((request) => bodyOf(request).result)).toEqual([
      expect.objectContaining({ model: 'spec-model' }),
      expect.objectContaining({ action: 'accept', content: { answer: 'yes' } }),
      { roots: [{ uri: 'file:///work', name: 'work' }] },
    ]);
    const sessionId = header(postsOf(rig.proxy.requests, 'tools/call')[0]!, 'mcp-session-id');
    for (const answer of answers) {
      expect(header(answer, 'mcp-session-id')).toBe(sessionId);
      expect(header(answer, 'mcp-protocol-version')).toBe(LEGACY);
    }
  });

  it('holds the first call until the standalone GET is answered, even when the server takes longer than 2 s to answer it', async () => {
    // the bound used to be 2 s: a GET answered later let the call through first, and the SDK
    // server dropped the elicitation it sent before its stream was open (seen in the conformance
    // runner, which starts 48 scenarios at once on two cores)
    let proxy: FaultProxy | undefined;
    let getReleasedAfter = -1; // how many requests the proxy had seen when it let the GET through
    const slowGet = new Promise<void>((resolve) => setTimeout(resolve, 2_500)).then(() => (getReleasedAfter = proxy!.requests.length));
    const rig = await connect({
      mode,
      client: { elicitationCallback: async () => ({ action: 'accept', content: { answer: 'late' } }) },
      before: (seen) => {
        proxy = seen;
        seen.inject({ kind: 'hold', until: slowGet, when: { httpMethod: 'GET' } });
      },
    });
    expect(firstText(await rig.client.callTool('ask-user', { question: 'ok?' }))).toBe('user said late');
    const call = rig.proxy.requests.indexOf(postsOf(rig.proxy.requests, 'tools/call')[0]!);
    expect(getReleasedAfter).toBeGreaterThan(0);
    expect(call).toBeGreaterThanOrEqual(getReleasedAfter);
  });

  /**
   * A client through `proxy` (the probe refused in `auto`, as a legacy SDK server does), returned
   * as soon as `Client.connect` resolves: unlike {@link connect}, without waiting for the GET stream.
   */
  async function connectAtOnce(proxy: FaultProxy, transport: StreamableHttpOptions, client: ClientOptions): Promise<Client> {
    if (mode === 'auto') proxy.inject({ kind: 'status', status: 400, body: LEGACY_PROBE_REFUSAL, when: { jsonrpcMethod: 'server/discover' } });
    const made = streamableHttp(proxy.url, { reconnect: FAST, ...transport });
    const connected = await Client.connect(made, { mode, clientInfo, ...client });
    rigs.push({ server: await fixture(), proxy, transport: made, client: connected, states: [], clientStates: [], faults: [] });
    return connected;
  }

  /** Connects through a proxy that answers the GET only once it has seen a tools/call: a closed gate would hold both. */
  async function callBeforeGet(transport: StreamableHttpOptions, client: ClientOptions): Promise<void> {
    const proxy = await startFaultProxy((await fixture()).url);
    const callSeen = until(() => postsOf(proxy.requests, 'tools/call').length > 0, 15_000);
    proxy.inject({ kind: 'hold', until: callSeen, when: { httpMethod: 'GET' } });
    const connected = await connectAtOnce(proxy, transport, client);
    expect(firstText(await connected.callTool('echo', { text: 'at once' }))).toBe('at once');
    await callSeen;
    const get = proxy.requests.findIndex((request) => request.method === 'GET');
    expect(get).toBeGreaterThan(proxy.requests.indexOf(postsOf(proxy.requests, 'notifications/initialized')[0]!));
  }

  it('standaloneWaitMs: 0 sends the first call without waiting for the standalone GET', async () => {
    await callBeforeGet({ standaloneWaitMs: 0 }, { elicitationCallback: async () => ({ action: 'decline' }) });
  });

  it('does not hold requests for the GET when the client declared nothing a server may ask for (no sampling, elicitation, roots)', async () => {
    await callBeforeGet({}, {});
  });

  it.each([
    ['a client with callbacks', { samplingCallback: async () => ({ role: 'assistant' as const, content: { type: 'text' as const, text: 'x' }, model: 'm' }) }],
    ['a client without', {}],
  ])('%s: no request reaches the server before notifications/initialized has been answered', async (_name, client: ClientOptions) => {
    // the proxy holds the initialized POST 300 ms: a request sent beside it would reach the proxy meanwhile
    const proxy = await startFaultProxy((await fixture()).url);
    let releasedAfter = -1; // how many requests the proxy had seen when it let notifications/initialized through
    const slowInitialized = new Promise<void>((resolve) => setTimeout(resolve, 300)).then(() => (releasedAfter = proxy.requests.length));
    proxy.inject({ kind: 'hold', until: slowInitialized, when: { jsonrpcMethod: 'notifications/initialized' } });
    const connected = await connectAtOnce(proxy, {}, client);
    await connected.listTools();
    const listAt = proxy.requests.indexOf(postsOf(proxy.requests, 'tools/list')[0]!);
    expect(releasedAfter).toBeGreaterThan(0);
    expect(listAt).toBeGreaterThanOrEqual(releasedAfter);
  });

  it('ends the session with DELETE on close', async () => {
    const rig = await connect({ mode });
    const before = (await rig.server.admin<{ deleted: number }>('deleted')).deleted;
    const sessionId = header(postsOf(rig.proxy.requests, 'notifications/initialized')[0]!, 'mcp-session-id');
    await rig.client.close();
    expect(await rig.server.admin('deleted')).toEqual({ deleted: before + 1 });
    const deletes = byHttpMethod(rig.proxy.requests, 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(header(deletes[0]!, 'mcp-session-id')).toBe(sessionId);
  });
});

describe('answers as JSON and as SSE', () => {
  it.each([
    ['JSON', true],
    ['SSE', false],
  ] as const)('works when the session answers POSTs with %s', async (_name, legacyJson) => {
    const rig = await connect({ server: { legacyJson } });
    expect((await rig.client.listTools()).tools.map((tool) => tool.name)).toContain('echo');
    expect(firstText(await rig.client.callTool('add', { a: 2, b: 40 }))).toBe('42');
    expect((await rig.client.readResource('fixture://greeting')).contents[0]).toMatchObject({ text: 'hello' });
    const events = await lastValueFrom(rig.client.callTool$('progress', { steps: 2 }).pipe(toArray()));
    // JSON answers carry no progress (the server drops what is not the response); SSE answers do
    expect(events.map((event) => (event.type === 'progress' ? event.progress : event.type === 'result' ? firstText(event.result) : event.status))).toEqual(legacyJson ? ['done 2'] : [1, 2, 'done 2']);
    // the answer format is the server's choice: the requests are the same either way
    expect(postsOf(rig.proxy.requests, 'tools/call').map((request) => bodyOf(request).params?.name)).toEqual(['add', 'progress']);
    expect(postsOf(rig.proxy.requests, 'resources/read')).toHaveLength(1);
  });
});

describe('405 answers', () => {
  it('tolerates a 405 on the GET: the stream is unavailable and never asked for again', async () => {
    const rig = await connect({ before: (proxy) => proxy.inject({ kind: 'status', status: 405, when: { httpMethod: 'GET' }, times: 100 }) });
    await until(() => rig.states.some((event) => event.state === 'unavailable'));
    for (let i = 0; i < 3; i++) expect(firstText(await rig.client.callTool('echo', { text: `after ${i}` }))).toBe(`after ${i}`);
    expect(byHttpMethod(rig.proxy.requests, 'GET')).toHaveLength(1);
    expect(rig.states.map((event) => event.state)).toEqual(['unavailable']);
    expect(rig.clientStates.map((state) => state.state)).toEqual(['connected']);
    expect(rig.faults).toEqual([]);
  });

  it('tolerates a 405 on DELETE: close still completes', async () => {
    const rig = await connect({ before: (proxy) => proxy.inject({ kind: 'status', status: 405, when: { httpMethod: 'DELETE' } }) });
    const before = (await rig.server.admin<{ deleted: number }>('deleted')).deleted;
    await rig.client.close();
    const [deleted] = byHttpMethod(rig.proxy.requests, 'DELETE');
    expect(deleted!.fault).toBe('status');
    expect(header(deleted!, 'mcp-session-id')).toBeDefined();
    expect(await rig.server.admin('deleted')).toEqual({ deleted: before }); // the proxy answered; the server kept the session
    expect(rig.clientStates.at(-1)?.state).toBe('closed');
  });
});

describe('resumption', () => {
  it("resumes a request's broken SSE stream with GET + Last-Event-ID after the server's retry, and receives the rest", async () => {
    // a backoff of a minute: only the server's `retry: 20` can make the call finish in time
    const rig = await connect({
      server: { retryMs: 20 },
      transport: { reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 3 } },
    });
    await until(() => rig.states.some((event) => event.state === 'open'));
    // priming event + first progress event pass, then the connection is cut
    rig.proxy.inject({ kind: 'cutAfterEvents', events: 2, when: { jsonrpcMethod: 'tools/call' } });
    const events = await lastValueFrom(rig.client.callTool$('progress', { steps: 3, delayMs: 30 }, { totalTimeoutMs: 10_000 }).pipe(toArray()));
    expect(events.map((event) => (event.type === 'progress' ? event.progress : event.type === 'result' ? firstText(event.result) : event.status))).toEqual([1, 2, 3, 'done 3']);

    const [call] = postsOf(rig.proxy.requests, 'tools/call');
    expect(call!.fault).toBe('cutAfterEvents');
    const resumes = byHttpMethod(rig.proxy.requests, 'GET').filter((request) => header(request, 'last-event-id') !== undefined);
    expect(resumes).toHaveLength(1);
    expect(header(resumes[0]!, 'last-event-id')).toMatch(/^ev-\d+$/);
    expect(header(resumes[0]!, 'mcp-session-id')).toBe(header(call!, 'mcp-session-id'));
    expect(header(resumes[0]!, 'accept')).toBe('text/event-stream');
    expect(postsOf(rig.proxy.requests, 'tools/call')).toHaveLength(1); // resumed, not sent again
  });

  it('tries the resumption again when the GET is refused (409: the server has not noticed the old stream is gone)', async () => {
    const rig = await connect({ server: { retryMs: 20 } });
    await until(() => rig.states.some((event) => event.state === 'open'));
    rig.proxy.inject({ kind: 'cutAfterEvents', events: 2, when: { jsonrpcMethod: 'tools/call' } });
    rig.proxy.inject({ kind: 'status', status: 409, body: { jsonrpc: '2.0', error: { code: -32000, message: 'Conflict' }, id: null }, when: { httpMethod: 'GET' } });
    const events = await lastValueFrom(rig.client.callTool$('progress', { steps: 3, delayMs: 30 }, { totalTimeoutMs: 10_000 }).pipe(toArray()));
    expect(events.map((event) => (event.type === 'progress' ? event.progress : event.type === 'result' ? firstText(event.result) : event.status))).toEqual([1, 2, 3, 'done 3']);
    const resumes = byHttpMethod(rig.proxy.requests, 'GET').filter((request) => header(request, 'last-event-id') !== undefined);
    expect(resumes.map((request) => request.fault ?? 'forwarded')).toEqual(['status', 'forwarded']);
    expect(header(resumes[1]!, 'last-event-id')).toBe(header(resumes[0]!, 'last-event-id'));
    expect(rig.faults).toEqual([]);
  });

  it('gives up resuming after the attempts run out: tools/call fails with StreamBrokenError, tools/list is sent again', async () => {
    const rig = await connect({ server: { retryMs: 5 }, transport: { reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 } } });
    await until(() => rig.states.some((event) => event.state === 'open'));
    rig.proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'tools/call' } });
    rig.proxy.inject({ kind: 'status', status: 503, when: { httpMethod: 'GET' }, times: 2 });
    const error = await rejection(rig.client.callTool('progress', { steps: 2, delayMs: 20 }));
    expect(error).toBeInstanceOf(StreamBrokenError);
    expect((error as Error).message).toContain('could not resume it after 2 attempts');
    expect(postsOf(rig.proxy.requests, 'tools/call')).toHaveLength(1);
    const resumes = byHttpMethod(rig.proxy.requests, 'GET').filter((request) => header(request, 'last-event-id') !== undefined);
    expect(resumes.map((request) => request.fault)).toEqual(['status', 'status']);

    // the call's validation listing went beside it (the client did not know the tool); count from here
    const listedBefore = postsOf(rig.proxy.requests, 'tools/list').length;
    rig.proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'tools/list' } });
    rig.proxy.inject({ kind: 'status', status: 503, when: { httpMethod: 'GET' }, times: 2 });
    expect((await rig.client.listTools()).tools.length).toBeGreaterThan(0);
    const lists = postsOf(rig.proxy.requests, 'tools/list').slice(listedBefore);
    expect(lists.map((request) => request.fault ?? 'forwarded')).toEqual(['cutAfterEvents', 'forwarded']);
    expect(bodyOf(lists[1]!).id).not.toBe(bodyOf(lists[0]!).id);
  });
});

describe('session expiry', () => {
  // tools/call throughout: it is never served from a cache nor retried, so every call is on the wire

  it('re-initializes once, transparently, when the server forgot the session', async () => {
    const rig = await connect();
    const oldSession = header(postsOf(rig.proxy.requests, 'notifications/initialized')[0]!, 'mcp-session-id');
    expect(await rig.server.admin('expire-sessions', { method: 'POST' })).toMatchObject({ expired: expect.any(Number) });

    expect(firstText(await rig.client.callTool('echo', { text: 'after expiry' }))).toBe('after expiry');
    const initializes = postsOf(rig.proxy.requests, 'initialize');
    expect(initializes).toHaveLength(2);
    expect(header(initializes[1]!, 'mcp-session-id')).toBeUndefined();
    expect(header(initializes[1]!, 'mcp-protocol-version')).toBeUndefined();
    expect(bodyOf(initializes[1]!).params).toEqual(bodyOf(initializes[0]!).params);
    const calls = postsOf(rig.proxy.requests, 'tools/call');
    expect(calls).toHaveLength(2); // refused in the old session, answered in the new one
    expect(header(calls[0]!, 'mcp-session-id')).toBe(oldSession);
    const newSession = header(calls[1]!, 'mcp-session-id');
    expect(newSession).toMatch(/^[0-9a-f-]{36}$/);
    expect(newSession).not.toBe(oldSession);
    expect(postsOf(rig.proxy.requests, 'notifications/initialized')).toHaveLength(2);
    // and the session keeps working
    expect(firstText(await rig.client.callTool('echo', { text: 'still here' }))).toBe('still here');
    expect(postsOf(rig.proxy.requests, 'initialize')).toHaveLength(2);
  });

  it('shares one re-initialization among concurrent requests that find the session gone', async () => {
    const rig = await connect({ transport: { openStandaloneStream: false } });
    await rig.server.admin('expire-sessions', { method: 'POST' });
    const [echoed, prompts, greeting] = await Promise.all([
      rig.client.callTool('echo', { text: 'together' }),
      rig.client.listPrompts(),
      rig.client.readResource('fixture://greeting'),
    ]);
    expect(firstText(echoed)).toBe('together');
    expect(prompts.prompts.map((prompt) => prompt.name)).toContain('greet');
    expect(greeting.contents[0]).toMatchObject({ text: 'hello' });
    expect(postsOf(rig.proxy.requests, 'initialize')).toHaveLength(2);
    expect(postsOf(rig.proxy.requests, 'notifications/initialized')).toHaveLength(2);
    const newSession = header(postsOf(rig.proxy.requests, 'notifications/initialized')[1]!, 'mcp-session-id');
    for (const method of ['tools/call', 'prompts/list', 'resources/read']) {
      const posts = postsOf(rig.proxy.requests, method);
      expect(posts).toHaveLength(2); // refused in the old session, answered in the new one
      expect(header(posts[1]!, 'mcp-session-id')).toBe(newSession);
    }
    expect(byHttpMethod(rig.proxy.requests, 'GET')).toHaveLength(0);
  });

  it('recovers again from a second expiry right away, and fails with SessionExpiredError when recovery fails', async () => {
    const rig = await connect();
    await rig.server.admin('expire-sessions', { method: 'POST' });
    await rig.client.callTool('echo', { text: 'first' });
    await rig.server.admin('expire-sessions', { method: 'POST' });
    await rig.client.callTool('echo', { text: 'second' });
    expect(postsOf(rig.proxy.requests, 'initialize')).toHaveLength(3);

    // the session is dropped, and so is the attempt to open a new one
    rig.proxy.inject({ kind: 'dropSession', when: { jsonrpcMethod: 'tools/call' } });
    rig.proxy.inject({ kind: 'dropSession', when: { jsonrpcMethod: 'initialize' } });
    const error = await rejection(rig.client.callTool('echo', { text: 'third' }));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as SessionExpiredError).sessionId).toBe(header(postsOf(rig.proxy.requests, 'tools/call').at(-1)!, 'mcp-session-id'));
    expect(postsOf(rig.proxy.requests, 'initialize').map((request) => request.fault ?? 'forwarded')).toEqual(['forwarded', 'forwarded', 'forwarded', 'dropSession']);
    expect(rig.proxy.pendingFaults()).toBe(0);
  });

  it('re-initializes from the GET stream when it finds the session gone, so server notifications keep coming', async () => {
    const rig = await connect();
    await until(() => rig.states.some((event) => event.state === 'open'));
    await rig.server.admin('expire-sessions', { method: 'POST' });
    // the server ended the GET stream; re-opening it gets 404, which starts a new session
    await until(() => postsOf(rig.proxy.requests, 'initialize').length === 2 && rig.states.filter((event) => event.state === 'open').length === 2);
    const changed = firstValueFrom(rig.client.notifications$.pipe(filter((notification) => notification.method === 'notifications/resources/list_changed')));
    await rig.server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'resources' }) });
    await changed;
    const gets = byHttpMethod(rig.proxy.requests, 'GET');
    const newSession = header(postsOf(rig.proxy.requests, 'notifications/initialized')[1]!, 'mcp-session-id');
    expect(header(gets.at(-1)!, 'mcp-session-id')).toBe(newSession);
    expect(rig.clientStates.map((state) => state.state)).toEqual(['connected', 'reconnecting', 'connected']);
    expect(rig.faults).toEqual([]);
  });

  it('fails with SessionExpiredError, without looping, when the new session is refused as well', async () => {
    const rig = await connect();
    rig.proxy.inject({ kind: 'dropSession', when: { jsonrpcMethod: 'tools/call' }, times: 5 });
    const error = await rejection(rig.client.callTool('echo', { text: 'refused twice' }));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(postsOf(rig.proxy.requests, 'initialize')).toHaveLength(2);
    expect(postsOf(rig.proxy.requests, 'tools/call')).toHaveLength(2);
    expect(rig.proxy.pendingFaults()).toBe(3);
  });
});

describe('the standalone GET stream', () => {
  it('reconnects with backoff after a cut, resuming after the last event; state$ shows reconnecting, then connected', async () => {
    const rig = await connect({ before: (proxy) => proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { httpMethod: 'GET' } }) });
    await until(() => rig.states.some((event) => event.state === 'open'));
    const reconnected = firstValueFrom(rig.client.state$.pipe(filter((state) => state.state === 'reconnecting'), take(1)));
    await rig.server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'tools' }) });
    expect(await reconnected).toMatchObject({ state: 'reconnecting', stream: 'standalone', attempt: 1 });
    await until(() => rig.clientStates.at(-1)?.state === 'connected' && rig.clientStates.length >= 3);

    const prompts = firstValueFrom(rig.client.notifications$.pipe(filter((notification) => notification.method === 'notifications/prompts/list_changed')));
    await rig.server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'prompts' }) });
    await prompts;
    // (a re-opening the server refuses at first, 409 while it still holds the old stream, is one more 'reconnecting')
    const states = rig.clientStates.map((state) => state.state);
    expect(states.slice(0, 2)).toEqual(['connected', 'reconnecting']);
    expect(states.at(-1)).toBe('connected');
    expect(states.slice(1, -1).every((state) => state === 'reconnecting')).toBe(true);
    const gets = byHttpMethod(rig.proxy.requests, 'GET');
    expect(gets.length).toBeGreaterThanOrEqual(2);
    expect(gets[0]!.fault).toBe('cutAfterEvents');
    expect(header(gets.at(-1)!, 'last-event-id')).toMatch(/^ev-\d+$/);
    expect(rig.faults).toEqual([]);
  });

  it('gives up after repeated failures: ReconnectExhaustedError on faults$ and a degraded state$; requests still work', async () => {
    const rig = await connect({
      transport: { reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } },
      before: (proxy) => proxy.inject({ kind: 'status', status: 503, when: { httpMethod: 'GET' }, times: 100 }),
    });
    await until(() => rig.faults.length > 0);
    const [fault] = rig.faults;
    expect(fault).toBeInstanceOf(ReconnectExhaustedError);
    expect(fault).toMatchObject({ stream: 'standalone GET stream', attempts: 3 });
    expect(rig.clientStates.at(-1)).toMatchObject({ state: 'degraded', stream: 'standalone', reason: fault });
    expect(rig.states.map((event) => event.state)).toEqual(['reconnecting', 'reconnecting', 'reconnecting', 'failed']);
    expect(firstText(await rig.client.callTool('echo', { text: 'degraded' }))).toBe('degraded');
    expect(byHttpMethod(rig.proxy.requests, 'GET')).toHaveLength(4);
  });

  it('does not loop on a server that ends the stream gracefully every time', async () => {
    const rig = await connect({
      transport: { reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } },
      before: (proxy) => proxy.inject({ kind: 'status', status: 200, headers: { 'content-type': 'text/event-stream' }, body: ': bye\n\n', when: { httpMethod: 'GET' }, times: 100 }),
    });
    await until(() => rig.faults.length > 0);
    expect(rig.faults[0]).toBeInstanceOf(ReconnectExhaustedError);
    for (let i = 0; i < 3; i++) await rig.client.callTool('echo', { text: 'x' });
    expect(byHttpMethod(rig.proxy.requests, 'GET')).toHaveLength(4);
    expect(rig.states.filter((event) => event.state === 'open')).toHaveLength(4);
    expect(rig.clientStates.at(-1)?.state).toBe('degraded');
  });
});
