/**
 * Which cache entries a server notification makes stale (SEP-2549): a `list_changed` stales its
 * listing (`resources/list_changed` also the templates listing), a `resources/updated` stales the
 * read of exactly that URI (no prefix or sub-resource matching). The same notifications arrive
 * on legacy connections and inside modern `subscriptions/listen` streams. Which notification
 * stales which method is a fact of the method registry (`invalidatedBy` in `protocol/methods.ts`);
 * this file indexes it by notification once.
 */
import { METHODS, methodsWhere } from '../protocol/methods.js';

/** The methods whose results the cache may hold (the cursorless listings, and reads per URI): a view of the method registry. */
export const CACHEABLE_METHODS: ReadonlySet<string> = methodsWhere((entry) => entry.cacheable);

/** One entry to evict: a method and its params key (`''` for the listings, the URI for reads). */
export interface EvictionTarget {
  readonly method: string;
  readonly paramsKey: string;
}

/** A server notification, as far as invalidation looks at it. */
export interface NotificationLike {
  /** The notification method, e.g. `notifications/tools/list_changed`. */
  readonly method: string;
  /** Its params; `uri` selects the read a `resources/updated` stales. */
  readonly params?: { readonly [key: string]: unknown } | undefined;
}

const NONE: readonly EvictionTarget[] = [];

/** Per notification: the listings it stales (fixed targets) and the methods whose entry for its `params.uri` it stales. */
interface NotificationEffect {
  readonly listings: readonly EvictionTarget[];
  readonly byUri: readonly string[];
}

const EFFECTS: ReadonlyMap<string, NotificationEffect> = (() => {
  const effects = new Map<string, { listings: EvictionTarget[]; byUri: string[] }>();
  for (const entry of METHODS.values()) {
    if (!entry.cacheable) continue;
    for (const { notification, scope } of entry.invalidatedBy) {
      let effect = effects.get(notification);
      if (effect === undefined) effects.set(notification, (effect = { listings: [], byUri: [] }));
      if (scope === 'listing') effect.listings.push({ method: entry.method, paramsKey: '' });
      else effect.byUri.push(entry.method);
    }
  }
  return effects;
})();

/** The entries `notification` makes stale (none for notifications that change nothing cached). */
export function invalidationTargets(notification: NotificationLike): readonly EvictionTarget[] {
  const effect = EFFECTS.get(notification.method);
  if (effect === undefined) return NONE;
  if (effect.byUri.length === 0) return effect.listings;
  const uri = notification.params?.uri;
  if (typeof uri !== 'string') return effect.listings.length === 0 ? NONE : effect.listings;
  return [...effect.listings, ...effect.byUri.map((method) => ({ method, paramsKey: uri }))];
}
