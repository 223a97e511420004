/**
 * `client.resourceUpdates$(uri)`: the updates of one resource, multicast per URI. The first
 * subscriber subscribes on the server (legacy: `resources/subscribe`; 2026-07-28: a
 * `subscriptions/listen` for the URI), the last one leaving unsubscribes.
 */
import { EMPTY, filter, finalize, map, mergeMap, Observable, of, share } from 'rxjs';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { ListenEvent } from '../session/client-session.js';

/** A `notifications/resources/updated` for a subscribed resource. */
export interface ResourceUpdate {
  /** The URI of the resource that changed. */
  readonly uri: string;
  /** The `notifications/resources/updated` notification as received. */
  readonly notification: JsonRpcNotification;
}

/** The client's own subscriptions are kept: one the server ends is opened again, like a break. */
const KEEP = { resubscribe: true } as const;

/** What resource updates need of the client. */
export interface ResourceUpdatesHost {
  readonly era: ProtocolEra;
  readonly connected: boolean;
  notificationsOf(method: string): Observable<JsonRpcNotification>;
  listen$(filter: SubscriptionFilter, options?: { readonly resubscribe?: boolean }): Observable<ListenEvent>;
  subscribeResource(uri: string): Promise<void>;
  unsubscribeResource(uri: string): Promise<void>;
}

/** The per-URI update streams of one client. */
export class ResourceUpdates {
  private readonly updates = new Map<string, Observable<ResourceUpdate>>();

  constructor(
    private readonly host: ResourceUpdatesHost,
    private readonly reportFault: (what: string, error: unknown) => void,
  ) {}

  /** The multicast updates of `uri` (one server subscription however many subscribers). */
  of(uri: string): Observable<ResourceUpdate> {
    let updates = this.updates.get(uri);
    if (updates === undefined) {
      const source = this.host.era === 'modern' ? modernUpdates(this.host, uri) : legacyUpdates(this.host, uri, this.reportFault);
      updates = source.pipe(
        finalize(() => this.updates.delete(uri)),
        share(),
      );
      this.updates.set(uri, updates);
    }
    return updates;
  }
}

/** Legacy: the `notifications/resources/updated` route for `uri`, between a subscribe and an unsubscribe. */
export function legacyUpdates(host: ResourceUpdatesHost, uri: string, reportFault: (what: string, error: unknown) => void): Observable<ResourceUpdate> {
  return new Observable<ResourceUpdate>((subscriber) => {
    const updates = host
      .notificationsOf('notifications/resources/updated')
      .pipe(
        filter((notification) => notification.params?.uri === uri),
        map((notification) => ({ uri, notification })),
      )
      .subscribe(subscriber);
    host.subscribeResource(uri).catch((error: unknown) => subscriber.error(error));
    return () => {
      updates.unsubscribe();
      if (host.connected) host.unsubscribeResource(uri).catch((error: unknown) => reportFault('resources/unsubscribe', error));
    };
  });
}

/** 2026-07-28: the updates a `subscriptions/listen` for `uri` delivers. */
export function modernUpdates(host: ResourceUpdatesHost, uri: string): Observable<ResourceUpdate> {
  return host.listen$({ resourceSubscriptions: [uri] }, KEEP).pipe(
    mergeMap((event) => {
      if (event.type !== 'notification' || event.notification.method !== 'notifications/resources/updated') return EMPTY;
      const updated = event.notification.params?.uri;
      return of({ uri: typeof updated === 'string' ? updated : uri, notification: event.notification });
    }),
  );
}
