/**
 * Errors of the network transports, each a class to `instanceof`: an HTTP status the request
 * could not get past, authentication, an expired legacy session, a response stream that broke
 * before the answer, reconnection attempts that ran out, a refused redirect.
 *
 * They live in `protocol/` (the lowest layer) and not beside the HTTP transport because the layers
 * above it classify them too: the retry and reconnect operators, negotiation and the URL target
 * decide by `instanceof` what is transient, what is fatal and what means a legacy server.
 */
import { TransportError } from './errors.js';

/** The server answered with an HTTP error status (and no JSON-RPC error body to pass on). */
export class HttpStatusError extends TransportError {
  /** `'HttpStatusError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'HttpStatusError';

  constructor(
    /** The HTTP status code. */
    readonly status: number,
    /** The HTTP status text. */
    readonly statusText: string,
    /** The start of the response body, when there was one. */
    readonly body?: string,
  ) {
    super(`HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}${body === undefined || body === '' ? '' : `: ${body.slice(0, 200)}`}`);
  }
}

/** 401 or 403: the server wants (other) credentials. The `auth` option's headers were not enough. */
export class AuthenticationError extends HttpStatusError {
  /** `'AuthenticationError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AuthenticationError';

  constructor(
    status: number,
    statusText: string,
    /** The `WWW-Authenticate` challenge, if the server sent one. */
    readonly challenge?: string,
  ) {
    super(status, statusText);
  }
}

/** The legacy HTTP session is gone (404 on a request with a session id) and re-initializing did not help. */
export class SessionExpiredError extends TransportError {
  /** `'SessionExpiredError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'SessionExpiredError';

  constructor(
    /** The session id the server no longer knows. */
    readonly sessionId: string,
  ) {
    super(`The MCP session ${sessionId} expired and could not be re-established`);
  }
}

/** A long-lived stream could not be re-established within its attempts. */
export class ReconnectExhaustedError extends TransportError {
  /** `'ReconnectExhaustedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ReconnectExhaustedError';

  constructor(
    /** Which stream could not be re-established. */
    readonly stream: string,
    /** How many attempts were made. */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`Gave up re-opening the ${stream} after ${attempts} attempts`, options);
  }
}

/**
 * A redirect the transport would not follow: to another origin (the default policy,
 * `redirect: 'same-origin'`, keeps the configured headers and credentials from leaving it), any
 * redirect under `redirect: 'error'`, a loop past the hop limit, a `Location` that is not an HTTP
 * URL, or a browser's opaque redirect (whose target `to` is then `undefined`: the browser hides it).
 */
export class RedirectRefusedError extends TransportError {
  /** `'RedirectRefusedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'RedirectRefusedError';

  constructor(
    /** The URL that answered with the redirect. */
    readonly from: string,
    /** Where it pointed, when known. */
    readonly to: string | undefined,
    /** Why it was refused. */
    readonly reason: string,
  ) {
    super(`Refused the redirect from ${from}${to === undefined ? '' : ` to ${to}`}: ${reason}`);
  }
}
