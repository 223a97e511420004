/**
 * An in-process HTTP proxy in front of an MCP server, for the HTTP transport tests: it forwards
 * every request (method, path, headers, body) to the target and streams the answer back, records
 * every request, and applies faults the test queued for the next matching requests.
 */
import { createServer, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { writeWithBackpressure } from './write-with-backpressure.js';

/** Which requests a fault applies to; every given field must match (none given: any request). */
export interface FaultWhen {
  /** The HTTP method, e.g. `'POST'`, `'GET'`, `'DELETE'` (case-insensitive). */
  readonly httpMethod?: string;
  /** The JSON-RPC `method` of the body (for a batch: of any element). */
  readonly jsonrpcMethod?: string;
  /** The request path, e.g. `'/mcp'` (without the query). */
  readonly path?: string;
}

/** What the proxy does instead of plain forwarding. */
export type FaultAction =
  /** Answer `status` (with `body`, default a short text, and `headers`) without forwarding. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: string | object; readonly headers?: Readonly<Record<string, string>> }
  /** Forward, pass `afterBytes` bytes of the response body through, then destroy the connection. */
  | { readonly kind: 'cut'; readonly afterBytes: number }
  /**
   * Forward; on a `text/event-stream` answer pass `events` complete SSE events through (blocks
   * ended by a blank line that carry a `data` field, so the legacy priming event counts and a
   * keep-alive comment does not), then destroy the connection. Other answers pass unchanged.
   */
  | { readonly kind: 'cutAfterEvents'; readonly events: number }
  /** Never answer; the connection stays open until `stop()`. */
  | { readonly kind: 'stall' }
  /** Forward only once `until` settles (a server slow to answer, released by the test at the moment it chooses). */
  | { readonly kind: 'hold'; readonly until: Promise<unknown> }
  /**
   * Forward, then answer 200 `text/event-stream`: first a broken event (`data: {not json`), then
   * the real answer (an SSE answer streamed as is, a JSON answer as one event).
   */
  | { readonly kind: 'malformedSse' }
  /**
   * Answer 200 `text/event-stream` without forwarding: one event whose data is a JSON-RPC result
   * for the request's id, `{content: [{type: 'text', text: 'x' × bytes}]}` (with `resultType:
   * 'complete'` when the request carried the 2026 `_meta` envelope).
   */
  | { readonly kind: 'hugeEvent'; readonly bytes: number }
  /** Answer 404 `{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}`, as for an expired legacy session. */
  | { readonly kind: 'dropSession' };

/** A queued fault: the action, which requests it matches, and for how many of them (default 1). */
export type Fault = FaultAction & { readonly when?: FaultWhen; readonly times?: number };

/** One request the proxy received. */
export interface RecordedRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The path with its query. */
  readonly path: string;
  /** The request headers (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON (`undefined` when empty or not JSON). */
  readonly body: unknown;
  /** The body as text. */
  readonly rawBody: string;
  /** The fault applied to it, if any. */
  readonly fault?: FaultAction['kind'];
}

/** A running fault proxy. */
export interface FaultProxy {
  /** The target URL with the proxy's origin (same path and query as the target). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The proxy's port. */
  readonly port: number;
  /** Every request received, in order (a live array). */
  readonly requests: RecordedRequest[];
  /** Queues a fault for the next matching request(s). */
  inject(fault: Fault): void;
  /** How many injected fault applications are still queued. */
  pendingFaults(): number;
  /** Closes the proxy and every connection it holds (both sides); idempotent. */
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length', 'host']);

/** Headers without hop-by-hop ones (and without content-length and host, which the proxy sets). */
function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function jsonrpcMethodsOf(body: unknown): string[] {
  const items = Array.isArray(body) ? body : [body];
  return items.flatMap((item) => (item !== null && typeof item === 'object' && typeof (item as { method?: unknown }).method === 'string' ? [(item as { method: string }).method] : []));
}

/** Starts a proxy on 127.0.0.1 (free port) in front of `targetUrl`. */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  const queue: { fault: Fault; left: number }[] = [];
  const sockets = new Set<Socket>();
  const upstreams = new Set<ClientRequest>();

  const take = (method: string, path: string, body: unknown): Fault | undefined => {
    const methods = jsonrpcMethodsOf(body);
    const index = queue.findIndex(({ fault: { when } }) => {
      if (when === undefined) return true;
      if (when.httpMethod !== undefined && when.httpMethod.toUpperCase() !== method) return false;
      if (when.path !== undefined && when.path !== path) return false;
      if (when.jsonrpcMethod !== undefined && !methods.includes(when.jsonrpcMethod)) return false;
      return true;
    });
    if (index < 0) return undefined;
    const entry = queue[index]!;
    if (--entry.left <= 0) queue.splice(index, 1);
    return entry.fault;
  };

  /** Sends the request to the target; `onResponse` gets the target's answer. */
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, onResponse: (upstream: IncomingMessage) => void) => {
    const headers = endToEnd(req.headers);
    if (body.length > 0) headers['content-length'] = String(body.length);
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, host: target.host }, agent: false });
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    upstream.on('response', onResponse);
    upstream.on('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault-proxy: ${error.message}`);
      } else {
        res.destroy();
      }
    });
    // the client went away before the answer was complete: so does the proxy, towards the target
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  };

  /** Streams `upstream` into `res`; `filter` may shorten a chunk and ask to cut the connection after it. */
  const relay = (upstream: IncomingMessage, res: ServerResponse, filter?: (chunk: Buffer) => { chunk: Buffer; cut: boolean }) => {
    let cutting = false;
    upstream.on('data', (data: Buffer) => {
      if (cutting) return;
      const { chunk, cut } = filter === undefined ? { chunk: data, cut: false } : filter(data);
      if (cut) {
        // let the bytes reach the client first, then break both connections
        cutting = true;
        upstream.pause();
        res.write(chunk, () => {
          res.destroy();
          upstream.destroy();
        });
        return;
      }
      if (!res.write(chunk)) {
        upstream.pause();
        res.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => {
      if (!cutting && !res.destroyed) res.end();
    });
    upstream.on('error', () => {
      if (!cutting) res.destroy();
    });
  };

  /** Sends the target's status and headers on at once (so an SSE answer opens without waiting for data). */
  const passHeaders = (res: ServerResponse, upstream: IncomingMessage) => {
    const headers = endToEnd(upstream.headers);
    if (upstream.headers['content-length'] !== undefined) headers['content-length'] = upstream.headers['content-length'];
    res.writeHead(upstream.statusCode ?? 502, headers);
    res.flushHeaders();
  };

  const sseHeaders = (sessionId: string | string[] | undefined): Record<string, string> => ({
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    ...(typeof sessionId === 'string' && { 'mcp-session-id': sessionId }),
  });

  const apply = (fault: FaultAction | undefined, req: IncomingMessage, res: ServerResponse, rawBody: Buffer, body: unknown) => {
    switch (fault?.kind) {
      case undefined:
        forward(req, res, rawBody, (upstream) => {
          passHeaders(res, upstream);
          relay(upstream, res);
        });
        return;
      case 'status': {
        const isText = fault.body === undefined || typeof fault.body === 'string';
        const text = fault.body === undefined ? `Injected fault: HTTP ${fault.status}` : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
        res.writeHead(fault.status, { 'content-type': isText ? 'text/plain' : 'application/json', ...fault.headers });
        res.end(text);
        return;
      }
      case 'dropSession':
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
        return;
      case 'stall':
        return; // the socket is closed by stop()
      case 'hold': {
        const release = () => {
          if (!res.destroyed) apply(undefined, req, res, rawBody, body);
        };
        fault.until.then(release, release);
        return;
      }
      case 'cut':
        forward(req, res, rawBody, (upstream) => {
          passHeaders(res, upstream);
          let left = fault.afterBytes;
          if (left <= 0) {
            upstream.destroy();
            res.destroy();
            return;
          }
          relay(upstream, res, (chunk) => {
            if (chunk.length < left) {
              left -= chunk.length;
              return { chunk, cut: false };
            }
            const head = chunk.subarray(0, left);
            left = 0;
            return { chunk: head, cut: true };
          });
        });
        return;
      case 'cutAfterEvents':
        forward(req, res, rawBody, (upstream) => {
          passHeaders(res, upstream);
          if (!String(upstream.headers['content-type'] ?? '').includes('text/event-stream')) {
            relay(upstream, res);
            return;
          }
          const counter = sseEventCounter(fault.events);
          if (fault.events <= 0) {
            upstream.destroy();
            res.destroy();
            return;
          }
          relay(upstream, res, (chunk) => {
            const end = counter(chunk);
            return end === undefined ? { chunk, cut: false } : { chunk: chunk.subarray(0, end), cut: true };
          });
        });
        return;
      case 'malformedSse':
        forward(req, res, rawBody, (upstream) => {
          res.writeHead(200, sseHeaders(upstream.headers['mcp-session-id']));
          res.write('event: message\ndata: {not json\n\n');
          if (String(upstream.headers['content-type'] ?? '').includes('text/event-stream')) {
            relay(upstream, res);
            return;
          }
          const chunks: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstream.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8').trim();
            if (text.length > 0) res.write(`event: message\n${text.split(/\r?\n/).map((line) => `data: ${line}`).join('\n')}\n\n`);
            res.end();
          });
          upstream.on('error', () => res.destroy());
        });
        return;
      case 'hugeEvent':
        void writeHugeEvent(res, fault.bytes, body, sseHeaders(req.headers['mcp-session-id']));
        return;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const rawText = rawBody.toString('utf8');
      let body: unknown;
      try {
        body = rawText.length > 0 ? JSON.parse(rawText) : undefined;
      } catch {
        body = undefined;
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const fault = take(method, path, body);
      requests.push({ method, path: req.url ?? '/', headers: req.headers, body, rawBody: rawText, ...(fault !== undefined && { fault: fault.kind }) });
      apply(fault, req, res, rawBody, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    url: `${origin}${target.pathname}${target.search}`,
    origin,
    port,
    requests,
    inject(fault: Fault): void {
      queue.push({ fault, left: fault.times ?? 1 });
    },
    pendingFaults: () => queue.reduce((sum, entry) => sum + entry.left, 0),
    stop(): Promise<void> {
      stopping ??= new Promise<void>((resolve) => {
        queue.length = 0;
        server.close(() => resolve());
        for (const upstream of upstreams) upstream.destroy();
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

/**
 * Counts complete SSE events across chunks; returns, for the chunk in which the `events`-th
 * event completes, the byte offset just after it (else `undefined`). An event is a block ended
 * by a blank line that had a `data` field. Lines end with `\n` or `\r\n`.
 */
function sseEventCounter(events: number): (chunk: Buffer) => number | undefined {
  let count = 0;
  let lineLength = 0; // bytes of the current line so far (without \r)
  let linePrefix = ''; // its first 5 bytes
  let blockHasData = false;
  return (chunk) => {
    let position = 0;
    while (position < chunk.length) {
      const newline = chunk.indexOf(0x0a, position);
      const end = newline < 0 ? chunk.length : newline;
      let piece = chunk.subarray(position, end);
      if (newline >= 0 && piece.length > 0 && piece[piece.length - 1] === 0x0d) piece = piece.subarray(0, piece.length - 1);
      if (linePrefix.length < 5) linePrefix += piece.subarray(0, 5 - linePrefix.length).toString('latin1');
      lineLength += piece.length;
      if (newline < 0) break;
      if (lineLength === 0) {
        if (blockHasData && ++count >= events) return newline + 1;
        blockHasData = false;
      } else if (linePrefix === 'data:' || (linePrefix.startsWith('data') && lineLength === 4)) {
        blockHasData = true;
      }
      lineLength = 0;
      linePrefix = '';
      position = newline + 1;
    }
    return undefined;
  };
}

/** Writes one SSE event carrying a JSON-RPC text result of `bytes` characters, with backpressure. */
async function writeHugeEvent(res: ServerResponse, bytes: number, body: unknown, headers: Record<string, string>): Promise<void> {
  const request = (Array.isArray(body) ? body[0] : body) as { id?: unknown; params?: { _meta?: Record<string, unknown> } } | undefined;
  const id = typeof request?.id === 'string' || typeof request?.id === 'number' ? request.id : null;
  const modern = request?.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !== undefined;
  const write = (data: string | Buffer) => writeWithBackpressure(res, data);
  res.writeHead(200, headers);
  await write(`event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"`);
  const block = Buffer.alloc(1024 * 1024, 'x');
  for (let left = bytes; left > 0 && !res.destroyed; left -= block.length) {
    await write(left >= block.length ? block : block.subarray(0, left));
  }
  if (res.destroyed) return;
  await write(`"}]${modern ? ',"resultType":"complete"' : ''}}}\n\n`);
  res.end();
}
