/**
 * One server's catalog for the group: its four live lists (all pages, each following the
 * server's changes) combined into one {@link ServerCatalog} stream. A list the server has no
 * capability for is empty (when its capabilities are unknown, every list is tried), and so is one it declares but does not implement (`-32601`, often
 * `resources/templates/list` on servers written with the low-level SDK).
 */
import { catchError, combineLatest, map, of, throwError, type Observable, type Subscription } from 'rxjs';
import type { Client } from '../client/client.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ConnectionClosedError, McpError } from '../protocol/errors.js';
import type { ServerCatalog } from './aggregate.js';

/** The client's catalog, kept current while subscribed. */
export function catalog$(client: Client): Observable<ServerCatalog> {
  const capabilities = client.serverCapabilities;
  // unknown capabilities (a pinned modern version without a discover): every list is tried, and a -32601 is an empty one
  const known = client.serverProfile.capabilitiesKnown;
  const listed = <T>(has: unknown, list$: Observable<readonly T[]>): Observable<readonly T[]> =>
    known && has === undefined ? of([]) : list$.pipe(catchError((error: unknown) => (error instanceof McpError && error.code === ErrorCode.MethodNotFound ? of([]) : throwError(() => error))));
  return combineLatest([
    listed(capabilities.tools, client.tools$),
    listed(capabilities.prompts, client.prompts$),
    listed(capabilities.resources, client.resources$),
    listed(capabilities.resources, client.resourceTemplates$),
  ]).pipe(map(([tools, prompts, resources, resourceTemplates]): ServerCatalog => ({ tools, prompts, resources, resourceTemplates })));
}

/**
 * Subscribes to `catalogs` (added to `links`): resolves with the first catalog, then hands every
 * later one to `changed`. Rejects when the stream fails or ends before its first catalog.
 */
export function followCatalog(catalogs: Observable<ServerCatalog>, server: string, links: Subscription, changed: (catalog: ServerCatalog) => void): Promise<ServerCatalog> {
  return new Promise<ServerCatalog>((resolve, reject) => {
    let first = true;
    links.add(
      catalogs.subscribe({
        next: (catalog) => {
          if (!first) return changed(catalog);
          first = false;
          resolve(catalog);
        },
        error: reject,
        complete: () => reject(new ConnectionClosedError(`Server '${server}' closed while it was listed`)),
      }),
    );
  });
}
