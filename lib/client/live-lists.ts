/**
 * The client's four live lists (`tools$`, `prompts$`, `resources$`, `resourceTemplates$`): each
 * fetched on first subscription and again whenever the server says it changed, through its
 * `list_changed` notification (legacy) or a `subscriptions/listen` stream (2026-07-28).
 */
import { catchError, concat, EMPTY, filter, NEVER, takeUntil, takeWhile, type Observable } from 'rxjs';
import { ConnectionClosedError } from '../protocol/errors.js';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { ServerCapabilities } from '../protocol/schemas/capabilities.js';
import type { Prompt } from '../protocol/schemas/prompts.js';
import type { Resource, ResourceTemplate } from '../protocol/schemas/resources.js';
import type { SubscriptionFilter } from '../protocol/schemas/subscriptions.js';
import type { Tool } from '../protocol/schemas/tools.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { ListenEvent } from '../session/client-session.js';
import type { ConnectionState } from './connection-state.js';
import { liveList } from './live-list.js';

/** The client's own subscriptions are kept: one the server ends is opened again, like a break. */
const KEEP = { resubscribe: true } as const;

/** What the live lists need of the client. */
export interface LiveListsHost {
  readonly era: ProtocolEra;
  readonly serverCapabilities: ServerCapabilities;
  /** `capabilitiesKnown` false: a pinned modern version without a discover, whose lists are tried and seen. */
  readonly serverProfile: { readonly capabilitiesKnown: boolean };
  readonly state$: Observable<ConnectionState>;
  notificationsOf(method: string): Observable<JsonRpcNotification>;
  listen$(filter: SubscriptionFilter, options?: { readonly resubscribe?: boolean }): Observable<ListenEvent>;
  listAllTools(): Promise<readonly Tool[]>;
  listAllPrompts(): Promise<readonly Prompt[]>;
  listAllResources(): Promise<readonly Resource[]>;
  listAllResourceTemplates(): Promise<readonly ResourceTemplate[]>;
}

/** The four live lists of a client. */
export interface LiveLists {
  readonly tools$: Observable<readonly Tool[]>;
  readonly prompts$: Observable<readonly Prompt[]>;
  readonly resources$: Observable<readonly Resource[]>;
  readonly resourceTemplates$: Observable<readonly ResourceTemplate[]>;
}

type ListKind = 'tools' | 'prompts' | 'resources';

/**
 * Builds the live lists over `host`; each ends when `closing` emits. A failed refresh goes to
 * `reportFault` (the last list stays).
 */
export function liveLists(host: LiveListsHost, closing: Observable<void>, reportFault: (what: string, error: unknown) => void): LiveLists {
  const live = <T>(kind: ListKind, fetchAll: () => Promise<readonly T[]>): Observable<readonly T[]> =>
    liveList(fetchAll, changesOf(host, kind), (error) => reportFault(`${kind}$ refresh`, error)).pipe(takeUntil(closing));
  return {
    tools$: live('tools', () => host.listAllTools()),
    prompts$: live('prompts', () => host.listAllPrompts()),
    resources$: live('resources', () => host.listAllResources()),
    resourceTemplates$: live('resources', () => host.listAllResourceTemplates()),
  };
}

/** The change signals of one list. */
function changesOf(host: LiveListsHost, kind: ListKind): Observable<unknown> {
  const method = `notifications/${kind}/list_changed`;
  if (host.era === 'legacy') return host.notificationsOf(method);
  const untilClosed = NEVER.pipe(takeUntil(host.state$.pipe(filter((state) => state.state === 'closed'))));
  const known = host.serverProfile.capabilitiesKnown;
  if (known && host.serverCapabilities[kind]?.listChanged !== true) return untilClosed;
  const filterKey = kind === 'tools' ? 'toolsListChanged' : kind === 'prompts' ? 'promptsListChanged' : 'resourcesListChanged';
  let acknowledgements = 0;
  const changes = host.listen$({ [filterKey]: true }, KEEP).pipe(
    // capabilities unknown (no discover): try and see; a server that does not honour the filter leaves it out of its acknowledgement
    takeWhile((event) => known || event.type !== 'acknowledged' || event.notifications[filterKey] === true),
    // a re-opened stream may have missed changes: its acknowledgement counts as one
    filter((event) => (event.type === 'notification' ? event.notification.method === method : acknowledgements++ > 0)),
    catchError((error: unknown) => (error instanceof ConnectionClosedError ? EMPTY : Promise.reject(error))),
  );
  return known ? changes : concat(changes, untilClosed);
}
