/**
 * The stream of messages the dispatcher hands to its transport: an Observable with a single
 * subscriber (the transport's connection), fed directly.
 *
 * A `Subject` would do, but every message passes through here, and on Node RxJS's `Subject.next`
 * allocates a closure per value; writing to the one subscriber costs nothing extra. Messages
 * that arrive before the transport subscribes are kept and delivered on subscription.
 */
import { Observable, type Subscriber } from 'rxjs';
import type { OutboundMessage } from '../transport/transport.js';

/** A single-subscriber outbound stream. */
export class OutboundChannel extends Observable<OutboundMessage> {
  private subscriber: Subscriber<OutboundMessage> | undefined;
  private backlog: OutboundMessage[] | undefined = [];
  private completed = false;

  constructor() {
    super((subscriber) => {
      if (this.subscriber !== undefined) {
        subscriber.error(new Error('The outbound stream of a connection accepts one subscriber'));
        return;
      }
      this.subscriber = subscriber;
      const backlog = this.backlog ?? [];
      this.backlog = undefined;
      for (const message of backlog) subscriber.next(message);
      if (this.completed) subscriber.complete();
      return () => {
        if (this.subscriber === subscriber) this.subscriber = undefined;
      };
    });
  }

  /** Sends one message to the transport. */
  next(message: OutboundMessage): void {
    if (this.completed) return;
    if (this.subscriber !== undefined) this.subscriber.next(message);
    // Kept as a copy: the sender may release the original once `next` returns.
    else this.backlog?.push({ message: message.message, headers: message.headers });
  }

  /** Ends the stream: the transport closes the connection gracefully. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.subscriber?.complete();
  }
}
