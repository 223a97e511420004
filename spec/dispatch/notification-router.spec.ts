/**
 * Notifications by method (`Dispatcher.notificationsOf`, the `NotificationRouter`), against a
 * scripted peer on an in-memory pair: wire order across methods, hot (no replay), completion on
 * close, routes freed; and the client's typed streams derived from the routes (logs parsed once).
 */
import { merge } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { Dispatcher } from '../../lib/dispatch/dispatcher.js';
import { NotificationRouter } from '../../lib/dispatch/notification-router.js';
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { LoggingMessageParamsSchema } from '../../lib/protocol/schemas/logging.js';
import { scriptedPeer, until } from '../helpers/scripted-peer.js';

const isRequest = (message: JsonRpcMessage): message is JsonRpcRequest => 'method' in message && 'id' in message;
const note = (method: string, n: number): JsonRpcNotification => ({ jsonrpc: '2.0', method, params: { n } });
const tag = (notification: JsonRpcNotification): string => `${notification.method.split('/').pop()}:${String(notification.params?.n)}`;

function setup(): { dispatcher: Dispatcher; peer: ReturnType<typeof scriptedPeer> } {
  const peer = scriptedPeer();
  const dispatcher = new Dispatcher(peer.transport);
  dispatcher.start();
  return { dispatcher, peer };
}

describe('notificationsOf (the notification router)', () => {
  it('keeps global wire order for a subscriber of two interleaved method streams, none dropped', async () => {
    const { dispatcher, peer } = setup();
    const seen: string[] = [];
    const onlyA: string[] = [];
    merge(dispatcher.notificationsOf('test/a'), dispatcher.notificationsOf('test/b')).subscribe((n) => seen.push(tag(n)));
    dispatcher.notificationsOf('test/a').subscribe((n) => onlyA.push(tag(n)));
    const methods = ['test/a', 'test/b', 'test/b', 'test/c', 'test/a', 'test/b', 'test/a', 'test/a', 'test/c', 'test/b'];
    methods.forEach((method, n) => peer.send(note(method, n)));
    await until(() => seen.length === 8);
    const expected = methods.flatMap((method, n) => (method === 'test/c' ? [] : [`${method.slice(5)}:${n}`]));
    expect(seen).toEqual(expected);
    expect(onlyA).toEqual(expected.filter((entry) => entry.startsWith('a:')));
    await dispatcher.close();
  });

  it('is hot: a route created after some notifications does not replay them', async () => {
    const { dispatcher, peer } = setup();
    const all: string[] = [];
    dispatcher.notifications$.subscribe((n) => all.push(tag(n)));
    peer.send(note('test/a', 1));
    peer.send(note('test/a', 2));
    await until(() => all.length === 2);
    const late: string[] = [];
    dispatcher.notificationsOf('test/a').subscribe((n) => late.push(tag(n)));
    peer.send(note('test/a', 3));
    await until(() => all.length === 3);
    expect(late).toEqual(['a:3']);
    await dispatcher.close();
  });

  it('completes every route when the connection closes, and a route opened after at once', async () => {
    const { dispatcher, peer } = setup();
    let completed = 0;
    dispatcher.notificationsOf('test/a').subscribe({ complete: () => completed++ });
    dispatcher.notificationsOf('test/b').subscribe({ complete: () => completed++ });
    peer.close();
    await until(() => completed === 2);
    let late = false;
    dispatcher.notificationsOf('test/a').subscribe({ complete: () => (late = true) });
    expect(late).toBe(true);
  });

  it('frees a route when its last subscriber leaves (watching many methods keeps no memory)', () => {
    const router = new NotificationRouter();
    for (let i = 0; i < 1000; i++) router.notificationsOf(`test/${i}`).subscribe().unsubscribe();
    expect(router.size).toBe(0);
    const kept = router.notificationsOf('test/x').subscribe();
    const other = router.notificationsOf('test/x').subscribe();
    kept.unsubscribe();
    expect(router.size).toBe(1);
    other.unsubscribe();
    expect(router.size).toBe(0);
  });
});

describe('the client streams derived from the routes', () => {
  it('parses each log message once for logs$ and loggingCallback together, and exposes notificationsOf', async () => {
    const peer = scriptedPeer((message, p) => {
      if (!isRequest(message)) return;
      if (message.method === 'initialize') p.result(message.id, { protocolVersion: '2025-11-25', capabilities: { logging: {} }, serverInfo: { name: 's', version: '1' } });
      else p.result(message.id, {});
    });
    const callbackLogs: unknown[] = [];
    const client = await Client.connect(peer.transport, { mode: 'legacy', loggingCallback: (message) => callbackLogs.push(message.data) });
    const logs: unknown[] = [];
    const raw: string[] = [];
    client.logs$.subscribe((message) => logs.push(message.data));
    client.logs$.subscribe(() => undefined);
    client.notificationsOf('notifications/message').subscribe((n) => raw.push(n.method));
    const parse = jest.spyOn(LoggingMessageParamsSchema, 'safeParse');
    try {
      peer.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'one' } });
      peer.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'two' } });
      await until(() => logs.length === 2 && callbackLogs.length === 2);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
    expect(logs).toEqual(['one', 'two']);
    expect(callbackLogs).toEqual(['one', 'two']);
    expect(raw).toEqual(['notifications/message', 'notifications/message']);
    await client.close();
  });
});
