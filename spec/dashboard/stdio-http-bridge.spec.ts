/**
 * The dashboard's stdio→HTTP bridge (spec/fixtures/stdio-http-bridge.mjs) passes the stdio
 * server's notifications on: an rxmcp client on 2026-07-28 Streamable HTTP, in front of the stdio
 * fixture server (spec/fixtures/fixture-server.mjs, the official SDK), sees progress on the call's
 * stream, the log messages sent while the call ran, and `list_changed` on its listen stream; a
 * dropped call is cancelled on the server.
 */
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { Client } from '../../lib/index.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { startListeningProcess, type ListeningProcess } from '../helpers/listening-process.js';
import { firstText } from '../helpers/servers.js';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(9_000);

let bridge: ListeningProcess;
let url: string;
beforeAll(async () => {
  bridge = await startListeningProcess([join(ROOT, 'spec', 'fixtures', 'stdio-http-bridge.mjs'), join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs')], { cwd: ROOT });
  url = `http://127.0.0.1:${bridge.port}/mcp`;
});
afterAll(async () => {
  await bridge?.stop();
});

describe('stdio-http-bridge.mjs in front of the stdio fixture server (2026-07-28)', () => {
  it('carries a call’s progress notifications on its stream, under the client’s own token, before the result', async () => {
    await using client = await Client.connect(streamableHttp(url), { mode: 'auto' });
    expect(client.era).toBe('modern');
    const events = await lastValueFrom(client.callTool$('progress', { steps: 3, delayMs: 10 }).pipe(toArray()));
    expect(events.filter((event) => event.type === 'progress').map((event) => (event.type === 'progress' ? event.progress : undefined))).toEqual([1, 2, 3]);
    const last = events.at(-1);
    expect(last?.type === 'result' && firstText(last.result)).toBe('done 3');
  });

  it('passes on the log messages the server sends while a call runs', async () => {
    await using client = await Client.connect(streamableHttp(url), { mode: 'auto', logLevel: 'debug' });
    const logged = firstValueFrom(client.logs$.pipe(filter((log) => log.data === 'through the bridge')));
    expect(firstText(await client.callTool('log', { level: 'warning', message: 'through the bridge' }))).toBe('logged warning');
    expect(await logged).toMatchObject({ level: 'warning', data: 'through the bridge' });
  });

  it('delivers list_changed on the listen stream (its acknowledgement and notification under the client’s id): tools$ follows', async () => {
    await using client = await Client.connect(streamableHttp(url), { mode: 'auto', cache: false });
    const lists: string[][] = [];
    const following = client.tools$.subscribe((tools) => lists.push(tools.map((tool) => tool.name)));
    try {
      await firstValueFrom(client.tools$);
      await client.callTool('add-tool', { name: 'bridged-fresh' });
      const names = await firstValueFrom(client.tools$.pipe(filter((tools) => tools.some((tool) => tool.name === 'bridged-fresh')), take(1)));
      expect(names.map((tool) => tool.name)).toContain('bridged-fresh');
      expect(lists[0]).not.toContain('bridged-fresh');
    } finally {
      following.unsubscribe();
    }
  });

  it('cancels on the server a call whose client unsubscribed', async () => {
    await using client = await Client.connect(streamableHttp(url), { mode: 'auto' });
    const before = Number(firstText(await client.callTool('cancellations', {})));
    // the call is dropped once the server says it runs (a later call's round trip proved nothing:
    // over HTTP the two POSTs race through the bridge, and under load the later one won)
    const started = firstValueFrom(client.callTool$('slow', { ms: 60_000, announce: true }).pipe(filter((event) => event.type === 'progress')));
    expect(await started).toMatchObject({ type: 'progress', progress: 0, message: 'started' });
    let after = before;
    for (let attempt = 0; attempt < 200 && after === before; attempt++) after = Number(firstText(await client.callTool('cancellations', {})));
    expect(after).toBe(before + 1);
  });
});
