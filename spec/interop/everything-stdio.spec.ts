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
    client = await Client.connect(transport); // mode: auto
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

});
