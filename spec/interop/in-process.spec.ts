/**
 * `Client.connect(server)` with an official SDK `McpServer` in the same process, in both eras.
 */
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod/v4';
import { Client } from '../../lib/client/client.js';
import { McpError } from '../../lib/protocol/errors.js';
import { firstText } from '../helpers/servers.js';

function server(): McpServer {
  const s = new McpServer({ name: 'in-process', version: '1.2.3' }, { capabilities: { tools: {}, prompts: {} } });
  s.registerTool('shout', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }));
  s.registerPrompt('broken', { description: 'always fails' }, async () => {
    throw new Error('secret detail: database password is hunter2');
  });
  return s;
}

describe.each(['auto', 'legacy', '2026-07-28'] as const)('an in-process McpServer, mode %s', (mode) => {
  it('connects in the asked era and calls tools', async () => {
    await using client = await Client.connect(server(), { mode });
    expect(client.era).toBe(mode === 'legacy' ? 'legacy' : 'modern');
    if (mode !== '2026-07-28') expect(client.serverInfo).toEqual({ name: 'in-process', version: '1.2.3' });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['shout']);
    expect(firstText(await client.callTool('shout', { text: 'quiet' }))).toBe('QUIET');
  });

  it('hides a handler error message unless raiseExceptions is set', async () => {
    await using opaque = await Client.connect(server(), { mode });
    const hidden = await opaque.getPrompt('broken').catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(McpError);
    expect((hidden as McpError).message).not.toContain('hunter2');
    await using open = await Client.connect(server(), { mode, raiseExceptions: true });
    const shown = await open.getPrompt('broken').catch((e: unknown) => e);
    expect((shown as McpError).message).toContain('hunter2');
  });
});
