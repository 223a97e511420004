/**
 * Notifications by method: one `Map` from a JSON-RPC method to a multicast stream of its
 * notifications, fed by the dispatcher in wire order. Replaces filtering the whole
 * `notifications$` once per consumer: a notification costs one `Map` read however many methods
 * are watched, and consumers of several methods still see them in wire order (each notification
 * is delivered to every route before the next one is read).
 *
 * Keyed by method string only: the router knows JSON-RPC, not MCP; the typed streams (`logs$`,
 * list changes, resource updates) are derived from it above, in the session and the client.
 */
import { EMPTY, Observable, Subject } from 'rxjs';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';

/** Routes each notification to the subscribers of its method. */
export class NotificationRouter {
  private readonly routes = new Map<string, Subject<JsonRpcNotification>>();
  private ended = false;

  /**
   * The notifications of `method`, in wire order. Hot: a subscriber sees what arrives after it
   * subscribed, never earlier ones. Completes when the connection closes (at once, if it has).
   * A route lives while it has subscribers, so watching many methods over time keeps no memory.
   */
  notificationsOf(method: string): Observable<JsonRpcNotification> {
    return new Observable<JsonRpcNotification>((subscriber) => {
      if (this.ended) return EMPTY.subscribe(subscriber);
      let route = this.routes.get(method);
      if (route === undefined) this.routes.set(method, (route = new Subject<JsonRpcNotification>()));
      const subscription = route.subscribe(subscriber);
      const subject = route;
      return () => {
        subscription.unsubscribe();
        if (!subject.observed && this.routes.get(method) === subject) this.routes.delete(method);
      };
    });
  }

  /** Delivers `notification` to its method's subscribers (one `Map` read when there are none). */
  route(notification: JsonRpcNotification): void {
    this.routes.get(notification.method)?.next(notification);
  }

  /** How many methods have subscribers. */
  get size(): number {
    return this.routes.size;
  }

  /** Completes every route; later routes complete at once. */
  complete(): void {
    this.ended = true;
    const routes = [...this.routes.values()];
    this.routes.clear();
    for (const route of routes) route.complete();
  }
}
