/**
 * What the parts of one Streamable HTTP connection share (the POST exchange, the resumed request
 * streams, the standalone GET stream, the legacy session): implemented by `HttpConnection`, read
 * through this interface so the parts never import the connection, nor each other in a circle.
 */
import type { ProtocolViolationError, TransportError } from '../../protocol/errors.js';
import type { HeaderSets } from './credentials.js';
import type { RedirectingInit } from './redirects.js';
import type { StreamableHttpOptions } from './streamable-http-options.js';
import type { HttpResponse } from './requester.js';

/** One request as the connection sends it: the message it carries (`sending`), for a `ConnectError`. */
export type SendInit = RedirectingInit & { readonly sending?: string | undefined };

/** One connection, as its parts see it. */
export interface HttpChannel {
  /** The MCP endpoint. */
  readonly url: URL;
  readonly options: StreamableHttpOptions;
  /** The largest message or event accepted, in characters. */
  readonly maxMessage: number;
  /** True once the connection is closing: nothing more is emitted. */
  readonly closed: boolean;
  /** The connection's signal, aborted when it closes. */
  readonly signal: AbortSignal;
  /**
   * One HTTP request to the endpoint, with credentials (see `credentials.ts`); with
   * `answerUnauthorized`, a 401/403 is offered to `auth.onUnauthorized` once and sent again when it asks.
   */
  fetch(init: SendInit & { readonly headers: HeaderSets }, answerUnauthorized?: boolean): Promise<HttpResponse>;
  /**
   * The headers of one HTTP request before its credentials: the transport's `own`, then the
   * configured `headers`, then the call's `extra`; a later one wins. Only `own` follows a redirect
   * to another origin.
   */
  headersFor(own: Readonly<Record<string, string>>, extra?: Readonly<Record<string, string>>): HeaderSets;
  /** A fault of the connection (no request named). */
  fault(error: TransportError | ProtocolViolationError): void;
}
