/**
 * What a hot stream emitted while `Client.connect` was negotiating, before the `Client` (and
 * anyone subscribed to it) existed: a server's banner line on stdout arrives as a fault long
 * before connect resolves. The client records it from the moment the connection opens and
 * replays it to each subscriber of its stream, ahead of the live items.
 */
import { concat, from, type Observable, type Subscription } from 'rxjs';

/** How many items of a stream the client keeps from the time it was connecting (the first ones). */
export const CONNECT_BACKLOG_LIMIT = 100;

/** Records the first {@link CONNECT_BACKLOG_LIMIT} items of a hot stream until {@link seal}. */
export class ConnectBacklog<T> {
  private readonly items: T[] = [];
  private readonly subscription: Subscription;

  constructor(source$: Observable<T>, limit = CONNECT_BACKLOG_LIMIT) {
    this.subscription = source$.subscribe((item) => {
      if (this.items.length < limit) this.items.push(item);
    });
  }

  /** Stops recording; returns what was recorded, oldest first. */
  seal(): readonly T[] {
    this.subscription.unsubscribe();
    return this.items;
  }
}

/** `live$`, preceded for every subscriber by `backlog` (oldest first). */
export function withBacklog<T>(backlog: readonly T[], live$: Observable<T>): Observable<T> {
  return backlog.length === 0 ? live$ : concat(from(backlog), live$);
}
