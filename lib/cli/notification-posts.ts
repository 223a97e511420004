/**
 * Over HTTP a notification is a POST of its own, and closing the client aborts every request in
 * flight, the POST of a `notifications/cancelled` sent a moment before included. So the command
 * gives `Client.connect` a fetch that keeps the notification POSTs under way, and after Ctrl-C
 * waits for them (at most {@link NOTIFICATION_FLUSH_MS}) before it closes: the server does hear
 * that the call was cancelled.
 */
import type { FetchLike } from '../index.js';

/** The longest the command waits for notification POSTs before closing. */
export const NOTIFICATION_FLUSH_MS = 2_000;

/** How many event-loop turns without a notification POST count as none coming. */
const QUIET_TURNS = 5;

/** A fetch that tracks notification POSTs, and a wait for them. */
export interface NotificationPosts {
  readonly fetch: FetchLike;
  /** Resolves once no notification POST is under way, or after `timeoutMs`. */
  settled(timeoutMs?: number): Promise<void>;
}

/** Tracks the notification POSTs made through `base` (default: the platform's fetch). */
export function notificationPosts(base: FetchLike = (input, init) => fetch(input, init)): NotificationPosts {
  const underWay = new Set<Promise<unknown>>();
  return {
    fetch: (input, init) => {
      const response = base(input, init);
      if (init?.method === 'POST' && isNotification(init.body)) {
        const settled = response.then(
          () => undefined,
          () => undefined,
        );
        underWay.add(settled);
        void settled.then(() => underWay.delete(settled));
      }
      return response;
    },
    async settled(timeoutMs = NOTIFICATION_FLUSH_MS) {
      // the transport starts a POST a few turns after the notification was queued
      for (let turn = 0; turn < QUIET_TURNS && underWay.size === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
      if (underWay.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all([...underWay]), limit]);
      clearTimeout(timer);
    },
  };
}

/** True for a JSON-RPC notification body (a method, no id). */
function isNotification(body: unknown): boolean {
  if (typeof body !== 'string' || !body.includes('"method"')) return false;
  try {
    const message = JSON.parse(body) as Record<string, unknown>;
    return typeof message.method === 'string' && !('id' in message);
  } catch {
    return false;
  }
}
