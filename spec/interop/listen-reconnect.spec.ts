/**
 * A 2026-07-28 `subscriptions/listen` stream over Streamable HTTP that breaks: the client opens
 * it again with backoff (state$ shows it), the live lists catch up on what they may have missed,
 * and a stream that never comes back ends in ReconnectExhaustedError, against the fixture HTTP
 * server behind the fault proxy.
 */
import { lastValueFrom } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import type { ConnectionState } from '../../lib/client/connection-state.js';
import { ReconnectExhaustedError } from '../../lib/protocol/http-errors.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';

const fastReconnect = { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 };

describe('subscriptions/listen reconnection over Streamable HTTP', () => {
  let server: FixtureHttpServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startFixtureHttpServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    proxy = await startFaultProxy(server.url);
  });
  afterEach(async () => {
    await proxy.stop();
  });

  const listenPosts = (): number => proxy.requests.filter((request) => (request.body as { method?: string } | undefined)?.method === 'subscriptions/listen').length;

  it('re-opens a broken listen stream, is acknowledged again, and delivers later changes', async () => {
    await using client = await Client.connect(proxy.url, { reconnect: fastReconnect, cache: false });
    expect(client.era).toBe('modern');
    const states: ConnectionState['state'][] = [];
    client.state$.subscribe((state) => states.push(state.state));
    proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'subscriptions/listen' } });

    const events: string[] = [];
    const subscription = client.listen$({ toolsListChanged: true }).subscribe((event) => events.push(event.type === 'acknowledged' ? 'ack' : event.notification.method));
    await waitFor(() => events.filter((event) => event === 'ack').length === 2);
    expect(listenPosts()).toBe(2);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);

    await server.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'tools' }) });
    await waitFor(() => events.includes('notifications/tools/list_changed'));
    expect(events).toEqual(['ack', 'ack', 'notifications/tools/list_changed']);
    subscription.unsubscribe();
  });

  it('makes tools$ fetch the list again after a re-opening, since changes may have been missed', async () => {
    await using client = await Client.connect(proxy.url, { reconnect: fastReconnect, cache: false });
    const toolLists = (): number => proxy.requests.filter((request) => (request.body as { method?: string } | undefined)?.method === 'tools/list').length;
    proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'subscriptions/listen' } });
    const emissions: number[] = [];
    const subscription = client.tools$.subscribe((tools) => emissions.push(tools.length));
    await waitFor(() => listenPosts() === 2 && toolLists() === 2 && emissions.length === 2);
    expect(emissions[0]).toBeGreaterThan(0);
    expect(emissions[1]).toBe(emissions[0]);
    subscription.unsubscribe();
  });

  it('gives up with ReconnectExhaustedError when the stream cannot be re-opened, and shows it on state$', async () => {
    await using client = await Client.connect(proxy.url, { reconnect: fastReconnect, cache: false });
    const states: ConnectionState[] = [];
    client.state$.subscribe((state) => states.push(state));
    proxy.inject({ kind: 'cutAfterEvents', events: 1, when: { jsonrpcMethod: 'subscriptions/listen' } });
    proxy.inject({ kind: 'status', status: 503, when: { jsonrpcMethod: 'subscriptions/listen' }, times: 10 });
    const error = await lastValueFrom(client.listen$({ toolsListChanged: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconnectExhaustedError);
    expect(error).toMatchObject({ stream: 'subscriptions/listen', attempts: 3 });
    expect(listenPosts()).toBe(4);
    expect(states.at(-1)).toMatchObject({ state: 'degraded', stream: 'subscriptions/listen' });
    // requests still work
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
