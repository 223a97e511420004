/**
 * The Streamable HTTP transport against the official SDK's web-standard handler
 * (`createMcpHandler`), wired in as the `fetch` function, so every request and response is a
 * real HTTP exchange without a socket. Modern (2026-07-28) era.
 */
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod/v4';
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { McpError, StreamBrokenError } from '../../lib/protocol/errors.js';
import { RetryExhaustedError } from '../../lib/operators/retry.js';
import { AuthenticationError, HttpStatusError } from '../../lib/protocol/http-errors.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { firstText } from '../helpers/servers.js';

function factory(): McpServer {
  const server = new McpServer({ name: 'handler', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool(
    'regional',
    { inputSchema: z.object({ region: z.string().meta({ 'x-mcp-header': 'Region' }) }) },
    async ({ region }) => ({ content: [{ type: 'text', text: `in ${region}` }] }),
  );
  server.registerTool('count', { inputSchema: z.object({ to: z.number() }) }, async ({ to }, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    for (let i = 1; i <= to; i++) if (token !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: to } });
    return { content: [{ type: 'text', text: `counted ${to}` }] };
  });
  return server;
}

interface Seen {
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function handlerFetch(seen: Seen[], options: Parameters<typeof createMcpHandler>[1] = {}) {
  const handler = createMcpHandler(factory, options);
  return async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.method === 'POST' ? ((await request.clone().json()) as unknown) : undefined;
    seen.push({ method: request.method, headers: Object.fromEntries(request.headers.entries()), body });
    return handler.fetch(request);
  };
}

describe('Streamable HTTP against createMcpHandler (2026-07-28)', () => {
  it('negotiates with server/discover and sends the modern headers on every POST', async () => {
    const seen: Seen[] = [];
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch(seen) }));
    expect(client.era).toBe('modern');
    expect(client.transport.kind).toBe('streamable-http');
    expect(firstText(await client.callTool('echo', { text: 'hi' }))).toBe('hi');
    const [discover, , call] = seen.filter((entry) => entry.method === 'POST');
    expect(discover!.headers).toMatchObject({
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'server/discover',
    });
    expect(call ?? seen.at(-1)!).toBeDefined();
    const toolCall = seen.find((entry) => (entry.body as { method?: string })?.method === 'tools/call')!;
    expect(toolCall.headers).toMatchObject({ 'mcp-method': 'tools/call', 'mcp-name': 'echo', 'mcp-protocol-version': '2026-07-28' });
    expect(toolCall.headers['mcp-session-id']).toBeUndefined();
  });

  it('mirrors x-mcp-header arguments into Mcp-Param headers after listing', async () => {
    const seen: Seen[] = [];
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch(seen) }));
    await client.listTools();
    expect(firstText(await client.callTool('regional', { region: 'Zürich' }))).toBe('in Zürich');
    const call = seen.find((entry) => (entry.body as { params?: { name?: string } })?.params?.name === 'regional')!;
    expect(call.headers['mcp-param-region']).toBe('=?base64?WsO8cmljaA==?=');
  });

  it('re-lists the tools and calls once more when the server rejects the Mcp-Param headers (-32020)', async () => {
    const seen: Seen[] = [];
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch(seen) }));
    // never listed: the first call cannot know the tool's x-mcp-header binding
    expect(firstText(await client.callTool('regional', { region: 'eu' }))).toBe('in eu');
    const methods = seen.filter((entry) => entry.method === 'POST').map((entry) => (entry.body as { method: string }).method);
    expect(methods.slice(1)).toEqual(['tools/call', 'tools/list', 'tools/call']);
    const [first, second] = seen.filter((entry) => (entry.body as { method: string }).method === 'tools/call');
    expect(first!.headers['mcp-param-region']).toBeUndefined();
    expect(second!.headers['mcp-param-region']).toBe('eu');
    expect((second!.body as { id: number }).id).not.toBe((first!.body as { id: number }).id);

    // the Observable twin recovers the same way
    const twin: Seen[] = [];
    await using other = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch(twin) }));
    const events = await lastValueFrom(other.callTool$('regional', { region: 'us' }).pipe(toArray()));
    expect(events.map((event) => (event.type === 'result' ? firstText(event.result) : event.type))).toEqual(['in us']);
    expect(twin.filter((entry) => (entry.body as { method: string }).method === 'tools/call')).toHaveLength(2);
  });

  it('retries a -32020 only once: a server that keeps rejecting the headers fails the call with its McpError', async () => {
    const seen: Seen[] = [];
    const inner = handlerFetch(seen);
    const rejecting = async (input: string | URL, init?: RequestInit): Promise<Response> => {
      const body = JSON.parse(String(init?.body)) as { id?: number; method?: string };
      if (body.method !== 'tools/call') return inner(input, init);
      seen.push({ method: 'POST', headers: {}, body });
      const error = { jsonrpc: '2.0', id: body.id, error: { code: -32020, message: 'Header mismatch: Mcp-Param-Region' } };
      return new Response(JSON.stringify(error), { status: 400, headers: { 'content-type': 'application/json' } });
    };
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: rejecting }));
    const error = await client.callTool('regional', { region: 'eu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32020 });
    expect(seen.filter((entry) => (entry.body as { method: string }).method === 'tools/call')).toHaveLength(2);
  });

  describe('retry after transport failures', () => {
    /** The handler behind a fetch that answers the first `failures` POSTs of `method` with `status`. */
    function flaky(method: string, failures: number, status = 503) {
      const seen: Seen[] = [];
      const inner = handlerFetch(seen);
      let left = failures;
      const fetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
        const body = JSON.parse(String(init?.body)) as { method?: string };
        if (body.method === method && left > 0) {
          left -= 1;
          seen.push({ method: 'POST', headers: {}, body });
          return new Response('overloaded', { status, statusText: 'Service Unavailable' });
        }
        return inner(input, init);
      };
      return { seen, fetch, count: () => seen.filter((entry) => (entry.body as { method?: string }).method === method).length };
    }
    const fast = { initialDelayMs: 1, maxDelayMs: 2 };

    it('retries an idempotent request after a 503, with a new id each time', async () => {
      const server = flaky('tools/list', 2);
      await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: server.fetch }), { retry: fast });
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo');
      expect(server.count()).toBe(3);
      const ids = server.seen.filter((entry) => (entry.body as { method?: string }).method === 'tools/list').map((entry) => (entry.body as { id: number }).id);
      expect(new Set(ids).size).toBe(3);
    });

    it('gives up after maxAttempts with RetryExhaustedError carrying the last failure', async () => {
      const server = flaky('tools/list', 10);
      await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: server.fetch }), { retry: { ...fast, maxAttempts: 2 } });
      const error = await client.listTools().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryExhaustedError);
      expect(error).toMatchObject({ attempts: 2 });
      expect((error as RetryExhaustedError).cause).toBeInstanceOf(HttpStatusError);
      expect(server.count()).toBe(2);
    });

    it('never retries tools/call unless the policy opts in; retry: false turns retries off', async () => {
      const call = flaky('tools/call', 1);
      await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: call.fetch }), { retry: fast });
      expect(await client.callTool('echo', { text: 'x' }).catch((e: unknown) => e)).toBeInstanceOf(HttpStatusError);
      expect(call.count()).toBe(1);

      const optedIn = flaky('tools/call', 1);
      await using retrying = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: optedIn.fetch }), { retry: { ...fast, retryNonIdempotent: ['tools/call'] } });
      expect(firstText(await retrying.callTool('echo', { text: 'x' }))).toBe('x');
      expect(optedIn.count()).toBe(2);

      const off = flaky('tools/list', 1);
      await using plain = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: off.fetch }), { retry: false });
      expect(await plain.listTools().catch((e: unknown) => e)).toMatchObject({ status: 503 });
      // a per-call policy wins over the client's
      expect((await plain.listTools({}, { retry: fast })).tools.length).toBeGreaterThan(0);
    });

    it('does not retry what the server answered (a JSON-RPC error) or an authentication failure', async () => {
      const seen: Seen[] = [];
      await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch(seen) }), { retry: fast });
      expect(await client.getPrompt('nope').catch((e: unknown) => e)).toBeInstanceOf(McpError);
      expect(seen.filter((entry) => (entry.body as { method?: string }).method === 'prompts/get')).toHaveLength(1);
      const auth = flaky('tools/list', 1, 401);
      await using locked = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: auth.fetch }), { retry: fast });
      expect(await locked.listTools().catch((e: unknown) => e)).toBeInstanceOf(AuthenticationError);
      expect(auth.count()).toBe(1);
    });
  });

  it('reads progress from an SSE answer, in order', async () => {
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch([]) }));
    const events = await lastValueFrom(client.callTool$('count', { to: 3 }).pipe(toArray()));
    expect(events.map((event) => (event.type === 'progress' ? event.progress : 'result'))).toEqual([1, 2, 3, 'result']);
  });

  it('passes a JSON-RPC error body of an HTTP error status on as McpError', async () => {
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: handlerFetch([]) }));
    const error = await client.getPrompt('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
  });

  it('cancels by aborting the POST, without a cancellation notice', async () => {
    const seen: Seen[] = [];
    let aborted = false;
    const slowFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
      const body = JSON.parse(String(init?.body)) as { method?: string; id?: number };
      seen.push({ method: 'POST', headers: {}, body });
      if (body.method === 'tools/call') {
        return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => ((aborted = true), reject(new DOMException('aborted', 'AbortError')))));
      }
      return handlerFetch([])(input, init);
    };
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: slowFetch }));
    const subscription = client.callTool$('echo', { text: 'x' }).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toBe(true);
    expect(seen.some((entry) => (entry.body as { method?: string }).method === 'notifications/cancelled')).toBe(false);
  });

  it('closing the client aborts the POST of every call still in flight', async () => {
    const aborted: string[] = [];
    const hangingFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
      const body = JSON.parse(String(init?.body)) as { method?: string; params?: { arguments?: { text?: string } } };
      if (body.method === 'tools/call') {
        return new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => {
            aborted.push(body.params?.arguments?.text ?? '?');
            reject(new DOMException('aborted', 'AbortError'));
          }),
        );
      }
      return handlerFetch([])(input, init);
    };
    const client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: hangingFetch }));
    const calls = ['a', 'b'].map((text) => client.callTool('echo', { text }).catch((error: unknown) => error));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toEqual([]);
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted.sort()).toEqual(['a', 'b']);
    expect((await Promise.all(calls)).every((error) => error instanceof Error)).toBe(true);
  });

  it('sends an idempotent request again when its stream breaks, and fails a tools/call with StreamBrokenError', async () => {
    let breakNext = 0;
    const breaking = async (input: string | URL, init?: RequestInit): Promise<Response> => {
      const body = JSON.parse(String(init?.body)) as { method?: string };
      if (breakNext > 0 && (body.method === 'tools/list' || body.method === 'tools/call')) {
        breakNext--;
        const stream = new ReadableStream({ start: (controller) => controller.error(new TypeError('socket hang up')) });
        return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }
      return handlerFetch([])(input, init);
    };
    await using client = await Client.connect(streamableHttp('http://mcp.test/mcp', { fetch: breaking }));
    breakNext = 1;
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    breakNext = 1;
    await expect(client.callTool('echo', { text: 'x' })).rejects.toBeInstanceOf(StreamBrokenError);
    breakNext = 1;
    expect(firstText(await client.callTool('echo', { text: 'again' }, { reissueOnBrokenStream: true }))).toBe('again');
  });
});
