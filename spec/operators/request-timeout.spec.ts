import { TestScheduler } from 'rxjs/testing';
import { requestTimeout } from '../../lib/operators/request-timeout.js';
import { TimeoutError } from '../../lib/protocol/errors.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('requestTimeout', () => {
  it('passes a request through that answers in time', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 5 }))).toBe('--a--r|');
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('fails with an idle TimeoutError when nothing arrives, and unsubscribes (cancels) upstream', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('---------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'tools/call', idleMs: 4 }))).toBe('----#', undefined, new TimeoutError('tools/call', 4, 'idle'));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('lets every progress event reset the idle timer', () => {
    scheduler().run(({ cold, expectObservable }) => {
      // events every 3 frames keep a 4-frame idle timeout alive well past 4 frames
      const source = cold('--p--p--p--p--r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 4 }))).toBe('--p--p--p--p--r|');
    });
  });

  it('times out once progress stops', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-p-p---------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 5 }))).toBe('-p-p----#', undefined, new TimeoutError('m', 5, 'idle'));
    });
  });

  it('enforces the total deadline whatever the progress', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-p-p-p-p-p-p-p-r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 3, totalMs: 8 }))).toBe('-p-p-p-p#', undefined, new TimeoutError('m', 8, 'total'));
      expectSubscriptions(source.subscriptions).toBe('^-------!');
    });
  });

  it('enforces a total deadline alone', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('----------r|').pipe(requestTimeout({ method: 'm', totalMs: 6 }))).toBe('------#', undefined, new TimeoutError('m', 6, 'total'));
    });
  });

  it('does nothing without deadlines (0, negative and infinite mean none)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('----------------------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm' }))).toBe('----------------------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 0, totalMs: -1 }))).toBe('----------------------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: Infinity }))).toBe('----------------------r|');
    });
  });

  it('passes errors through before any deadline', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--#', undefined, new Error('server said no')).pipe(requestTimeout({ method: 'm', idleMs: 5, totalMs: 9 }))).toBe(
        '--#',
        undefined,
        new Error('server said no'),
      );
    });
  });

  it('clears its timers when the subscriber leaves', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 5, totalMs: 7 })), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});
