import { defer, lastValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { reconnect } from '../../lib/operators/reconnect.js';
import { ReconnectExhaustedError } from '../../lib/protocol/http-errors.js';
import type { StreamStateEvent } from '../../lib/transport/transport.js';

function marbles(test: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], on: TestScheduler) => void): void {
  const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  testScheduler.run((helpers) => test(helpers, testScheduler));
}

// random 0.5 with initialDelayMs 4, factor 2: attempt 1 waits 2 frames, attempt 2 waits 4, attempt 3 waits 8
const backoff = { initialDelayMs: 4, factor: 2, random: () => 0.5 };
const always = (): boolean => true;

describe('reconnect', () => {
  it('passes a healthy stream through untouched', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('a-b-c|');
      expectObservable(source.pipe(reconnect({ ...backoff, stream: 's', isRetryable: always, scheduler: on }))).toBe('a-b-c|');
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('re-subscribes after a retryable failure, with backoff; a delivered value resets the count, so it never gives up', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('a-#');
      const states: StreamStateEvent[] = [];
      const kept = source.pipe(reconnect({ ...backoff, maxAttempts: 1, stream: 's', isRetryable: always, scheduler: on, onState: (event) => states.push(event) }));
      expectObservable(kept, '^-----------!').toBe('a---a---a---');
      expectSubscriptions(source.subscriptions).toBe(['^-!', '----^-!', '--------^-!']);
      on.flush();
      expect(states).toEqual([
        { stream: 's', state: 'reconnecting', attempt: 1, delayMs: 2 },
        { stream: 's', state: 'open' },
        { stream: 's', state: 'reconnecting', attempt: 1, delayMs: 2 },
        { stream: 's', state: 'open' },
        { stream: 's', state: 'reconnecting', attempt: 1, delayMs: 2 },
      ]);
    });
  });

  it('gives up with ReconnectExhaustedError after maxAttempts failures in a row, the delay growing each time', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('-#');
      const states: StreamStateEvent[] = [];
      const kept = source.pipe(reconnect({ ...backoff, maxAttempts: 2, stream: 'listen', isRetryable: always, scheduler: on, onState: (event) => states.push(event) }));
      // fails at 1, waits 2, fails at 4, waits 4, fails at 9: the third failure in a row is one too many
      expectObservable(kept).toBe('---------#', undefined, new ReconnectExhaustedError('listen', 2, { cause: 'error' }));
      expectSubscriptions(source.subscriptions).toBe(['^!', '---^!', '--------^!']);
      on.flush();
      expect(states.map((event) => (event.state === 'reconnecting' ? event.delayMs : event.state))).toEqual([2, 4, 'failed']);
      const failed = states[2] as Extract<StreamStateEvent, { state: 'failed' }>;
      expect(failed.error).toBeInstanceOf(ReconnectExhaustedError);
      expect(failed.error.cause).toBe('error');
    });
  });

  it('ends at once on an error that is not retryable', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const fatal = new Error('unauthorized');
      const source = cold('a-#', undefined, fatal);
      expectObservable(source.pipe(reconnect({ ...backoff, stream: 's', isRetryable: (error) => error !== fatal, scheduler: on }))).toBe('a-#', undefined, fatal);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('never re-opens a stream that completed (a graceful server close is the end)', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('a-|');
      expectObservable(source.pipe(reconnect({ ...backoff, stream: 's', isRetryable: always, scheduler: on }))).toBe('a-|');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('cancels a pending wait when the subscriber leaves', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('-#');
      expectObservable(source.pipe(reconnect({ ...backoff, stream: 's', isRetryable: always, scheduler: on })), '^-!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^!');
      on.flush();
    });
  });

  it('reports the stream open again on the first value after a re-subscription only', () => {
    marbles(({ cold, expectObservable }, on) => {
      let attempt = 0;
      const source = defer(() => (attempt++ === 0 ? cold('-#') : cold('-ab')));
      const states: string[] = [];
      const kept = source.pipe(reconnect({ ...backoff, stream: 's', isRetryable: always, scheduler: on, onState: (event) => states.push(event.state) }));
      expectObservable(kept).toBe('----ab');
      on.flush();
      expect(states).toEqual(['reconnecting', 'open']);
    });
  });
});

describe('reconnect, from the public entry', () => {
  it('keeps a stream of the user alive across transport failures, with isTransientError deciding', async () => {
    const { reconnect: publicReconnect, isTransientError, TransportError } = await import('../../lib/index.js');
    let opened = 0;
    const flaky = defer(() => {
      opened++;
      return opened < 3 ? Promise.reject(new TransportError(`broken ${opened}`)) : Promise.resolve('value');
    });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) =>
      flaky.pipe(publicReconnect<string>({ stream: 'mine', isRetryable: isTransientError, initialDelayMs: 1, maxDelayMs: 1 })).subscribe({ next: (value) => seen.push(value), error: reject, complete: resolve }),
    );
    expect({ opened, seen }).toEqual({ opened: 3, seen: ['value'] });
  });

  it('gives up at once on an error isTransientError refuses', async () => {
    const { reconnect: publicReconnect, isTransientError } = await import('../../lib/index.js');
    let opened = 0;
    const failing = defer(() => {
      opened++;
      return Promise.reject(new RangeError('a bug, not a network failure'));
    });
    await expect(lastValueFrom(failing.pipe(publicReconnect<unknown>({ stream: 'mine', isRetryable: isTransientError, initialDelayMs: 1 })), { defaultValue: undefined })).rejects.toBeInstanceOf(RangeError);
    expect(opened).toBe(1);
  });
});
