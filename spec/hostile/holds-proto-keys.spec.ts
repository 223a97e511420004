/**
 * Holds: `__proto__` (and `constructor`) keys in results. A result whose JSON carries own
 * `__proto__` keys, at the top and nested, arrives as data: `Object.prototype` is untouched and
 * the result's prototype is the ordinary one.
 */
import { Client } from '../../lib/client/client.js';
import { firstText } from '../helpers/servers.js';
import { watchUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { hostileServer, pendingOf } from './hostile-servers.js';

const POLLUTING = '{"content":[{"type":"text","text":"x","__proto__":{"polluted":1}}],"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"structuredContent":{"__proto__":{"polluted":1}}}';

it('takes __proto__ and constructor keys in a result as data, polluting nothing', async () => {
  const rejections = watchUnhandledRejections();
  const names = Object.getOwnPropertyNames(Object.prototype).sort();
  await using client = await Client.connect(hostileServer('writes-what-it-is-told'), { mode: 'legacy' });
  await client.listTools();
  const result = await client.callTool('raw-result', { json: POLLUTING });
  expect(firstText(result)).toBe('x');
  expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(result.structuredContent)).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((result as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(names);
  expect(pendingOf(client)).toBe(0);
  expect(rejections.stop()).toEqual([]);
});
