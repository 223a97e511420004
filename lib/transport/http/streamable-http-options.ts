/** The options of the Streamable HTTP transport, in a file of their own so the parts of a connection can read them without importing the transport. */
import type { ReconnectOptions } from '../../protocol/reconnect-policy.js';
import type { ClientAuth } from './auth.js';
import type { FetchLike } from './fetch.js';
import type { RedirectPolicy } from './redirects.js';
import type { HttpRequester } from './requester.js';

/** Options of `streamableHttp`. */
export interface StreamableHttpOptions {
  /** Headers added to every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use. Default: in Node undici's dispatcher API (see `rxmcp/node`), elsewhere the platform's `fetch`, or `cross-fetch` where there is none. */
  readonly fetch?: FetchLike;
  /** How requests are sent, below the protocol (e.g. `undiciRequester({ allowH2: true })` from `rxmcp/node`); wins over `fetch`. */
  readonly requester?: HttpRequester;
  /** Credentials, asked for before every request. */
  readonly auth?: ClientAuth;
  /** The largest message accepted: an SSE event in bytes of its lines, a JSON body in characters. Default 64 Mi. */
  readonly maxMessageBytes?: number;
  /** Legacy sessions: send `DELETE` when the connection closes. Default `true`. */
  readonly terminateOnClose?: boolean;
  /** Legacy sessions: open the standalone GET stream for server-initiated messages. Default `true`. */
  readonly openStandaloneStream?: boolean;
  /**
   * Legacy sessions whose client declared sampling, elicitation, roots or tasks: the longest a
   * request waits, after `notifications/initialized`, for the server to answer the standalone
   * GET (servers on the official SDK drop server→client requests while that stream is not open,
   * so a request sent before it could wait for an answer that never comes). Only a server (or a
   * proxy) that holds back the GET's response headers costs this delay, once. Default 10 000 ms;
   * 0 sends requests without waiting.
   */
  readonly standaloneWaitMs?: number;
  /** How broken streams are re-opened (legacy GET stream, resumed response streams). */
  readonly reconnect?: ReconnectOptions;
  /**
   * Redirects: `'same-origin'` (default) follows them within the origin and refuses one to
   * another origin with `RedirectRefusedError`; `'follow'` follows that too, without the
   * configured `headers`, the call's headers and the `auth` credentials; `'error'` refuses all.
   */
  readonly redirect?: RedirectPolicy;
}
