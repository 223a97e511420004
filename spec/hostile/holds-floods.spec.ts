/**
 * Holds: floods. 100,000 notifications written in one burst by the rogue server reach
 * `notifications$` in wire order, none dropped, and the heap does not keep them.
 */
import { Client } from '../../lib/client/client.js';
import { heapAfterGc } from '../helpers/heap.js';
import { firstText, rogueServer } from '../helpers/servers.js';
import { watchUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { pendingOf } from './hostile-servers.js';

/** Retained heap allowed after the flood (the notifications themselves are ~10 MB on the wire). */
const MAX_HEAP_GROWTH_BYTES = 16 * 1024 * 1024;

it('delivers 100,000 notifications in wire order, none dropped, with bounded heap growth', async () => {
  const rejections = watchUnhandledRejections();
  await using client = await Client.connect(rogueServer(), { mode: 'legacy' });
  await client.listTools();
  let next = 0;
  let outOfOrder = 0;
  client.notifications$.subscribe((notification) => {
    if ((notification.params as { data: number }).data !== next) outOfOrder++;
    next++;
  });
  const before = heapAfterGc();
  expect(firstText(await client.callTool('notify', { count: 100_000 }))).toBe('notified');
  const growth = heapAfterGc() - before;
  expect(next).toBe(100_000);
  expect(outOfOrder).toBe(0);
  expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  expect(pendingOf(client)).toBe(0);
  expect(rejections.stop()).toEqual([]);
  if (process.env.RXMCP_HOSTILE_REPORT !== undefined) process.stdout.write(`flood: heap ${(growth / 1024 / 1024).toFixed(1)} MB\n`);
});
