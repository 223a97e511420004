/**
 * The errors of the Angular entry.
 */
import { RxMcpError } from '../protocol/errors.js';

/**
 * A call made while the app renders on the server (`isPlatformServer`): the Angular services never
 * connect there, so a request has nowhere to go. It fails at once instead of keeping the render waiting.
 */
export class ServerRenderingError extends RxMcpError {
  /** `'ServerRenderingError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ServerRenderingError';

  constructor(
    /** What was asked for (`'callTool$(echo)'`). */
    readonly operation: string,
  ) {
    super(`${operation}: no MCP connection during server rendering`);
  }
}
