import { TestScheduler } from 'rxjs/testing';
import { requestTimeout } from '../../lib/operators/request-timeout.js';
import { TimeoutError } from '../../lib/protocol/errors.js';
import { sharedTimerQueue } from '../../lib/time/timer-queue.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Runs a marble test with the operator's timers on the test scheduler's virtual clock. */
function marbles(test: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], on: TestScheduler) => void): void {
  const testScheduler = scheduler();
  testScheduler.run((helpers) => test(helpers, testScheduler));
}

describe('requestTimeout', () => {
  it('passes a request through that answers in time', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('--a--r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 5, scheduler: on }))).toBe('--a--r|');
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('fails with an idle TimeoutError when nothing arrives, and unsubscribes (cancels) upstream', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('---------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'tools/call', idleMs: 4, scheduler: on }))).toBe('----#', undefined, new TimeoutError('tools/call', 4, 'idle'));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('lets every progress event reset the idle timer', () => {
    marbles(({ cold, expectObservable }, on) => {
      // events every 3 frames keep a 4-frame idle timeout alive well past 4 frames
      const source = cold('--p--p--p--p--r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 4, scheduler: on }))).toBe('--p--p--p--p--r|');
    });
  });

  it('times out once progress stops', () => {
    marbles(({ cold, expectObservable }, on) => {
      const source = cold('-p-p---------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 5, scheduler: on }))).toBe('-p-p----#', undefined, new TimeoutError('m', 5, 'idle'));
    });
  });

  it('enforces the total deadline whatever the progress', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('-p-p-p-p-p-p-p-r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 3, totalMs: 8, scheduler: on }))).toBe('-p-p-p-p#', undefined, new TimeoutError('m', 8, 'total'));
      expectSubscriptions(source.subscriptions).toBe('^-------!');
    });
  });

  it('enforces a total deadline alone', () => {
    marbles(({ cold, expectObservable }, on) => {
      expectObservable(cold('----------r|').pipe(requestTimeout({ method: 'm', totalMs: 6, scheduler: on }))).toBe('------#', undefined, new TimeoutError('m', 6, 'total'));
    });
  });

  it('does nothing without deadlines (0, negative and infinite mean none)', () => {
    marbles(({ cold, expectObservable }, on) => {
      const source = cold('----------------------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', scheduler: on }))).toBe('----------------------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 0, totalMs: -1, scheduler: on }))).toBe('----------------------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: Infinity, scheduler: on }))).toBe('----------------------r|');
    });
  });

  it('passes errors through before any deadline', () => {
    marbles(({ cold, expectObservable }, on) => {
      expectObservable(cold('--#', undefined, new Error('server said no')).pipe(requestTimeout({ method: 'm', idleMs: 5, totalMs: 9, scheduler: on }))).toBe(
        '--#',
        undefined,
        new Error('server said no'),
      );
    });
  });

  it('clears its timers when the subscriber leaves', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('--------r|');
      expectObservable(source.pipe(requestTimeout({ method: 'm', idleMs: 5, totalMs: 7, scheduler: on })), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});

describe('requestTimeout on the platform timers', () => {
  it('fails an idle request and leaves no timer behind when it completes', async () => {
    const { NEVER, lastValueFrom, of, delay } = await import('rxjs');
    await expect(lastValueFrom(NEVER.pipe(requestTimeout({ method: 'tools/call', idleMs: 20 })))).rejects.toEqual(new TimeoutError('tools/call', 20, 'idle'));
    // the deadlines wait in rxmcp's shared queue, whose platform timer is dropped when it empties
    // (spec/time/timer-queue.spec.ts); the process-wide count of timers is not used, since a jest
    // worker shares its process with other spec files, whose late timers come and go meanwhile
    expect(sharedTimerQueue.size).toBe(0);
    const pending = lastValueFrom(of('r').pipe(delay(5), requestTimeout({ method: 'm', idleMs: 10_000, totalMs: 20_000 })));
    expect(sharedTimerQueue.size).toBe(2);
    expect(await pending).toBe('r');
    expect(sharedTimerQueue.size).toBe(0);
  });
});
