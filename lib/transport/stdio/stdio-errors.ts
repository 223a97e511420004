/**
 * How writing to a stdio server fails, as errors to `instanceof` (both `TransportError`s): the
 * server is not reading fast enough and the write queue is full ({@link WriteQueueFullError}),
 * or its stdin is gone while it keeps running ({@link StdinClosedError}).
 */
import { TransportError } from '../../protocol/errors.js';

/**
 * A message did not fit in the stdio write queue: the server has stopped reading its stdin (or
 * reads slower than the client writes) and `limit` bytes (`maxQueuedBytes`) are already waiting.
 *
 * Only the message that did not fit fails (a request fails with this error; a notification or an
 * answer to a server request is dropped and reported on `faults$`); the connection stays up.
 * Why not fail the connection: a full queue is a state the server can leave (a slow reader, a
 * long synchronous task), the messages already queued are intact and in order, and every request
 * already sent would be lost with it. A server that never reads again is caught by the requests'
 * own timeouts, which also take their unwritten messages out of the queue.
 */
export class WriteQueueFullError extends TransportError {
  /** `'WriteQueueFullError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'WriteQueueFullError';

  constructor(
    /** The size of the message refused, in bytes (its JSON and the newline). */
    readonly size: number,
    /** The queue's limit (`maxQueuedBytes`). */
    readonly limit: number,
    /** The transport's description. */
    readonly target: string,
  ) {
    super(`The write queue to ${target} is full (${limit} bytes waiting for the server to read its stdin); a message of ${size} bytes was refused`);
  }
}

/**
 * The server's stdin failed (EPIPE, another write error, or closed) while the server kept
 * running: nothing more can reach it. The connection closes with this error as its cause and
 * every pending request fails; the server process is stopped. `code` is the system error code
 * (`'EPIPE'`), when there was one.
 */
export class StdinClosedError extends TransportError {
  /** `'StdinClosedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'StdinClosedError';

  constructor(
    /** What was written to: the transport's description. */
    readonly target: string,
    /** The system error code (`'EPIPE'`), when there was one. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`The server's stdin ${code === undefined ? 'closed' : `failed (${code})`} while the server kept running (${target}); nothing more can be sent to it`, options);
  }
}
