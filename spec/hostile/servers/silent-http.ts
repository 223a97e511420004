/**
 * An HTTP server that accepts every request and never answers (headers included), in this
 * process on a free port of 127.0.0.1. It counts the requests still open, so a test can see the
 * client close its sockets.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running silent HTTP server. */
export interface SilentHttpServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** How many requests arrived. */
  readonly received: () => number;
  /** How many requests are still open (their connection not closed by the client). */
  readonly open: () => number;
  /** Resolves once no request is open (bounded by `timeoutMs`; rejects after it). */
  allClosed(timeoutMs?: number): Promise<void>;
  /** Stops the server, destroying what is still open. */
  stop(): Promise<void>;
}

/** Starts a silent HTTP server. */
export async function startSilentHttpServer(): Promise<SilentHttpServer> {
  let received = 0;
  const open = new Set<IncomingMessage>();
  const waiters: (() => void)[] = [];
  const responses = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    received++;
    open.add(request);
    responses.add(response);
    request.resume();
    response.on('close', () => {
      open.delete(request);
      responses.delete(response);
      if (open.size === 0) for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    received: () => received,
    open: () => open.size,
    allClosed: (timeoutMs = 5_000) =>
      open.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${open.size} requests still open after ${timeoutMs} ms`)), timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    stop: async () => {
      for (const response of responses) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
