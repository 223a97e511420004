/**
 * Newline framing for byte streams, linear in the size of each message.
 *
 * Each chunk is decoded once (a `StringDecoder` keeps multi-byte characters that straddle chunks
 * intact) and lines are cut out of it as string slices, without copying. The unfinished tail of
 * a line is kept in a list of parts joined exactly once, when its newline arrives, so a 20 MB
 * message costs one join, not one copy per chunk.
 *
 * A message longer than `maxMessageBytes` is discarded as it streams in (memory stays bounded)
 * and reported once; so that the dispatcher can fail the request it answered, the id is read
 * from the message's first or last characters when the JSON puts it there
 * (`{"jsonrpc":"2.0","id":7,…` or `…,"id":7}`). Sizes are counted in bytes: exactly for the parts
 * of a line that span chunks (a newline is one byte in UTF-8 and never inside a multi-byte
 * character, so its byte offset splits a chunk exactly), and with `Buffer.byteLength` for a line
 * inside one chunk whenever its length could reach the limit.
 */
import { StringDecoder } from 'node:string_decoder';
import type { RequestId } from '../../protocol/jsonrpc.js';
import { SNIFF_CHARS, sniffFrameId } from '../json-frames.js';
import { sniffId } from '../sniff-id.js';

const NEWLINE = 0x0a;

/** What the splitter reports. */
export interface LineSplitterSink {
  /** One complete line, without its line ending. Never empty. */
  line(text: string): void;
  /** A line exceeded the limit and was dropped; `requestId` is its id when it could be read. */
  oversized(size: number, requestId: RequestId | undefined): void;
}

/** Splits a byte stream into newline-terminated lines. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The parts of the unfinished line, and their size in bytes. */
  private pending: string[] = [];
  private pendingBytes = 0;
  /** While discarding an oversized line: its first and last characters, and its size so far. */
  private discarding: { head: string; tail: string; size: number } | undefined;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly sink: LineSplitterSink,
  ) {}

  /** Feeds one chunk. */
  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline === -1) {
      this.hold(text, chunk.length);
      return;
    }
    const held = this.discarding !== undefined || this.pending.length > 0;
    const short = this.maxMessageBytes / 3;
    do {
      // The common line, wholly inside this chunk, surely under the limit and ending in a bare
      // newline, goes to the sink from here (one function less per message in the first calls).
      if ((start > 0 || !held) && newline - start <= short && newline > start && text.charCodeAt(newline - 1) !== 13) this.sink.line(text.slice(start, newline));
      else this.finishLine(text.slice(start, newline), start === 0);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    } while (newline !== -1);
    if (start < text.length) this.hold(text.slice(start), chunk.length - chunk.lastIndexOf(NEWLINE) - 1);
  }

  /** Drops any partial line (the stream ended). Returns how many bytes were dropped. */
  flush(): number {
    const dropped = this.discarding?.size ?? this.pendingBytes;
    this.decoder.end();
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = undefined;
    return dropped;
  }

  /** Keeps `part` (`bytes` long) of an unfinished line. */
  private hold(part: string, bytes: number): void {
    if (this.discarding !== undefined) {
      this.discard(part, bytes);
      return;
    }
    if (this.pendingBytes + bytes > this.maxMessageBytes) {
      const head = (this.pending.length > 0 ? this.pending.join('') + part : part).slice(0, SNIFF_CHARS);
      this.discarding = { head, tail: '', size: this.pendingBytes };
      this.pending = [];
      this.pendingBytes = 0;
      this.discard(part, bytes);
      return;
    }
    this.pending.push(part);
    this.pendingBytes += bytes;
  }

  private discard(part: string, bytes: number): void {
    const state = this.discarding!;
    state.size += bytes;
    state.tail = part.length >= SNIFF_CHARS ? part.slice(-SNIFF_CHARS) : (state.tail + part).slice(-SNIFF_CHARS);
  }

  /**
   * Completes a line whose last part is `last`. Only the first line of a chunk can continue
   * held parts (`continues`); later lines of the same chunk started in it.
   */
  private finishLine(last: string, continues: boolean): void {
    if (continues && (this.discarding !== undefined || this.pending.length > 0)) {
      this.finishHeldLine(last);
      return;
    }
    // A line wholly inside this chunk: at most 3 bytes per UTF-16 unit, so count exactly only
    // when it could be over the limit.
    if (last.length * 3 > this.maxMessageBytes) {
      const bytes = Buffer.byteLength(last);
      if (bytes > this.maxMessageBytes) {
        this.sink.oversized(bytes, sniffFrameId(last));
        return;
      }
    }
    this.emit(last);
  }

  private finishHeldLine(last: string): void {
    const lastBytes = Buffer.byteLength(last);
    if (this.discarding === undefined && this.pendingBytes + lastBytes > this.maxMessageBytes) this.hold(last, lastBytes);
    else if (this.discarding !== undefined) this.discard(last, lastBytes);
    if (this.discarding !== undefined) {
      const { head, tail, size } = this.discarding;
      this.discarding = undefined;
      this.sink.oversized(size, sniffId(head, tail));
      return;
    }
    this.pending.push(last);
    const line = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.emit(line);
  }

  private emit(line: string): void {
    const end = line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    if (end > 0) this.sink.line(end === line.length ? line : line.slice(0, end));
  }
}
