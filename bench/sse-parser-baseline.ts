// The SSE parser as it was before issue 18 (decoding each chunk as text, scanning it character by character), kept only as the baseline of bench/sse-parser.ts.
/**
 * An incremental parser for `text/event-stream` (the WHATWG server-sent events format), as
 * Streamable HTTP and the legacy HTTP+SSE transport receive it.
 *
 * Bytes arrive in chunks of any size; lines may end in LF, CRLF or CR (even split across
 * chunks); a leading byte-order mark is skipped; `:` lines are comments (keep-alives) and are
 * ignored; `data` lines accumulate (joined with LF) until a blank line dispatches the event;
 * `event` names it (default `message`); `id` sets the last event id (kept across events, as
 * resumption needs, and only once its event ended); `retry` sets the reconnection delay. Lines
 * are kept as lists of parts and joined once, so a 30 MB event costs one join, not one copy per
 * chunk. An event larger than `maxEventSize` characters (its lines, comments excluded) is
 * dropped as it streams in, nothing of it kept, and reported once.
 *
 * Browser-safe: decoding uses the platform `TextDecoder`.
 */

/** One dispatched event. */
export interface SseEvent {
  /** The event type; `message` when the stream did not name one. */
  readonly event: string;
  /** The data lines, joined with LF. */
  readonly data: string;
  /** The last event id at dispatch time (ids persist across events). */
  readonly id: string | undefined;
}

/** What the parser reports. */
export interface SseSink {
  /** A complete event. Events without data (a bare `id`, say) are not dispatched. */
  event(event: SseEvent): void;
  /** The server asked for a reconnection delay (`retry:` with a number), in milliseconds. */
  retry?(ms: number): void;
  /** An event exceeded the limit and was dropped (it had at least `size` characters). */
  oversized?(size: number): void;
}

/** The default limit on one event: 64 Mi characters. */
export const DEFAULT_MAX_EVENT_SIZE = 64 * 1024 * 1024;

/** Parses a byte stream of server-sent events. */
export class SseParser {
  // The parser strips the byte-order mark itself, for bytes and text alike: left to the decoder,
  // a stream starting with two BOMs would lose both.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Parts of the line not finished yet. */
  private line: string[] = [];
  private lineLength = 0;
  /** Whether the unfinished line is being skipped: a comment, or a line of a dropped event. */
  private skipping = false;
  /** Whether the last chunk ended in CR (an LF starting the next chunk belongs to it). */
  private pendingCr = false;
  private dataLines: string[] = [];
  /** Characters of the current event's lines so far (comments excluded). */
  private eventSize = 0;
  private eventType = '';
  /** The `id` seen last; it becomes {@link lastEventId} when its event ends (a blank line). */
  private idBuffer: string | undefined;
  private dropping = false;
  private started = false;
  /**
   * The last event id, for `Last-Event-ID` on reconnection: set when an event carrying an `id`
   * ends, so an event cut off by the end of the stream does not count as received. Kept across
   * events and across {@link end}; `''` means the server reset it.
   */
  lastEventId: string | undefined;

  constructor(
    private readonly sink: SseSink,
    private readonly maxEventSize: number = DEFAULT_MAX_EVENT_SIZE,
  ) {}

  /** Feeds bytes (or already decoded text). */
  push(chunk: Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (text.length === 0) return; // an empty chunk, or the first bytes of a character: a pending CR stays pending
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.takeLine(text.slice(start, i));
      if (code === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
    }
    if (start < text.length) this.hold(text.slice(start));
  }

  /**
   * The stream ended: an unfinished event is discarded (as the format requires), with its `id`.
   * The parser is then ready for the next stream (a reconnection), `lastEventId` kept.
   */
  end(): void {
    this.decoder.decode();
    this.line = [];
    this.lineLength = 0;
    this.skipping = false;
    this.pendingCr = false;
    this.started = false;
    this.idBuffer = this.lastEventId;
    this.resetEvent();
  }

  /** Keeps the start of a line whose end has not arrived yet. `part` is never empty. */
  private hold(part: string): void {
    if (this.skipping) return;
    if (this.dropping || (this.lineLength === 0 && part.charCodeAt(0) === 58)) {
      this.skipping = true; // nothing of a comment or of a dropped event is kept
      return;
    }
    this.line.push(part);
    this.lineLength += part.length;
    if (this.eventSize + this.lineLength > this.maxEventSize) {
      this.startDropping(this.eventSize + this.lineLength);
      this.line = [];
      this.lineLength = 0;
      this.skipping = true;
    }
  }

  private takeLine(last: string): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const line = this.line.length === 0 ? last : this.line.join('') + last;
    this.line = [];
    this.lineLength = 0;
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment
    if (this.dropping) return;
    if (this.eventSize + line.length > this.maxEventSize) {
      this.startDropping(this.eventSize + line.length);
      return;
    }
    this.eventSize += line.length + 1;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        return;
      case 'event':
        this.eventType = value;
        return;
      case 'id':
        if (!value.includes('\0')) this.idBuffer = value;
        return;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.sink.retry?.(Number(value));
        return;
      default:
        return; // unknown fields are ignored
    }
  }

  /** The event crossed the limit: report it once and ignore the rest of it. */
  private startDropping(size: number): void {
    this.dropping = true;
    this.dataLines = [];
    this.sink.oversized?.(size);
  }

  private dispatch(): void {
    this.lastEventId = this.idBuffer;
    if (this.dropping || this.dataLines.length === 0) {
      this.resetEvent();
      return;
    }
    const data = this.dataLines.length === 1 ? this.dataLines[0]! : this.dataLines.join('\n');
    const event: SseEvent = { event: this.eventType === '' ? 'message' : this.eventType, data, id: this.lastEventId };
    this.resetEvent();
    this.sink.event(event);
  }

  private resetEvent(): void {
    this.dataLines = [];
    this.eventSize = 0;
    this.eventType = '';
    this.dropping = false;
  }
}
