/**
 * A graceful close over Streamable HTTP lets the POSTs of notifications still under way finish
 * before it aborts the rest: a call cancelled just before `close()` is still cancelled on the server
 * (legacy: the whole `notifications/cancelled` POST reaches it), where the close used to abort that POST.
 * Runs on both requesters (undici and fetch: this file is in jest.config.js's HTTP specs).
 */
import { Client } from '../../lib/index.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';

let http: FixtureHttpServer;

beforeAll(async () => {
  http = await startFixtureHttpServer();
});

afterAll(async () => {
  await http.stop();
});

describe('a graceful close over Streamable HTTP', () => {
  it('delivers the notifications/cancelled of a call cancelled just before close() (legacy)', async () => {
    const before = await cancelledNotices();
    const calls = await callsReceived();
    const client = await Client.connect(http.url, { mode: 'legacy' });
    const subscription = client.callTool$('slow', { ms: 30_000 }).subscribe({ error: () => undefined });
    await until(async () => (await callsReceived()) > calls);
    subscription.unsubscribe();
    await client.close();
    // the whole notifications/cancelled POST reached the server (an aborted one is never counted)
    await until(async () => (await cancelledNotices()) > before);
    expect(await cancelledNotices()).toBe(before + 1);
  });
});

/** How many notifications/cancelled POSTs the fixture received whole. */
async function cancelledNotices(): Promise<number> {
  const { notifications } = await http.admin<{ notifications: Record<string, number> }>('notifications');
  return notifications['notifications/cancelled'] ?? 0;
}

/** How many tools/call requests the fixture received. */
async function callsReceived(): Promise<number> {
  const { requests } = await http.admin<{ requests: Record<string, number> }>('requests');
  return requests['tools/call'] ?? 0;
}

/** Polls `check` until it holds (the server's counters change on their own schedule). */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
