import { lastValueFrom, Observable, Subject, take, toArray } from 'rxjs';
import { liveList } from '../../lib/client/live-list.js';
import { walkPages } from '../../lib/client/pagination.js';
import { PaginationError } from '../../lib/protocol/errors.js';

describe('walkPages', () => {
  const pages = (chain: Record<string, { items: number[]; nextCursor?: string }>) => async (cursor: string | undefined) => chain[cursor ?? '<start>']!;

  it('follows cursors (an empty string is a cursor, not the end) until there is none', async () => {
    const fetch = pages({ '<start>': { items: [1], nextCursor: '' }, '': { items: [2], nextCursor: 'x' }, x: { items: [3] } });
    expect(await walkPages('m', fetch, (page) => page.items)).toEqual([1, 2, 3]);
  });

  it('stops on a repeated cursor and on too many pages', async () => {
    const loop = pages({ '<start>': { items: [1], nextCursor: 'a' }, a: { items: [2], nextCursor: 'a' } });
    await expect(walkPages('tools/list', loop, (page) => page.items)).rejects.toThrow(new PaginationError('tools/list', `'tools/list' repeated the cursor "a"; stopped after 2 pages`));
    let n = 0;
    const endless = async () => ({ items: [n], nextCursor: `c${n++}` });
    await expect(walkPages('prompts/list', endless, (page) => page.items, 5)).rejects.toThrow("'prompts/list' has more than 5 pages (raise listMaxPages)");
    expect(n).toBe(5);
  });
});

describe('liveList', () => {
  it('fetches on subscription, refetches on each change, replays the latest, and stops listening after the last subscriber', async () => {
    let version = 0;
    let listening = 0;
    const changes = new Subject<void>();
    const counted$ = new Observable<void>((subscriber) => {
      listening++;
      const inner = changes.subscribe(subscriber);
      return () => {
        listening--;
        inner.unsubscribe();
      };
    });
    const list$ = liveList(async () => [`v${version}`], counted$, () => undefined);
    const seen: string[][] = [];
    const subscription = list$.subscribe((list) => seen.push([...list]));
    await new Promise((resolve) => setTimeout(resolve, 0));
    version = 1;
    changes.next();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([['v0'], ['v1']]);
    expect(await lastValueFrom(list$.pipe(take(1)))).toEqual(['v1']);
    expect(listening).toBe(1);
    subscription.unsubscribe();
    expect(listening).toBe(0);
  });

  it('fails on a failed first fetch, but keeps the last list and reports a failed refresh', async () => {
    await expect(lastValueFrom(liveList(() => Promise.reject(new Error('down')), new Subject<void>(), () => undefined))).rejects.toThrow('down');
    const changes = new Subject<void>();
    let calls = 0;
    const reported: unknown[] = [];
    const list$ = liveList(async () => (calls++ === 1 ? Promise.reject(new Error('flaky')) : [`call${calls}`]), changes, (error) => reported.push(error));
    const seen = lastValueFrom(list$.pipe(take(2), toArray()));
    await new Promise((resolve) => setTimeout(resolve, 0));
    changes.next();
    await new Promise((resolve) => setTimeout(resolve, 0));
    changes.next();
    expect(await seen).toEqual([['call1'], ['call3']]);
    expect(reported).toEqual([new Error('flaky')]);
  });
});
