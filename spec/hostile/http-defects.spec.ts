/**
 * The HTTP transport defects of issue 10 (items 5 to 9), each against a server that misbehaves
 * on purpose: endless resumption, a JSON answer without the request's id, an SSE event that
 * never ends, configured headers following a redirect to another origin, and legacy session
 * recovery (a server that forgets every session, and server-everything restarted under the
 * client). Every case asserts the typed outcome and what went over the wire.
 */
import { Client } from '../../lib/client/client.js';
import type { ConnectionState } from '../../lib/client/connection-state.js';
import { ConnectionClosedError, MessageTooLargeError, ProtocolViolationError, StreamBrokenError, type RxMcpError } from '../../lib/protocol/errors.js';
import { BearerAuth } from '../../lib/transport/http/auth.js';
import type { FetchLike } from '../../lib/transport/http/fetch.js';
import { RedirectRefusedError, SessionExpiredError } from '../../lib/protocol/http-errors.js';
import { MAX_REDIRECTS } from '../../lib/transport/http/redirects.js';
import { DEFAULT_MAX_RESUMPTIONS } from '../../lib/protocol/reconnect-policy.js';
import { sse, type SseOptions } from '../../lib/transport/http/sse-transport.js';
import { streamableHttp, type StreamableHttpOptions } from '../../lib/transport/http/streamable-http-transport.js';
import { startFaultProxy, type FaultProxy, type RecordedRequest } from '../helpers/fault-proxy.js';
import { startEverythingServer, startFixtureHttpServer, type EverythingHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { byHttpMethod, header, postsOf, rejection } from '../helpers/http-wire.js';
import { until } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';
import { answersWithoutTheId } from './servers/answers-without-the-id.js';
import { endlessEvent, startEndlessSseServer, type EndlessStream } from './servers/endless-sse-event.js';
import { forgetsEverySession } from './servers/forgets-every-session.js';
import { sessionIdOf, startLegacyHttpServer, type HostileServer, type Misbehaviour } from './servers/legacy-http-server.js';
import { resumesOneEventAtATime } from './servers/resumes-one-event-at-a-time.js';

const clientInfo = { name: 'rxmcp-hostile', version: '1.0.0' };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `promise`'s value, or a failure when it has not settled within `ms` (a hang, not a slow answer). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** `error` and its causes, outermost first. */
function causesOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 10; current = (current as { cause?: unknown } | null)?.cause) chain.push(current);
  return chain;
}

/** A hostile legacy server, stopped after the test. */
async function hostile(misbehave: Misbehaviour): Promise<HostileServer> {
  const server = await startLegacyHttpServer(misbehave);
  cleanups.push(() => server.stop());
  return server;
}

/** A legacy client of `url` over Streamable HTTP, with its faults collected; closed after the test. */
async function legacyClient(url: string, options: StreamableHttpOptions = {}, requestTimeoutMs = 20_000): Promise<{ client: Client; faults: RxMcpError[] }> {
  const client = await Client.connect(streamableHttp(url, options), { mode: 'legacy', clientInfo, requestTimeoutMs });
  cleanups.push(() => client.close());
  const faults: RxMcpError[] = [];
  client.faults$.subscribe((fault) => faults.push(fault));
  return { client, faults };
}

describe('5. a response stream that delivers one event and breaks, every time it is resumed', () => {
  it(`fails the call with StreamBrokenError after ${DEFAULT_MAX_RESUMPTIONS} resumptions (the default)`, async () => {
    const script = resumesOneEventAtATime();
    const server = await hostile(script.misbehave);
    const { client } = await legacyClient(server.url, { reconnect: { initialDelayMs: 1, maxDelayMs: 5 } });
    const error = await rejection(client.callTool('echo', { text: 'never answered' }, { timeoutMs: 0 }));
    expect(error).toBeInstanceOf(StreamBrokenError);
    expect(error).toMatchObject({ method: 'tools/call' });
    expect(script.resumes()).toBe(DEFAULT_MAX_RESUMPTIONS);
  });

  it('takes the bound from reconnect.maxResumptions', async () => {
    const script = resumesOneEventAtATime();
    const server = await hostile(script.misbehave);
    const { client } = await legacyClient(server.url, { reconnect: { initialDelayMs: 1, maxDelayMs: 5, maxResumptions: 3 } });
    expect(await rejection(client.callTool('echo', {}, { timeoutMs: 0 }))).toBeInstanceOf(StreamBrokenError);
    expect(script.resumes()).toBe(3);
    expect(server.requests.filter((request) => request.method === 'POST' && request.body?.method === 'tools/call')).toHaveLength(1);
  });
});

describe('6. a complete JSON answer that is not the answer to the request', () => {
  it.each([
    ['a response to another id', { jsonrpc: '2.0', id: 999999, result: {} }],
    ['an empty batch', []],
  ])('%s: the call fails promptly with ProtocolViolationError (no timeout)', async (_what, body) => {
    const server = await hostile(answersWithoutTheId(body));
    const { client, faults } = await legacyClient(server.url);
    const started = Date.now();
    const error = await rejection(client.callTool('echo', { text: 'x' }, { timeoutMs: 0 }));
    expect(error).toBeInstanceOf(ProtocolViolationError);
    expect((error as Error).message).toContain("'tools/call'");
    expect(Date.now() - started).toBeLessThan(5_000);
    // the stray message itself is still reported
    expect(faults.some((fault) => fault instanceof ProtocolViolationError)).toBe(true);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo']);
  });
});

describe('7. an SSE event that never ends', () => {
  const LIMIT = 1024 * 1024;
  /** What the server may have pushed into socket buffers beyond what the client read. */
  const SLACK = 16 * 1024 * 1024;

  /** The client let go of `stream` and the server wrote little more than the limit to it. */
  async function letGo(stream: EndlessStream | undefined): Promise<void> {
    await until(() => stream?.closed === true, 8_000);
    expect(stream!.bytes).toBeGreaterThan(LIMIT);
    expect(stream!.bytes).toBeLessThan(LIMIT + SLACK);
  }

  it('Streamable HTTP, the answer stream of a POST: the call fails with MessageTooLargeError and reading stops', async () => {
    const script = endlessEvent(['post']);
    const server = await hostile(script.misbehave);
    const { client } = await legacyClient(server.url, { maxMessageBytes: LIMIT });
    const error = await rejection(client.callTool('echo', {}, { timeoutMs: 0 }));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ limit: LIMIT });
    await letGo(script.streams[0]);
  });

  it('Streamable HTTP, the standalone GET stream: MessageTooLargeError on faults$ and reading stops', async () => {
    const script = endlessEvent(['get']);
    const server = await hostile(script.misbehave);
    const { faults } = await legacyClient(server.url, { maxMessageBytes: LIMIT, reconnect: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 } });
    await until(() => faults.some((fault) => fault instanceof MessageTooLargeError), 8_000);
    await letGo(script.streams[0]);
    await until(() => script.streams.every((stream) => stream.closed), 8_000);
    for (const stream of script.streams) expect(stream.bytes).toBeLessThan(LIMIT + SLACK);
  });

  it('legacy HTTP+SSE: the connection ends with MessageTooLargeError and reading stops', async () => {
    const server = await startEndlessSseServer();
    cleanups.push(() => server.stop());
    const client = await Client.connect(sse(server.url, { maxMessageBytes: LIMIT }), { mode: 'legacy', clientInfo });
    cleanups.push(() => client.close());
    const faults: RxMcpError[] = [];
    client.faults$.subscribe((fault) => faults.push(fault));
    const error = await rejection(client.callTool('echo', {}, { timeoutMs: 0 }));
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).cause).toBeInstanceOf(MessageTooLargeError);
    expect(faults.some((fault) => fault instanceof MessageTooLargeError)).toBe(true);
    await letGo(server.stream);
  });
});

describe('8. redirects to another origin', () => {
  const API_KEY = 'key-secret-1';
  const TOKEN = 'token-secret-2';
  const CALL_SECRET = 'call-secret-3';
  let fixture: FixtureHttpServer;
  beforeAll(async () => {
    fixture = await startFixtureHttpServer({ keepAliveMs: 0 });
  });
  afterAll(() => fixture?.stop());

  /** Proxy `a` (where the client connects) and proxy `b` (another port, so another origin), both in front of `target`. */
  async function origins(target: string): Promise<{ a: FaultProxy; b: FaultProxy }> {
    const [a, b] = await Promise.all([startFaultProxy(target), startFaultProxy(target)]);
    cleanups.push(() => Promise.all([a.stop(), b.stop()]));
    return { a, b };
  }

  /** None of the three configured secrets is on `request`. */
  function carriesNoSecret(request: RecordedRequest): void {
    expect(header(request, 'x-api-key')).toBeUndefined();
    expect(header(request, 'authorization')).toBeUndefined();
    expect(header(request, 'x-call-secret')).toBeUndefined();
  }

  const configured = { headers: { 'X-Api-Key': API_KEY }, auth: new BearerAuth(TOKEN) };

  describe('Streamable HTTP', () => {
    async function connect(a: FaultProxy, options: StreamableHttpOptions = {}): Promise<{ client: Client; faults: RxMcpError[]; states: ConnectionState[] }> {
      const transport = streamableHttp(a.url, { ...configured, reconnect: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 }, ...options });
      const client = await Client.connect(transport, { mode: 'legacy', clientInfo });
      cleanups.push(() => client.close());
      const faults: RxMcpError[] = [];
      client.faults$.subscribe((fault) => faults.push(fault));
      const states: ConnectionState[] = [];
      client.state$.subscribe((state) => states.push(state));
      return { client, faults, states };
    }
    const callSecret = { headers: { 'X-Call-Secret': CALL_SECRET } };

    it('POST, by default: refused with RedirectRefusedError; the other origin sees nothing', async () => {
      const { a, b } = await origins(fixture.url);
      const { client } = await connect(a);
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { jsonrpcMethod: 'tools/call' } });
      const error = await rejection(client.callTool('echo', { text: 'arguments' }, callSecret));
      expect(b.requests).toEqual([]);
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(error).toMatchObject({ from: a.url, to: b.url });
      const sent = postsOf(a.requests, 'tools/call')[0]!;
      expect([header(sent, 'x-api-key'), header(sent, 'authorization'), header(sent, 'x-call-secret')]).toEqual([API_KEY, `Bearer ${TOKEN}`, CALL_SECRET]);
      expect(firstText(await client.callTool('echo', { text: 'still works' }))).toBe('still works');
    });

    it("POST, redirect: 'follow': followed without the configured, auth and per-call headers", async () => {
      const { a, b } = await origins(fixture.url);
      const { client } = await connect(a, { redirect: 'follow' });
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { jsonrpcMethod: 'tools/call' } });
      expect(firstText(await client.callTool('echo', { text: 'across' }, callSecret))).toBe('across');
      const followed = postsOf(b.requests, 'tools/call');
      expect(followed).toHaveLength(1);
      carriesNoSecret(followed[0]!);
      expect(header(followed[0]!, 'mcp-session-id')).toBe(header(postsOf(a.requests, 'tools/call')[0]!, 'mcp-session-id'));
    });

    it("POST, same origin: followed with every header; redirect: 'error' refuses even that", async () => {
      const { a } = await origins(fixture.url);
      const { client } = await connect(a);
      a.inject({ kind: 'status', status: 307, headers: { location: `${a.url}?moved=1` }, when: { jsonrpcMethod: 'tools/call' } });
      expect(firstText(await client.callTool('echo', { text: 'same origin' }, callSecret))).toBe('same origin');
      const [redirected, followed] = postsOf(a.requests, 'tools/call');
      expect(redirected!.fault).toBe('status');
      expect(followed!.path).toBe('/mcp?moved=1');
      expect(header(followed!, 'x-api-key')).toBe(API_KEY);

      const strict = await connect(a, { redirect: 'error' });
      a.inject({ kind: 'status', status: 307, headers: { location: `${a.url}?moved=2` }, when: { jsonrpcMethod: 'tools/call' } });
      expect(await rejection(strict.client.callTool('echo', {}))).toBeInstanceOf(RedirectRefusedError);
      expect(a.requests.some((request) => request.path === '/mcp?moved=2')).toBe(false);
    });

    it(`a same-origin redirect loop: refused after ${MAX_REDIRECTS} hops`, async () => {
      const { a } = await origins(fixture.url);
      const { client } = await connect(a);
      a.inject({ kind: 'status', status: 308, headers: { location: `${a.url}?loop` }, when: { jsonrpcMethod: 'tools/call' }, times: 50 });
      const error = await rejection(client.callTool('echo', {}));
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(postsOf(a.requests, 'tools/call')).toHaveLength(MAX_REDIRECTS + 1);
    });

    it("a browser's opaque redirect (target hidden): refused by default; redirect: 'follow' hands it to fetch's own following", async () => {
      const { a, b } = await origins(fixture.url);
      // what a browser's fetch answers a 3xx under redirect: 'manual' (status 0, no Location)
      const browserLike: FetchLike = async (input, init) => {
        const response = await fetch(input, init);
        if (init?.redirect !== 'manual' || response.status < 300 || response.status > 399) return response;
        await response.body?.cancel();
        return { type: 'opaqueredirect', status: 0, ok: false, statusText: '', headers: new Headers(), body: null, url: '' } as unknown as Response;
      };
      const strict = await connect(a, { fetch: browserLike });
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { jsonrpcMethod: 'tools/call' } });
      const error = await rejection(strict.client.callTool('echo', { text: 'hidden' }));
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(error).toMatchObject({ from: a.url, to: undefined });
      expect(b.requests).toEqual([]);

      const lenient = await connect(a, { fetch: browserLike, redirect: 'follow' });
      // the first answer is the opaque redirect; the request is sent again for fetch to follow
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { jsonrpcMethod: 'tools/call' }, times: 2 });
      expect(firstText(await lenient.client.callTool('echo', { text: 'followed by fetch' }))).toBe('followed by fetch');
      expect(postsOf(b.requests, 'tools/call')).toHaveLength(1);
    });

    it('GET (standalone stream), by default: refused, the stream degraded with RedirectRefusedError, nothing sent across', async () => {
      const { a, b } = await origins(fixture.url);
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { httpMethod: 'GET' } });
      const { states, faults } = await connect(a);
      await until(() => states.some((state) => state.state === 'degraded'));
      expect(b.requests).toEqual([]);
      expect(faults.some((fault) => fault instanceof RedirectRefusedError)).toBe(true);
      expect(byHttpMethod(a.requests, 'GET')).toHaveLength(1);
    });

    it("GET (standalone stream), redirect: 'follow': opened across without the configured and auth headers", async () => {
      const { a, b } = await origins(fixture.url);
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { httpMethod: 'GET' } });
      await connect(a, { redirect: 'follow' });
      await until(() => byHttpMethod(b.requests, 'GET').length > 0);
      const [get] = byHttpMethod(b.requests, 'GET');
      carriesNoSecret(get!);
      expect(header(byHttpMethod(a.requests, 'GET')[0]!, 'authorization')).toBe(`Bearer ${TOKEN}`);
    });

    it.each([
      ['by default: not sent across', undefined],
      ["redirect: 'follow': sent across without the configured and auth headers", 'follow' as const],
    ])('DELETE on close, %s', async (_what, redirect) => {
      const { a, b } = await origins(fixture.url);
      const { client } = await connect(a, redirect === undefined ? { openStandaloneStream: false } : { openStandaloneStream: false, redirect });
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { httpMethod: 'DELETE' } });
      await client.close();
      expect(byHttpMethod(a.requests, 'DELETE')).toHaveLength(1);
      const deletes = byHttpMethod(b.requests, 'DELETE');
      if (redirect === undefined) {
        expect(b.requests).toEqual([]);
      } else {
        expect(deletes).toHaveLength(1);
        carriesNoSecret(deletes[0]!);
      }
    });
  });

  describe('legacy HTTP+SSE', () => {
    let everything: EverythingHttpServer;
    beforeAll(async () => {
      everything = await startEverythingServer('sse');
    });
    afterAll(() => everything?.stop());

    async function connect(a: FaultProxy, options: SseOptions = {}): Promise<Client> {
      const client = await Client.connect(sse(a.url, { ...configured, ...options }), { mode: 'legacy', clientInfo });
      cleanups.push(() => client.close());
      return client;
    }

    it('GET, by default: the connection is refused with RedirectRefusedError; nothing sent across', async () => {
      const { a, b } = await origins(everything.url);
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { httpMethod: 'GET' } });
      const error = await rejection(connect(a));
      expect(b.requests).toEqual([]);
      // Client.connect names the connection closed; the transport's reason is in the cause chain
      expect(causesOf(error).some((cause) => cause instanceof RedirectRefusedError)).toBe(true);
    });

    it("GET, redirect: 'follow': followed without the configured and auth headers", async () => {
      const { a, b } = await origins(everything.url);
      a.inject({ kind: 'status', status: 307, headers: { location: b.url }, when: { httpMethod: 'GET' } });
      const client = await connect(a, { redirect: 'follow' });
      carriesNoSecret(byHttpMethod(b.requests, 'GET')[0]!);
      expect(header(byHttpMethod(a.requests, 'GET')[0]!, 'x-api-key')).toBe(API_KEY);
      expect(firstText(await client.callTool('echo', { message: 'over sse' }))).toBe('Echo: over sse');
    });

    it.each([
      ['by default: refused with RedirectRefusedError, nothing sent across', undefined],
      ["redirect: 'follow': followed without the configured, auth and per-call headers", 'follow' as const],
    ])('POST, %s', async (_what, redirect) => {
      const { a, b } = await origins(everything.url);
      const client = await connect(a, redirect === undefined ? {} : { redirect });
      const endpoint = byHttpMethod(a.requests, 'POST')[0]!.path;
      a.inject({ kind: 'status', status: 307, headers: { location: `${b.origin}${endpoint}` }, when: { jsonrpcMethod: 'tools/call' } });
      const call = client.callTool('echo', { message: 'arguments' }, { headers: { 'X-Call-Secret': CALL_SECRET } });
      if (redirect === undefined) {
        expect(await rejection(call)).toBeInstanceOf(RedirectRefusedError);
        expect(b.requests).toEqual([]);
      } else {
        expect(firstText(await call)).toBe('Echo: arguments');
        const [followed] = postsOf(b.requests, 'tools/call');
        carriesNoSecret(followed!);
      }
      expect(header(postsOf(a.requests, 'tools/call')[0]!, 'x-call-secret')).toBe(CALL_SECRET);
    });
  });
});

describe('9. legacy session recovery', () => {
  it('a server that 404s every session: one re-initialization per call, then SessionExpiredError (no deadlock)', async () => {
    const server = await hostile(forgetsEverySession());
    const initializes = () => server.requests.filter((request) => request.body?.method === 'initialize').length;
    const { client } = await legacyClient(server.url);
    // the handshake's own `initialized` is refused: one re-initialization, whose `initialized` is refused too
    await until(() => server.requests.some((request) => request.headers['mcp-session-id'] === sessionIdOf(2)));
    const before = initializes();
    const error = await settledWithin(rejection(client.callTool('echo', {}, { timeoutMs: 0 })), 10_000);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(initializes() - before).toBeLessThanOrEqual(1);
    expect(initializes()).toBeLessThanOrEqual(3);
  });

  it('server-everything restarted on the same port: the next call opens a new session and succeeds, state$ back to connected', async () => {
    let everything = await startEverythingServer('streamableHttp');
    cleanups.push(() => everything.stop());
    const { port, url } = everything;
    const client = await Client.connect(url, { mode: 'legacy', clientInfo, reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 } });
    cleanups.push(() => client.close());
    const states: ConnectionState[] = [];
    client.state$.subscribe((state) => states.push(state));
    expect(firstText(await client.callTool('echo', { message: 'before' }))).toBe('Echo: before');

    await everything.stop();
    await until(() => states.some((state) => state.state !== 'connected'), 8_000);
    everything = await startEverythingServer('streamableHttp', 15_000, port);
    expect(firstText(await client.callTool('echo', { message: 'after' }))).toBe('Echo: after');
    await until(() => states.at(-1)?.state === 'connected', 8_000);
  });

  it('a 400 with another message is not an expired session: the call fails with the server error, no re-initialization', async () => {
    const server = await hostile((request, res) => {
      if (request.body?.method !== 'tools/call') return false;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: something else' }, id: null }));
      return true;
    });
    const { client } = await legacyClient(server.url);
    const error = await rejection(client.callTool('echo', {}, { timeoutMs: 0 }));
    expect((error as Error).message).toContain('something else');
    expect(server.requests.filter((request) => request.body?.method === 'initialize')).toHaveLength(1);
  });
});
