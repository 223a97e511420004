/**
 * The in-memory transport with an official SDK `McpServer` on the other end, in the same
 * process.
 */
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod/v4';
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { createMemoryTransportPair } from '../../lib/transport/memory.js';
import { serveOnMemoryEnd } from '../helpers/official-server-bridge.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { firstText } from '../helpers/servers.js';

function officialServer(): McpServer {
  const server = new McpServer({ name: 'in-process', version: '3.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('shout', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }));
  server.registerTool('count', { inputSchema: z.object({ to: z.number() }) }, async ({ to }, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    for (let i = 1; i <= to; i++) {
      if (token !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: to } });
    }
    return { content: [{ type: 'text', text: `counted to ${to}` }] };
  });
  return server;
}

describe.each(['legacy', 'auto'] as const)('an official McpServer over the memory transport, mode %s', (mode) => {
  it('connects, lists, calls and streams progress', async () => {
    const [clientEnd, serverEnd] = createMemoryTransportPair();
    await serveOnMemoryEnd(officialServer(), serverEnd);
    const transport = recording(clientEnd);
    await using client = await Client.connect(transport, { mode });
    expect(client.era).toBe('legacy');
    expect(client.serverInfo).toEqual({ name: 'in-process', version: '3.0.0' });
    expect(methodsOf(transport.sent)).toEqual(mode === 'legacy' ? ['initialize', 'notifications/initialized'] : ['server/discover', 'initialize', 'notifications/initialized']);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['shout', 'count']);
    expect(firstText(await client.callTool('shout', { text: 'quiet' }))).toBe('QUIET');
    const events = await lastValueFrom(client.callTool$('count', { to: 3 }).pipe(toArray()));
    expect(events.map((event) => event.type)).toEqual(['progress', 'progress', 'progress', 'result']);
  });
});
