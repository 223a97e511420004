/**
 * Newline framing for byte streams, linear in the size of each message.
 *
 * Chunks are kept in a list until a newline arrives, and a message is joined exactly once, so a
 * 20 MB message costs one copy, not one per chunk. A message longer than `maxMessageBytes` is
 * discarded as it streams in (memory stays bounded) and reported once; to let the dispatcher fail
 * the request it answered, the id is read from the message's first or last bytes when the JSON
 * puts it there (`{"jsonrpc":"2.0","id":7,…` or `…,"id":7}`).
 */
import type { RequestId } from '../../protocol/jsonrpc.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** How many bytes of an oversized message are kept to look for its id. */
const SNIFF_BYTES = 256;

/** What the splitter reports. */
export interface LineSplitterSink {
  /** One complete line, without its line ending. Never empty. */
  line(bytes: Buffer): void;
  /** A line exceeded the limit and was dropped; `requestId` is its id when it could be read. */
  oversized(size: number, requestId: RequestId | undefined): void;
}

/** Splits a byte stream into newline-terminated lines. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** While discarding an oversized line: its first bytes and its size so far. */
  private discarding: { head: Buffer; tail: Buffer; size: number } | undefined;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly sink: LineSplitterSink,
  ) {}

  /** Feeds one chunk. */
  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.hold(chunk.subarray(start));
        return;
      }
      this.finishLine(chunk.subarray(start, newline));
      start = newline + 1;
    }
  }

  /** Drops any partial line (the stream ended). Returns how many bytes were dropped. */
  flush(): number {
    const dropped = this.discarding?.size ?? this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = undefined;
    return dropped;
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    if (this.discarding !== undefined) {
      this.discard(part);
      return;
    }
    if (this.pendingBytes + part.length > this.maxMessageBytes) {
      const head = Buffer.concat(this.pending.length > 0 ? [...this.pending, part] : [part]).subarray(0, SNIFF_BYTES);
      this.discarding = { head: Buffer.from(head), tail: Buffer.alloc(0), size: this.pendingBytes };
      this.pending = [];
      this.pendingBytes = 0;
      this.discard(part);
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private discard(part: Buffer): void {
    const state = this.discarding!;
    state.size += part.length;
    state.tail =
      part.length >= SNIFF_BYTES
        ? Buffer.from(part.subarray(part.length - SNIFF_BYTES))
        : Buffer.concat([state.tail, part]).subarray(-SNIFF_BYTES);
  }

  private finishLine(last: Buffer): void {
    if (this.discarding !== undefined || this.pendingBytes + last.length > this.maxMessageBytes) {
      if (this.discarding === undefined) {
        this.hold(last);
      } else {
        this.discard(last);
      }
      const { head, tail, size } = this.discarding!;
      this.discarding = undefined;
      this.sink.oversized(size, sniffId(head, tail));
      return;
    }
    let line = this.pending.length === 0 ? last : Buffer.concat([...this.pending, last], this.pendingBytes + last.length);
    this.pending = [];
    this.pendingBytes = 0;
    if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, line.length - 1);
    if (line.length > 0) this.sink.line(line);
  }
}

const HEAD_ID = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;
const TAIL_ID = /,\s*"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*\}\s*$/;

/**
 * Reads the top-level id of a JSON-RPC message from its first or last bytes. Only positions that
 * can only be top-level members are trusted: the first member(s) after the opening brace, or the
 * last member before the closing brace.
 */
export function sniffId(head: Buffer, tail: Buffer): RequestId | undefined {
  const match = HEAD_ID.exec(head.toString('utf8')) ?? TAIL_ID.exec(tail.toString('utf8').replace(/\r$/, ''));
  if (match === null) return undefined;
  try {
    const id: unknown = JSON.parse(match[1]!);
    return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : undefined;
  } catch {
    return undefined;
  }
}
