/**
 * rxmcp against the reference server `@modelcontextprotocol/server-everything` in its
 * `streamableHttp` mode (a legacy-era server on the official SDK v1, sessionful, with an event
 * store), connected by URL through the fault proxy so the wire can be checked.
 */
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startEverythingServer, type EverythingHttpServer } from '../helpers/http-servers.js';
import { bodyOf, byHttpMethod, header, postsOf } from '../helpers/http-wire.js';
import { until } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';

const LEGACY = '2025-11-25';

let everything: EverythingHttpServer;
beforeAll(async () => {
  everything = await startEverythingServer('streamableHttp');
});
afterAll(() => everything?.stop());

describe.each(['auto', 'legacy'] as const)("server-everything over Streamable HTTP, connected by URL, mode '%s'", (mode) => {
  let proxy: FaultProxy;
  let client: Client;

  beforeAll(async () => {
    proxy = await startFaultProxy(everything.url);
    client = await Client.connect(proxy.url, {
      mode,
      clientInfo: { name: 'rxmcp-spec', version: '1.0.0' },
      samplingCallback: async (params) => ({ role: 'assistant', content: { type: 'text', text: `sampled with ${params.maxTokens} max tokens` }, model: 'spec-model' }),
    });
    // the SDK sends requests and notifications not tied to a call on the GET stream
    await until(() => byHttpMethod(proxy.requests, 'GET').length > 0);
    await client.ping(); // one round trip more: the server has taken the GET stream by now
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.stop();
  });

  it('negotiates the legacy era over Streamable HTTP, in a session', () => {
    expect(client.transport.kind).toBe('streamable-http');
    expect(client.era).toBe('legacy');
    expect(client.protocolVersion).toBe(LEGACY);
    expect(client.serverInfo).toMatchObject({ name: 'mcp-servers/everything' });
    const methods = proxy.requests.map((request) => `${request.method} ${bodyOf(request).method ?? ''}`.trim());
    expect(methods.slice(0, mode === 'auto' ? 4 : 3)).toEqual([...(mode === 'auto' ? ['POST server/discover'] : []), 'POST initialize', 'POST notifications/initialized', 'GET']);
    const initialized = postsOf(proxy.requests, 'notifications/initialized')[0]!;
    expect(header(initialized, 'mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(initialized, 'mcp-protocol-version')).toBe(LEGACY);
  });

  it('lists its tools and calls echo', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation', 'toggle-simulated-logging']));
    expect(firstText(await client.callTool('echo', { message: 'over streamable http' }))).toBe('Echo: over streamable http');
    const call = postsOf(proxy.requests, 'tools/call').at(-1)!;
    expect(bodyOf(call).params).toMatchObject({ name: 'echo', arguments: { message: 'over streamable http' } });
    expect(header(call, 'mcp-session-id')).toBe(header(postsOf(proxy.requests, 'tools/list').at(-1)!, 'mcp-session-id'));
  });

  it('streams the progress of a long-running operation', async () => {
    const events = await lastValueFrom(client.callTool$('trigger-long-running-operation', { duration: 0.4, steps: 4 }).pipe(toArray()));
    expect(events.map((event) => (event.type === 'progress' ? event.progress : 'result'))).toEqual([1, 2, 3, 4, 'result']);
    expect(events[0]).toMatchObject({ total: 4 });
  });

  it('reads resources and gets prompts', async () => {
    const templates = await client.listAllResourceTemplates();
    expect(templates.map((template) => template.uriTemplate)).toContain('demo://resource/dynamic/text/{resourceId}');
    const read = await client.readResource('demo://resource/dynamic/text/7');
    expect(read.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7', text: expect.any(String) });
    const prompt = await client.getPrompt('args-prompt', { city: 'Lisbon', state: 'PT' });
    expect(JSON.stringify(prompt.messages)).toContain('Lisbon');
    expect(bodyOf(postsOf(proxy.requests, 'prompts/get').at(-1)!).params).toMatchObject({ name: 'args-prompt', arguments: { city: 'Lisbon', state: 'PT' } });
  });

  it('sets the log level and receives log messages on the GET stream', async () => {
    await client.setLoggingLevel('debug');
    expect(bodyOf(postsOf(proxy.requests, 'logging/setLevel').at(-1)!).params).toMatchObject({ level: 'debug' });
    const log = firstValueFrom(client.logs$);
    const toggled = await client.callTool('toggle-simulated-logging', {});
    expect(firstText(toggled)).toContain('Started simulated');
    try {
      expect(await log).toMatchObject({ level: expect.any(String), data: expect.stringContaining('SessionId') });
    } finally {
      await client.callTool('toggle-simulated-logging', {});
    }
  });

  it('answers a sampling request with a POST in the session', async () => {
    const result = await client.callTool('trigger-sampling-request', { prompt: 'hello', maxTokens: 50 });
    expect(JSON.stringify(result.content)).toContain('sampled with 50 max tokens');
    const answer = proxy.requests.find((request) => request.method === 'POST' && (bodyOf(request).result as { model?: string } | undefined)?.model === 'spec-model');
    expect(answer).toBeDefined();
    expect(header(answer!, 'mcp-session-id')).toBe(header(postsOf(proxy.requests, 'tools/call').at(-1)!, 'mcp-session-id'));
  });
});

describe('server-everything sessions', () => {
  it('ends the session with DELETE on close', async () => {
    const proxy = await startFaultProxy(everything.url);
    try {
      const client = await Client.connect(proxy.url, { mode: 'legacy' });
      await client.listTools();
      await client.close();
      const [deleted] = byHttpMethod(proxy.requests, 'DELETE');
      expect(header(deleted!, 'mcp-session-id')).toBe(header(postsOf(proxy.requests, 'tools/list')[0]!, 'mcp-session-id'));
    } finally {
      await proxy.stop();
    }
  });

  it('answers an unknown session with 400 -32000, not 404: recognised as an expired session, one new handshake, the call succeeds', async () => {
    const proxy = await startFaultProxy(everything.url);
    try {
      const client = await Client.connect(streamableHttp(proxy.url, { terminateOnClose: false }), { mode: 'legacy' });
      try {
        await until(() => byHttpMethod(proxy.requests, 'GET').length > 0);
        const sessionId = header(postsOf(proxy.requests, 'notifications/initialized')[0]!, 'mcp-session-id')!;
        // the session ends behind the client's back
        const ended = await fetch(everything.url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': LEGACY } });
        expect(ended.status).toBe(200);
        // issue 10 item 9: the SDK's 400 -32000 "No valid session ID provided" means what a 404
        // means (before, it was passed on as McpError and every later call failed the same way)
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toContain('echo');
        const lists = postsOf(proxy.requests, 'tools/list');
        expect(lists).toHaveLength(2);
        expect(header(lists[0]!, 'mcp-session-id')).toBe(sessionId);
        expect(header(lists[1]!, 'mcp-session-id')).not.toBe(sessionId);
        expect(postsOf(proxy.requests, 'initialize')).toHaveLength(2);
      } finally {
        await client.close();
      }
    } finally {
      await proxy.stop();
    }
  });

  it('receives the server notifications of its GET stream (resource updates after subscribing)', async () => {
    const proxy = await startFaultProxy(everything.url);
    const client = await Client.connect(proxy.url, { mode: 'legacy' });
    try {
      await until(() => byHttpMethod(proxy.requests, 'GET').length > 0);
      const updates = firstValueFrom(client.notifications$.pipe(filter((notification) => notification.method === 'notifications/resources/updated')));
      await client.subscribeResource('demo://resource/static/document/instructions.md');
      expect(firstText(await client.callTool('toggle-subscriber-updates', {}))).toContain('Started');
      try {
        expect(await updates).toMatchObject({ params: { uri: 'demo://resource/static/document/instructions.md' } });
      } finally {
        await client.callTool('toggle-subscriber-updates', {});
      }
    } finally {
      await client.close();
      await proxy.stop();
    }
  });
});
