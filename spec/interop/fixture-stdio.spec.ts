/**
 * rxmcp against the fixture server (official server SDK, `serveStdio`, both eras) over a real
 * stdio pipe, with the wire recorded.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { CancelledError, ConnectError, ConnectionClosedError, TimeoutError, TransportError } from '../../lib/protocol/errors.js';
import type { JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { firstText, fixtureServer, processAlive } from '../helpers/servers.js';
import { eventually, until } from '../helpers/scripted-peer.js';

const clientInfo = { name: 'rxmcp-spec', version: '1.0.0' };

describe.each(['legacy', 'auto'] as const)('fixture server over stdio, mode %s', (mode) => {
  let client: Client;
  let transport: ReturnType<typeof recording<ReturnType<typeof fixtureServer>>>;

  beforeEach(async () => {
    transport = recording(fixtureServer());
    client = await Client.connect(transport, { mode, clientInfo });
  });
  afterEach(() => client.close());

  it('negotiates the expected era on the wire', async () => {
    await client.listTools();
    if (mode === 'legacy') {
      expect(methodsOf(transport.sent).slice(0, 3)).toEqual(['initialize', 'notifications/initialized', 'tools/list']);
      expect(client.protocolVersion).toBe('2025-11-25');
      expect((transport.sent[2] as JsonRpcRequest).params?._meta).toEqual({ progressToken: 2 });
    } else {
      expect(methodsOf(transport.sent)).toEqual(['server/discover', 'tools/list']);
      expect((transport.sent[0] as JsonRpcRequest).params?._meta).toEqual({
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        // the tasks extension is declared on every modern request (option tasks)
        'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
        'io.modelcontextprotocol/clientInfo': clientInfo,
      });
      expect((transport.sent[1] as JsonRpcRequest).params?._meta).toMatchObject({ 'io.modelcontextprotocol/protocolVersion': '2026-07-28' });
      expect(client.protocolVersion).toBe('2026-07-28');
    }
    expect(client.serverInfo).toEqual({ name: 'rxmcp-fixture', version: '1.0.0' });
    expect(client.instructions).toBe('A fixture server for rxmcp tests.');
  });

  it('lists and calls tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'add', 'progress', 'slow', 'crash']));
    expect(firstText(await client.callTool('echo', { text: 'hi' }))).toBe('hi');
    expect((await client.callTool('add', { a: 2, b: 3 })).structuredContent).toEqual({ sum: 5 });
  });

  it('reports a tool-level failure in the result, not as an exception', async () => {
    const result = await client.callTool('echo', { wrong: 1 });
    expect(result.isError).toBe(true);
  });

  it('streams progress events, then the result, from callTool$', async () => {
    const events = await lastValueFrom(client.callTool$('progress', { steps: 3 }).pipe(toArray()));
    expect(events.map((event) => event.type)).toEqual(['progress', 'progress', 'progress', 'result']);
    expect(events[0]).toEqual({ type: 'progress', progress: 1, total: 3, message: 'step 1' });
    expect(events[3]).toMatchObject({ type: 'result', result: { content: [{ type: 'text', text: 'done 3' }] } });
  });

  it('hands progress to onProgress on the Promise API', async () => {
    const seen: number[] = [];
    const result = await client.callTool('progress', { steps: 4 }, { onProgress: (event) => seen.push(event.progress) });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(firstText(result)).toBe('done 4');
  });

  it('cancels on the server when the subscriber leaves', async () => {
    const subscription = client.callTool$('slow', { ms: 5000 }).subscribe();
    await until(() => transport.sent.some((m) => 'method' in m && m.method === 'tools/call'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    subscription.unsubscribe();
    await until(() => transport.sent.some((m) => 'method' in m && m.method === 'notifications/cancelled'));
    const cancelled = transport.sent.find((m) => 'method' in m && m.method === 'notifications/cancelled') as JsonRpcRequest;
    const call = transport.sent.find((m) => 'method' in m && m.method === 'tools/call') as JsonRpcRequest;
    expect(cancelled.params).toEqual({ requestId: call.id, reason: 'The client cancelled the request' });
    const count = await eventually(async () => firstText(await client.callTool('cancellations', {})), (value) => value === '1');
    expect(count).toBe('1');
  });

  it('rejects with CancelledError when the signal aborts, and tells the server', async () => {
    const controller = new AbortController();
    const call = client.callTool('slow', { ms: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort('user clicked stop'), 50);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).reason).toBe('user clicked stop');
    await until(() => methodsOf(transport.sent).includes('notifications/cancelled'));
  });

  it('sends nothing for a call whose signal is already aborted', async () => {
    const before = transport.sent.length;
    const controller = new AbortController();
    controller.abort();
    await expect(client.callTool('echo', { text: 'x' }, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(transport.sent.length).toBe(before);
  });

  it('times out an idle call with TimeoutError and cancels it on the server', async () => {
    const error = await client.callTool('slow', { ms: 5000 }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ method: 'tools/call', timeoutMs: 100, kind: 'idle' });
    await until(() => methodsOf(transport.sent).includes('notifications/cancelled'));
  });

  it('keeps a call alive while progress arrives, without a progress callback', async () => {
    // 6 steps 60 ms apart take ~360 ms, well past the 150 ms idle timeout
    const result = await client.callTool('progress', { steps: 6, delayMs: 60 }, { timeoutMs: 150 });
    expect(firstText(result)).toBe('done 6');
  });

  it('enforces the total deadline even while progress arrives', async () => {
    const error = await client.callTool('progress', { steps: 20, delayMs: 30 }, { timeoutMs: 150, totalTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'total', timeoutMs: 200 });
  });

  it('carries a 20 MB result', async () => {
    const result = await client.callTool('big', { bytes: 20 * 1024 * 1024 });
    expect(firstText(result).length).toBe(20 * 1024 * 1024);
  });

  it('handles 10,000 concurrent calls', async () => {
    const results = await Promise.all(Array.from({ length: 10_000 }, (_, i) => client.callTool('echo', { text: `n${i}` })));
    expect(results.every((result, i) => firstText(result) === `n${i}`)).toBe(true);
  });

  it('fails all 100 in-flight calls promptly with ConnectionClosedError when the server dies', async () => {
    const calls = Array.from({ length: 100 }, () => client.callTool('slow', { ms: 10_000 }).catch((e: unknown) => e));
    await until(() => methodsOf(transport.sent).filter((m) => m === 'tools/call').length === 100);
    const started = Date.now();
    void client.callTool('crash', { code: 9 }).catch(() => undefined);
    const errors = await Promise.all(calls);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errors.every((error) => error instanceof ConnectionClosedError)).toBe(true);
    expect((errors[0] as Error).message).toContain('exited with code 9');
    expect(client.connected).toBe(false);
    await expect(client.callTool('echo', { text: 'late' })).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});

describe('stdio process handling', () => {
  it('gives the server a safe environment plus env, and the cwd asked for', async () => {
    process.env.RXMCP_SPEC_SECRET = 'do-not-leak';
    try {
      await using client = await Client.connect(fixtureServer({ env: { RXMCP_SPEC_GIVEN: 'given' }, cwd: '/tmp' }));
      expect(firstText(await client.callTool('env', { name: 'RXMCP_SPEC_SECRET' }))).toBe('<unset>');
      expect(firstText(await client.callTool('env', { name: 'RXMCP_SPEC_GIVEN' }))).toBe('given');
      expect(firstText(await client.callTool('env', { name: 'PATH' }))).toBe(process.env.PATH);
      expect(firstText(await client.callTool('cwd', {}))).toBe('/tmp');
    } finally {
      delete process.env.RXMCP_SPEC_SECRET;
    }
  });

  it('exposes stderr as lines, apart from the protocol stream', async () => {
    const transport = fixtureServer();
    const lines: string[] = [];
    transport.stderr$.subscribe((line) => lines.push(line));
    await using client = await Client.connect(transport);
    await client.callTool('stderr', { text: 'hello from stderr' });
    await until(() => lines.includes('hello from stderr'));
  });

  it('stops the server and what it left behind in its process group on close', async () => {
    const transport = fixtureServer();
    const client = await Client.connect(transport);
    const serverPid = transport.pid!;
    const orphanPid = Number(firstText(await client.callTool('spawn-orphan', {})));
    expect(processAlive(orphanPid)).toBe(true);
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(processAlive(serverPid)).toBe(false);
    expect(processAlive(orphanPid)).toBe(false);
    expect(transport.pid).toBeUndefined();
  });

  it('SIGTERMs a server that ignores end-of-input, within the grace period', async () => {
    const transport = stdio({
      command: process.execPath,
      args: ['-e', "process.stdin.resume(); process.stdin.on('end', () => {}); setInterval(() => {}, 1000)"],
      shutdown: { stdinGraceMs: 100, termGraceMs: 500 },
    });
    const client = Client.connect(transport, { mode: '2026-07-28' });
    const connected = await client;
    const pid = transport.pid!;
    const started = Date.now();
    await connected.close();
    expect(processAlive(pid)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a command that cannot start as a ConnectError (a TransportError) naming ENOENT', async () => {
    // issue 10 item 3: one story for "cannot reach the server", no longer a ConnectionClosedError
    const error = await Client.connect(stdio({ command: '/nonexistent/mcp-server' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as ConnectError).code).toBe('ENOENT');
    expect((error as Error).message).toContain('ENOENT');
  });
});
