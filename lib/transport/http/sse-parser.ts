/**
 * An incremental parser for `text/event-stream` (the WHATWG server-sent events format), as
 * Streamable HTTP and the legacy HTTP+SSE transport receive it.
 *
 * Bytes arrive in chunks of any size; lines may end in LF, CRLF or CR (even split across
 * chunks); a leading byte-order mark is skipped; `:` lines are comments (keep-alives) and are
 * ignored; `data` lines accumulate (joined with LF) until a blank line dispatches the event;
 * `event` names it (default `message`); `id` sets the last event id (kept across events, as
 * resumption needs, and only once its event ended); `retry` sets the reconnection delay.
 *
 * It works on the bytes as they arrive: line ends are found with `indexOf` on the chunk (LF and
 * CR never occur inside a UTF-8 sequence), and only a field's value is decoded, once, from the
 * bytes of its line; the chunk is never decoded as a whole nor re-joined as text. A line that
 * spans chunks is kept as the list of its byte parts and copied together once, so a 30 MB event
 * costs one copy and one decode, not one per chunk. Chunks are read where they lie, so a caller
 * must not change a chunk after pushing it (stream readers hand over fresh ones). An event larger
 * than `maxEventSize` bytes (its lines, comments excluded) is dropped as it streams in, nothing of
 * it kept, and reported once.
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
  /** An event exceeded the limit and was dropped (it had at least `size` bytes). */
  oversized?(size: number): void;
}

/** The default limit on one event: 64 MiB. */
export const DEFAULT_MAX_EVENT_SIZE = 64 * 1024 * 1024;

/** LF, CR, `:` and space. */
const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
/** The UTF-8 byte-order mark. */
const BOM = [0xef, 0xbb, 0xbf] as const;
const EMPTY = new Uint8Array(0);
/** Values up to this many bytes are read without the decoder when they are ASCII. */
const SHORT_VALUE = 64;
/** `message`, the default event type, in bytes. */
const MESSAGE = [109, 101, 115, 115, 97, 103, 101] as const;

/** Parses a byte stream of server-sent events. */
export class SseParser {
  // Field values are decoded line by line: a BOM inside a value is kept (the parser strips the
  // stream's leading one itself).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private encoder: TextEncoder | undefined;
  /** Byte parts of the line not finished yet. */
  private line: Uint8Array[] = [];
  private lineLength = 0;
  /** Whether the unfinished line is being skipped: a comment, or a line of a dropped event. */
  private skipping = false;
  /** Whether the last chunk ended in CR (an LF starting the next chunk belongs to it). */
  private pendingCr = false;
  private dataLines: string[] = [];
  /** Bytes of the current event's lines so far (comments excluded). */
  private eventSize = 0;
  private eventType = '';
  /** The `id` seen last; it becomes {@link lastEventId} when its event ends (a blank line). */
  private idBuffer: string | undefined;
  private dropping = false;
  private started = false;
  /** The first bytes of a stream while they may still be the start of a BOM. */
  private head: Uint8Array = EMPTY;
  /** The next CR of the chunk being parsed at or after the last native search (-1: none; -2: not searched yet). */
  private crAt = -2;
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

  /** Feeds bytes (or text, which is encoded first). */
  push(chunk: Uint8Array | string): void {
    let bytes = typeof chunk === 'string' ? (this.encoder ??= new TextEncoder()).encode(chunk) : chunk;
    if (!this.started) {
      const start = this.streamStart(bytes);
      if (start === undefined) return;
      bytes = start;
    }
    const length = bytes.length;
    if (length === 0) return; // an empty chunk: a pending CR stays pending
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (bytes[0] === LF) start = 1;
    }
    this.crAt = -2;
    while (start < length) {
      const end = this.lineEnd(bytes, start, length);
      if (end === -1) break;
      this.takeLine(bytes, start, end);
      if (bytes[end] === CR) {
        if (end + 1 === length) {
          this.pendingCr = true;
          start = length;
          break;
        }
        start = bytes[end + 1] === LF ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    if (start < length) this.hold(bytes.subarray(start));
  }

  /**
   * The stream ended: an unfinished event is discarded (as the format requires), with its `id`.
   * The parser is then ready for the next stream (a reconnection), `lastEventId` kept.
   */
  end(): void {
    this.line = [];
    this.lineLength = 0;
    this.skipping = false;
    this.pendingCr = false;
    this.started = false;
    this.head = EMPTY;
    this.idBuffer = this.lastEventId;
    this.resetEvent();
  }

  /**
   * The bytes of a chunk at the start of a stream without its BOM; `undefined` while the bytes so
   * far could still be the start of one (they are kept until they cannot).
   */
  private streamStart(bytes: Uint8Array): Uint8Array | undefined {
    let all = bytes;
    if (this.head.length > 0) {
      all = new Uint8Array(this.head.length + bytes.length);
      all.set(this.head);
      all.set(bytes, this.head.length);
    }
    const prefix = Math.min(all.length, BOM.length);
    let matches = true;
    for (let i = 0; i < prefix; i++) if (all[i] !== BOM[i]) matches = false;
    if (matches && all.length < BOM.length) {
      this.head = all;
      return undefined;
    }
    this.started = true;
    this.head = EMPTY;
    return matches ? all.subarray(BOM.length) : all;
  }

  /**
   * The index of the first LF or CR in `bytes[from, length)`, or -1. Short lines are scanned byte
   * by byte (cheaper than a native call); past {@link SCAN} bytes the native `indexOf` takes over,
   * the next CR of the chunk searched once and kept in {@link crAt} until passed.
   */
  private lineEnd(bytes: Uint8Array, from: number, length: number): number {
    const scanned = Math.min(length, from + SCAN);
    for (let i = from; i < scanned; i++) {
      const byte = bytes[i]!;
      if (byte === LF || byte === CR) return i;
    }
    if (scanned === length) return -1;
    if (this.crAt !== -1 && this.crAt < scanned) this.crAt = bytes.indexOf(CR, scanned);
    const lf = bytes.indexOf(LF, scanned);
    const cr = this.crAt;
    return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
  }

  /** Keeps the start of a line whose end has not arrived yet. `part` is never empty. */
  private hold(part: Uint8Array): void {
    if (this.skipping) return;
    if (this.dropping || (this.lineLength === 0 && part[0] === COLON)) {
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

  /** The line `bytes[from, to)` ended (with what was held of it before). */
  private takeLine(bytes: Uint8Array, from: number, to: number): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    let line: Uint8Array;
    let start = from;
    let end = to;
    if (this.line.length === 0) {
      line = bytes;
    } else {
      // the one copy of a line that spanned chunks
      line = new Uint8Array(this.lineLength + (to - from));
      let offset = 0;
      for (const part of this.line) {
        line.set(part, offset);
        offset += part.length;
      }
      line.set(bytes.subarray(from, to), offset);
      start = 0;
      end = line.length;
      this.line = [];
      this.lineLength = 0;
    }
    const size = end - start;
    if (size === 0) {
      this.dispatch();
      return;
    }
    if (line[start] === COLON) return; // a comment
    if (this.dropping) return;
    if (this.eventSize + size > this.maxEventSize) {
      this.startDropping(this.eventSize + size);
      return;
    }
    this.eventSize += size + 1;
    const field = fieldName(line, start, end);
    if (field === undefined) return; // unknown fields are ignored
    // the known names are followed by the colon or end the line
    let valueStart = start + field.length + 1;
    if (valueStart > end) valueStart = end;
    else if (valueStart < end && line[valueStart] === SPACE) valueStart++;
    switch (field) {
      case 'data':
        this.dataLines.push(this.decode(line, valueStart, end));
        return;
      case 'event':
        this.eventType = isMessage(line, valueStart, end) ? 'message' : this.shortText(line, valueStart, end);
        return;
      case 'id': {
        if (!hasNul(line, valueStart, end)) this.idBuffer = this.shortText(line, valueStart, end);
        return;
      }
      case 'retry': {
        const value = this.shortText(line, valueStart, end);
        if (/^[0-9]+$/.test(value)) this.sink.retry?.(Number(value));
        return;
      }
      default:
        return; // unknown fields are ignored
    }
  }

  private decode(line: Uint8Array, from: number, to: number): string {
    return from === to ? '' : this.decoder.decode(line.subarray(from, to));
  }

  /** A short value (an id, an event name): read as ASCII when it is, without the decoder's call. */
  private shortText(line: Uint8Array, from: number, to: number): string {
    if (to - from > SHORT_VALUE) return this.decode(line, from, to);
    let text = '';
    for (let i = from; i < to; i++) {
      const byte = line[i]!;
      if (byte >= 0x80) return this.decode(line, from, to);
      text += String.fromCharCode(byte);
    }
    return text;
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

/** The known field the line `line[from, to)` sets (its name, then `:` or the line's end), or `undefined`; names are case-sensitive. */
function fieldName(line: Uint8Array, from: number, to: number): 'data' | 'event' | 'id' | 'retry' | undefined {
  const first = line[from];
  if (first === 100) return named(line, from, to, DATA) ? 'data' : undefined;
  if (first === 105) return named(line, from, to, ID) ? 'id' : undefined;
  if (first === 101) return named(line, from, to, EVENT) ? 'event' : undefined;
  if (first === 114) return named(line, from, to, RETRY) ? 'retry' : undefined;
  return undefined;
}

const DATA = [100, 97, 116, 97] as const;
const ID = [105, 100] as const;
const EVENT = [101, 118, 101, 110, 116] as const;
const RETRY = [114, 101, 116, 114, 121] as const;

/** True when the line starts with `name` followed by `:` or its end. */
function named(line: Uint8Array, from: number, to: number, name: readonly number[]): boolean {
  const after = from + name.length;
  if (after > to || (after < to && line[after] !== COLON)) return false;
  for (let i = 1; i < name.length; i++) if (line[from + i] !== name[i]) return false;
  return true;
}

/** Bytes scanned one by one for a line end before the native search takes over (long lines). */
const SCAN = 128;

/** True when `line[from, to)` is `message`. */
function isMessage(line: Uint8Array, from: number, to: number): boolean {
  if (to - from !== MESSAGE.length) return false;
  for (let i = 0; i < MESSAGE.length; i++) if (line[from + i] !== MESSAGE[i]) return false;
  return true;
}

/** True when `line[from, to)` holds a NUL byte. */
function hasNul(line: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (line[i] === 0) return true;
  return false;
}
