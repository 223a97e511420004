/**
 * The Streamable HTTP transport, both protocol eras on one transport: every message is its own
 * POST to the MCP endpoint, and the answer comes back as JSON or as a `text/event-stream`.
 *
 * Which era a message belongs to is read from the message itself: a request whose `_meta` states
 * a 2026-07-28 version is sent the modern way (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`,
 * the caller's `Mcp-Param-*`; no session; cancelling aborts its POST), everything else the legacy
 * way (`Mcp-Session-Id` from the `initialize` response, `MCP-Protocol-Version` after the
 * handshake, the standalone GET stream, resumption with `Last-Event-ID`, `DELETE` on close).
 *
 * A legacy session the server forgot (404 to a message that carried its id, or to the GET
 * stream; or the official SDK's 400 -32000 "Bad Request: No valid session ID provided", see
 * `session-gone.ts`) is re-established once, invisibly: one new handshake shared by every message that
 * found it gone, then each request is sent again in the new session, once; if that fails, the
 * request fails with `SessionExpiredError`.
 *
 * The parts, one concept a file: the connection and its POST exchange (`http-connection.ts`), a
 * request's response stream and its resumption (`request-stream.ts`), the standalone GET stream
 * (`standalone-stream.ts`), the legacy session (`legacy-session.ts`), reading bodies and events
 * (`event-stream.ts`); both streams re-open through the one machine of `lib/streams/`.
 *
 * Failures that concern one request (an HTTP error, a broken stream, 401, an answer over the
 * size limit) become `fault` items naming it, so only that request fails; a JSON-RPC error body
 * on an HTTP error status is passed on as the response, so the caller sees the server's
 * `McpError`. A cancelled request fails with nothing from here. A JSON body read to its end
 * without the request's answer fails it (`ProtocolViolationError`); a body or event over the size
 * limit is not read further. Redirects are followed here, not by `fetch` (see `redirects.ts`).
 */
import { Observable, Subject } from 'rxjs';
import { checkBoolean, checkDuration } from '../../protocol/option-checks.js';
import { checkReconnectOptions } from '../../protocol/reconnect-policy.js';
import type { InboundItem, OutboundMessage, StreamStateEvent, Transport } from '../transport.js';
import { checkNetworkTarget, HTTP_SCHEMES } from './check-http-options.js';
import { HttpConnection } from './http-connection.js';
import type { StreamableHttpOptions } from './streamable-http-options.js';

export type { StreamableHttpOptions } from './streamable-http-options.js';

/** A {@link Transport} to an MCP server over Streamable HTTP. */
export class StreamableHttpTransport implements Transport {
  /** Always `'streamable-http'`. */
  readonly kind = 'streamable-http' as const;
  /** The endpoint URL, for errors and logs. */
  readonly description: string;
  /** The MCP endpoint. */
  readonly url: URL;
  private readonly streamStates = new Subject<StreamStateEvent>();

  /**
   * The state of the long-lived streams (legacy standalone GET stream) and, as the stream
   * `requests`, whether requests reach the server: `failed` when a POST could not (a network
   * failure, a 5xx), `open` when one is answered again. Hot.
   */
  readonly streamState$: Observable<StreamStateEvent> = this.streamStates.asObservable();

  constructor(
    url: string | URL,
    /** The options it was made with. */
    readonly options: StreamableHttpOptions = {},
  ) {
    this.url = checkNetworkTarget('streamableHttp.', url, HTTP_SCHEMES, options);
    checkBoolean('streamableHttp.terminateOnClose', options.terminateOnClose);
    checkBoolean('streamableHttp.openStandaloneStream', options.openStandaloneStream);
    checkDuration('streamableHttp.standaloneWaitMs', options.standaloneWaitMs, 'requests do not wait for the stream');
    checkReconnectOptions('streamableHttp.reconnect', options.reconnect);
    this.description = `streamable-http: ${this.url.origin}${this.url.pathname}`;
  }

  /** Posts `outbound$` to the endpoint and reads the answers (see `Transport.connect`). */
  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
    return new Observable<InboundItem>((subscriber) => {
      const connection = new HttpConnection(this, subscriber, (event) => this.streamStates.next(event));
      const subscription = outbound$.subscribe({
        next: (outbound) => connection.send(outbound),
        complete: () => void connection.close(true).then(() => subscriber.complete()),
        error: () => void connection.close(true).then(() => subscriber.complete()),
      });
      return () => {
        subscription.unsubscribe();
        void connection.close(false);
      };
    });
  }
}

/**
 * Creates a Streamable HTTP transport. Invalid options throw `InvalidOptionError` (nothing is sent).
 *
 * @example
 * ```ts
 * const client = await Client.connect(streamableHttp('https://mcp.example.com/mcp', { headers: { Authorization: `Bearer ${token}` } }));
 * ```
 */
export function streamableHttp(url: string | URL, options?: StreamableHttpOptions): StreamableHttpTransport {
  return new StreamableHttpTransport(url, options);
}
