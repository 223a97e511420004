/**
 * Walking every page of a paginated list (`tools/list`, `prompts/list`, `resources/list`,
 * `resources/templates/list`): follow `nextCursor` until there is none. Cursors are opaque (an
 * empty string is a valid cursor, not the end); a cursor the server already gave, or more pages
 * than `maxPages`, ends the walk with a {@link PaginationError} rather than looping.
 */
import { PaginationError } from '../protocol/errors.js';
import { freezeResult } from '../protocol/freeze.js';

/** The default page limit of a walk. */
export const DEFAULT_MAX_PAGES = 100;

/** Fetches every page and concatenates their items, in an array deep-frozen like every result. */
export async function walkPages<P extends { nextCursor?: string }, T>(
  method: string,
  fetchPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly T[],
  maxPages: number = DEFAULT_MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(cursor);
    items.push(...itemsOf(page));
    if (page.nextCursor === undefined) return freezeResult(items);
    if (seen.has(page.nextCursor)) throw new PaginationError(method, `'${method}' repeated the cursor ${JSON.stringify(page.nextCursor)}; stopped after ${pages} pages`);
    if (pages >= maxPages) throw new PaginationError(method, `'${method}' has more than ${maxPages} pages (raise listMaxPages)`);
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
