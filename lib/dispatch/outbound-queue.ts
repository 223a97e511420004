/**
 * The dispatcher's write queue. Messages sent in the same tick are handed to the transport
 * together at the end of the tick, in order. Until then a queued request can still be withdrawn:
 * a request unsubscribed in the same tick it was made is never written, and needs no
 * cancellation notice.
 */
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { OutboundMessage } from '../transport/transport.js';
import { runSoon } from '../protocol/microtask.js';

/**
 * What waits in the queue, itself the {@link OutboundMessage} handed to the transport: a
 * {@link QueuedMessage}, or a request in flight that is its own entry (`PendingRequest`, one
 * object per call rather than two). Once written, only its state is kept: the message and
 * headers are released, so a request waiting for its answer does not hold its serialized params
 * alive.
 */
export interface QueueEntry extends OutboundMessage {
  /** The message to write; released once written. */
  message: JsonRpcMessage;
  /** Its HTTP headers; released once written. */
  headers: Readonly<Record<string, string>> | undefined;
  /** Set once handed to the transport (cleared by whoever queues the entry again). */
  written: boolean;
  /** Set when the sender withdrew it before it was written. */
  withdrawn: boolean;
}

/** A queued message that is not a request in flight (a notification, an answer to the server). */
export class QueuedMessage implements QueueEntry {
  /** Set once handed to the transport. */
  written = false;
  /** Set when the sender withdrew it before it was written. */
  withdrawn = false;

  constructor(
    /** The message to write; released once written. */
    public message: JsonRpcMessage,
    /** Its HTTP headers; released once written. */
    public headers: Readonly<Record<string, string>> | undefined,
  ) {}
}

const RELEASED = undefined as unknown as JsonRpcMessage;

/** Batches messages per tick into the outbound stream. */
export class OutboundQueue {
  private queue: QueueEntry[] = [];
  private scheduled = false;

  constructor(private readonly sink: { next(message: OutboundMessage): void }) {}

  /** Queues a message for the end of this tick. */
  enqueue(message: JsonRpcMessage, headers?: Readonly<Record<string, string>>): QueuedMessage {
    const entry = new QueuedMessage(message, headers);
    this.add(entry);
    return entry;
  }

  /** Queues `entry` (its `message` set, `written` and `withdrawn` false) for the end of this tick. */
  add(entry: QueueEntry): void {
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      runSoon(this.flush);
    }
  }

  /** Hands every queued message to the transport now. */
  readonly flush = (): void => {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    // an indexed loop: before the optimising compiler takes over, a `for…of` allocates per step
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i]!;
      if (!entry.withdrawn) {
        entry.written = true;
        this.sink.next(entry);
        // queued again while the transport handled it (a request re-issued after a broken stream): its new message stays
        if (!entry.written) continue;
      }
      entry.message = RELEASED;
      entry.headers = undefined;
    }
  };
}
