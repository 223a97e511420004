/**
 * `subscriptions/listen` (2026-07-28) as an Observable: one long-lived request whose stream
 * carries the change notifications its filter opts in to, told apart from other notifications by
 * the subscription id in their `_meta`.
 */
import { Observable } from 'rxjs';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { RequestSpec } from '../dispatch/request-spec.js';
import type { JsonObject, JsonRpcNotification } from '../protocol/jsonrpc.js';
import { SUBSCRIPTION_ID_META_KEY } from '../protocol/meta.js';
import { SubscriptionAcknowledgedParamsSchema, type SubscriptionFilter } from '../protocol/schemas/subscriptions.js';

/** An event of a `subscriptions/listen` stream. */
export type ListenEvent =
  | { readonly type: 'acknowledged'; readonly notifications: SubscriptionFilter }
  | { readonly type: 'notification'; readonly notification: JsonRpcNotification };

/**
 * Runs the `subscriptions/listen` request `describe` makes (at subscription; it may throw, which
 * is the stream's error) and emits the server's acknowledgement, then the notifications tagged
 * with this subscription. Completes when the server ends the subscription (its response, or a
 * `notifications/cancelled` for it); unsubscribing cancels it on the server.
 */
export function listen$(dispatcher: Dispatcher, describe: () => RequestSpec<unknown>): Observable<ListenEvent> {
  return new Observable<ListenEvent>((subscriber) => {
    const request = describe();
    let id: number | undefined;
    const tagged = dispatcher.notifications$.subscribe({
      next: (notification) => {
        if (id === undefined) return;
        const params = notification.params;
        if (notification.method === 'notifications/cancelled' && params?.requestId === id) {
          subscriber.complete();
          return;
        }
        const meta = params?._meta as JsonObject | undefined;
        if (meta?.[SUBSCRIPTION_ID_META_KEY] !== id) return;
        if (notification.method === 'notifications/subscriptions/acknowledged') {
          const ack = SubscriptionAcknowledgedParamsSchema.safeParse(params);
          subscriber.next({ type: 'acknowledged', notifications: ack.success ? ack.data.notifications : {} });
        } else {
          subscriber.next({ type: 'notification', notification });
        }
      },
    });
    const running = dispatcher.run(request, {
      next: () => undefined,
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    id = running.id;
    return () => {
      tagged.unsubscribe();
      running.cancel();
    };
  });
}

