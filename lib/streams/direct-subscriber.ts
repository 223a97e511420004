/**
 * `DirectSubscriber`: an rxjs `Subscriber` that calls three functions of its owner itself, for
 * the connection's two per-message streams (the transport's inbound items to the dispatcher, the
 * dispatcher's outbound messages to the stdio transport).
 *
 * Handed a plain observer object, `subscribe` wraps it in a `SafeSubscriber` and a
 * `ConsumerObserver`: two more calls per value, each a function the optimising compiler compiles
 * on its own in a process's first thousands of calls (issue 17). Handed a `Subscriber`, rxjs uses
 * it as it is. What the wrapper adds is kept: an exception thrown by `next` does not unwind into
 * the producer (the transport's read loop) but is thrown again from a timer, as rxjs reports an
 * observer's unhandled error; `error` and `complete` end the subscription as usual.
 */
import { Subscriber } from 'rxjs';

/** A Subscriber over three functions (see the module doc). */
export class DirectSubscriber<T> extends Subscriber<T> {
  constructor(
    private readonly onNext: (value: T) => void,
    private readonly onError: (error: unknown) => void,
    private readonly onComplete: () => void,
  ) {
    super();
  }

  /** Hands `value` to the owner's function (the `next` of `Subscriber` itself, so a value costs one call, not two); nothing after the end. */
  override next(value: T): void {
    if (this.isStopped) return;
    try {
      this.onNext(value);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  }

  protected override _error(error: unknown): void {
    try {
      this.onError(error);
    } finally {
      this.unsubscribe();
    }
  }

  protected override _complete(): void {
    try {
      this.onComplete();
    } finally {
      this.unsubscribe();
    }
  }
}
