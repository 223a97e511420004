/**
 * rxmcp against the reference server `@modelcontextprotocol/server-everything` (a legacy-era
 * server, official SDK v1) over stdio.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { everythingServer, firstText } from '../helpers/servers.js';

describe('server-everything over stdio', () => {
  let client: Client;
  let transport: ReturnType<typeof recording<ReturnType<typeof everythingServer>>>;

  beforeAll(async () => {
    transport = recording(everythingServer());
    client = await Client.connect(transport, {
      // mode: auto
      samplingCallback: async (params) => ({ role: 'assistant', content: { type: 'text', text: `sampled with ${params.maxTokens} max tokens` }, model: 'spec-model' }),
      elicitationCallback: async () => ({ action: 'accept', content: { name: 'Ada', email: 'ada@example.com' } }),
      listRootsCallback: () => [{ uri: 'file:///spec-root', name: 'spec' }],
    });
  });
  afterAll(() => client.close());

  it('falls back from the discover probe to the legacy handshake on one process', () => {
    expect(methodsOf(transport.sent).slice(0, 3)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(transport.received[0]).toMatchObject({ type: 'message', message: { id: 1, error: { code: -32601 } } });
    expect(client.era).toBe('legacy');
    expect(client.protocolVersion).toBe('2025-11-25');
    expect(client.serverInfo).toMatchObject({ name: 'mcp-servers/everything' });
    expect(client.serverCapabilities.tools).toBeDefined();
    expect(client.instructions).toContain('Everything');
  });

  it('lists its tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation', 'get-tiny-image']));
    expect(tools.find((tool) => tool.name === 'echo')?.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
  });

  it('calls echo, get-sum and get-tiny-image', async () => {
    expect(firstText(await client.callTool('echo', { message: 'hello' }))).toBe('Echo: hello');
    expect(firstText(await client.callTool('get-sum', { a: 2, b: 40 }))).toContain('42');
    const image = await client.callTool('get-tiny-image', {});
    expect(image.content.some((block) => block.type === 'image' && block.mimeType === 'image/png')).toBe(true);
  });

  it('streams the progress of a long-running operation', async () => {
    const events = await lastValueFrom(client.callTool$('trigger-long-running-operation', { duration: 1, steps: 4 }).pipe(toArray()));
    expect(events.map((event) => (event.type === 'progress' ? event.progress : 'result'))).toEqual([1, 2, 3, 4, 'result']);
    expect(events[0]).toMatchObject({ total: 4 });
  });

  it('gets an unknown tool reported as an isError result (this SDK version does not use a protocol error)', async () => {
    const result = await client.callTool('no-such-tool', {});
    expect(result.isError).toBe(true);
    expect(firstText(result)).toContain('Tool no-such-tool not found');
  });


  it('lists and expands prompts, with completion', async () => {
    const prompts = await client.listAllPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(expect.arrayContaining(['simple-prompt', 'args-prompt', 'completable-prompt']));
    const simple = await client.getPrompt('simple-prompt');
    expect(simple.messages.length).toBeGreaterThan(0);
    const args = await client.getPrompt('args-prompt', { city: 'Lisbon', state: 'PT' });
    expect(JSON.stringify(args.messages)).toContain('Lisbon');
    const completion = await client.complete({ type: 'ref/prompt', name: 'completable-prompt' }, { name: 'department', value: 'E' });
    expect(completion.completion.values.length).toBeGreaterThan(0);
    expect(completion.completion.values.every((value) => value.startsWith('E'))).toBe(true);
  });

  it('lists and reads resources and templates', async () => {
    const resources = await client.listAllResources();
    expect(resources.length).toBeGreaterThan(0);
    const read = await client.readResource(resources[0]!.uri);
    expect(read.contents[0]!.uri).toBe(resources[0]!.uri);
    const templates = await client.listAllResourceTemplates();
    expect(templates.map((template) => template.uriTemplate)).toContain('demo://resource/dynamic/text/{resourceId}');
    const dynamic = await client.readResource('demo://resource/dynamic/text/1');
    expect(dynamic.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/1', text: expect.any(String) });
  });

  it('asks the client for sampling, elicitation and roots, answered by the callbacks', async () => {
    const sampled = await client.callTool('trigger-sampling-request', { prompt: 'hello', maxTokens: 50 });
    expect(JSON.stringify(sampled.content)).toContain('sampled with 50 max tokens');
    const elicited = await client.callTool('trigger-elicitation-request', {});
    expect(JSON.stringify(elicited.content)).toContain('Ada');
    const roots = await client.callTool('get-roots-list', {});
    expect(JSON.stringify(roots.content)).toContain('file:///spec-root');
  });
});
