/**
 * The stdio transport's write queue: what the client sends waits here, serialized, until the
 * server's stdin takes it, and no more than a limit in bytes waits at once.
 *
 * - Messages queued in the same tick go out together at the end of the tick, in chunks of up to
 *   {@link WRITE_CHUNK_BYTES}; after a write the stream says is over its high-water mark, nothing
 *   more is handed to it until `'drain'` (backpressure), so the stream's own buffer stays small.
 * - A message that would take the queue past `limit` bytes is refused (the caller fails it with
 *   the {@link WriteQueueFullError} returned); a message that finds the queue empty is always
 *   accepted, so no single message is too large to send.
 * - A request given up while it still waits here (its `notifications/cancelled` arrives) is taken
 *   out and the cancellation with it: the server never saw the request, so it needs no notice.
 */
import type { Writable } from 'node:stream';
import type { JsonRpcMessage, RequestId } from '../../protocol/jsonrpc.js';
import { WriteQueueFullError } from './stdio-errors.js';
import { runSoon } from '../../protocol/microtask.js';

/** The default of `maxQueuedBytes`: 16 MiB waiting for a server to read its stdin. */
export const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/** The most handed to the stream in one write (one message larger than this goes alone). */
export const WRITE_CHUNK_BYTES = 256 * 1024;

/** One serialized message waiting to be written. */
interface Entry {
  text: string;
  readonly bytes: number;
  /** The id of a request, so that its cancellation can take it out. */
  readonly id: RequestId | undefined;
  dropped: boolean;
}

/** Writes messages to a server's stdin with a bounded queue and backpressure. */
export class StdinWriteQueue {
  private entries: (Entry | undefined)[] = [];
  private head = 0;
  private bytes = 0;
  private blocked = false;
  private scheduled = false;
  private ended = false;
  private waitingCount = 0;
  /** The waiting requests by id; filled only while the stream is blocked (the only time a request can wait past its tick). */
  private readonly waiting = new Map<RequestId, Entry>();

  constructor(
    private readonly stream: Writable,
    private readonly limit: number,
    private readonly target: string,
  ) {}

  /** Bytes waiting: in this queue and in the stream's own buffer. */
  get queuedBytes(): number {
    return this.bytes + this.stream.writableLength;
  }

  /** How many messages wait in this queue (not yet handed to the stream). */
  get queuedMessages(): number {
    return this.waitingCount;
  }

  /**
   * Queues `message` for the end of this tick. Returns the error to fail it with when it does
   * not fit; a cancellation of a request still waiting here removes both and returns nothing.
   */
  enqueue(message: JsonRpcMessage): WriteQueueFullError | undefined {
    if (this.ended) return undefined;
    // only a blocked stream has waiting requests to withdraw (the test is here, not a call, on every message)
    if (this.waiting.size > 0 && this.withdraws(message)) return undefined;
    const text = JSON.stringify(message);
    const bytes = Buffer.byteLength(text, 'utf8') + 1;
    const queued = this.bytes + this.stream.writableLength; // `queuedBytes`, without the getter's call
    if (queued > 0 && queued + bytes > this.limit) return new WriteQueueFullError(bytes, this.limit, this.target);
    const id = 'id' in message && 'method' in message ? message.id : undefined;
    const entry: Entry = { text, bytes, id, dropped: false };
    this.entries.push(entry);
    this.bytes += bytes;
    this.waitingCount++;
    if (this.blocked) {
      if (id !== undefined) this.waiting.set(id, entry);
    } else if (!this.scheduled) {
      this.scheduled = true;
      runSoon(this.pump);
    }
    return undefined;
  }

  /** Hands everything still queued to the stream, ignoring backpressure (the connection is closing). */
  flushAll(): void {
    this.blocked = false;
    this.pump(Infinity);
    this.ended = true;
  }

  /** Drops everything queued (the connection is gone). */
  clear(): void {
    this.ended = true;
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
    this.waitingCount = 0;
    this.waiting.clear();
  }

  /** True when `message` cancels a request that is still waiting here: both are dropped. */
  private withdraws(message: JsonRpcMessage): boolean {
    if (!('method' in message) || 'id' in message || message.method !== 'notifications/cancelled') return false;
    const requestId = message.params?.requestId;
    if (typeof requestId !== 'number' && typeof requestId !== 'string') return false;
    const entry = this.waiting.get(requestId);
    if (entry === undefined) return false;
    this.waiting.delete(requestId);
    entry.dropped = true;
    entry.text = '';
    this.bytes -= entry.bytes;
    this.waitingCount--;
    return true;
  }

  private readonly pump = (chunkLimit: number = WRITE_CHUNK_BYTES): void => {
    this.scheduled = false;
    const entries = this.entries;
    while (!this.blocked && this.head < entries.length) {
      if (!this.stream.writable) {
        this.clear(); // the stream is gone: the transport reports why
        return;
      }
      const parts: string[] = [];
      let size = 0;
      while (this.head < entries.length && size < chunkLimit) {
        const entry = entries[this.head]!;
        entries[this.head++] = undefined;
        if (entry.dropped) continue;
        if (entry.id !== undefined && this.waiting.size > 0) this.waiting.delete(entry.id);
        parts.push(entry.text);
        size += entry.bytes;
        this.bytes -= entry.bytes;
        this.waitingCount--;
      }
      if (parts.length === 0) break;
      if (!this.stream.write(parts.length === 1 ? `${parts[0]}\n` : `${parts.join('\n')}\n`)) this.block();
    }
    this.compact();
  };

  /** The stream is over its high-water mark: wait for `'drain'`, and let waiting requests be withdrawn meanwhile. */
  private block(): void {
    this.blocked = true;
    for (let index = this.head; index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (entry.id !== undefined && !entry.dropped) this.waiting.set(entry.id, entry);
    }
    this.stream.once('drain', this.unblock);
  }

  private readonly unblock = (): void => {
    this.blocked = false;
    if (!this.ended) this.pump();
  };

  /** Lets go of the written part of the array once it dominates. */
  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
