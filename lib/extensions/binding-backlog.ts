/**
 * The bound notifications that arrive while `Client.connect` negotiates, before the client (and
 * its binding delivery) exists: a server may notify during `initialize` / `server/discover`.
 * Recorded from the moment the transport starts, per bound method, bounded like the binding
 * queue (the newest {@link BINDING_QUEUE_LIMIT} kept, the older ones counted as dropped), and
 * handed to the delivery ahead of the live ones.
 */
import type { Observable, Subscription } from 'rxjs';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import { BINDING_QUEUE_LIMIT, type EarlyNotifications } from './binding-delivery.js';
import type { OwnedBinding } from './extension-set.js';

export type { EarlyNotifications } from './binding-delivery.js';

/** Records each bound method's notifications until {@link BindingBacklog.seal}. */
export class BindingBacklog {
  private readonly early = new Map<string, { notifications: JsonRpcNotification[]; dropped: number }>();
  private readonly subscriptions: Subscription[] = [];

  constructor(bindings: ReadonlyMap<string, OwnedBinding>, notificationsOf: (method: string) => Observable<JsonRpcNotification>) {
    for (const method of bindings.keys()) {
      const record = { notifications: [] as JsonRpcNotification[], dropped: 0 };
      this.early.set(method, record);
      this.subscriptions.push(
        notificationsOf(method).subscribe((notification) => {
          if (record.notifications.length >= BINDING_QUEUE_LIMIT) {
            record.notifications.shift();
            record.dropped++;
          }
          record.notifications.push(notification);
        }),
      );
    }
  }

  /** Stops recording; what each bound method received (methods that received nothing left out). */
  seal(): ReadonlyMap<string, EarlyNotifications> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const [method, record] of this.early) if (record.notifications.length === 0) this.early.delete(method);
    return this.early;
  }
}
