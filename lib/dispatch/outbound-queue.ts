/**
 * The dispatcher's write queue. Messages sent in the same tick are handed to the transport
 * together at the end of the tick, in order. Until then a queued request can still be withdrawn:
 * a request unsubscribed in the same tick it was made is never written, and needs no
 * cancellation notice.
 */
import type { Subject } from 'rxjs';
import type { OutboundMessage } from '../transport/transport.js';

/** A queued message; `withdrawn` entries are skipped at flush time. */
export interface QueuedMessage {
  readonly outbound: OutboundMessage;
  /** Set once handed to the transport. */
  written: boolean;
  /** Set when the sender withdrew it before it was written. */
  withdrawn: boolean;
}

/** Batches messages per tick into an outbound subject. */
export class OutboundQueue {
  private queue: QueuedMessage[] = [];
  private scheduled = false;

  constructor(private readonly sink: Subject<OutboundMessage>) {}

  /** Queues a message for the end of this tick. */
  enqueue(outbound: OutboundMessage): QueuedMessage {
    const entry: QueuedMessage = { outbound, written: false, withdrawn: false };
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flush);
    }
    return entry;
  }

  /** Hands every queued message to the transport now. */
  readonly flush = (): void => {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const entry of batch) {
      if (entry.withdrawn) continue;
      entry.written = true;
      this.sink.next(entry.outbound);
    }
  };
}
