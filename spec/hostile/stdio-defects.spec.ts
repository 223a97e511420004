/**
 * Hostile stdio servers that break the write side of the pipe (issue 10, items 1 and 2): a server
 * that stops reading its stdin (the client must bound what it queues, fail what does not fit, and
 * release what timed out before it was written), and a server that closes its stdin and keeps
 * running (the client must notice on the next write, fail what is pending and close).
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { filter, firstValueFrom } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, InvalidOptionError, TimeoutError, TransportError, type RxMcpError } from '../../lib/protocol/errors.js';
import { StdinClosedError, WriteQueueFullError } from '../../lib/transport/stdio/stdio-errors.js';
import { stdio, type StdioTransport } from '../../lib/transport/stdio/stdio-transport.js';
import { DEFAULT_MAX_QUEUED_BYTES, WRITE_CHUNK_BYTES } from '../../lib/transport/stdio/write-queue.js';
import { until } from '../helpers/scripted-peer.js';
import { processAlive } from '../helpers/servers.js';

const SERVERS = join(__dirname, 'servers');

function hostile(name: string, options: { maxQueuedBytes?: number } = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(SERVERS, name)], shutdown: { stdinGraceMs: 100, termGraceMs: 1000 }, ...options });
}

/** A full collection (`gc()`), made available without `--expose-gc`. */
const collectGarbage: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** The JavaScript heap and the memory outside it that objects hold (Buffers), after a full collection. */
function memoryHeld(): number {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** `count` calls of about 1 KB each, all at once; each settles with 'result' or its error. */
function manyCalls(client: Client, count: number, timeoutMs: number): Promise<unknown[]> {
  const text = 'x'.repeat(1000);
  return Promise.all(Array.from({ length: count }, () => client.callTool('echo', { text }, { timeoutMs }).then(() => 'result', (error: unknown) => error)));
}

describe('a server that stops reading its stdin', () => {
  it('bounds the write queue: calls that do not fit fail with WriteQueueFullError, queued calls that time out leave the queue', async () => {
    const limit = 1024 * 1024;
    const transport = hostile('stops-reading-stdin.mjs', { maxQueuedBytes: limit });
    const client = await Client.connect(transport, { mode: 'legacy' });
    try {
      const calls = 5_000; // about 5.5 MB
      const settled = manyCalls(client, calls, 2_000);
      await new Promise((resolve) => setImmediate(resolve));
      const queuedAtPeak = transport.queuedBytes;
      const waitingAtPeak = transport.queuedMessages;
      const outcomes = await settled;

      const full = outcomes.filter((outcome): outcome is WriteQueueFullError => outcome instanceof WriteQueueFullError);
      const timedOut = outcomes.filter((outcome) => outcome instanceof TimeoutError);
      expect(full.length + timedOut.length).toBe(calls); // nothing else, no result, nothing hangs
      expect(full.length).toBeGreaterThan(calls / 2);
      expect(timedOut.length).toBeGreaterThan(0);
      expect(full[0]).toBeInstanceOf(TransportError);
      expect(full[0]!.limit).toBe(limit);
      expect(full[0]!.size).toBeGreaterThan(1000);
      expect(full[0]!.message).toContain('stops-reading-stdin.mjs');

      // bounded: never more than the limit waiting, and some of it in the queue (not all in the pipe)
      expect(queuedAtPeak).toBeLessThanOrEqual(limit + WRITE_CHUNK_BYTES);
      expect(queuedAtPeak).toBeGreaterThan(limit / 2);
      expect(waitingAtPeak).toBeGreaterThan(100);
      // released: the requests that timed out while still queued left the queue with their
      // cancellations; what remains is what was already handed to the pipe, and the few
      // cancellations of those
      expect(transport.queuedBytes).toBeLessThan(queuedAtPeak / 2);
      expect(transport.queuedMessages).toBeLessThan(waitingAtPeak);
      expect(client.session.dispatcher.pendingCount).toBe(0);
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('keeps memory bounded with the default limit: 30,000 calls of 1 KB', async () => {
    const transport = hostile('stops-reading-stdin.mjs');
    const client = await Client.connect(transport, { mode: 'legacy' });
    try {
      const before = memoryHeld();
      const calls = 30_000; // about 33 MB, twice the default limit
      let queuedAtPeak = 0;
      // counted, then let go (the promise of the outcomes too): the 30,000 error objects are the
      // test's, not the client's
      const { full, other } = await (async () => {
        const settled = manyCalls(client, calls, 3_000);
        await new Promise((resolve) => setImmediate(resolve));
        queuedAtPeak = transport.queuedBytes;
        const outcomes = await settled;
        return {
          full: outcomes.filter((outcome) => outcome instanceof WriteQueueFullError).length,
          other: outcomes.filter((outcome) => !(outcome instanceof WriteQueueFullError || outcome instanceof TimeoutError)).length,
        };
      })();
      const after = memoryHeld();

      expect(other).toBe(0);
      expect(full).toBeGreaterThan(calls / 3);
      expect(queuedAtPeak).toBeLessThanOrEqual(DEFAULT_MAX_QUEUED_BYTES + WRITE_CHUNK_BYTES);
      expect(client.session.dispatcher.pendingCount).toBe(0);
      // without the bound, the 33 MB stay in the pipe's buffer after every call timed out
      expect(after - before).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await client.close();
    }
  });
});

describe('the maxQueuedBytes option', () => {
  it.each([0, -1, Number.NaN, '16' as unknown as number])('refuses %p with an InvalidOptionError naming it', (value) => {
    const attempt = (): unknown => stdio({ command: process.execPath, maxQueuedBytes: value });
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(expect.objectContaining({ option: 'stdio.maxQueuedBytes' }) as Error);
  });
});

describe('a server that closes its stdin and keeps running', () => {
  it('fails a call without a timeout at the next write, closes the connection with StdinClosedError, and stops the server', async () => {
    const transport = hostile('closes-stdin-keeps-running.mjs');
    const destroyed = firstValueFrom(transport.stderr$.pipe(filter((line) => line === 'stdin destroyed')));
    const client = await Client.connect(transport, { mode: 'legacy' });
    const pid = transport.pid!;
    try {
      await destroyed;
      const error = (await client.callTool('echo', { text: 'hi' }, { timeoutMs: 0 }).catch((e: unknown) => e)) as RxMcpError;
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect(error.cause).toBeInstanceOf(StdinClosedError);
      expect(error.cause).toBeInstanceOf(TransportError);
      expect((error.cause as StdinClosedError).code).toBe('EPIPE');
      expect(error.message).toContain('stdin');
      expect(client.connected).toBe(false);
      expect(client.session.dispatcher.pendingCount).toBe(0);
      const state = await firstValueFrom(client.state$);
      expect(state.state).toBe('closed');
      // later calls fail at once too
      await expect(client.callTool('echo', { text: 'again' }, { timeoutMs: 0 })).rejects.toBeInstanceOf(ConnectionClosedError);
      // the server could not be told to stop through its stdin: it is stopped by signal
      await until(() => !processAlive(pid), 8_000);
    } finally {
      await client.close();
    }
  });
});
