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
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
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
  read(): Promise<HttpBodyChunk>;
  /** Stops reading and lets go of the rest (the connection can be reused or is closed). */
  cancel(): Promise<void>;
  releaseLock(): void;
}

/** A response body: read once, through one reader, or cancelled. */
export interface HttpBody {
  getReader(): HttpBodyReader;
  cancel(): Promise<void>;
}

/** An HTTP response as the transports read it. */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  /** Status 200–299. */
  readonly ok: boolean;
  /** `'opaqueredirect'` for a browser's hidden redirect; otherwise anything else or absent. */
  readonly type?: string;
  /** Header lookup, by name in any case; several values joined with `, `. */
  readonly headers: { get(name: string): string | null };
  readonly body: HttpBody | null;
}

/** Sends one HTTP request; resolves once its status and headers are in, the body still streaming. */
export type HttpRequester = (request: HttpRequest) => Promise<HttpResponse>;
