/**
 * Delivery of the notifications an extension binds: each bound method's params validated, then
 * queued (at most {@link BINDING_QUEUE_LIMIT}, the oldest dropped when full, with a warning) and
 * handed to its handler one at a time in wire order; a handler that throws or rejects is
 * reported and the queue goes on. The same validated params as a hot Observable per method.
 * Notifications of the handshake (recorded by `binding-backlog.ts`) reach the handlers first;
 * the Observable is hot, so it carries only the live ones.
 */
import { Subject, type Observable } from 'rxjs';
import type { JsonObject, JsonRpcNotification } from '../protocol/jsonrpc.js';
import { InvalidOptionError } from '../protocol/errors.js';
import type { ClientWarning } from '../session/client-warning.js';
import type { OwnedBinding } from './extension-set.js';

/** How many notifications of one binding wait for its handler before the oldest is dropped. */
export const BINDING_QUEUE_LIMIT = 256;

/** What one bound method received during the handshake (recorded by `binding-backlog.ts`). */
export interface EarlyNotifications {
  /** The newest ones, oldest first. */
  readonly notifications: readonly JsonRpcNotification[];
  /** How many older ones were dropped to stay within the bound. */
  readonly dropped: number;
}

/** The bindings of one client, delivered (see the module doc). */
export class BindingDelivery {
  private readonly streams = new Map<string, Subject<unknown>>();

  constructor(
    bindings: ReadonlyMap<string, OwnedBinding>,
    notificationsOf: (method: string) => Observable<JsonRpcNotification>,
    private readonly warn: (warning: ClientWarning) => void,
    until: Observable<unknown>,
    /** What arrived during the handshake (`binding-backlog.ts`): handed to the handlers first, in wire order. */
    early: ReadonlyMap<string, EarlyNotifications> = new Map(),
  ) {
    for (const [method, owned] of bindings) {
      const stream = new Subject<unknown>();
      this.streams.set(method, stream);
      const queue = new HandlerQueue(owned, warn);
      // the handshake's notifications go first, a macrotask later: the caller of connect then
      // holds the client (and its warnings$); live ones arriving meanwhile wait behind them
      let held: unknown[] | undefined;
      const before = early.get(method);
      if (before !== undefined) {
        held = [];
        setTimeout(() => {
          for (let i = 0; i < before.dropped; i++) queue.warnDropped();
          for (const notification of before.notifications) {
            const params = this.parse(owned, notification);
            if (params !== INVALID) queue.push(params);
          }
          for (const params of held!) queue.push(params);
          held = undefined;
        }, 0);
      }
      const subscription = notificationsOf(method).subscribe((notification) => {
        const params = this.parse(owned, notification);
        if (params === INVALID) return;
        stream.next(params);
        if (held === undefined) queue.push(params);
        else held.push(params);
      });
      until.subscribe(() => {
        subscription.unsubscribe();
        stream.complete();
      });
    }
  }

  /** The validated params of every notification of a bound `method`, hot. Throws {@link InvalidOptionError} for an unbound one. */
  of(method: string): Observable<unknown> {
    const stream = this.streams.get(method);
    if (stream === undefined) throw new InvalidOptionError('method', `No extension of this client binds '${method}'`);
    return stream.asObservable();
  }

  private parse(owned: OwnedBinding, notification: JsonRpcNotification): unknown {
    const params = notification.params as JsonObject | undefined;
    if (owned.binding.parse === undefined) return params;
    try {
      return owned.binding.parse(params);
    } catch (error) {
      this.warn({ code: 'invalid-notification', message: `Extension '${owned.owner}': dropped an invalid '${owned.binding.method}' notification`, cause: error });
      return INVALID;
    }
  }
}

const INVALID = Symbol('invalid');

/** One binding's queue and its single consumer. */
class HandlerQueue {
  private readonly items: unknown[] = [];
  private head = 0;
  private running = false;

  constructor(
    private readonly owned: OwnedBinding,
    private readonly warn: (warning: ClientWarning) => void,
  ) {}

  push(params: unknown): void {
    if (this.items.length - this.head >= BINDING_QUEUE_LIMIT) {
      this.head++;
      this.warnDropped();
    }
    this.items.push(params);
    if (!this.running) void this.drain();
  }

  /** The warning for one notification dropped from a full queue. */
  warnDropped(): void {
    this.warn({ code: 'extension-queue-full', message: `notification queue for '${this.owned.binding.method}' is full; dropped the oldest event` });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.head < this.items.length) {
      const params = this.items[this.head];
      this.items[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      try {
        // a handler that returns no Promise is not waited for: the queue stays empty under a synchronous handler
        const settled = this.owned.binding.handler(params);
        if (typeof (settled as PromiseLike<void> | undefined)?.then === 'function') await settled;
      } catch (error) {
        this.warn({ code: 'callback-failed', message: `Extension '${this.owned.owner}': the '${this.owned.binding.method}' handler failed`, cause: error });
      }
    }
    this.running = false;
  }
}
