/**
 * An exception thrown by a callback the user gave rxmcp (`onProgress`, a notification handler).
 * The library catches it so the request or stream goes on, and reports it on `client.faults$`
 * wrapped in this error; `cause` is what the callback threw.
 */
import { messageOf } from '../protocol/describe.js';
import { RxMcpError } from '../protocol/errors.js';

/** A user callback threw. */
export class CallbackError extends RxMcpError {
  /** `'CallbackError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'CallbackError';

  constructor(
    /** Which callback threw (`'onProgress'`, a handler's option name). */
    readonly callback: string,
    cause: unknown,
  ) {
    super(`The ${callback} callback threw: ${messageOf(cause)}`, { cause });
  }
}
