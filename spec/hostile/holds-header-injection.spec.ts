/**
 * Holds: header injection. A configured header value carrying CR or LF (an attempt to add a
 * header of its own) never reaches the wire: connect refuses it as an `InvalidOptionError` naming
 * the header, and the server (behind the recording fault proxy) receives no request at all.
 */
import { Client } from '../../lib/client/client.js';
import { InvalidOptionError } from '../../lib/protocol/errors.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { watchUnhandledRejections } from '../helpers/unhandled-rejections.js';

let server: FixtureHttpServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startFixtureHttpServer();
  proxy = await startFaultProxy(server.url);
});
afterAll(async () => {
  await proxy.stop();
  await server.stop();
});

it.each([
  ['CR LF', 'key\r\nX-Injected: 1'],
  ['LF', 'key\nX-Injected: 1'],
  ['CR', 'key\rX-Injected: 1'],
])('refuses a configured header value with %s, sending nothing', async (_label, value) => {
  const rejections = watchUnhandledRejections();
  const before = proxy.requests.length;
  const error = await Client.connect(proxy.url, { headers: { 'X-Api-Key': value } }).then(
    async (client) => {
      await client.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).toBe('headers.X-Api-Key');
  expect(proxy.requests.length).toBe(before);
  expect(proxy.requests.some((request) => 'x-injected' in request.headers)).toBe(false);
  expect(rejections.stop()).toEqual([]);
});
