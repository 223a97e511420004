/**
 * Servers whose `text/event-stream` carries an event that never ends: one `data:` line that
 * grows for as long as the client reads it (written with backpressure, so what the server wrote
 * is what the client took). For Streamable HTTP (the answer to `tools/call`, and the standalone
 * GET stream) and for the legacy HTTP+SSE transport (after the handshake, on the one GET stream).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HostileServer, Misbehaviour } from './legacy-http-server.js';
import { writeWithBackpressure } from '../../helpers/write-with-backpressure.js';

/** The endless streams a server started: bytes written to each, and whether the client let go. */
export interface EndlessStream {
  bytes: number;
  closed: boolean;
}

const BLOCK = Buffer.alloc(64 * 1024, 'x');

/** Writes `head`, then `x` for ever, until the response closes. */
async function writeEndless(res: ServerResponse, head: string, stream: EndlessStream, write: (chunk: string | Buffer) => Promise<void>): Promise<void> {
  res.on('close', () => (stream.closed = true));
  await write(head);
  stream.bytes += Buffer.byteLength(head);
  while (!res.destroyed && !stream.closed) {
    await write(BLOCK);
    stream.bytes += BLOCK.length;
  }
}

/**
 * Streamable HTTP: `tools/call` (when `on` includes `'post'`) and the standalone GET (when it
 * includes `'get'`) are answered with an endless event. `streams` lists them as they start.
 */
export function endlessEvent(on: readonly ('post' | 'get')[]): { misbehave: Misbehaviour; streams: EndlessStream[] } {
  const streams: EndlessStream[] = [];
  const misbehave: Misbehaviour = (request, res, server: HostileServer) => {
    const isCall = on.includes('post') && request.method === 'POST' && request.body?.method === 'tools/call';
    const isGet = on.includes('get') && request.method === 'GET';
    if (!isCall && !isGet) return false;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const stream: EndlessStream = { bytes: 0, closed: false };
    streams.push(stream);
    const head = isCall ? `event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(request.body?.id)},"result":{"content":[{"type":"text","text":"` : 'event: message\ndata: "';
    void writeEndless(res, head, stream, (chunk) => server.write(res, chunk));
    return true;
  };
  return { misbehave, streams };
}

/** A running legacy HTTP+SSE server (GET `/sse`, POST `/message`). */
export interface EndlessSseServer {
  /** `http://127.0.0.1:<port>/sse`. */
  readonly url: string;
  /** The endless event of the GET stream, once `tools/call` started it. */
  readonly stream: EndlessStream;
  stop(): Promise<void>;
}

/**
 * HTTP+SSE (2024-11-05): names `/message` as the endpoint, answers `initialize` (and
 * `tools/list`) on the stream, and on `tools/call` starts an endless event on it.
 */
export async function startEndlessSseServer(): Promise<EndlessSseServer> {
  const sockets = new Set<Socket>();
  const stream: EndlessStream = { bytes: 0, closed: false };
  let events: ServerResponse | undefined;
  const send = (value: unknown) => events?.write(`event: message\ndata: ${JSON.stringify(value)}\n\n`);
  const write = writeWithBackpressure;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET') {
        events = res;
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('event: endpoint\ndata: /message\n\n');
        return;
      }
      res.writeHead(202).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as { id?: number | string; method?: string; params?: { protocolVersion?: string } } | null;
      if (body?.method === 'initialize') {
        send({ jsonrpc: '2.0', id: body.id, result: { protocolVersion: body.params?.protocolVersion ?? '2024-11-05', capabilities: { tools: {} }, serverInfo: { name: 'hostile-sse', version: '1.0.0' } } });
      } else if (body?.method === 'tools/list') {
        send({ jsonrpc: '2.0', id: body.id, result: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } });
      } else if (body?.method === 'tools/call' && events !== undefined) {
        void writeEndless(events, `event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(body.id)},"result":{"content":[{"type":"text","text":"`, stream, (chunk) => write(events!, chunk));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/sse`,
    stream,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      })),
  };
}
