/**
 * `ClientGroup` against real server processes: the fixture server in both eras, a server whose
 * listings come in pages, server-everything over stdio and over Streamable HTTP, one that is
 * crashed after connect (and restarted by policy), and one that never answers `initialize`.
 * Routing is checked on each server's own wire.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, tap, toArray, type Observable } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, TimeoutError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { stdio, type StdioTransport } from '../../lib/transport/stdio/stdio-transport.js';
import type { InboundItem, OutboundMessage, Transport } from '../../lib/transport/transport.js';
import { ClientGroup } from '../../lib/group/client-group.js';
import type { GroupTool } from '../../lib/group/aggregate.js';
import { DuplicateServerError, NameCollisionError, UnknownComponentError, UnknownServerError } from '../../lib/group/group-errors.js';
import type { GroupEvent } from '../../lib/group/server-state.js';
import { startEverythingServer, type EverythingHttpServer } from '../helpers/http-servers.js';
import { recording, type RecordingTransport } from '../helpers/recording-transport.js';
import { everythingServer, firstText, fixtureServer, processAlive } from '../helpers/servers.js';

const ROOT = join(__dirname, '..', '..');

/** The paged server over stdio. */
function pagedServer(): StdioTransport {
  return stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'fixtures', 'paged-server.mjs'), '3'] });
}

/** A stdio server that reads and never answers (not even `initialize`). */
function silentServer(): StdioTransport {
  return stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'hostile', 'servers', 'silent-reader.mjs')], stderr: 'ignore' });
}

/** Records the wire and every pid the process had while connected. */
function watched<T extends Transport & { readonly pid?: number }>(inner: T): RecordingTransport & { readonly inner: T; readonly pids: number[] } {
  const recorder = recording(inner);
  const pids: number[] = [];
  const base = recorder.connect.bind(recorder);
  return Object.assign(recorder, {
    pids,
    connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
      return base(outbound$).pipe(
        tap(() => {
          const pid = inner.pid;
          if (pid !== undefined && !pids.includes(pid)) pids.push(pid);
        }),
      );
    },
  });
}

/** The `tools/call` requests on a wire, as `name` and arguments. */
function toolCalls(sent: readonly JsonRpcMessage[]): { name: string; arguments?: unknown }[] {
  return sent
    .filter((message) => 'method' in message && message.method === 'tools/call')
    .map((message) => (message as unknown as { params: { name: string; arguments?: unknown } }).params)
    .map(({ name, arguments: args }) => ({ name, arguments: args }));
}

/** The first value of `tools$` that satisfies `test`. */
function toolsWhen(group: ClientGroup, test: (tools: readonly GroupTool[]) => boolean): Promise<readonly GroupTool[]> {
  return firstValueFrom(group.tools$.pipe(filter(test)));
}

const named = (prefix: string) => (tools: readonly GroupTool[]) => tools.filter((tool) => tool.server === prefix).map((tool) => tool.name);

describe('ClientGroup over seven real server processes', () => {
  let http: EverythingHttpServer;
  let group: ClientGroup;
  const events: GroupEvent[] = [];
  const settled: string[] = [];
  const wires = {
    legacy: watched(fixtureServer()),
    modern: watched(fixtureServer()),
    paged: watched(pagedServer()),
    everything: watched(everythingServer()),
    crashy: watched(fixtureServer()),
  };
  let everythingHttp: RecordingTransport;
  let silentOutcome: unknown;
  const sampledBy: string[] = [];

  beforeAll(async () => {
    http = await startEverythingServer('streamableHttp');
    everythingHttp = recording(streamableHttp(http.url));
    group = new ClientGroup({
      componentNameHook: (name, server) => `${server}.${name}`,
      samplingCallback: (_params, { server }) => {
        sampledBy.push(server);
        return { role: 'assistant', content: { type: 'text', text: `group answer for ${server}` }, model: 'spec' };
      },
      elicitationCallback: (_params, { server }) => ({ action: 'accept', content: { answer: `asked by ${server}` } }),
      listRootsCallback: ({ server }) => [{ uri: `file:///roots/${server}` }],
      clientOptions: { connectTimeoutMs: 20_000 },
    });
    group.events$.subscribe((event) => events.push(event));
    const connects: [string, Promise<Client>][] = [
      ['legacy', group.connect('legacy', wires.legacy, { mode: 'legacy' })],
      [
        'modern',
        group.connect('modern', wires.modern, {
          samplingCallback: (_params, { server }) => ({ role: 'assistant', content: { type: 'text', text: `own answer for ${server}` }, model: 'spec' }),
        }),
      ],
      ['paged', group.connect('paged', wires.paged)],
      ['everything', group.connect('everything', wires.everything)],
      ['everything-http', group.connect('everything-http', everythingHttp)],
      ['crashy', group.connect('crashy', wires.crashy, { mode: 'legacy', restart: { maxAttempts: 3, backoff: { initialDelayMs: 10, maxDelayMs: 50 } } })],
      ['silent', group.connect('silent', silentServer(), { connectTimeoutMs: 6_000 })],
    ];
    await Promise.all(
      connects.map(([name, connect]) =>
        connect.then(
          () => settled.push(name),
          (error: unknown) => {
            settled.push(`${name}!`);
            if (name === 'silent') silentOutcome = error;
            else throw error;
          },
        ),
      ),
    );
  }, 30_000);

  afterAll(async () => {
    await group?.close();
    await http?.stop();
  });

  it('connects in parallel: the silent server fails alone, on its own timeout, after every other server connected', () => {
    expect(silentOutcome).toBeInstanceOf(TimeoutError);
    expect(silentOutcome).toMatchObject({ method: 'connect', timeoutMs: 6_000 });
    expect(settled.at(-1)).toBe('silent!');
    expect(settled.slice(0, -1).sort()).toEqual(['crashy', 'everything', 'everything-http', 'legacy', 'modern', 'paged']);
    expect(events.filter((event) => event.type === 'failed').map((event) => event.server)).toEqual(['silent']);
    const states = group.states$;
    let current: ReadonlyMap<string, { state: string }> | undefined;
    states.subscribe((map) => (current = map)).unsubscribe();
    expect(current?.get('silent')).toMatchObject({ state: 'failed', error: expect.any(TimeoutError) });
    for (const name of ['legacy', 'modern', 'paged', 'everything', 'everything-http', 'crashy']) expect(current?.get(name)).toEqual({ state: 'connected', connection: { state: 'connected' } });
    expect([...group.clients.keys()].sort()).toEqual(['crashy', 'everything', 'everything-http', 'legacy', 'modern', 'paged']);
    expect(group.client('modern').era).toBe('modern');
    expect(group.client('legacy').era).toBe('legacy');
    expect(() => group.client('silent')).toThrow(UnknownServerError);
  });

  it('aggregates every page of every server, each entry tagged with its server, names renamed by the hook', () => {
    expect(named('paged')([...group.tools.values()])).toEqual(['paged.page0-0', 'paged.page0-1', 'paged.page1-0', 'paged.page1-1', 'paged.page2-0', 'paged.page2-1']);
    const cursors = wires.paged.sent.filter((m) => 'method' in m && m.method === 'tools/list').map((m) => (m as { params?: { cursor?: string } }).params?.cursor);
    expect(cursors).toEqual([undefined, 'page-1', 'page-2']);
    expect([...group.prompts.keys()].filter((name) => name.startsWith('paged.'))).toEqual(['paged.paged-prompt-0', 'paged.paged-prompt-1']);
    expect(group.resources.get('paged.paged://r/1')).toMatchObject({ server: 'paged', resource: { uri: 'paged://r/1' } });
    expect(group.tools.get('legacy.echo')).toMatchObject({ server: 'legacy', name: 'legacy.echo', tool: { name: 'echo' } });
    expect(group.tools.get('modern.echo')?.server).toBe('modern');
    expect(group.tools.get('everything.echo')?.server).toBe('everything');
    expect(group.tools.get('everything-http.echo')?.server).toBe('everything-http');
    expect(group.resourceTemplates.get('legacy.fixture://items/{id}')?.resourceTemplate.uriTemplate).toBe('fixture://items/{id}');
  });

  it('routes each call to the process that owns it, under its own name, on that wire only', async () => {
    expect(firstText(await group.callTool('legacy.echo', { text: 'to legacy' }))).toBe('to legacy');
    expect(firstText(await group.callTool('everything-http.echo', { message: 'to http' }))).toContain('to http');
    expect(firstText(await group.callTool('paged.page2-1', {}))).toMatch(new RegExp(`^page2-1 from ${wires.paged.pids[0]}$`));
    expect(toolCalls(wires.legacy.sent).slice(0, 1)).toEqual([{ name: 'echo', arguments: { text: 'to legacy' } }]);
    expect(toolCalls(everythingHttp.sent)).toEqual([{ name: 'echo', arguments: { message: 'to http' } }]);
    for (const wire of [wires.modern, wires.everything, wires.crashy]) expect(toolCalls(wire.sent)).toEqual([]);
    expect(toolCalls(wires.legacy.sent)).toEqual([{ name: 'echo', arguments: { text: 'to legacy' } }]);
    await expect(group.callTool('nope', {})).rejects.toThrow(UnknownComponentError);
    await expect(lastValueFrom(group.callTool$('nope', {}))).rejects.toThrow(UnknownComponentError);
    const events = await lastValueFrom(group.callTool$('modern.echo', { text: 'as events' }).pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: 'result', result: { content: [{ text: 'as events' }] } });
    await expect(group.callTool('legacy.slow', { ms: 20_000 }, { timeoutMs: 100 })).rejects.toThrow(TimeoutError);
    const cancelled = wires.legacy.sent.filter((m) => 'method' in m && m.method === 'notifications/cancelled');
    expect(cancelled).toHaveLength(1);

    const prompt = await group.getPrompt('modern.greet', { name: 'Ada' });
    expect(prompt.messages[0]!.content).toMatchObject({ text: 'Hello, Ada!' });
    const read = await group.readResource('legacy.fixture://greeting');
    expect(read.contents[0]).toMatchObject({ uri: 'fixture://greeting', text: 'hello' });
    const reads = wires.legacy.sent.filter((m) => 'method' in m && m.method === 'resources/read').map((m) => (m as unknown as { params: { uri: string } }).params.uri);
    expect(reads).toEqual(['fixture://greeting']);
    expect((await group.readResource('fixture://items/7', { server: 'modern' })).contents[0]).toMatchObject({ text: 'item 7' });
    const readEvents = await lastValueFrom(group.readResource$('paged.paged://r/0').pipe(toArray()));
    expect(readEvents.at(-1)).toMatchObject({ type: 'result', result: { contents: [{ uri: 'paged://r/0', text: 'read paged://r/0' }] } });
    await expect(group.readResource('nowhere://x')).rejects.toThrow(UnknownComponentError);
    const completion = await group.complete({ type: 'ref/prompt', name: 'legacy.review' }, { name: 'language', value: 'ty' });
    expect(completion.completion.values).toEqual(['typescript']);
    const completions = wires.legacy.sent.filter((m) => 'method' in m && m.method === 'completion/complete').map((m) => (m as unknown as { params: { ref: unknown } }).params.ref);
    expect(completions).toEqual([{ type: 'ref/prompt', name: 'review' }]);
  });

  it('tells each callback which server asked; a server’s own callback overrides the group’s', async () => {
    expect(firstText(await group.callTool('legacy.ask-model', { prompt: 'hi' }))).toBe('group answer for legacy');
    expect(firstText(await group.callTool('modern.ask-model', { prompt: 'hi' }))).toBe('own answer for modern');
    expect(sampledBy).toEqual(['legacy']);
    expect(firstText(await group.callTool('modern.ask-user', { question: 'who?' }))).toBe('user said asked by modern');
    expect(firstText(await group.callTool('legacy.ask-user', { question: 'who?' }))).toBe('user said asked by legacy');
    expect(firstText(await group.callTool('legacy.list-client-roots', {}))).toBe('file:///roots/legacy');
    expect(firstText(await group.callTool('modern.list-client-roots', {}))).toBe('file:///roots/modern');
  });

  it('merges notifications, logs and progress from every server, each tagged with its server', async () => {
    const log = firstValueFrom(group.logs$);
    await group.callTool('legacy.log', { level: 'warning', message: 'from legacy' });
    expect(await log).toMatchObject({ server: 'legacy', value: { level: 'warning', data: 'from legacy' } });
    const progress = firstValueFrom(group.progress$);
    await group.callTool('modern.progress', { steps: 2 }, { onProgress: () => undefined });
    expect(await progress).toMatchObject({ server: 'modern', value: { method: 'tools/call', event: { type: 'progress', progress: 1, total: 2 } } });
  });

  it('follows a list_changed into the live aggregate, tagged with the server, in both eras', async () => {
    const changed = firstValueFrom(group.notifications$.pipe(filter(({ value }) => value.method === 'notifications/tools/list_changed')));
    const legacyGrown = toolsWhen(group, (tools) => tools.some((tool) => tool.name === 'legacy.added-legacy'));
    const modernGrown = toolsWhen(group, (tools) => tools.some((tool) => tool.name === 'modern.added-modern'));
    await group.callTool('legacy.add-tool', { name: 'added-legacy' });
    await group.callTool('modern.add-tool', { name: 'added-modern' });
    expect(await changed).toMatchObject({ server: 'legacy' });
    expect((await legacyGrown).find((tool) => tool.name === 'legacy.added-legacy')).toMatchObject({ server: 'legacy', tool: { name: 'added-legacy' } });
    await modernGrown;
    expect(group.tools.get('modern.added-modern')?.server).toBe('modern');
    expect(firstText(await group.callTool('modern.added-modern', {}))).toBe('added added-modern');
  });

  it('restarts a crashed stdio server by policy: its tools leave the live aggregate and come back', async () => {
    const before = wires.crashy.pids[0]!;
    const gone = toolsWhen(group, (tools) => !tools.some((tool) => tool.server === 'crashy'));
    const back = firstValueFrom(group.events$.pipe(filter((event) => event.type === 'connected' && event.server === 'crashy')));
    await expect(group.callTool('crashy.crash', {})).rejects.toThrow(ConnectionClosedError);
    await gone;
    expect(await back).toEqual({ type: 'connected', server: 'crashy', restart: 1 });
    expect(events.filter((event) => event.server === 'crashy').map((event) => event.type)).toEqual(['connected', 'crashed', 'restarting', 'connected']);
    expect(named('crashy')([...group.tools.values()])).toContain('crashy.echo');
    const after = wires.crashy.pids.at(-1)!;
    expect(after).not.toBe(before);
    expect(processAlive(before)).toBe(false);
    expect(firstText(await group.callTool('crashy.echo', { text: 'again' }))).toBe('again');
  });

  it('follows a disconnect: the server’s tools leave the live aggregate and its process is stopped', async () => {
    const pid = wires.everything.pids[0]!;
    const without = toolsWhen(group, (tools) => !tools.some((tool) => tool.server === 'everything'));
    await group.disconnect('everything');
    await without;
    expect(processAlive(pid)).toBe(false);
    expect(group.tools.has('everything.echo')).toBe(false);
    expect(group.tools.has('everything-http.echo')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'disconnected', server: 'everything' });
    await expect(group.disconnect('everything')).rejects.toThrow(UnknownServerError);
    await expect(group.connect('legacy', fixtureServer())).rejects.toThrow(DuplicateServerError);
  });
});

describe('ClientGroup names', () => {
  it('refuses a server whose names collide, naming both servers, and closes its connection', async () => {
    await using group = new ClientGroup();
    const first = watched(fixtureServer());
    const second = watched(fixtureServer());
    await group.connect('first', first, { mode: 'legacy' });
    const refused = group.connect('second', second);
    await expect(refused).rejects.toThrow(NameCollisionError);
    const error = (await refused.catch((e: unknown) => e)) as NameCollisionError;
    expect(error.servers).toEqual(['first', 'second']);
    expect(error.kind).toBe('tool');
    expect(error.names).toContain('echo');
    expect(error.message).toContain("'first'");
    expect(error.message).toContain("'second'");
    expect(second.pids).toHaveLength(1);
    expect(processAlive(second.pids[0]!)).toBe(false);
    expect([...group.clients.keys()]).toEqual(['first']);
    expect(new Set([...group.tools.values()].map((tool) => tool.server))).toEqual(new Set(['first']));
    const state = await firstValueFrom(group.state$('second'));
    expect(state).toMatchObject({ state: 'failed', error: expect.any(NameCollisionError) });
    // a failed server's name can be connected again, here with names of its own
    await group.connect('second', pagedServer());
    expect(group.tools.get('page0-0')?.server).toBe('second');
  });

  it('a name that starts to collide after a list change stays with its owner; the collision is an event', async () => {
    await using group = new ClientGroup();
    await group.connect('paged', pagedServer());
    await group.connect('fixture', fixtureServer(), { mode: 'legacy' });
    const collision = firstValueFrom(group.events$.pipe(filter((event) => event.type === 'collision')));
    await group.callTool('add-tool', { name: 'page0-0' });
    const event = await collision;
    expect(event).toMatchObject({ type: 'collision', server: 'fixture', error: { kind: 'tool', names: ['page0-0'], servers: ['paged', 'fixture'] } });
    expect(group.tools.get('page0-0')?.server).toBe('paged');
    expect(firstText(await group.callTool('page0-0', {}))).toMatch(/^page0-0 from \d+$/);
    expect(group.tools.get('echo')?.server).toBe('fixture');
  });

  it('with prefix, names become server_name, URIs carry the server, and a template URI routes by it', async () => {
    await using group = new ClientGroup({ prefix: true });
    await Promise.all([group.connect('a', fixtureServer(), { mode: 'legacy' }), group.connect('b', fixtureServer())]);
    expect(group.tools.get('a_echo')?.server).toBe('a');
    expect(group.tools.get('b_echo')?.server).toBe('b');
    expect(group.resources.get('fixture://b/greeting')?.resource.uri).toBe('fixture://greeting');
    expect(group.resourceTemplates.has('fixture://a/items/{id}')).toBe(true);
    expect(firstText(await group.callTool('b_echo', { text: 'b' }))).toBe('b');
    expect((await group.readResource('fixture://b/items/9')).contents[0]).toMatchObject({ uri: 'fixture://items/9', text: 'item 9' });
    const completion = await group.complete({ type: 'ref/resource', uri: 'fixture://a/items/{id}' }, { name: 'id', value: '' });
    expect(completion.completion.values).toEqual(['1', '2', '3']);
  });

  it('closes every client in parallel when the scope ends', async () => {
    const one = watched(fixtureServer());
    const two = watched(pagedServer());
    {
      await using group = new ClientGroup({ prefix: true });
      await group.connectAll({ one, two });
      expect(group.clients.size).toBe(2);
    }
    for (const pid of [...one.pids, ...two.pids]) expect(processAlive(pid)).toBe(false);
  });
});

describe('ClientGroup lifecycle and bad options', () => {
  it('a disconnect while a server still connects abandons the connect and stops its process', async () => {
    const group = new ClientGroup();
    const silent = stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'hostile', 'servers', 'silent-reader.mjs')] });
    const started = firstValueFrom(silent.stderr$); // `silent reader <pid>`, once it runs
    const outcome = group.connect('silent', silent, { connectTimeoutMs: 0 }).catch((error: unknown) => error);
    const pid = Number((await started).split(' ').at(-1));
    expect(await firstValueFrom(group.state$('silent'))).toEqual({ state: 'connecting', attempt: 0 });
    await group.disconnect('silent');
    expect(await outcome).toMatchObject({ name: 'CancelledError', method: 'connect' });
    expect(processAlive(pid)).toBe(false);
    await group.close();
    await expect(group.connect('late', fixtureServer())).rejects.toThrow(ConnectionClosedError);
  });

  it('stops restarting after maxAttempts failed connects in a row: the server is failed, its tools stay out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-restart-'));
    try {
      const script = join(dir, 'server.mjs');
      writeFileSync(script, `import ${JSON.stringify(join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs'))};\n`);
      await using group = new ClientGroup({ restart: { maxAttempts: 2, backoff: { initialDelayMs: 5, maxDelayMs: 10 } } });
      const events: string[] = [];
      group.events$.subscribe((event) => events.push(event.type));
      await group.connect('gone', stdio({ command: process.execPath, args: [script], stderr: 'ignore' }), { mode: 'legacy' });
      rmSync(script); // every restart now exits at once
      const failedForGood = firstValueFrom(group.state$('gone').pipe(filter((state) => state.state === 'failed' && events.filter((type) => type === 'restarting').length === 2)));
      await expect(group.callTool('crash', {})).rejects.toThrow(ConnectionClosedError);
      expect(await failedForGood).toMatchObject({ state: 'failed', error: expect.any(ConnectionClosedError) });
      expect(events).toEqual(['connected', 'crashed', 'restarting', 'failed', 'restarting', 'failed']);
      expect(group.tools.size).toBe(0);
      expect(group.clients.size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad options with an InvalidOptionError naming them, before anything starts', async () => {
    expect(() => new ClientGroup({ componentNameHook: 'x' as never })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'componentNameHook' }));
    expect(() => new ClientGroup({ restart: { maxAttempts: 0 } })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'restart.maxAttempts' }));
    expect(() => new ClientGroup({ closeTimeoutMs: -1 })).toThrow(expect.objectContaining({ option: 'closeTimeoutMs' }));
    await using group = new ClientGroup();
    const transport = watched(fixtureServer());
    await expect(group.connect('', transport)).rejects.toThrow(expect.objectContaining({ option: 'name' }));
    await expect(group.connect('a', transport, { restart: { backoff: { factor: -1 } } })).rejects.toThrow(expect.objectContaining({ option: 'a.restart.backoff.factor' }));
    await expect(group.connect('b', 42 as never)).rejects.toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'target' }));
    expect(transport.pids).toEqual([]);
  });
});

