/**
 * Holds: a crash with 1,000 calls in flight. Every one of them fails promptly with
 * `ConnectionClosedError` naming the exit, nothing is left pending, later calls fail the same
 * way, and nothing is rejected unhandled.
 */
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError } from '../../lib/protocol/errors.js';
import { rogueServer } from '../helpers/servers.js';
import { watchUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { pendingOf } from './hostile-servers.js';

it('fails all 1,000 calls in flight with ConnectionClosedError when the server exits', async () => {
  const rejections = watchUnhandledRejections();
  const client = await Client.connect(rogueServer(), { mode: 'legacy' });
  await client.listTools();
  const waiting = Array.from({ length: 1000 }, () => client.callTool('die-later', { ms: 60_000 }).catch((e: unknown) => e));
  const exit = await client.callTool('exit', {}).catch((e: unknown) => e);
  const errors = [exit, ...(await Promise.all(waiting))];
  expect(errors.filter((error) => error instanceof ConnectionClosedError)).toHaveLength(1001);
  expect((errors[1] as Error).message).toContain('exited with code 7');
  expect(pendingOf(client)).toBe(0);
  expect(client.connected).toBe(false);
  await expect(client.callTool('die-later', { ms: 1 })).rejects.toBeInstanceOf(ConnectionClosedError);
  await client.close();
  expect(rejections.stop()).toEqual([]);
});
