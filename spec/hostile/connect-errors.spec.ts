/**
 * One story for "cannot reach the server" (issue 10, item 3): over every transport, a failure to
 * reach a server rejects `Client.connect` with a `ConnectError` (a `TransportError`) with the same
 * fields (`target`: the transport's description; `code`: the system error code), promptly, not
 * after a timeout. Targets: a port nothing listens on, a host that never resolves (`.invalid`), a
 * command that does not exist, a file that is not executable.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../../lib/client/client.js';
import { ConnectError, TransportError } from '../../lib/protocol/errors.js';
import { sse } from '../../lib/transport/http/sse-transport.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import type { Transport } from '../../lib/transport/transport.js';
import { websocket } from '../../lib/transport/websocket/websocket-transport.js';

/** Well under every request timeout of the negotiation (10 s probe, 60 s initialize): the failure itself, not a timeout. */
const PROMPTLY_MS = 5_000;

/** A port that was just free: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that answers every connection with plain text and closes it: no TLS handshake is possible. */
async function plainTextServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, close };
}

/** Connects to `target` and returns what the connect rejected with, and how long it took. */
async function connectFailure(target: Transport | string, options: Parameters<typeof Client.connect>[1] = {}): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await Client.connect(target, options).then(
    async (client) => {
      await client.close();
      return new Error('connected');
    },
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

function expectConnectError(outcome: { error: unknown; ms: number }, target: string, codes: readonly string[] | RegExp): void {
  expect(outcome.error).toBeInstanceOf(ConnectError);
  expect(outcome.error).toBeInstanceOf(TransportError);
  const error = outcome.error as ConnectError;
  if (codes instanceof RegExp) expect(error.code).toMatch(codes);
  else expect(codes).toContain(error.code);
  expect(error.target).toBe(target);
  expect(error.message).toContain(error.code!);
  expect(error.cause).toBeDefined();
  expect(outcome.ms).toBeLessThan(PROMPTLY_MS);
}

/** What a lookup of a `.invalid` name fails with: no such name, or no resolver at all in a sandbox. */
const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL'];
const UNRESOLVABLE = 'nonexistent.invalid';

describe('stdio: a server that cannot be started', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxmcp-connect-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a command that does not exist: ConnectError ENOENT', async () => {
    const transport = stdio({ command: join(dir, 'no-such-server') });
    expectConnectError(await connectFailure(transport), transport.description, ['ENOENT']);
  });

  it('a file that is not executable: ConnectError EACCES', async () => {
    const file = join(dir, 'not-executable.sh');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    const transport = stdio({ command: file });
    expectConnectError(await connectFailure(transport), transport.description, ['EACCES']);
  });

  it('the legacy handshake rejects the same way as the auto probe', async () => {
    for (const mode of ['legacy', 'auto'] as const) {
      const transport = stdio({ command: join(dir, 'no-such-server') });
      expectConnectError(await connectFailure(transport, { mode }), transport.description, ['ENOENT']);
    }
  });
});

describe.each([
  ['streamable-http', (url: string): Transport => streamableHttp(url)],
  ['sse', (url: string): Transport => sse(url)],
  ['websocket', (url: string): Transport => websocket(url.replace(/^http/, 'ws'))],
] as const)('%s: a server that cannot be reached', (_kind, make) => {
  it('a port nothing listens on: ConnectError ECONNREFUSED', async () => {
    const transport = make(`http://127.0.0.1:${await closedPort()}/mcp`);
    expectConnectError(await connectFailure(transport), transport.description, ['ECONNREFUSED']);
  });

  it('a host that does not resolve: ConnectError with the DNS code', async () => {
    const transport = make(`http://${UNRESOLVABLE}/mcp`);
    expectConnectError(await connectFailure(transport), transport.description, DNS_CODES);
  });

  it('a server that does not speak TLS at an https:/wss: URL: ConnectError with the TLS failure code', async () => {
    const server = await plainTextServer();
    try {
      const transport = make(`https://127.0.0.1:${server.port}/mcp`);
      // OpenSSL's reason (ERR_SSL_WRONG_VERSION_NUMBER, …), or the socket's when it closes first
      expectConnectError(await connectFailure(transport), transport.description, /^(ERR_SSL_|EPROTO|ECONNRESET|UND_ERR_SOCKET)/);
    } finally {
      await server.close();
    }
  });
});

describe('Client.connect(url): no HTTP+SSE fallback when the server cannot be reached', () => {
  it('a refused connection rejects with the Streamable HTTP ConnectError (SSE cannot help)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;
    expectConnectError(await connectFailure(url), streamableHttp(url).description, ['ECONNREFUSED']);
  });

  it('an unresolvable host likewise', async () => {
    const url = `http://${UNRESOLVABLE}/mcp`;
    expectConnectError(await connectFailure(url), streamableHttp(url).description, DNS_CODES);
  });

  it('a ws: URL rejects with the WebSocket ConnectError', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}/mcp`;
    expectConnectError(await connectFailure(url), websocket(url).description, ['ECONNREFUSED']);
  });

  it('an /sse URL rejects with the SSE ConnectError', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/sse`;
    expectConnectError(await connectFailure(url), sse(url).description, ['ECONNREFUSED']);
  });
});
