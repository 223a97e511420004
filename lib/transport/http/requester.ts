/**
 * The one seam between the HTTP transports and the network: how a request is sent and its body
 * read. Everything above it (Streamable HTTP in both eras, the legacy HTTP+SSE transport,
 * redirects, credentials, sessions) is written once against {@link HttpRequester}; below it sits
 * `fetch` (`fetch-requester.ts`, every platform) or, in Node, undici's dispatcher API
 * (`node/undici-requester.ts`, behind `rxmcp/node`), which skips the WHATWG layer.
 *
 * A WHATWG `Response` is an {@link HttpResponse} as it is, so the fetch path adds no wrapper.
 */

/** One HTTP request, with its final headers. */
export interface HttpRequest {
  /** The HTTP method (`GET`, `POST`, `DELETE`). */
  readonly method: string;
  /** Where the request goes. */
  readonly url: URL;
  /** The headers to send, by name, already final (credentials, session, protocol version). */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body (a serialized JSON-RPC message); absent when the request has none. */
  readonly body?: string;
  /** Aborts the request, and its body while it is being read. */
  readonly signal: AbortSignal;
  /**
   * `'manual'`: a 3xx comes back as it is (the transports follow redirects themselves, see
   * `redirects.ts`). `'follow'` only to retry a browser's opaque redirect under `redirect: 'follow'`.
   */
  readonly redirect: 'manual' | 'follow';
}

/** One chunk of a body, or its end. */
export type HttpBodyChunk = { readonly done: false; readonly value: Uint8Array } | { readonly done: true; readonly value?: Uint8Array | undefined };

/** Reads a body chunk by chunk (the shape of a WHATWG stream reader). */
export interface HttpBodyReader {
  /** The next chunk of the body, or its end. */
  read(): Promise<HttpBodyChunk>;
  /** Stops reading and lets go of the rest (the connection can be reused or is closed). */
  cancel(): Promise<void>;
  /** Lets go of the body without cancelling it (after its end has been read). */
  releaseLock(): void;
}

/** A response body: read once, through one reader, or cancelled. */
export interface HttpBody {
  /** The one reader of this body. */
  getReader(): HttpBodyReader;
  /** Discards the body unread (the connection can be reused or is closed). */
  cancel(): Promise<void>;
}

/** An HTTP response as the transports read it. */
export interface HttpResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** The reason phrase; may be empty (HTTP/2 has none). */
  readonly statusText: string;
  /** Status 200–299. */
  readonly ok: boolean;
  /** `'opaqueredirect'` for a browser's hidden redirect; otherwise anything else or absent. */
  readonly type?: string;
  /** Header lookup, by name in any case; several values joined with `, `. */
  readonly headers: { get(name: string): string | null };
  /** The body, still streaming; `null` when the response has none. */
  readonly body: HttpBody | null;
}

/** Sends one HTTP request; resolves once its status and headers are in, the body still streaming. */
export type HttpRequester = (request: HttpRequest) => Promise<HttpResponse>;
