/**
 * `state$` of a 2026-07-28 connection over Streamable HTTP follows its streams and its requests,
 * by the rule legacy connections follow (README, "HTTP and WebSocket"): the real fixture HTTP
 * server process is killed (SIGKILL: the listen stream breaks) or stopped (its listen streams
 * end with a result), and restarted on the same port. Every state is awaited, never slept for.
 */
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import type { ConnectionState } from '../../lib/client/connection-state.js';
import { ReconnectExhaustedError } from '../../lib/protocol/http-errors.js';
import { StreamBrokenError } from '../../lib/protocol/errors.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { freePort } from '../helpers/free-port.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';

jest.setTimeout(9_000);

/**
 * The server's count of open listen streams once the client's listen has reached it: a `tools$`
 * value comes from `tools/list`, which may be answered before the listen POST arrives (seen under
 * two CPU hogs), so ask again, 20 ms apart, while the count is 0; the test's timeout bounds it.
 */
async function listenStreamsOnceOpen(server: FixtureHttpServer): Promise<{ streams: number }> {
  for (;;) {
    const seen = await server.admin<{ streams: number }>('listen-streams');
    if (seen.streams !== 0) return seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the first state `state$` reaches that matches `name`. */
function reaches(state$: Observable<ConnectionState>, name: ConnectionState['state'], stream?: string): Promise<ConnectionState> {
  return firstValueFrom(state$.pipe(filter((state) => state.state === name && (stream === undefined || ('stream' in state && state.stream === stream)))));
}

/** The fixture server on `port` (restartable there). */
function fixtureOn(port: number): Promise<FixtureHttpServer> {
  return startFixtureHttpServer({ env: { FIXTURE_HTTP_PORT: String(port) } });
}

describe('state$ of a 2026-07-28 connection whose server dies', () => {
  let server: FixtureHttpServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('a killed server: the listen stream turns reconnecting, then degraded (ReconnectExhaustedError); close makes it closed', async () => {
    server = await fixtureOn(await freePort());
    const client = await Client.connect(streamableHttp(server.url), { mode: 'auto', cache: false, reconnect: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 } });
    expect(client.era).toBe('modern');
    const states: ConnectionState['state'][] = [];
    client.state$.subscribe((state) => states.push(state.state));
    const tools = client.tools$.subscribe();
    await firstValueFrom(client.tools$);
    expect(await listenStreamsOnceOpen(server)).toEqual({ streams: 1 });

    const reconnecting = reaches(client.state$, 'reconnecting', 'subscriptions/listen');
    const degraded = reaches(client.state$, 'degraded', 'subscriptions/listen');
    process.kill(server.pid, 'SIGKILL');
    await server.stop();
    expect(await reconnecting).toMatchObject({ attempt: 1 });
    const gaveUp = await degraded;
    expect(gaveUp).toMatchObject({ state: 'degraded', stream: 'subscriptions/listen', reason: expect.any(ReconnectExhaustedError) });
    expect(states.slice(0, 2)).toEqual(['connected', 'reconnecting']);
    tools.unsubscribe();

    await client.close();
    expect(await firstValueFrom(client.state$)).toMatchObject({ state: 'closed' });
  });

  it('a server stopped (its subscriptions end with a result) and restarted on the same port: reconnecting, then connected, and tools$ listens again', async () => {
    const port = await freePort();
    server = await fixtureOn(port);
    await using client = await Client.connect(streamableHttp(server.url), { mode: 'auto', cache: false, reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 60 } });
    let lists = 0;
    const tools = client.tools$.subscribe(() => lists++);
    await firstValueFrom(client.tools$);
    expect(await listenStreamsOnceOpen(server)).toEqual({ streams: 1 });

    const reconnecting = reaches(client.state$, 'reconnecting', 'subscriptions/listen');
    await server.stop();
    await reconnecting;
    server = await fixtureOn(port);
    await reaches(client.state$, 'connected');
    // the new listen stream is acknowledged: tools$ fetched the list again, the server holds the stream
    await firstValueFrom(client.tools$.pipe(filter(() => lists >= 2)));
    expect(await listenStreamsOnceOpen(server)).toEqual({ streams: 1 });
    const requests = await server.admin<{ requests: Record<string, number> }>('requests');
    expect(requests.requests).toMatchObject({ 'subscriptions/listen': 1, 'tools/list': 1 });
    tools.unsubscribe();
  });

  it('with no stream open, a request that cannot reach the server makes it degraded (stream "requests"); the next answered one, connected', async () => {
    const port = await freePort();
    server = await fixtureOn(port);
    await using client = await Client.connect(streamableHttp(server.url), { mode: 'auto', cache: false });
    const degraded = reaches(client.state$, 'degraded', 'requests');
    await server.stop();
    await expect(client.callTool('echo', { text: 'gone' })).rejects.toBeInstanceOf(StreamBrokenError);
    expect(await degraded).toMatchObject({ stream: 'requests', reason: expect.any(StreamBrokenError) });

    server = await fixtureOn(port);
    const back = reaches(client.state$, 'connected');
    const result = await client.callTool('echo', { text: 'back' });
    expect(result.content[0]).toMatchObject({ type: 'text', text: 'back' });
    expect(await back).toEqual({ state: 'connected' });
  });
});
