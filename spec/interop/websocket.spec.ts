/**
 * rxmcp over a real WebSocket against the fixture server (official server SDK, `serveStdio`
 * over the socket, both eras): the client surface, the closing paths in both directions, the
 * failures of the opening handshake, and a browser bundle of the transport without `ws` or any
 * Node built-in.
 */
import { freePort } from '../helpers/free-port.js';
import { firstValueFrom, lastValueFrom, NEVER, Subject, toArray } from 'rxjs';
import { WebSocket as WsWebSocket } from 'ws';
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, MessageTooLargeError, ProtocolViolationError, TransportError, type RxMcpError } from '../../lib/protocol/errors.js';
import type { JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { BearerAuth } from '../../lib/transport/http/auth.js';
import { AuthenticationError } from '../../lib/protocol/http-errors.js';
import { RegistrationRefusedError } from '../../lib/auth/errors.js';
import type { InboundItem, OutboundMessage } from '../../lib/transport/transport.js';
import { WebSocketClosedError } from '../../lib/transport/websocket/websocket-errors.js';
import { websocket, type WebSocketConstructor, type WebSocketLike } from '../../lib/transport/websocket/websocket-transport.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { eventually, until } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';
import { startWsFixture, type WsFixture } from '../helpers/ws-server.js';

const clientInfo = { name: 'rxmcp-spec', version: '1.0.0' };

/** The error a promise rejects with. */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe.each(['legacy', 'auto'] as const)('fixture server over WebSocket, mode %s', (mode) => {
  let fixture: WsFixture;
  let transport: ReturnType<typeof recording<ReturnType<typeof websocket>>>;
  let client: Client;

  beforeEach(async () => {
    fixture = await startWsFixture();
    transport = recording(websocket(fixture.url));
    client = await Client.connect(transport, { mode, clientInfo });
  });
  afterEach(async () => {
    await client.close();
    await fixture.stop();
  });

  it('negotiates the expected era over the mcp subprotocol', async () => {
    expect(transport.kind).toBe('websocket');
    expect(client.protocolVersion).toBe(mode === 'legacy' ? '2025-11-25' : '2026-07-28');
    expect(methodsOf(transport.sent)[0]).toBe(mode === 'legacy' ? 'initialize' : 'server/discover');
    expect(client.serverInfo).toEqual({ name: 'rxmcp-fixture', version: '1.0.0' });
    expect(fixture.lines).toContain('CONNECTED mcp');
  });

  it('lists and calls tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'add', 'slow', 'progress', 'crash-socket']));
    expect(firstText(await client.callTool('echo', { text: 'hi' }))).toBe('hi');
    expect((await client.callTool('add', { a: 2, b: 3 })).structuredContent).toEqual({ sum: 5 });
  });

  it('streams progress events, then the result', async () => {
    const events = await lastValueFrom(client.callTool$('progress', { steps: 3 }).pipe(toArray()));
    expect(events.map((event) => event.type)).toEqual(['progress', 'progress', 'progress', 'result']);
    expect(events[0]).toEqual({ type: 'progress', progress: 1, total: 3, message: 'step 1' });
  });

  it('carries a 20 MB result in one frame', async () => {
    const result = await client.callTool('big', { bytes: 20 * 1024 * 1024 });
    expect(firstText(result).length).toBe(20 * 1024 * 1024);
  });

  it('handles 2,000 concurrent calls', async () => {
    const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => client.callTool('echo', { text: `n${i}` })));
    expect(results.every((result, i) => firstText(result) === `n${i}`)).toBe(true);
  });

  it('cancels on the server when the subscriber leaves (notifications/cancelled)', async () => {
    const subscription = client.callTool$('slow', { ms: 5000 }).subscribe();
    await until(() => methodsOf(transport.sent).includes('tools/call'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    subscription.unsubscribe();
    await until(() => methodsOf(transport.sent).includes('notifications/cancelled'));
    const call = transport.sent.find((m) => 'method' in m && m.method === 'tools/call') as JsonRpcRequest;
    const cancelled = transport.sent.find((m) => 'method' in m && m.method === 'notifications/cancelled') as JsonRpcRequest;
    expect(cancelled.params).toEqual({ requestId: call.id, reason: 'The client cancelled the request' });
    expect(await eventually(async () => firstText(await client.callTool('cancellations', {})), (value) => value === '1')).toBe('1');
  });

  it('closes with 1000 on close(): the server sees it, later calls fail', async () => {
    await client.close();
    await until(() => fixture.lines.some((line) => line.startsWith('CLOSED 1000')));
    expect(client.connected).toBe(false);
    await expect(client.callTool('echo', { text: 'late' })).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('fails every pending call with WebSocketClosedError 1011 when the server crashes the socket', async () => {
    const calls = Array.from({ length: 20 }, () => client.callTool('slow', { ms: 10_000 }).catch((e: unknown) => e));
    await until(() => methodsOf(transport.sent).filter((m) => m === 'tools/call').length === 20);
    const started = Date.now();
    const crash = client.callTool('crash-socket', {}).catch((e: unknown) => e);
    const errors = [...(await Promise.all(calls)), await crash];
    expect(Date.now() - started).toBeLessThan(2000);
    for (const error of errors) {
      expect(error).toBeInstanceOf(WebSocketClosedError);
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect(error).toMatchObject({ code: 1011, reason: 'fixture crash' });
    }
    expect((errors[0] as Error).message).toMatch(/closed by the server \(code 1011: server error.*reason "fixture crash"\)/);
    expect(client.connected).toBe(false);
    await expect(client.callTool('echo', { text: 'late' })).rejects.toBeInstanceOf(WebSocketClosedError);
  });

  it('reports a frame that is not JSON on faults$ and carries on', async () => {
    const faults: RxMcpError[] = [];
    client.faults$.subscribe((fault) => faults.push(fault));
    expect(firstText(await client.callTool('send-garbage', {}))).toBe('sent');
    await until(() => faults.length === 1);
    expect(faults[0]).toBeInstanceOf(ProtocolViolationError);
    expect(faults[0]!.message).toContain('not JSON: this is not json {');
    expect(firstText(await client.callTool('echo', { text: 'still here' }))).toBe('still here');
  });
});

describe('WebSocket transport behaviour', () => {
  let fixture: WsFixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  it('a normal close by the server (1000/1001) is a WebSocketClosedError saying so', async () => {
    fixture = await startWsFixture();
    for (const code of [1000, 1001]) {
      const client = await Client.connect(websocket(fixture.url), { mode: 'legacy' });
      const error = await rejection(client.callTool('close-socket', { code, reason: 'bye' }));
      expect(error).toBeInstanceOf(WebSocketClosedError);
      expect(error).toMatchObject({ code, reason: 'bye' });
      expect((error as Error).message).toContain(`closed by the server (code ${code}`);
      expect((error as Error).message).toContain('reason "bye"');
      await client.close();
    }
  });

  it('a non-JSON frame right after connect is a fault; the connection opens anyway', async () => {
    fixture = await startWsFixture(['--garbage']);
    for (const mode of ['legacy', 'auto'] as const) {
      const transport = recording(websocket(fixture.url));
      await using client = await Client.connect(transport, { mode });
      expect(firstText(await client.callTool('echo', { text: 'ok' }))).toBe('ok');
      const faults = transport.received.filter((item) => item.type === 'fault');
      expect(faults).toHaveLength(1);
      expect(faults[0]).toMatchObject({ type: 'fault', error: expect.any(ProtocolViolationError) });
    }
  });

  it('decodes binary frames as UTF-8 text', async () => {
    fixture = await startWsFixture(['--binary']);
    for (const mode of ['legacy', 'auto'] as const) {
      await using client = await Client.connect(websocket(fixture.url), { mode });
      expect(firstText(await client.callTool('echo', { text: 'grüße, 世界 🌍' }))).toBe('grüße, 世界 🌍');
    }
  });

  it('drops an oversized frame, failing the request it answers with MessageTooLargeError, and stays up', async () => {
    fixture = await startWsFixture();
    await using client = await Client.connect(websocket(fixture.url, { maxMessageBytes: 10_000 }), { mode: 'legacy' });
    const faults: RxMcpError[] = [];
    client.faults$.subscribe((fault) => faults.push(fault));
    // the frame's id is sniffed from its head, so the call fails at once instead of at its deadline
    const error = await rejection(client.callTool('big', { bytes: 50_000 }, { timeoutMs: 30_000 }));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ limit: 10_000 });
    expect((error as MessageTooLargeError).size).toBeGreaterThan(50_000);
    expect(faults).toEqual([]);
    expect(firstText(await client.callTool('echo', { text: 'small' }))).toBe('small');
  });

  it('queues messages sent before the socket opens; completing outbound$ closes with 1000 and completes inbound$', async () => {
    fixture = await startWsFixture();
    const outbound = new Subject<OutboundMessage>();
    const items: InboundItem[] = [];
    const completed = new Promise<void>((resolve, reject) =>
      websocket(fixture!.url)
        .connect(outbound)
        .subscribe({ next: (item) => items.push(item), complete: resolve, error: reject }),
    );
    // sent synchronously after subscribing: the socket is not open yet
    outbound.next({
      message: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo } },
    });
    await until(() => items.length > 0);
    expect(items[0]).toMatchObject({ type: 'message', message: { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25' } } });
    const started = Date.now();
    outbound.complete();
    await completed;
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => fixture!.lines.some((line) => line.startsWith('CLOSED 1000')));
  });

  it('unsubscribing closes the socket without waiting', async () => {
    fixture = await startWsFixture();
    const subscription = websocket(fixture.url).connect(NEVER).subscribe();
    await until(() => fixture!.lines.includes('CONNECTED mcp'));
    subscription.unsubscribe();
    await until(() => fixture!.lines.some((line) => line.startsWith('CLOSED 1000')));
  });

  it('leaves no socket or timer behind after close', async () => {
    fixture = await startWsFixture();
    const count = (kind: string): number => process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
    const before = { sockets: count('TCPSocketWrap'), timers: count('Timeout') };
    const client = await Client.connect(websocket(fixture.url));
    const slow = client.callTool('slow', { ms: 60_000 }, { timeoutMs: 120_000, totalTimeoutMs: 120_000 }).catch(() => 'closed');
    await until(() => fixture!.lines.includes('CONNECTED mcp'));
    expect(count('TCPSocketWrap')).toBeGreaterThan(before.sockets);
    await client.close();
    expect(await slow).toBe('closed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(count('TCPSocketWrap')).toBeLessThanOrEqual(before.sockets);
    // On a loaded machine the closing handshake can outlast the close bound; the socket is then
    // dropped by a bounded (2 s, unref'd) timer, so allow it that long, never longer.
    await until(() => count('Timeout') <= before.timers, 3_000);
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
  });

  describe('an upgrade refused with 401', () => {
    beforeEach(async () => {
      fixture = await startWsFixture(['--require-token', 's3cret']);
    });

    it('errors inbound$ with an AuthenticationError carrying the status and challenge', async () => {
      const error = await rejection(firstValueFrom(websocket(fixture!.url).connect(NEVER)));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ status: 401, challenge: 'Bearer realm="fixture"' });
    });

    it.each(['legacy', 'auto'] as const)('makes Client.connect reject with the AuthenticationError (mode %s)', async (mode) => {
      const error = await rejection(Client.connect(websocket(fixture!.url), { mode }));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).status).toBe(401);
    });

    it('connects with the token in headers or auth', async () => {
      for (const options of [{ headers: { Authorization: 'Bearer s3cret' } }, { auth: new BearerAuth('s3cret') }]) {
        await using client = await Client.connect(websocket(fixture!.url, options));
        expect(firstText(await client.callTool('echo', { text: 'in' }))).toBe('in');
      }
    });

    it('asks auth.onUnauthorized, and opens once more with fresh headers when it says so', async () => {
      let token = 'stale';
      const seen: number[] = [];
      const auth = {
        getHeaders: () => ({ Authorization: `Bearer ${token}` }),
        onUnauthorized: ({ status }: { status: number }) => {
          seen.push(status);
          token = 's3cret';
          return true;
        },
      };
      await using client = await Client.connect(websocket(fixture!.url, { auth }));
      expect(seen).toEqual([401]);
      expect(firstText(await client.callTool('echo', { text: 'refreshed' }))).toBe('refreshed');
    });

    it('keeps the class of a typed refusal from the credentials seam (an OAuth flow error), not a generic one', async () => {
      const refusal = new RegistrationRefusedError('http://127.0.0.1:1', 'no client identity');
      const auth = {
        getHeaders: () => ({}),
        onUnauthorized: () => Promise.reject(refusal),
      };
      for (const mode of ['legacy', 'auto'] as const) {
        const error = await rejection(Client.connect(websocket(fixture!.url, { auth }), { mode }));
        expect(error).toBe(refusal);
        expect(error).toBeInstanceOf(RegistrationRefusedError);
        expect(error).toBeInstanceOf(AuthenticationError);
      }
      // an untyped throw still leaves the server's refusal standing, with its status
      const plain = await rejection(Client.connect(websocket(fixture!.url, { auth: { getHeaders: () => ({}), onUnauthorized: () => Promise.reject(new Error('hook broke')) } }), { mode: 'legacy' }));
      expect(plain).toBeInstanceOf(AuthenticationError);
      expect(plain).toMatchObject({ status: 401 });
    });

    it('is a TransportError without a status on a standard-API WebSocket (which does not expose it)', async () => {
      const error = await rejection(Client.connect(websocket(fixture!.url, { WebSocket: standardOnly() }), { mode: 'legacy' }));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).not.toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toContain('Could not open the WebSocket to ws://127.0.0.1');
    });
  });

  it('rejects a server that does not select the mcp subprotocol', async () => {
    fixture = await startWsFixture(['--no-subprotocol']);
    for (const WebSocket of [undefined, standardOnly()]) {
      const error = await rejection(Client.connect(websocket(fixture.url, { WebSocket }), { mode: 'legacy' }));
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toContain("did not select the WebSocket subprotocol 'mcp'");
    }
  });

  it('rejects promptly with a TransportError when the port refuses connections', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await rejection(Client.connect(websocket(`ws://127.0.0.1:${port}/mcp`)));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('works through a WebSocket that only has the standard API (as in browsers)', async () => {
    fixture = await startWsFixture(['--binary']);
    for (const mode of ['legacy', 'auto'] as const) {
      const client = await Client.connect(websocket(fixture.url, { WebSocket: standardOnly() }), { mode });
      expect(firstText(await client.callTool('echo', { text: 'std' }))).toBe('std');
      const error = await rejection(client.callTool('crash-socket', {}));
      expect(error).toMatchObject({ code: 1011, reason: 'fixture crash' });
      await client.close();
    }
  });

  it('exposes its kind and a description without credentials', () => {
    const transport = websocket('wss://user:pw@example.com/mcp?token=secret');
    expect(transport.kind).toBe('websocket');
    expect(transport.description).toBe('websocket: wss://example.com/mcp');
  });
});

/**
 * A WebSocket class with only the standard API, over `ws`: no `terminate`, no Node events, so
 * the transport takes the path it takes with a browser's WebSocket.
 */
function standardOnly(): WebSocketConstructor {
  return class StandardWebSocket implements WebSocketLike {
    readonly #socket: WsWebSocket;

    constructor(url: string, protocols?: string | string[]) {
      this.#socket = new WsWebSocket(url, protocols);
    }

    get readyState(): number {
      return this.#socket.readyState;
    }

    get protocol(): string {
      return this.#socket.protocol;
    }

    get binaryType(): string {
      return this.#socket.binaryType;
    }

    set binaryType(value: string) {
      this.#socket.binaryType = value as 'arraybuffer';
    }

    send(data: string): void {
      this.#socket.send(data);
    }

    close(code?: number, reason?: string): void {
      this.#socket.close(code, reason);
    }

    addEventListener(type: string, listener: (event: unknown) => void): void {
      this.#socket.addEventListener(type as 'open', listener);
    }
  };
}


// The browser WebSocket type and ws's class both fit the constructor option.
const fitsGlobal: WebSocketConstructor | undefined = undefined as unknown as typeof globalThis.WebSocket | undefined;
const fitsWs: WebSocketConstructor = WsWebSocket;
void fitsGlobal;
void fitsWs;
