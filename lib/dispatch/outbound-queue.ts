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
 * A queued message, itself the {@link OutboundMessage} handed to the transport. Once written,
 * only its state is kept: the message and headers are released, so a request waiting for its
 * answer does not hold its serialized params alive.
 */
export class QueuedMessage implements OutboundMessage {
  /** Set once handed to the transport. */
  written = false;
  /** Set when the sender withdrew it before it was written. */
  withdrawn = false;

  constructor(
    public message: JsonRpcMessage,
    public headers: Readonly<Record<string, string>> | undefined,
  ) {}
}

const RELEASED = undefined as unknown as JsonRpcMessage;

/** Batches messages per tick into the outbound stream. */
export class OutboundQueue {
  private queue: QueuedMessage[] = [];
  private scheduled = false;

  constructor(private readonly sink: { next(message: OutboundMessage): void }) {}

  /** Queues a message for the end of this tick. */
  enqueue(message: JsonRpcMessage, headers?: Readonly<Record<string, string>>): QueuedMessage {
    const entry = new QueuedMessage(message, headers);
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      runSoon(this.flush);
    }
    return entry;
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
      }
      entry.message = RELEASED;
      entry.headers = undefined;
    }
  };
}
