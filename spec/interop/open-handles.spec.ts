/**
 * After `close()`, nothing of the connection is left in the client process: no child process,
 * no pipe, no timer. (Alone in its file so no other test's resources blur the count.)
 */
import { Client } from '../../lib/client/client.js';
import { fixtureServer } from '../helpers/servers.js';

function count(kind: string): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

it('leaves no process, pipe or timer behind after close', async () => {
  const before = { process: count('ProcessWrap'), pipes: count('PipeWrap'), timers: count('Timeout') };
  const client = await Client.connect(fixtureServer());
  await client.callTool('echo', { text: 'x' }, { timeoutMs: 60_000, totalTimeoutMs: 60_000 });
  const slow = client.callTool('slow', { ms: 60_000 }, { timeoutMs: 120_000, totalTimeoutMs: 120_000 }).catch(() => 'closed');
  try {
    expect(count('ProcessWrap')).toBe(before.process + 1);
    expect(count('PipeWrap')).toBeGreaterThan(before.pipes);
  } finally {
    await client.close();
  }
  expect(await slow).toBe('closed');
  expect(count('ProcessWrap')).toBe(before.process);
  expect(count('PipeWrap')).toBe(before.pipes);
  // the test runner's own timers may have ended meanwhile, never ours left running
  expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
});
