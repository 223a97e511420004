/**
 * The client surface against a scripted 2026-07-28 server, asserting the wire exactly:
 * input_required rounds, output validation, x-mcp-header headers, log level stamping,
 * pagination, subscriptions/listen.
 */
import { lastValueFrom, take, toArray } from 'rxjs';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import { InputRequiredRoundsExceededError, McpError, PaginationError, UnsupportedInProtocolVersionError } from '../../lib/protocol/errors.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { InvalidHeaderValueError } from '../../lib/protocol/x-mcp-header.js';
import { ToolOutputValidationError } from '../../lib/validation/errors.js';
import { recording } from '../helpers/recording-transport.js';
import { flushed, scriptedPeer, until, type ScriptedPeer } from '../helpers/scripted-peer.js';

const isRequest = (message: JsonRpcMessage): message is JsonRpcRequest => 'method' in message && 'id' in message;
const DISCOVER = {
  resultType: 'complete',
  supportedVersions: ['2026-07-28'],
  capabilities: { tools: { listChanged: true }, prompts: {}, resources: { subscribe: true } },
  _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'scripted-modern', version: '1' } },
};

const TOOLS = [
  { name: 'plain', inputSchema: { type: 'object' } },
  { name: 'sum', inputSchema: { type: 'object' }, outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] } },
  {
    name: 'regional',
    inputSchema: { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, opts: { type: 'object', properties: { dry: { type: 'boolean', 'x-mcp-header': 'Dry-Run' } } } } },
  },
  { name: 'bad-header', inputSchema: { type: 'object', properties: { ratio: { type: 'number', 'x-mcp-header': 'Ratio' } } } },
];

type Handler = (request: JsonRpcRequest, peer: ScriptedPeer) => void;

async function connect(handlers: Record<string, Handler>, options: ClientOptions = {}): Promise<{ client: Client; peer: ScriptedPeer; wire: ReturnType<typeof recording> }> {
  const peer = scriptedPeer((message, p) => {
    if (!isRequest(message)) return;
    if (message.method === 'server/discover') p.result(message.id, DISCOVER);
    else if (message.method === 'tools/list' && handlers['tools/list'] === undefined) p.result(message.id, { resultType: 'complete', tools: TOOLS });
    else handlers[message.method]?.(message, p);
  });
  const wire = recording(peer.transport);
  const client = await Client.connect(wire, options);
  return { client, peer, wire };
}

const calls = (peer: ScriptedPeer, method = 'tools/call'): JsonRpcRequest[] => peer.requests(method);

describe('input_required rounds (2026-07-28)', () => {
  it('answers elicitation through the callback, retries on a fresh id with the answers and the exact requestState', async () => {
    const elicitation = jest.fn(async () => ({ action: 'accept' as const, content: { confirm: true } }));
    const { client, peer } = await connect(
      {
        'tools/call': (request, p) => {
          if (request.params?.inputResponses === undefined) {
            p.result(request.id, {
              resultType: 'input_required',
              inputRequests: { confirm: { method: 'elicitation/create', params: { message: 'Sure?', requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean' } } } } } },
              requestState: 'c3RhdGU=.sig',
            });
          } else {
            p.result(request.id, { resultType: 'complete', content: [{ type: 'text', text: 'deployed' }] });
          }
        },
      },
      { elicitationCallback: elicitation },
    );
    const result = await client.callTool('plain', { env: 'prod' });
    expect(result.content).toEqual([{ type: 'text', text: 'deployed' }]);
    const [first, second] = calls(peer);
    expect(second!.id).not.toBe(first!.id);
    expect(second!.params).toMatchObject({
      name: 'plain',
      arguments: { env: 'prod' },
      inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      requestState: 'c3RhdGU=.sig',
    });
    expect(second!.params?._meta).toMatchObject({ 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {}, url: {} } } });
    expect(elicitation).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Sure?' }),
      expect.objectContaining({ requestId: 'confirm', signal: expect.any(AbortSignal) }),
    );
    await client.close();
  });

  it('streams every round\'s progress and the final result from callTool$', async () => {
    const { client } = await connect(
      {
        'tools/call': (request, p) => {
          const token = (request.params?._meta as JsonObject).progressToken;
          p.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: request.params?.requestState === undefined ? 1 : 2 } });
          if (request.params?.requestState === undefined) p.result(request.id, { resultType: 'input_required', requestState: 'again' });
          else p.result(request.id, { resultType: 'complete', content: [] });
        },
      },
    );
    const events = await lastValueFrom(client.callTool$('plain').pipe(toArray()));
    expect(events.map((event) => (event.type === 'progress' ? event.progress : 'result'))).toEqual([1, 2, 'result']);
    await client.close();
  });

  it('fails with InputRequiredRoundsExceededError past inputRequiredMaxRounds', async () => {
    const { client, peer } = await connect({ 'prompts/get': (request, p) => p.result(request.id, { resultType: 'input_required', requestState: 'x' }) }, { inputRequiredMaxRounds: 2 });
    await expect(client.getPrompt('p')).rejects.toBeInstanceOf(InputRequiredRoundsExceededError);
    expect(calls(peer, 'prompts/get')).toHaveLength(3);
    await client.close();
  });

  it('ends the chain with the callback\'s refusal, and -32600 when there is no callback', async () => {
    const asks: Handler = (request, p) =>
      p.result(request.id, { resultType: 'input_required', inputRequests: { s: { method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } } } });
    const refusing = await connect({ 'resources/read': asks }, { samplingCallback: () => Promise.reject(new McpError(-1, 'User rejected sampling')) });
    await expect(refusing.client.readResource('file:///x')).rejects.toMatchObject({ code: -1, message: 'User rejected sampling' });
    expect(calls(refusing.peer, 'resources/read')).toHaveLength(1);
    await refusing.client.close();
    const without = await connect({ 'resources/read': asks });
    await expect(without.client.readResource('file:///x')).rejects.toMatchObject({ code: -32600, message: 'Sampling not supported' });
    await without.client.close();
  });

  it('hands the input_required result to a session caller who allows it, and resumes from persisted answers', async () => {
    const { client, peer } = await connect({
      'tools/call': (request, p) =>
        request.params?.requestState === 'persisted'
          ? p.result(request.id, { resultType: 'complete', content: [{ type: 'text', text: 'resumed' }] })
          : p.result(request.id, { resultType: 'input_required', requestState: 'persisted', inputRequests: { k: { method: 'roots/list' } } }),
    });
    const manual = await lastValueFrom(client.session.callTool$('plain', undefined, { allowInputRequired: true }));
    expect(manual).toMatchObject({ type: 'result', result: { resultType: 'input_required', requestState: 'persisted' } });
    const resumed = await client.callTool('plain', undefined, { inputResponses: { k: { roots: [] } }, requestState: 'persisted' });
    expect(resumed.content).toEqual([{ type: 'text', text: 'resumed' }]);
    expect(calls(peer).at(-1)!.params).toMatchObject({ inputResponses: { k: { roots: [] } }, requestState: 'persisted' });
    await client.close();
  });
});

describe('tool output validation', () => {
  it('lists tools once to learn an unknown tool, then validates structuredContent', async () => {
    const { client, peer } = await connect({
      'tools/call': (request, p) => {
        const args = request.params?.arguments as JsonObject;
        if (args.mode === 'good') p.result(request.id, { resultType: 'complete', content: [], structuredContent: { sum: 3 } });
        else if (args.mode === 'missing') p.result(request.id, { resultType: 'complete', content: [] });
        else if (args.mode === 'error') p.result(request.id, { resultType: 'complete', content: [], isError: true, structuredContent: { nonsense: true } });
        else p.result(request.id, { resultType: 'complete', content: [], structuredContent: { sum: 'three' } });
      },
    });
    expect((await client.callTool('sum', { mode: 'good' })).structuredContent).toEqual({ sum: 3 });
    expect(calls(peer, 'tools/list')).toHaveLength(1);
    await expect(client.callTool('sum', { mode: 'missing' })).rejects.toThrow('Tool sum has an output schema but did not return structured content');
    await expect(client.callTool('sum', { mode: 'wrong' })).rejects.toBeInstanceOf(ToolOutputValidationError);
    expect((await client.callTool('sum', { mode: 'error' })).isError).toBe(true);
    const events = await lastValueFrom(client.callTool$('sum', { mode: 'wrong' }).pipe(toArray())).catch((e: unknown) => e);
    expect(events).toBeInstanceOf(ToolOutputValidationError);
    expect(calls(peer, 'tools/list')).toHaveLength(1);
    await client.close();
  });
});

describe('x-mcp-header (2026-07-28)', () => {
  it('leaves out tools with invalid annotations, with a warning, and computes Mcp-Param headers for listed tools', async () => {
    const { client, wire } = await connect({ 'tools/call': (request, p) => p.result(request.id, { resultType: 'complete', content: [] }) });
    const warnings: string[] = [];
    client.warnings$.subscribe((warning) => warnings.push(warning.message));
    await client.callTool('regional', { region: 'eu-west1' }); // never listed: no headers
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['plain', 'sum', 'regional']);
    // the call before listing made the client list once (to validate its result), and the explicit listing again
    expect(warnings).toHaveLength(2);
    expect(warnings.every((warning) => /^Tool 'bad-header' was left out: .*Ratio/.test(warning))).toBe(true);
    await client.callTool('regional', { region: 'Zürich', opts: { dry: true } });
    await client.callTool('regional', { region: null });
    const headers = wire.sentHeaders.filter((_h, i) => (wire.sent[i] as JsonRpcRequest).method === 'tools/call');
    expect(headers[0]).toBeUndefined();
    expect(headers[1]).toEqual({ 'Mcp-Param-Region': '=?base64?WsO8cmljaA==?=', 'Mcp-Param-Dry-Run': 'true' });
    expect(headers[2]).toBeUndefined();
    await client.close();
  });

  it('a call whose header value cannot be encoded rejects (never throws) and sends nothing', async () => {
    const { client, peer } = await connect({ 'tools/call': (request, p) => p.result(request.id, { resultType: 'complete', content: [] }) });
    await client.listTools();
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = client.callTool('regional', { region: 5 }))).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(InvalidHeaderValueError);
    await expect(lastValueFrom(client.callTool$('regional', { region: { a: 1 } }))).rejects.toBeInstanceOf(InvalidHeaderValueError);
    await flushed();
    expect(calls(peer)).toEqual([]);
    await client.close();
  });
});

describe('log level and capabilities (2026-07-28)', () => {
  it('stamps the client-wide log level, lets a request override it, and setLoggingLevel changes it', async () => {
    const { client, peer } = await connect({ 'tools/call': (request, p) => p.result(request.id, { resultType: 'complete', content: [] }) }, { logLevel: 'info' });
    await client.callTool('plain');
    await client.callTool('plain', undefined, { logLevel: 'debug' });
    await client.setLoggingLevel('error');
    await client.callTool('plain');
    const levels = calls(peer).map((request) => (request.params?._meta as JsonObject)['io.modelcontextprotocol/logLevel']);
    expect(levels).toEqual(['info', 'debug', 'error']);
    expect(peer.requests('logging/setLevel')).toEqual([]);
    await client.close();
  });

  it('declares no optional capability without callbacks, and derives them from callbacks', async () => {
    const bare = await connect({});
    expect((bare.peer.received[0] as JsonRpcRequest).params?._meta).toMatchObject({ 'io.modelcontextprotocol/clientCapabilities': {} });
    await bare.client.close();
    const full = await connect({}, { samplingCallback: async () => ({ role: 'assistant', content: { type: 'text', text: '' }, model: 'm' }), listRootsCallback: () => [], elicitationCallback: async () => ({ action: 'cancel' }), elicitationModes: ['form'] });
    expect((full.peer.received[0] as JsonRpcRequest).params?._meta).toMatchObject({
      'io.modelcontextprotocol/clientCapabilities': { sampling: {}, roots: {}, elicitation: { form: {} } },
    });
    await full.client.close();
  });

  it('refuses legacy-only methods with UnsupportedInProtocolVersionError', async () => {
    const { client } = await connect({});
    await expect(client.ping()).rejects.toBeInstanceOf(UnsupportedInProtocolVersionError);
    await expect(client.subscribeResource('file:///a')).rejects.toThrow("'resources/subscribe' does not exist in protocol version 2026-07-28");
    expect(() => client.sendRootsListChanged()).toThrow(UnsupportedInProtocolVersionError);
    await client.close();
  });
});

describe('pagination', () => {
  it('walks every page of listAllTools, and refuses a repeated cursor', async () => {
    const pages: Record<string, { tools: object[]; nextCursor?: string }> = {
      '': { tools: [{ name: 'a', inputSchema: { type: 'object' } }], nextCursor: '' },
      'c:': { tools: [{ name: 'b', inputSchema: { type: 'object' } }], nextCursor: 'second' },
      'c:second': { tools: [{ name: 'c', inputSchema: { type: 'object' } }] },
    };
    const { client, peer } = await connect({
      'tools/list': (request, p) => {
        const cursor = request.params?.cursor;
        p.result(request.id, { resultType: 'complete', ...pages[cursor === undefined ? '' : `c:${String(cursor)}`]! });
      },
    });
    expect((await client.listAllTools()).map((tool) => tool.name)).toEqual(['a', 'b', 'c']);
    expect(peer.requests('tools/list').map((request) => request.params?.cursor)).toEqual([undefined, '', 'second']);
    await client.close();

    const looping = await connect({ 'tools/list': (request, p) => p.result(request.id, { resultType: 'complete', tools: [], nextCursor: 'same' }) });
    await expect(looping.client.listAllTools()).rejects.toBeInstanceOf(PaginationError);
    await looping.client.close();
  });
});

describe('subscriptions/listen', () => {
  it('sends the filter, acknowledges, demultiplexes by subscription id, and cancels on unsubscribe', async () => {
    const { client, peer } = await connect({
      'subscriptions/listen': (request, p) => {
        const tag = { 'io.modelcontextprotocol/subscriptionId': request.id };
        p.send({ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: { notifications: { toolsListChanged: true }, _meta: tag } });
        p.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 999 } } });
        p.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: tag } });
      },
    });
    const events = await lastValueFrom(client.listen$({ toolsListChanged: true, resourcesListChanged: true }).pipe(take(2), toArray()));
    expect(events).toEqual([
      { type: 'acknowledged', notifications: { toolsListChanged: true } },
      { type: 'notification', notification: expect.objectContaining({ method: 'notifications/tools/list_changed' }) },
    ]);
    const listen = peer.requests('subscriptions/listen')[0]!;
    expect(listen.params).toMatchObject({ notifications: { toolsListChanged: true, resourcesListChanged: true } });
    await until(() => peer.received.some((m) => 'method' in m && m.method === 'notifications/cancelled'));
    expect(peer.received.find((m) => 'method' in m && m.method === 'notifications/cancelled')).toMatchObject({ params: { requestId: listen.id } });
    await client.close();
  });

  it('completes when the server ends the subscription', async () => {
    const { client } = await connect({ 'subscriptions/listen': (request, p) => p.result(request.id, { resultType: 'complete', _meta: { 'io.modelcontextprotocol/subscriptionId': request.id } }) });
    expect(await lastValueFrom(client.listen$({ toolsListChanged: true }).pipe(toArray()))).toEqual([]);
    await client.close();
  });

  it('keeps tools$ current through a listen stream', async () => {
    let version = 1;
    let listen: JsonRpcRequest | undefined;
    const { client, peer } = await connect({
      'tools/list': (request, p) => p.result(request.id, { resultType: 'complete', tools: [{ name: `v${version}`, inputSchema: { type: 'object' } }] }),
      'subscriptions/listen': (request) => {
        listen = request;
      },
    });
    const seen: string[][] = [];
    const subscription = client.tools$.subscribe((tools) => seen.push(tools.map((tool) => tool.name)));
    await until(() => seen.length === 1 && listen !== undefined);
    version = 2;
    peer.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': listen!.id } } });
    await until(() => seen.length === 2);
    expect(seen).toEqual([['v1'], ['v2']]);
    subscription.unsubscribe();
    await flushed();
    expect(peer.received.some((m) => 'method' in m && m.method === 'notifications/cancelled')).toBe(true);
    await client.close();
  });
});
