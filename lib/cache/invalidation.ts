/**
 * Which cache entries a server notification makes stale (SEP-2549): a `list_changed` stales its
 * listing (`resources/list_changed` also the templates listing), a `resources/updated` stales the
 * read of exactly that URI (no prefix or sub-resource matching). The same notifications arrive
 * on legacy connections and inside modern `subscriptions/listen` streams.
 */

/** The methods whose results the cache may hold (the cursorless listings, and reads per URI). */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);

/** One entry to evict: a method and its params key (`''` for the listings, the URI for reads). */
export interface EvictionTarget {
  readonly method: string;
  readonly paramsKey: string;
}

/** A server notification, as far as invalidation looks at it. */
export interface NotificationLike {
  readonly method: string;
  readonly params?: { readonly [key: string]: unknown } | undefined;
}

const TOOLS: readonly EvictionTarget[] = [{ method: 'tools/list', paramsKey: '' }];
const PROMPTS: readonly EvictionTarget[] = [{ method: 'prompts/list', paramsKey: '' }];
const RESOURCES: readonly EvictionTarget[] = [
  { method: 'resources/list', paramsKey: '' },
  { method: 'resources/templates/list', paramsKey: '' },
];
const NONE: readonly EvictionTarget[] = [];

/** The entries `notification` makes stale (none for notifications that change nothing cached). */
export function invalidationTargets(notification: NotificationLike): readonly EvictionTarget[] {
  switch (notification.method) {
    case 'notifications/tools/list_changed':
      return TOOLS;
    case 'notifications/prompts/list_changed':
      return PROMPTS;
    case 'notifications/resources/list_changed':
      return RESOURCES;
    case 'notifications/resources/updated': {
      const uri = notification.params?.uri;
      return typeof uri === 'string' ? [{ method: 'resources/read', paramsKey: uri }] : NONE;
    }
    default:
      return NONE;
  }
}
