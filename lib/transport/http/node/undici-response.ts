/**
 * An undici response (`Dispatcher.request`'s status, headers and Node readable body) read as an
 * `HttpResponse`, the shape the transports read a WHATWG `Response` in, without building one.
 */
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import type { HttpBody, HttpBodyChunk, HttpBodyReader, HttpResponse } from '../requester.js';

/** The headers of an undici response, read like WHATWG ones (names are lowercase already). */
class UndiciHeaders {
  constructor(private readonly raw: Record<string, string | string[] | undefined>) {}

  get(name: string): string | null {
    const value = this.raw[name] ?? this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }
}

/** An undici response as an {@link HttpResponse}. */
export class UndiciResponse implements HttpResponse {
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: UndiciHeaders;
  readonly body: HttpBody;

  constructor(
    readonly status: number,
    statusText: string | undefined,
    headers: Record<string, string | string[] | undefined>,
    stream: Readable,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = statusText !== undefined && statusText !== '' ? statusText : (STATUS_CODES[status] ?? '');
    this.headers = new UndiciHeaders(headers);
    const length = this.headers.get('content-length');
    this.body = new NodeBody(stream, length === null ? undefined : Number(length));
  }
}

const DONE: HttpBodyChunk = { done: true, value: undefined };
/** The largest rest of a body of known length read to its end on cancel, so its connection is kept. */
const DRAIN_LIMIT = 64 * 1024;

/**
 * A Node readable body, read through one reader. Cancelling a short body of known length reads
 * its rest (the kept-alive connection stays usable); any other (an event stream, a long or
 * unknown length) is destroyed, and undici closes its connection.
 */
class NodeBody implements HttpBody, HttpBodyReader {
  private iterator: AsyncIterator<Buffer> | undefined;

  constructor(
    private readonly stream: Readable & { dump?: (options: { limit: number }) => Promise<unknown> },
    private readonly length: number | undefined,
  ) {}

  getReader(): HttpBodyReader {
    return this;
  }

  async read(): Promise<HttpBodyChunk> {
    this.iterator ??= this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const next = await this.iterator.next();
    return next.done === true ? DONE : { done: false, value: next.value };
  }

  cancel(): Promise<void> {
    const stream = this.stream;
    if (stream.destroyed || stream.readableEnded) return Promise.resolve();
    // a body destroyed before its end errors with "aborted": nobody is listening any more
    stream.on('error', ignore);
    if (this.length !== undefined && this.length <= DRAIN_LIMIT && stream.dump !== undefined) void stream.dump({ limit: DRAIN_LIMIT }).catch(ignore);
    else stream.destroy();
    return Promise.resolve();
  }

  releaseLock(): void {
    // one reader only: nothing to release
  }
}

/** Swallows the error of a body nobody reads any more. */
function ignore(): void {
  // nothing to do
}
