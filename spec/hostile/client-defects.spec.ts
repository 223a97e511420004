/**
 * Issue 10, the client and session items: what hostile servers and a new user broke in
 * `Client.connect` and the session, each pinned on the wire or on results.
 *
 * - 4: the listing a tool result's validation needs is shared by every call waiting for it.
 * - 11: faults that arrive while `connect` negotiates reach `faults$` and `messageHandler`.
 * - 12: `connect` takes a `signal` and a `connectTimeoutMs`, and stops the server before it rejects.
 * - 13: `logLevel` sends `logging/setLevel` on legacy connections.
 * - 17: `client.transport` has the type of the transport given (stdio's `stderr$`).
 */
import { join } from 'node:path';
import { firstValueFrom, tap, type Observable } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { CancelledError, InvalidOptionError, ProtocolViolationError, TimeoutError, type RxMcpError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import type { LoggingMessage } from '../../lib/protocol/schemas/logging.js';
import type { ClientWarning } from '../../lib/session/client-warning.js';
import type { StdioOptions } from '../../lib/transport/stdio/stdio-options.js';
import { stdio, type StdioTransport } from '../../lib/transport/stdio/stdio-transport.js';
import type { SseTransport } from '../../lib/transport/http/sse-transport.js';
import type { StreamableHttpTransport } from '../../lib/transport/http/streamable-http-transport.js';
import type { InboundItem, OutboundMessage, Transport } from '../../lib/transport/transport.js';
import type { WebSocketTransport } from '../../lib/transport/websocket/websocket-transport.js';
import { ToolOutputValidationError } from '../../lib/validation/errors.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { scriptedPeer } from '../helpers/scripted-peer.js';
import { firstText, fixtureServer, processAlive } from '../helpers/servers.js';
import { startSilentHttpServer } from './servers/silent-http.js';

const SERVERS = join(__dirname, 'servers');

/** A hostile server of spec/hostile/servers over stdio. */
function hostile(script: string, args: readonly string[] = [], options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(SERVERS, script), ...args], ...options });
}

/** Wraps `inner`, calling `onSent` with each message the client writes and counting connections. */
function watched<T extends Transport>(inner: T, onSent: (message: JsonRpcMessage) => void = () => undefined): Transport & { connections: number } {
  const wrapper = {
    kind: inner.kind,
    description: `watched ${inner.description}`,
    connections: 0,
    connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
      wrapper.connections++;
      return inner.connect(outbound$.pipe(tap((outbound) => onSent(outbound.message))));
    },
  };
  return wrapper;
}

describe('item 4: the listing for output validation is shared', () => {
  it('2,000 concurrent callTool made before any listing send exactly one tools/list', async () => {
    const transport = recording(fixtureServer());
    const client = await Client.connect(transport, { mode: 'legacy' });
    try {
      const results = await Promise.all(Array.from({ length: 2_000 }, (_, i) => client.callTool('add', { a: i, b: 1 })));
      expect(results.every((result, i) => (result.structuredContent as { sum: number }).sum === i + 1)).toBe(true);
      expect(methodsOf(transport.sent).filter((method) => method === 'tools/list')).toHaveLength(1);
      // the results were validated against the listing: a bad one fails
      await expect(client.callTool('bad-output', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
      expect(methodsOf(transport.sent).filter((method) => method === 'tools/list')).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('a failed shared listing leaves those results unvalidated (with a warning each) and a later call lists again', async () => {
    let listings = 0;
    const tool = { name: 'sum', inputSchema: { type: 'object' }, outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] } };
    const peer = scriptedPeer((message, peer) => {
      if (!('id' in message) || !('method' in message)) return;
      if (message.method === 'initialize') peer.result(message.id, { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 's', version: '0' } });
      else if (message.method === 'tools/list') {
        const id = message.id;
        // answered in a later turn, so every call's result is in before the listing settles
        setTimeout(() => (listings++ === 0 ? peer.error(id, -32603, 'listing broke') : peer.result(id, { tools: [tool] })), 20);
      } else if (message.method === 'tools/call') peer.result(message.id, { content: [], structuredContent: { sum: 'not a number' } });
    });
    const client = await Client.connect(peer.transport, { mode: 'legacy' });
    const warnings: ClientWarning[] = [];
    client.warnings$.subscribe((warning) => warnings.push(warning));
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () => client.callTool('sum', {})));
      expect(results).toHaveLength(50);
      expect(peer.requests('tools/list')).toHaveLength(1);
      expect(warnings.filter((warning) => warning.code === 'unknown-tool')).toHaveLength(50);
      await expect(client.callTool('sum', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
      expect(peer.requests('tools/list')).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});

describe('item 11: faults during connect are not lost', () => {
  it('a banner printed before the first JSON-RPC line reaches messageHandler and faults$ once', async () => {
    const handled: (JsonRpcNotification | RxMcpError)[] = [];
    const client = await Client.connect(hostile('banner-before-jsonrpc.mjs'), { messageHandler: (message) => handled.push(message) });
    try {
      const faults: RxMcpError[] = [];
      client.faults$.subscribe((fault) => faults.push(fault));
      const banner = (fault: unknown): boolean => fault instanceof ProtocolViolationError && fault.message.includes('Weather MCP server v1.2 starting');
      expect(faults.filter(banner)).toHaveLength(1);
      expect(faults.filter((fault) => fault.message.includes('Listening on stdio'))).toHaveLength(1);
      expect(handled.filter(banner)).toHaveLength(1);
      expect(handled.filter((message) => message instanceof ProtocolViolationError)).toHaveLength(2);
      // the connection works, and nothing is delivered twice
      expect(firstText(await client.callTool('echo', { text: 'after the banner' }))).toBe('after the banner');
      expect(faults).toHaveLength(2);
      expect(handled.filter((message) => message instanceof ProtocolViolationError)).toHaveLength(2);
      // a second subscriber sees the connect-time faults too, once
      const second: RxMcpError[] = [];
      client.faults$.subscribe((fault) => second.push(fault));
      expect(second.filter(banner)).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});

describe('item 12: connect is bounded and abortable', () => {
  const shutdown = { stdinGraceMs: 300, termGraceMs: 2000, killGraceMs: 2000 };

  it('connectTimeoutMs bounds the whole negotiation, even with requestTimeoutMs: 0, and stops the server first', async () => {
    let pid: number | undefined;
    const server = hostile('silent-reader.mjs', [], { shutdown });
    const transport = watched(server, () => (pid ??= server.pid));
    const started = Date.now();
    const error = await Client.connect(transport, { connectTimeoutMs: 500, requestTimeoutMs: 0 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).method).toBe('connect');
    expect((error as TimeoutError).timeoutMs).toBe(500);
    expect(pid).toBeDefined();
    expect(processAlive(pid!)).toBe(false);
  });

  it('connectTimeoutMs bounds a connect by URL to a server that never answers, and closes its requests', async () => {
    const server = await startSilentHttpServer();
    try {
      // 2 s: the bound now covers loading the transport's module too, which a loaded machine can make slow
      const error = await Client.connect(server.url, { connectTimeoutMs: 2_000, requestTimeoutMs: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).method).toBe('connect');
      expect(server.received()).toBeGreaterThanOrEqual(1);
      await server.allClosed();
      expect(server.open()).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('an abort mid-negotiation rejects with CancelledError (method connect) after stopping the server', async () => {
    const controller = new AbortController();
    let pid: number | undefined;
    const server = hostile('silent-reader.mjs', [], { shutdown });
    const transport = watched(server, (message) => {
      pid ??= server.pid;
      if ('method' in message && message.method === 'server/discover') setTimeout(() => controller.abort('user gave up'), 50);
    });
    const error = await Client.connect(transport, { signal: controller.signal, requestTimeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).method).toBe('connect');
    expect((error as CancelledError).reason).toBe('user gave up');
    expect(pid).toBeDefined();
    expect(processAlive(pid!)).toBe(false);
  });

  it('an already-aborted signal rejects without connecting the transport', async () => {
    const transport = watched(hostile('silent-reader.mjs'));
    await expect(Client.connect(transport, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    expect(transport.connections).toBe(0);
  });

  it.each([
    ['connectTimeoutMs', { connectTimeoutMs: -1 }],
    ['connectTimeoutMs', { connectTimeoutMs: Number.NaN }],
    ['connectTimeoutMs', { connectTimeoutMs: '500' }],
    ['connectTimeoutMs', { connectTimeoutMs: 2 ** 40 }],
    ['signal', { signal: { aborted: false } }],
  ])('refuses an invalid %s with InvalidOptionError before connecting', async (option, options) => {
    const transport = watched(hostile('silent-reader.mjs'));
    const error = await Client.connect(transport, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(transport.connections).toBe(0);
  });
});

describe('item 13: logLevel on legacy connections', () => {
  it("sends logging/setLevel after notifications/initialized, and lower levels stop arriving", async () => {
    const transport = recording(fixtureServer());
    const client = await Client.connect(transport, { mode: 'legacy', logLevel: 'error' });
    try {
      const methods = methodsOf(transport.sent);
      expect(methods.slice(0, 3)).toEqual(['initialize', 'notifications/initialized', 'logging/setLevel']);
      expect((transport.sent[2] as JsonRpcRequest).params).toMatchObject({ level: 'error' });
      const logs: LoggingMessage[] = [];
      client.logs$.subscribe((log) => logs.push(log));
      await client.callTool('log', { level: 'warning', message: 'quiet please' });
      await client.callTool('log', { level: 'error', message: 'loud' });
      expect(logs.map((log) => [log.level, log.data])).toEqual([['error', 'loud']]);
    } finally {
      await client.close();
    }
  });

  it('a refused logging/setLevel is a warning on warnings$, not a connect failure', async () => {
    const client = await Client.connect(hostile('refuses-set-level.mjs'), { mode: 'legacy', logLevel: 'error' });
    try {
      const warnings: ClientWarning[] = [];
      client.warnings$.subscribe((warning) => warnings.push(warning));
      expect(warnings.map((warning) => warning.code)).toEqual(['log-level-failed']);
      expect(firstText(await client.callTool('received', {}))).toBe('initialize,notifications/initialized,logging/setLevel,tools/call');
    } finally {
      await client.close();
    }
  });

  it('an unanswered logging/setLevel delays connect by probeTimeoutMs at most, then is a warning', async () => {
    const client = await Client.connect(hostile('refuses-set-level.mjs', ['--ignore-set-level']), { mode: 'legacy', logLevel: 'error', probeTimeoutMs: 300 });
    try {
      const warnings: ClientWarning[] = [];
      client.warnings$.subscribe((warning) => warnings.push(warning));
      expect(warnings.map((warning) => warning.code)).toEqual(['log-level-failed']);
      expect(warnings[0]!.cause).toBeInstanceOf(TimeoutError);
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('sends no logging/setLevel to a server without the logging capability', async () => {
    const client = await Client.connect(hostile('refuses-set-level.mjs', ['--no-logging']), { mode: 'legacy', logLevel: 'error' });
    try {
      expect(firstText(await client.callTool('received', {}))).toBe('initialize,notifications/initialized,tools/call');
    } finally {
      await client.close();
    }
  });

  it('keeps the _meta logLevel of 2026-07-28 connections (no logging/setLevel there)', async () => {
    const transport = recording(fixtureServer());
    const client = await Client.connect(transport, { logLevel: 'error' });
    try {
      expect(client.era).toBe('modern');
      const logs: LoggingMessage[] = [];
      client.logs$.subscribe((log) => logs.push(log));
      await client.callTool('log', { level: 'warning', message: 'quiet please' });
      await client.callTool('log', { level: 'error', message: 'loud' });
      expect(logs.map((log) => log.data)).toEqual(['loud']);
      expect(methodsOf(transport.sent)).not.toContain('logging/setLevel');
    } finally {
      await client.close();
    }
  });
});

describe('item 17: the transport keeps its type', () => {
  it("reads the server's stderr through client.transport.stderr$", async () => {
    const client = await Client.connect(fixtureServer(), { mode: 'legacy' });
    try {
      const line = firstValueFrom(client.transport.stderr$);
      await client.callTool('stderr', { text: 'written to stderr' });
      expect(await line).toBe('written to stderr');
    } finally {
      await client.close();
    }
  });

  it('types the transport by target (checked by npm run typecheck)', () => {
    // never run: these lines only have to type-check
    const typeChecks = async (): Promise<void> => {
      const byStdio: Client<StdioTransport> = await Client.connect(fixtureServer());
      const stderr: Observable<string> = byStdio.transport.stderr$;
      const byUrl = await Client.connect('http://127.0.0.1:1/mcp');
      const http: StreamableHttpTransport | SseTransport | WebSocketTransport = byUrl.transport;
      // @ts-expect-error a URL client's transport has no stderr
      void byUrl.transport.stderr$;
      const plain: Client = byStdio; // a typed client is still a Client
      const anyTarget = fixtureServer() as Transport;
      const generic: Client<Transport> = await Client.connect(anyTarget);
      void [stderr, http, plain, generic];
    };
    expect(typeof typeChecks).toBe('function');
  });
});
