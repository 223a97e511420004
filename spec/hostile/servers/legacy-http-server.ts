/**
 * The base of the hostile Streamable HTTP servers: an in-process node:http server on a free port
 * of 127.0.0.1 that speaks just enough of the legacy (2025-11-25) era for a client to connect
 * (`initialize` answered in JSON with a session id, notifications accepted with 202, the
 * standalone GET refused with 405, DELETE accepted) and hands every other request to the
 * misbehaviour under test. It records every request and every byte it writes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { writeWithBackpressure } from '../../helpers/write-with-backpressure.js';

/** One request the server received. */
export interface HostileRequest {
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  /** The JSON body (`undefined` when empty or not JSON). */
  readonly body: { id?: string | number; method?: string; params?: Record<string, unknown> } | undefined;
}

/** What a misbehaviour gets for one request; it returns `true` when it answered (else the default handling runs). */
export type Misbehaviour = (request: HostileRequest, res: ServerResponse, server: HostileServer) => boolean | void;

/** A running hostile server. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  readonly origin: string;
  /** Every request, in order (a live array). */
  readonly requests: HostileRequest[];
  /** Bytes written to response bodies so far (what `write` accepted). */
  bytesWritten(): number;
  /** Writes `chunk` to `res`, counting it; resolves when it may write more (or the response is gone). */
  write(res: ServerResponse, chunk: string | Buffer): Promise<void>;
  /** Closes the server and every connection; idempotent. */
  stop(): Promise<void>;
}

/** The session id the server hands out for its `n`-th `initialize`. */
export function sessionIdOf(n: number): string {
  return `hostile-session-${n}`;
}

/** Starts a legacy-era server whose requests other than the handshake go to `misbehave`. */
export async function startLegacyHttpServer(misbehave: Misbehaviour): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();
  let written = 0;
  let initializes = 0;
  const write = (res: ServerResponse, chunk: string | Buffer): Promise<void> => {
    if (!res.destroyed && !res.writableEnded) written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return writeWithBackpressure(res, chunk);
  };
  const handle = (request: HostileRequest, res: ServerResponse): void => {
    if (misbehave(request, res, hostile) === true) return;
    const body = request.body;
    if (request.method === 'POST' && body?.method === 'initialize' && request.headers['mcp-session-id'] === undefined) {
      initializes++;
      const version = typeof body.params?.protocolVersion === 'string' ? body.params.protocolVersion : '2025-11-25';
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': sessionIdOf(initializes) });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { protocolVersion: version, capabilities: { tools: {} }, serverInfo: { name: 'hostile', version: '1.0.0' } } }));
      return;
    }
    if (request.method === 'POST' && body?.method === 'tools/list') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } }));
      return;
    }
    if (request.method === 'POST' && body !== undefined && !('id' in body && body.method !== undefined)) {
      res.writeHead(202).end();
      return;
    }
    if (request.method === 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (request.method === 'DELETE') {
      res.writeHead(200).end();
      return;
    }
    res.writeHead(500, { 'content-type': 'text/plain' }).end('hostile server: nothing scripted for this request');
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: HostileRequest['body'];
      try {
        body = text === '' ? undefined : (JSON.parse(text) as HostileRequest['body']);
      } catch {
        body = undefined;
      }
      const request: HostileRequest = { method: (req.method ?? 'GET').toUpperCase(), headers: req.headers, body };
      requests.push(request);
      handle(request, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  let stopping: Promise<void> | undefined;
  const hostile: HostileServer = {
    url: `${origin}/mcp`,
    origin,
    requests,
    bytesWritten: () => written,
    write,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      })),
  };
  return hostile;
}
