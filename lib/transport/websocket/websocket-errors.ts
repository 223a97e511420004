/**
 * How a WebSocket connection ended, as an error to `instanceof`: {@link WebSocketClosedError}
 * is a `ConnectionClosedError` (so everything that handles a closed connection handles it) that
 * also carries the close `code` and `reason`, with a readable explanation of the code in its
 * message.
 */
import { ConnectionClosedError } from '../../protocol/errors.js';

/** What the close codes of RFC 6455 (and the IANA registry) mean, in a few words. */
const CLOSE_CODE_MEANINGS: Readonly<Record<number, string>> = {
  1000: 'normal closure',
  1001: 'going away: the server is shutting down or the endpoint left',
  1002: 'protocol error: the server saw a WebSocket protocol violation',
  1003: 'unsupported data: the server cannot accept this kind of frame',
  1005: 'no status code was given',
  1006: 'abnormal closure: the connection was lost without a close frame',
  1007: 'invalid payload: a frame did not match its type (e.g. text that is not UTF-8)',
  1008: 'policy violation: the server refused a message under its policy',
  1009: 'message too big: a message exceeded what the server accepts',
  1010: 'mandatory extension: the server did not negotiate an extension the client requires',
  1011: 'server error: the server hit an unexpected condition',
  1012: 'service restart: the server is restarting',
  1013: 'try again later: the server is overloaded',
  1014: 'bad gateway: a gateway got an invalid response upstream',
  1015: 'TLS handshake failure',
};

/** A readable explanation of a WebSocket close code (`1011` → "server error: …"). */
export function describeCloseCode(code: number): string {
  const known = CLOSE_CODE_MEANINGS[code];
  if (known !== undefined) return known;
  if (code >= 4000 && code <= 4999) return 'application-defined code';
  if (code >= 3000 && code <= 3999) return 'library- or framework-defined code';
  return 'unknown code';
}

/**
 * The server closed the WebSocket (or it was lost). `code` is the close code (1006 when the
 * connection dropped without a close frame) and `reason` the server's close reason ('' if none).
 * Pending requests fail with it, as with any closed connection.
 */
export class WebSocketClosedError extends ConnectionClosedError {
  /** `'WebSocketClosedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'WebSocketClosedError';

  constructor(
    /** The close code (1006 when the connection dropped without a close frame). */
    readonly code: number,
    /** The server's close reason (`''` if none). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(closeMessage(code, reason), options);
  }
}

function closeMessage(code: number, reason: string): string {
  const why = reason === '' ? '' : `, reason "${reason.length > 200 ? `${reason.slice(0, 200)}…` : reason}"`;
  const who = code === 1006 ? 'The WebSocket connection was lost' : 'The WebSocket connection was closed by the server';
  return `${who} (code ${code}: ${describeCloseCode(code)}${why})`;
}
