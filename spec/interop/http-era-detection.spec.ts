/**
 * Choosing the protocol era, and the transport, over HTTP: `mode: 'auto'` against the dual-era
 * fixture server (modern, with the 2026-07-28 headers on the wire), pinned and legacy modes, how
 * the answer to the `server/discover` probe is classified (bare 400/404/405: legacy; 401/403 and
 * 5xx: errors, never legacy), credentials on every request, and connecting by URL to a server
 * that only speaks the old HTTP+SSE transport.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '../../lib/client/client.js';
import { McpError, TransportError } from '../../lib/protocol/errors.js';
import { BearerAuth, type ClientAuth } from '../../lib/transport/http/auth.js';
import { AuthenticationError, HttpStatusError } from '../../lib/protocol/http-errors.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { startFaultProxy, type FaultAction, type FaultProxy } from '../helpers/fault-proxy.js';
import { startEverythingServer, startFixtureHttpServer, type EverythingHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { bodyOf, byHttpMethod, header, postsOf, rejection } from '../helpers/http-wire.js';
import { until } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const clientInfo = { name: 'rxmcp-spec', version: '1.0.0' };

let server: FixtureHttpServer;
const proxies: FaultProxy[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  server = await startFixtureHttpServer({ keepAliveMs: 0 });
});
afterAll(() => server?.stop());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
});

async function proxy(): Promise<FaultProxy> {
  const started = await startFaultProxy(server.url);
  proxies.push(started);
  return started;
}

async function connect(target: Parameters<typeof Client.connect>[0], options: Parameters<typeof Client.connect>[1] = {}): Promise<Client> {
  const client = await Client.connect(target, { clientInfo, ...options });
  clients.push(client);
  return client;
}

describe('modes against the dual-era fixture server', () => {
  it("auto picks modern: server/discover first, then the 2026-07-28 headers on every POST and no session", async () => {
    const wire = await proxy();
    const client = await connect(streamableHttp(wire.url), { mode: 'auto' });
    expect(client.era).toBe('modern');
    expect(client.protocolVersion).toBe(MODERN);
    expect(client.transport.kind).toBe('streamable-http');
    await client.listTools();
    expect(firstText(await client.callTool('echo', { text: 'hi' }))).toBe('hi');
    expect((await client.getPrompt('greet', { name: 'Ada' })).messages).toHaveLength(1);
    expect((await client.readResource('fixture://items/Zürich')).contents[0]).toMatchObject({ text: expect.stringMatching(/^item /) });
    await client.close();

    const posts = byHttpMethod(wire.requests, 'POST');
    expect(bodyOf(posts[0]!).method).toBe('server/discover');
    expect(posts.map((request) => bodyOf(request).method)).toEqual(['server/discover', 'tools/list', 'tools/call', 'prompts/get', 'resources/read']);
    for (const request of posts) {
      const body = bodyOf(request);
      expect(header(request, 'mcp-method')).toBe(body.method);
      expect(body.params?._meta?.['io.modelcontextprotocol/protocolVersion']).toBe(MODERN);
      expect(header(request, 'mcp-protocol-version')).toBe(MODERN);
      expect(header(request, 'mcp-session-id')).toBeUndefined();
      expect(header(request, 'accept')).toBe('application/json, text/event-stream');
    }
    expect(header(postsOf(wire.requests, 'tools/call')[0]!, 'mcp-name')).toBe('echo');
    expect(header(postsOf(wire.requests, 'prompts/get')[0]!, 'mcp-name')).toBe('greet');
    // not header-safe: the Base64 sentinel
    expect(header(postsOf(wire.requests, 'resources/read')[0]!, 'mcp-name')).toBe(`=?base64?${Buffer.from('fixture://items/Zürich').toString('base64')}?=`);
    for (const method of ['server/discover', 'tools/list']) expect(header(postsOf(wire.requests, method)[0]!, 'mcp-name')).toBeUndefined();
    // no GET stream, no DELETE: there is no session
    expect(wire.requests.every((request) => request.method === 'POST')).toBe(true);
  });

  it('a pinned modern version sends no probe and works', async () => {
    const wire = await proxy();
    const client = await connect(streamableHttp(wire.url), { mode: MODERN });
    expect(client.era).toBe('modern');
    expect(firstText(await client.callTool('add', { a: 1, b: 2 }))).toBe('3');
    expect(postsOf(wire.requests, 'server/discover')).toHaveLength(0);
    expect(wire.requests.map((request) => bodyOf(request).method)).toEqual(['tools/call', 'tools/list']); // then the output schema, to check the result
    expect(header(postsOf(wire.requests, 'tools/call')[0]!, 'mcp-protocol-version')).toBe(MODERN);
  });

  it('legacy runs the handshake in a session', async () => {
    const wire = await proxy();
    const client = await connect(streamableHttp(wire.url), { mode: 'legacy' });
    expect(client.era).toBe('legacy');
    expect(client.protocolVersion).toBe(LEGACY);
    expect(firstText(await client.callTool('echo', { text: 'old' }))).toBe('old');
    expect(bodyOf(wire.requests[0]!).method).toBe('initialize');
    expect(postsOf(wire.requests, 'server/discover')).toHaveLength(0);
    expect(header(postsOf(wire.requests, 'tools/call')[0]!, 'mcp-session-id')).toBeDefined();
    expect(header(postsOf(wire.requests, 'tools/call')[0]!, 'mcp-method')).toBeUndefined();
  });
});

describe('classifying the answer to the probe', () => {
  const legacyAnswers: [string, FaultAction][] = [
    ['a bare 404', { kind: 'status', status: 404, body: 'Not Found' }],
    ['a bare 405', { kind: 'status', status: 405, body: 'Method Not Allowed', headers: { allow: 'GET' } }],
    ['a 400 without a body', { kind: 'status', status: 400, body: '' }],
    ['a 400 with a text body', { kind: 'status', status: 400, body: 'Bad Request' }],
    ['a 400 with JSON that is not JSON-RPC', { kind: 'status', status: 400, body: { error: 'unsupported' } }],
    ['a 400 with a JSON-RPC error that is not a modern one', { kind: 'status', status: 400, body: { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' } } }],
  ];

  it.each(legacyAnswers)('%s means legacy: initialize follows on the same URL', async (_name, action) => {
    const wire = await proxy();
    wire.inject({ ...action, when: { jsonrpcMethod: 'server/discover' } });
    const client = await connect(streamableHttp(wire.url), { mode: 'auto' });
    expect(client.era).toBe('legacy');
    expect(firstText(await client.callTool('echo', { text: 'legacy' }))).toBe('legacy');
    expect(wire.requests.slice(0, 2).map((request) => [request.method, bodyOf(request).method, request.fault])).toEqual([
      ['POST', 'server/discover', 'status'],
      ['POST', 'initialize', undefined],
    ]);
  });

  it.each([401, 403])('%i is an AuthenticationError, never a legacy verdict', async (status) => {
    const wire = await proxy();
    wire.inject({ kind: 'status', status, headers: { 'www-authenticate': 'Bearer realm="mcp"' }, when: { jsonrpcMethod: 'server/discover' } });
    const error = await rejection(connect(streamableHttp(wire.url), { mode: 'auto' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status, challenge: 'Bearer realm="mcp"' });
    expect(wire.requests.map((request) => bodyOf(request).method)).toEqual(['server/discover']);
  });

  it.each([500, 503])('%i is an HttpStatusError, never a legacy verdict', async (status) => {
    const wire = await proxy();
    wire.inject({ kind: 'status', status, when: { jsonrpcMethod: 'server/discover' } });
    const error = await rejection(connect(streamableHttp(wire.url), { mode: 'auto' }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status });
    expect(wire.requests.map((request) => bodyOf(request).method)).toEqual(['server/discover']);
  });

  it.each([
    ['-32020 (header mismatch)', -32020, undefined],
    ['-32021 (missing client capability)', -32021, { requiredCapabilities: { elicitation: {} } }],
  ])('a 400 with %s comes from a modern server: the McpError, never a legacy verdict', async (_name, code, data) => {
    const wire = await proxy();
    wire.inject({ kind: 'status', status: 400, body: { jsonrpc: '2.0', id: null, error: { code, message: 'refused', ...(data !== undefined && { data }) } }, when: { jsonrpcMethod: 'server/discover' } });
    const error = await rejection(connect(streamableHttp(wire.url), { mode: 'auto' }));
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code, message: 'refused' });
    expect(wire.requests.map((request) => bodyOf(request).method)).toEqual(['server/discover']);
  });

  it('a refused connection is a TransportError at once, never a legacy verdict and no fallback', async () => {
    const wire = await proxy();
    const url = wire.url;
    await wire.stop(); // nothing listens there any more
    const error = await rejection(connect(url, { mode: 'auto' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).not.toBeInstanceOf(HttpStatusError);
    expect((error as Error).message).toMatch(/server\/discover.*ECONNREFUSED/);
  });

  it.each([
    [401, AuthenticationError],
    [503, HttpStatusError],
  ] as const)('connecting by URL, %i fails as is: no fallback to HTTP+SSE', async (status, type) => {
    const wire = await proxy();
    wire.inject({ kind: 'status', status, when: { jsonrpcMethod: 'server/discover' } });
    const error = await rejection(connect(wire.url, { mode: 'auto' }));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status });
    expect(wire.requests.map((request) => `${request.method} ${bodyOf(request).method ?? ''}`.trim())).toEqual(['POST server/discover']);
  });
});

describe('credentials', () => {
  it.each(['auto', 'legacy'] as const)('sends the BearerAuth header on every request (%s)', async (mode) => {
    const wire = await proxy();
    const client = await connect(streamableHttp(wire.url, { auth: new BearerAuth('s3cret'), headers: { 'X-Tenant': 'spec' } }), { mode });
    if (mode === 'legacy') await until(() => byHttpMethod(wire.requests, 'GET').length > 0);
    await client.listTools();
    await client.close();
    const methods = new Set(wire.requests.map((request) => request.method));
    expect(methods).toEqual(new Set(mode === 'legacy' ? ['POST', 'GET', 'DELETE'] : ['POST']));
    for (const request of wire.requests) {
      expect(header(request, 'authorization')).toBe('Bearer s3cret');
      expect(header(request, 'x-tenant')).toBe('spec');
    }
  });

  it('asks for the token before every request', async () => {
    const wire = await proxy();
    let issued = 0;
    const client = await connect(streamableHttp(wire.url, { auth: new BearerAuth(async () => `token-${++issued}`) }), { mode: 'auto' });
    await client.listTools();
    await client.listPrompts();
    expect(wire.requests.map((request) => header(request, 'authorization'))).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-3']);
  });

  it('on 401, asks onUnauthorized once and sends the request again with fresh credentials', async () => {
    const wire = await proxy();
    let token = 'stale';
    const asked: unknown[] = [];
    const auth: ClientAuth = {
      getHeaders: () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: (context) => {
        asked.push(context);
        token = 'fresh';
        return true;
      },
    };
    wire.inject({ kind: 'status', status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, when: { jsonrpcMethod: 'server/discover' } });
    const client = await connect(streamableHttp(wire.url, { auth }), { mode: 'auto' });
    expect(client.era).toBe('modern');
    // the hook is also told which credentials were refused
    expect(asked).toEqual([{ status: 401, challenge: 'Bearer error="invalid_token"', url: wire.url, credentials: { Authorization: 'Bearer stale' } }]);
    const probes = postsOf(wire.requests, 'server/discover');
    expect(probes.map((request) => header(request, 'authorization'))).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(bodyOf(probes[1]!).id).toBe(bodyOf(probes[0]!).id); // the same request, refused, then sent again
  });

  it('gives up with AuthenticationError when the retried request is refused as well', async () => {
    const wire = await proxy();
    let refreshes = 0;
    const auth: ClientAuth = { getHeaders: () => ({ Authorization: `Bearer t${refreshes}` }), onUnauthorized: () => (++refreshes, true) };
    const client = await connect(streamableHttp(wire.url, { auth }), { mode: 'auto' });
    wire.inject({ kind: 'status', status: 401, when: { jsonrpcMethod: 'tools/list' }, times: 2 });
    const error = await rejection(client.listTools());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(refreshes).toBe(1);
    expect(postsOf(wire.requests, 'tools/list').map((request) => header(request, 'authorization'))).toEqual(['Bearer t0', 'Bearer t1']);
    wire.inject({ kind: 'status', status: 403, when: { jsonrpcMethod: 'tools/list' }, times: 2 });
    expect(await rejection(client.listTools())).toMatchObject({ name: 'AuthenticationError', status: 403 });
    expect(refreshes).toBe(2);
    expect(wire.pendingFaults()).toBe(0);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });
});

// ---- servers that only speak HTTP+SSE (2024-11-05) ------------------------------------------------

/**
 * An old server at `/mcp`: POST `/mcp` is refused (`status`, no JSON-RPC body), GET `/mcp` is
 * server-everything's SSE stream (`/sse`), and the POSTs to the endpoint it names (`/message`)
 * reach server-everything too.
 */
async function oldServerAtMcp(everything: EverythingHttpServer, status: number): Promise<{ url: string; seen: { method: string; path: string; headers: IncomingHttpHeaders }[]; close(): Promise<void> }> {
  const upstream = new URL(everything.origin);
  const seen: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  const front: Server = createServer((req, res) => {
    seen.push({ method: req.method!, path: req.url!, headers: req.headers });
    const path = new URL(req.url!, 'http://x').pathname;
    if (req.method === 'POST' && path === '/mcp') {
      req.resume();
      res.writeHead(status, { 'content-type': 'text/plain', ...(status === 405 && { allow: 'GET' }) }).end('Method Not Allowed');
      return;
    }
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: path === '/mcp' ? '/sse' : req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}/mcp`,
    seen,
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

describe('connecting by URL to a server that only speaks HTTP+SSE', () => {
  let everything: EverythingHttpServer;
  beforeAll(async () => {
    everything = await startEverythingServer('sse');
  });
  afterAll(() => everything?.stop());

  it('uses HTTP+SSE for a URL ending in /sse', async () => {
    const client = await connect(everything.url);
    expect(client.transport.kind).toBe('sse');
    expect(client.era).toBe('legacy');
    expect(firstText(await client.callTool('echo', { message: 'over sse' }))).toBe('Echo: over sse');
  });

  it.each([405, 404, 400])('falls back to HTTP+SSE on the same URL when Streamable HTTP is refused with a bare %i', async (status) => {
    const old = await oldServerAtMcp(everything, status);
    try {
      const client = await connect(old.url);
      expect(client.transport.kind).toBe('sse');
      expect(client.era).toBe('legacy');
      expect(firstText(await client.callTool('echo', { message: 'fallback' }))).toBe('Echo: fallback');
      await client.close();
      const requests = old.seen.map((request) => `${request.method} ${new URL(request.path, 'http://x').pathname}`);
      // the probe and the handshake over Streamable HTTP, both refused; then GET the same URL for the event stream
      expect(requests.slice(0, 3)).toEqual(['POST /mcp', 'POST /mcp', 'GET /mcp']);
      expect(requests.slice(3).every((request) => request === 'POST /message')).toBe(true);
      expect(old.seen[2]!.headers.accept).toContain('text/event-stream');
    } finally {
      await old.close();
    }
  });
});
