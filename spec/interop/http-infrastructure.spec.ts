/**
 * The HTTP test infrastructure at the HTTP level, with plain `fetch` (no rxmcp client): the
 * fixture HTTP server in both eras, its admin endpoints and response modes, server-everything in
 * both HTTP modes, and every fault of the fault proxy.
 */
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startEverythingServer, startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const clientInfo = { name: 'rxmcp-spec', version: '1.0.0' };
const envelope = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': clientInfo,
};

type Json = Record<string, any>;

interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

/** The standard headers of a modern request (`Mcp-Name` for tools/call, prompts/get, resources/read). */
function modernHeaders(method: string, params: Json = {}): Record<string, string> {
  const name = method === 'resources/read' ? params.uri : method === 'tools/call' || method === 'prompts/get' ? params.name : undefined;
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    ...(typeof name === 'string' && { 'mcp-name': name }),
  };
}

/** A 2026-07-28 request: the `_meta` envelope in the body plus the standard headers. */
function modernPost(url: string, id: number | string, method: string, params: Json = {}, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: modernHeaders(method, params),
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: { ...envelope, ...params._meta } } }),
    ...init,
  });
}

/** A 2025-11-25 POST, in a session when `sessionId` is given. */
function legacyPost(url: string, message: Json, sessionId?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(sessionId !== undefined && { 'mcp-session-id': sessionId, 'mcp-protocol-version': LEGACY }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
    ...init,
  });
}

const initializeMessage = { id: 1, method: 'initialize', params: { protocolVersion: LEGACY, capabilities: {}, clientInfo } };

/** Opens a legacy session (initialize + notifications/initialized); resolves with its id. */
async function legacySession(url: string): Promise<string> {
  const response = await legacyPost(url, initializeMessage);
  expect(response.status).toBe(200);
  const sessionId = response.headers.get('mcp-session-id')!;
  await response.text();
  const initialized = await legacyPost(url, { method: 'notifications/initialized' }, sessionId);
  expect(initialized.status).toBe(202);
  return sessionId;
}

/** Reads SSE events from a response body as they arrive (comments and the final partial block are skipped). */
async function* sseEvents(response: Response): AsyncGenerator<SseEvent> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  // text not yet parsed, kept as pieces and joined only once a block is complete: a 30 MB event stays linear
  let pieces: string[] = [];
  let last = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const piece = decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      pieces.push(piece);
      if (!(last + piece).includes('\n\n')) {
        last = piece.slice(-1) || last;
        continue;
      }
      const blocks = pieces.join('').split('\n\n');
      const rest = blocks.pop()!;
      pieces = [rest];
      last = rest.slice(-1);
      for (const block of blocks) {
        const event: SseEvent = { data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          const [, field, text] = /^([^:]*)(?::\s?([^]*))?$/.exec(line) ?? [];
          if (field === 'data') data.push(text ?? '');
          else if (field === 'event') event.event = text;
          else if (field === 'id') event.id = text;
        }
        if (data.length === 0) continue;
        event.data = data.join('\n');
        yield event;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The first `count` SSE events with non-empty data (priming events skipped), then the body is cancelled. */
async function takeEvents(response: Response, count: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (count === 0) return events;
  for await (const event of sseEvents(response)) {
    if (event.data === '') continue;
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

/** The JSON-RPC response of a POST, from a JSON body or from the SSE stream. */
async function jsonRpcResponse(response: Response): Promise<Json> {
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    for await (const event of sseEvents(response)) {
      if (event.data === '') continue;
      const message = JSON.parse(event.data) as Json;
      if ('result' in message || 'error' in message) return message;
    }
    throw new Error('the stream ended without a response');
  }
  return (await response.json()) as Json;
}

/** Reads a body to its end or failure: the bytes received and the error, if any. */
async function drain(response: Response): Promise<{ bytes: number; text: string; error?: unknown }> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
    }
    return { bytes, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    return { bytes, text: Buffer.concat(chunks).toString('utf8'), error };
  }
}

let server: FixtureHttpServer;
beforeAll(async () => {
  server = await startFixtureHttpServer();
});
afterAll(() => server.stop());

describe('fixture HTTP server', () => {
  it('answers a modern server/discover with a JSON result', async () => {
    const response = await modernPost(server.url, 1, 'server/discover');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ jsonrpc: '2.0', id: 1, result: { resultType: 'complete', supportedVersions: [MODERN] } });
    expect(body.result._meta['io.modelcontextprotocol/serverInfo']).toEqual({ name: 'rxmcp-fixture', version: '1.0.0' });
  });

  it('refuses a modern request without Mcp-Method with 400 -32020', async () => {
    const { 'mcp-method': _dropped, ...headers } = modernHeaders('tools/list');
    const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: { _meta: envelope } }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: 7, error: { code: -32020, data: { mismatch: { header: '(missing)' } } } });
  });

  it('serves a sessionful legacy era: initialize sets Mcp-Session-Id, later POSTs carry it', async () => {
    const init = await legacyPost(server.url, initializeMessage);
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toContain('text/event-stream');
    const sessionId = init.headers.get('mcp-session-id');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jsonRpcResponse(init)).toMatchObject({ id: 1, result: { protocolVersion: LEGACY, serverInfo: { name: 'rxmcp-fixture' } } });

    expect((await legacyPost(server.url, { method: 'notifications/initialized' }, sessionId!)).status).toBe(202);
    const call = await legacyPost(server.url, { id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }, sessionId!);
    expect(call.status).toBe(200);
    expect(await jsonRpcResponse(call)).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'hi' }] } });

    const withoutSession = await legacyPost(server.url, { id: 3, method: 'tools/list' });
    expect(withoutSession.status).toBe(400);
    expect(await withoutSession.json()).toMatchObject({ error: { code: -32000 } });
    const unknown = await legacyPost(server.url, { id: 4, method: 'tools/list' }, 'no-such-session');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: -32001, message: 'Session not found' } });
  });

  it('forgets every legacy session on POST /admin/expire-sessions: the old id then gets 404', async () => {
    const sessionId = await legacySession(server.url);
    expect((await server.admin<{ sessions: number }>('sessions')).sessions).toBeGreaterThanOrEqual(1);
    const { expired } = await server.admin<{ expired: number }>('expire-sessions', { method: 'POST' });
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(await server.admin('sessions')).toEqual({ sessions: 0 });
    const response = await legacyPost(server.url, { id: 2, method: 'tools/list' }, sessionId);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: -32001 } });
  });

  it('ends a legacy session on DELETE and counts it', async () => {
    const sessionId = await legacySession(server.url);
    const before = (await server.admin<{ deleted: number }>('deleted')).deleted;
    const response = await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': LEGACY } });
    expect(response.status).toBe(200);
    expect(await server.admin('deleted')).toEqual({ deleted: before + 1 });
    expect((await legacyPost(server.url, { id: 2, method: 'tools/list' }, sessionId)).status).toBe(404);
  });

  it('carries legacy notifications on the GET stream with event ids, and replays them after Last-Event-ID', async () => {
    const sessionId = await legacySession(server.url);
    const headers = { accept: 'text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': LEGACY };
    const stream = await fetch(server.url, { headers });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(stream);
    await server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'tools' }) });
    const first = (await events.next()).value as SseEvent;
    expect(JSON.parse(first.data)).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    expect(first.id).toMatch(/^ev-\d+$/);
    await events.return(undefined); // the client drops the stream

    await server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'prompts' }) });
    let resumed: Response;
    for (let attempt = 0; ; attempt++) {
      // 409 until the server has noticed that the previous stream is gone
      resumed = await fetch(server.url, { headers: { ...headers, 'last-event-id': first.id! } });
      if (resumed.status !== 409 || attempt > 100) break;
      await resumed.text();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(resumed.status).toBe(200);
    const [replayed] = await takeEvents(resumed, 1);
    expect(JSON.parse(replayed!.data)).toEqual({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
    await fetch(server.url, { method: 'DELETE', headers });
  });

  it('delivers add-tool and touch-resource to modern subscriptions/listen streams', async () => {
    const listen = await modernPost(server.url, 'listen-1', 'subscriptions/listen', {
      notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://greeting'] },
    });
    expect(listen.status).toBe(200);
    expect(listen.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(listen);
    const ack = JSON.parse(((await events.next()).value as SseEvent).data) as Json;
    expect(ack).toMatchObject({ method: 'notifications/subscriptions/acknowledged', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' } } });
    expect(await server.admin('listen-streams')).toEqual({ streams: 1 });

    const added = await jsonRpcResponse(await modernPost(server.url, 2, 'tools/call', { name: 'add-tool', arguments: { name: 'spec-added' } }));
    expect(added.result.content[0].text).toBe('added spec-added');
    const changed = JSON.parse(((await events.next()).value as SseEvent).data) as Json;
    expect(changed).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' } } });

    await jsonRpcResponse(await modernPost(server.url, 3, 'tools/call', { name: 'touch-resource', arguments: { uri: 'fixture://greeting' } }));
    const updated = JSON.parse(((await events.next()).value as SseEvent).data) as Json;
    expect(updated).toMatchObject({ method: 'notifications/resources/updated', params: { uri: 'fixture://greeting' } });
    await events.return(undefined);

    // the added tool outlives the per-request instance that registered it
    const called = await jsonRpcResponse(await modernPost(server.url, 4, 'tools/call', { name: 'spec-added', arguments: {} }));
    expect(called.result.content[0].text).toBe('added spec-added');
  });

  it('streams a modern call as SSE in auto mode once it emits progress', async () => {
    const response = await modernPost(server.url, 5, 'tools/call', { name: 'progress', arguments: { steps: 2 }, _meta: { progressToken: 'p' } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await takeEvents(response, 3);
    expect(events.map((event) => (JSON.parse(event.data) as Json).method ?? 'response')).toEqual(['notifications/progress', 'notifications/progress', 'response']);
  });
});

describe('fixture HTTP server response modes', () => {
  it('answers JSON only with --json-only and SSE only with --sse-only', async () => {
    const [jsonOnly, sseOnly] = await Promise.all([startFixtureHttpServer({ responseMode: 'json' }), startFixtureHttpServer({ responseMode: 'sse' })]);
    try {
      const json = await modernPost(jsonOnly.url, 1, 'tools/call', { name: 'progress', arguments: { steps: 2 }, _meta: { progressToken: 'p' } });
      expect(json.headers.get('content-type')).toContain('application/json');
      expect(await json.json()).toMatchObject({ id: 1, result: { content: [{ text: 'done 2' }] } });

      const sse = await modernPost(sseOnly.url, 2, 'tools/call', { name: 'echo', arguments: { text: 'streamed' } });
      expect(sse.headers.get('content-type')).toContain('text/event-stream');
      expect(await jsonRpcResponse(sse)).toMatchObject({ id: 2, result: { content: [{ text: 'streamed' }] } });
    } finally {
      await Promise.all([jsonOnly.stop(), sseOnly.stop()]);
    }
  });
});

describe('server-everything over HTTP', () => {
  it('answers initialize in streamableHttp mode at /mcp, with a session id', async () => {
    const everything = await startEverythingServer('streamableHttp');
    try {
      expect(everything.url).toBe(`http://127.0.0.1:${everything.port}/mcp`);
      const response = await legacyPost(everything.url, initializeMessage);
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeTruthy();
      expect(await jsonRpcResponse(response)).toMatchObject({ id: 1, result: { serverInfo: { name: expect.stringContaining('everything') } } });
    } finally {
      await everything.stop();
    }
  });

  it('answers initialize in sse mode: GET /sse names the POST endpoint, the answer comes on the stream', async () => {
    const everything = await startEverythingServer('sse');
    try {
      expect(everything.url).toBe(`http://127.0.0.1:${everything.port}/sse`);
      const stream = await fetch(everything.url, { headers: { accept: 'text/event-stream' } });
      expect(stream.status).toBe(200);
      const events = sseEvents(stream);
      const endpoint = (await events.next()).value as SseEvent;
      expect(endpoint.event).toBe('endpoint');
      expect(endpoint.data).toMatch(/^\/message\?sessionId=[\w-]+$/);
      const post = await legacyPost(new URL(endpoint.data, everything.origin).href, initializeMessage);
      expect(post.status).toBe(202);
      await post.text();
      const answer = (await events.next()).value as SseEvent;
      expect(answer.event).toBe('message');
      expect(JSON.parse(answer.data)).toMatchObject({ id: 1, result: { serverInfo: { name: expect.stringContaining('everything') } } });
      await events.return(undefined);
    } finally {
      await everything.stop();
    }
  });
});

describe('fault proxy', () => {
  let proxy: FaultProxy;
  beforeEach(async () => {
    proxy = await startFaultProxy(server.url);
  });
  afterEach(() => proxy.stop());

  it('forwards requests and answers unchanged, and records them', async () => {
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}/mcp`);
    const response = await modernPost(proxy.url, 1, 'server/discover');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1, result: { supportedVersions: [MODERN] } });
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]).toMatchObject({ method: 'POST', path: '/mcp', headers: { 'mcp-method': 'server/discover' }, body: { method: 'server/discover', id: 1 } });
    expect(proxy.requests[0]!.fault).toBeUndefined();
  });

  it('answers a status fault for the matching JSON-RPC method only, as many times as asked', async () => {
    proxy.inject({ kind: 'status', status: 503, when: { jsonrpcMethod: 'tools/call' } });
    proxy.inject({ kind: 'status', status: 401, headers: { 'www-authenticate': 'Bearer' }, body: { error: 'nope' }, times: 2, when: { httpMethod: 'POST', jsonrpcMethod: 'tools/list' } });
    const echo = { name: 'echo', arguments: { text: 'x' } };

    const failed = await modernPost(proxy.url, 1, 'tools/call', echo);
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('Injected fault: HTTP 503');
    expect((await modernPost(proxy.url, 2, 'tools/call', echo)).status).toBe(200);

    for (const id of [3, 4]) {
      const unauthorized = await modernPost(proxy.url, id, 'tools/list');
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
      expect(await unauthorized.json()).toEqual({ error: 'nope' });
    }
    expect((await modernPost(proxy.url, 5, 'tools/list')).status).toBe(200);
    expect(proxy.requests.map((request) => request.fault ?? '-')).toEqual(['status', '-', 'status', 'status', '-']);
    expect(proxy.pendingFaults()).toBe(0);
  });

  it('answers dropSession with 404 -32001 while the session lives on behind it', async () => {
    const sessionId = await legacySession(proxy.url);
    proxy.inject({ kind: 'dropSession', when: { httpMethod: 'POST' } });
    const dropped = await legacyPost(proxy.url, { id: 2, method: 'tools/list' }, sessionId);
    expect(dropped.status).toBe(404);
    expect(await dropped.json()).toEqual({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
    const next = await legacyPost(proxy.url, { id: 3, method: 'tools/list' }, sessionId);
    expect(next.status).toBe(200);
    await next.text();
  });

  it('cuts the connection after n bytes of the answer body', async () => {
    proxy.inject({ kind: 'cut', afterBytes: 1000 });
    const response = await modernPost(proxy.url, 1, 'tools/call', { name: 'big', arguments: { bytes: 200_000 } });
    expect(response.status).toBe(200);
    const { bytes, error } = await drain(response);
    expect(bytes).toBe(1000);
    expect(error).toBeDefined();
  });

  it('cuts an SSE answer after n complete events', async () => {
    proxy.inject({ kind: 'cutAfterEvents', events: 2 });
    const response = await modernPost(proxy.url, 1, 'tools/call', { name: 'progress', arguments: { steps: 3 }, _meta: { progressToken: 't' } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const { text, error } = await drain(response);
    expect(error).toBeDefined();
    const datas = text.split('\n').filter((line) => line.startsWith('data:'));
    expect(datas).toHaveLength(2);
    expect(datas.every((line) => line.includes('notifications/progress'))).toBe(true);
    expect(text.endsWith('\n\n')).toBe(true);
  });

  it('stalls: no answer, the connection stays open until stop()', async () => {
    proxy.inject({ kind: 'stall' });
    const error = await modernPost(proxy.url, 1, 'tools/list', {}, { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(proxy.requests[0]!.fault).toBe('stall');

    proxy.inject({ kind: 'stall' });
    const pending = modernPost(proxy.url, 2, 'tools/list').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await proxy.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' }); // the socket was closed under it
    const refused = await fetch(proxy.url).catch((e: unknown) => e); // nothing listens any more
    expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('answers malformedSse with a broken event, then the real answer', async () => {
    proxy.inject({ kind: 'malformedSse' });
    const response = await modernPost(proxy.url, 9, 'tools/call', { name: 'echo', arguments: { text: 'after' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const [broken, real] = await takeEvents(response, 2);
    expect(broken!.data).toBe('{not json');
    expect(JSON.parse(real!.data)).toMatchObject({ id: 9, result: { content: [{ text: 'after' }] } });
  });

  it('answers hugeEvent with one 30 MB event holding a valid response for the request id', async () => {
    const bytes = 30 * 1024 * 1024;
    proxy.inject({ kind: 'hugeEvent', bytes, when: { jsonrpcMethod: 'tools/call' } });
    const response = await modernPost(proxy.url, 'big-1', 'tools/call', { name: 'echo', arguments: { text: 'small' } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const [event] = await takeEvents(response, 1);
    const message = JSON.parse(event!.data) as Json;
    expect(message).toMatchObject({ jsonrpc: '2.0', id: 'big-1', result: { resultType: 'complete' } });
    expect(message.result.content[0].text).toHaveLength(bytes);
  });
});
