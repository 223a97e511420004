/**
 * A CORS front for an MCP server that sends no CORS headers (the fixture HTTP server): a page on
 * another origin reaches the server through it, as a browser app reaches a server that allows it.
 * It answers preflights, adds `Access-Control-Allow-Origin` and exposes the MCP headers, streams
 * bodies both ways, and drops the upstream request when the browser drops its own (so a cancel by
 * closing the connection reaches the server). `seen$` tells each request body it forwarded.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Subject, type Observable } from 'rxjs';

/** A running CORS proxy. */
export interface CorsProxy {
  /** `http://127.0.0.1:<port>`: the target's paths under it. */
  readonly origin: string;
  /** Each forwarded request's method, path and body, once the body was read and sent upstream. */
  readonly seen$: Observable<{ readonly method: string; readonly path: string; readonly body: string }>;
  close(): Promise<void>;
}

const EXPOSED = 'mcp-session-id, mcp-protocol-version, www-authenticate, content-type';

/** Starts a CORS proxy in front of `target` (an origin, `http://127.0.0.1:<port>`). */
export async function startCorsProxy(target: string): Promise<CorsProxy> {
  const upstream = new URL(target);
  const seen = new Subject<{ method: string; path: string; body: string }>();
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-expose-headers': EXPOSED };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: upstream.host };
      delete headers.origin;
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors });
        res.flushHeaders(); // an event stream's headers reach the page before its first event
        answer.pipe(res);
        answer.on('error', () => res.destroy());
        answer.on('aborted', () => res.destroy());
      });
      // a server that is gone answers 502 (as a gateway would), or breaks the stream it was sending
      forward.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502, { ...cors, 'content-type': 'text/plain' }).end('server unavailable')));
      res.on('close', () => forward.destroy());
      forward.end(body, () => seen.next({ method: req.method ?? '', path: req.url ?? '', body: body.toString('utf8') }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen$: seen.asObservable(),
    close: () => new Promise<void>((done) => { seen.complete(); server.closeAllConnections(); server.close(() => done()); }),
  };
}
