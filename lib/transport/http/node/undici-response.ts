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
/** The most of a cancelled body's rest read to its end, so its connection is kept. */
const DRAIN_LIMIT = 64 * 1024;
/** How long a cancelled body of unknown length is read on, waiting for its end, before it is destroyed. */
const DRAIN_MS = 100;

/**
 * A Node readable body, read through one reader: its `data`, `end` and `error` events (listened
 * to from the start, so an abort before anyone reads is never an unhandled error) feed `read()`,
 * the stream paused while a chunk waits for it. Cheaper per response than a stream's async
 * iterator. Cancelling reads the rest of a body for a moment (up to 64 KiB, 100 ms), so the
 * kept-alive connection stays usable when the body ends there (a short answer, an event stream
 * the server ends after the answer); a longer one is destroyed, and undici closes its connection.
 */
class NodeBody implements HttpBody, HttpBodyReader {
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private waiting: { readonly resolve: (chunk: HttpBodyChunk) => void; readonly reject: (error: unknown) => void } | undefined;
  private readonly onData = (chunk: Buffer): void => {
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting.resolve({ done: false, value: chunk });
      return;
    }
    this.queue.push(chunk);
    this.stream.pause();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.settle();
  };
  private readonly onError = (error: unknown): void => {
    this.failure ??= { error };
    this.settle();
  };
  private readonly onClose = (): void => {
    // destroyed without an error (cancelled): a read still waiting ends
    if (!this.ended && this.failure === undefined) this.failure = { error: new Error('The response body was closed before its end') };
    this.settle();
  };

  constructor(
    private readonly stream: Readable,
    private readonly length: number | undefined,
  ) {
    stream.on('data', this.onData).on('end', this.onEnd).on('error', this.onError).on('close', this.onClose);
  }

  getReader(): HttpBodyReader {
    return this;
  }

  read(): Promise<HttpBodyChunk> {
    const chunk = this.queue.shift();
    if (chunk !== undefined) {
      if (this.queue.length === 0 && !this.ended) this.stream.resume();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.ended) return Promise.resolve(DONE);
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    this.stream.resume();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  cancel(): Promise<void> {
    const stream = this.stream;
    this.queue.length = 0;
    stream.off('data', this.onData);
    if (stream.destroyed || stream.readableEnded || this.ended) return Promise.resolve();
    if (this.length !== undefined && this.length > DRAIN_LIMIT) {
      stream.destroy();
      return Promise.resolve();
    }
    // Read on, for a moment: a short body, or an event stream whose server ends it right after
    // the answer (the usual case), then leaves the connection reusable. One that goes on past
    // DRAIN_LIMIT bytes or DRAIN_MS is destroyed.
    let drained = 0;
    const stop = (): void => {
      clearTimeout(timer);
      stream.off('data', drain);
    };
    const drain = (chunk: Buffer): void => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT) stream.destroy();
    };
    const timer = setTimeout(() => stream.destroy(), DRAIN_MS);
    timer.unref();
    stream.on('data', drain).once('close', stop).once('end', stop);
    stream.resume();
    return Promise.resolve();
  }

  releaseLock(): void {
    // one reader only: nothing to release
  }

  /** Ends a read that waits, once the body ended or failed. */
  private settle(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.ended) waiting.resolve(DONE);
    else if (this.failure !== undefined) waiting.reject(this.failure.error);
  }
}
