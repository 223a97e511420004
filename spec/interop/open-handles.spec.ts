/**
 * After `close()`, nothing of the connection is left in the client process: no child process,
 * no pipe, no timer. (Alone in its file so no other test's resources blur the count.)
 */
import { Client } from '../../lib/client/client.js';
import { fixtureServer, processAlive } from '../helpers/servers.js';

function count(kind: string): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

it('leaves no process, pipe or timer behind after close', async () => {
  // Another test file may have run in this worker just before; its resources can only go away.
  const before = { process: count('ProcessWrap'), pipes: count('PipeWrap'), timers: count('Timeout') };
  const transport = fixtureServer();
  const client = await Client.connect(transport);
  const pid = transport.pid!;
  await client.callTool('echo', { text: 'x' }, { timeoutMs: 60_000, totalTimeoutMs: 60_000 });
  const slow = client.callTool('slow', { ms: 60_000 }, { timeoutMs: 120_000, totalTimeoutMs: 120_000 }).catch(() => 'closed');
  try {
    expect(processAlive(pid)).toBe(true);
    expect(count('ProcessWrap')).toBeGreaterThan(0);
  } finally {
    await client.close();
  }
  expect(await slow).toBe('closed');
  expect(processAlive(pid)).toBe(false);
  expect(count('ProcessWrap')).toBeLessThanOrEqual(before.process);
  expect(count('PipeWrap')).toBeLessThanOrEqual(before.pipes);
  // the test runner's own timers may have ended meanwhile, never ours left running
  expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
});
