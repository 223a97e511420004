/**
 * Holds: split writes. A server that writes every message one byte at a time (so each
 * multi-byte UTF-8 character arrives split inside its code point, in separate pipe reads) is
 * understood exactly; nothing is left pending and nothing is rejected unhandled.
 */
import { Client } from '../../lib/client/client.js';
import { firstText } from '../helpers/servers.js';
import { watchUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { hostileServer, pendingOf } from './hostile-servers.js';

it('reads messages written one byte at a time, UTF-8 split inside code points, exactly', async () => {
  const rejections = watchUnhandledRejections();
  const faults: unknown[] = [];
  await using client = await Client.connect(hostileServer('drips-one-byte-at-a-time'), { mode: 'legacy' });
  client.faults$.subscribe((fault) => faults.push(fault));
  const texts = ['Zürich', 'naïve café — 東京 🎉👩‍💻', '\u{10FFFF}\u0800\u07FF'];
  const results = await Promise.all(texts.map((text) => client.callTool('echo', { text })));
  expect(results.map(firstText)).toEqual(texts);
  expect(faults).toEqual([]);
  expect(pendingOf(client)).toBe(0);
  expect(rejections.stop()).toEqual([]);
});
