/**
 * A TCP port of 127.0.0.1 that nothing listens on right now (bound, then released), for a server a
 * test starts on a port of its choosing (redis-server, a restart where a server was, a refused connect).
 */
import { createServer } from 'node:net';

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
