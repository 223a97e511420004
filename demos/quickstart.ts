/**
 * rxmcp quick start: connects to the fixture MCP server this project ships (official server SDK,
 * run as a child process over stdio) in both protocol eras, and shows the Promise API, the
 * Observable API with streamed progress, cancellation, and a timeout.
 *
 *   npm run demo
 */
import { fileURLToPath } from 'node:url';
import { filter, lastValueFrom, map, take, toArray } from 'rxjs';
import { Client, TimeoutError } from 'rxmcp';
import { stdio } from 'rxmcp/node';

const server = fileURLToPath(new URL('../spec/fixtures/fixture-server.mjs', import.meta.url));

for (const mode of ['auto', 'legacy'] as const) {
  // `await using` closes the client (and stops the server process) at the end of the block.
  await using client = await Client.connect(stdio({ command: process.execPath, args: [server] }), {
    mode,
    clientInfo: { name: 'rxmcp-quickstart', version: '1.0.0' },
  });
  console.log(`\n== mode '${mode}': ${client.era} era, protocol ${client.protocolVersion}, server ${client.serverInfo?.name} ${client.serverInfo?.version}`);

  // Promise API
  const { tools } = await client.listTools();
  console.log(`tools: ${tools.map((tool) => tool.name).join(', ')}`);
  const echoed = await client.callTool('echo', { text: 'hello, MCP' });
  console.log(`echo → ${JSON.stringify(echoed.content)}`);
  const sum = await client.callTool('add', { a: 19, b: 23 });
  console.log(`add → structured ${JSON.stringify(sum.structuredContent)}`);

  // Observable API: progress events, then the result
  const events = await lastValueFrom(client.callTool$('progress', { steps: 3, delayMs: 50 }).pipe(toArray()));
  for (const event of events) {
    console.log(event.type === 'progress' ? `  progress ${event.progress}/${event.total}: ${event.message}` : event.type === 'result' ? `  result: ${JSON.stringify(event.result.content)}` : `  task ${event.status}`);
  }

  // Unsubscribing cancels: take the first two progress events of a 10-step call, then stop it.
  const firstTwo = await lastValueFrom(
    client.callTool$('progress', { steps: 10, delayMs: 50 }).pipe(
      filter((event) => event.type === 'progress'),
      map((event) => event.progress),
      take(2),
      toArray(),
    ),
  );
  console.log(`took progress ${firstTwo.join(', ')} of 10, then unsubscribed (the server was sent notifications/cancelled)`);

  // Timeouts are their own error, distinct from cancellation.
  try {
    await client.callTool('slow', { ms: 2_000 }, { timeoutMs: 200 });
  } catch (error) {
    if (error instanceof TimeoutError) console.log(`slow → ${error.name} (${error.kind}): ${error.message}`);
    else throw error;
  }
}
console.log('\ndone: both server processes were stopped.');
