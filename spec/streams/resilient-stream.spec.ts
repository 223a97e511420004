import { Observable, type Subscriber } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ReconnectExhaustedError } from '../../lib/protocol/http-errors.js';
import { StreamBrokenError, TransportError } from '../../lib/protocol/errors.js';
import { resilientStream, retryErrors, type AttemptEnd, type StreamAttempt } from '../../lib/streams/resilient-stream.js';
import type { StreamStateEvent } from '../../lib/streams/stream-state.js';

function marbles(test: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], on: TestScheduler) => void): void {
  const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  testScheduler.run((helpers) => test(helpers, testScheduler));
}

// random 0.5 with initialDelayMs 4, factor 2: failure 1 waits 2 frames, failure 2 waits 4, failure 3 waits 8
const backoff = { initialDelayMs: 4, factor: 2, random: () => 0.5 };
const always = retryErrors(() => true);
/** Every end is a failure worth another attempt (an HTTP stream: its end is a break). */
const endsAreBreaks = (): 'retry' => 'retry';

/** What one attempt saw when it opened. */
interface Seen {
  readonly reopenings: number;
  readonly failures: number;
  readonly lastEventId: string | undefined;
}

describe('resilientStream', () => {
  it('reports reconnecting, open and failed in order, and gives up with ReconnectExhaustedError after maxAttempts failures in a row', () => {
    marbles(({ cold, expectObservable }, on) => {
      const states: StreamStateEvent[] = [];
      const seen: Seen[] = [];
      const stream = resilientStream(
        (attempt) => {
          seen.push({ reopenings: attempt.reopenings, failures: attempt.failures, lastEventId: attempt.lastEventId });
          attempt.opened();
          return cold('-#', undefined, new Error(`break ${seen.length}`));
        },
        { ...backoff, maxAttempts: 2, stream: 'events', decide: always, scheduler: on, onState: (event) => states.push(event) },
      );
      // fails at 1, waits 2, fails at 4, waits 4, fails at 9: the third failure in a row is one too many
      expectObservable(stream).toBe('---------#', undefined, new ReconnectExhaustedError('events', 2));
      on.flush();
      expect(states.map((event) => event.state)).toEqual(['open', 'reconnecting', 'open', 'reconnecting', 'open', 'failed']);
      expect(states.filter((event) => event.state === 'reconnecting')).toEqual([
        { stream: 'events', state: 'reconnecting', attempt: 1, delayMs: 2 },
        { stream: 'events', state: 'reconnecting', attempt: 2, delayMs: 4 },
      ]);
      const failed = states[5] as Extract<StreamStateEvent, { state: 'failed' }>;
      expect(failed.error).toBeInstanceOf(ReconnectExhaustedError);
      expect((failed.error.cause as Error).message).toBe('break 3');
      expect(seen).toEqual([
        { reopenings: 0, failures: 0, lastEventId: undefined },
        { reopenings: 1, failures: 1, lastEventId: undefined },
        { reopenings: 2, failures: 2, lastEventId: undefined },
      ]);
    });
  });

  it('resets the count of failures when an attempt delivers a value, so a stream that works between breaks is kept', () => {
    marbles(({ cold, expectObservable }, on) => {
      const failuresSeen: number[] = [];
      const stream = resilientStream(
        (attempt) => {
          failuresSeen.push(attempt.failures);
          // one attempt that delivers nothing, then one that delivers a value before it breaks, and so on
          return failuresSeen.length % 2 === 0 ? cold('a#') : cold('#');
        },
        { ...backoff, maxAttempts: 2, stream: 's', decide: always, scheduler: on },
      );
      // without the reset the third failure (at 10) would be one too many; with it, it is the first in a row
      expectObservable(stream, '^-----------------!').toBe('--a------a------a-');
      on.flush();
      expect(failuresSeen).toEqual([0, 1, 1, 2, 1, 2]);
    });
  });

  it('hands what an attempt learnt to the next one: the last event id (an empty id forgets it) and the server retry hint as the wait', () => {
    marbles(({ expectObservable }, on) => {
      const ids = ['7', undefined, '', '9'];
      const seen: Array<string | undefined> = [];
      const states: StreamStateEvent[] = [];
      const stream = resilientStream(
        (attempt) => {
          seen.push(attempt.lastEventId);
          const id = ids[seen.length - 1];
          return new Observable<string>((subscriber) => {
            attempt.eventId(id);
            if (seen.length === 2) attempt.retryAfter(5);
            subscriber.error(new Error('broken'));
          });
        },
        { ...backoff, maxAttempts: 3, stream: 's', decide: always, scheduler: on, onState: (event) => states.push(event) },
      );
      // waits: 2 (backoff), then the hint of 5 twice
      expectObservable(stream).toBe('------------#', undefined, new ReconnectExhaustedError('s', 3));
      on.flush();
      expect(seen).toEqual([undefined, '7', '7', undefined]);
      expect(states.map((event) => (event.state === 'reconnecting' ? event.delayMs : event.state))).toEqual([2, 5, 5, 'failed']);
    });
  });

  it('bounds the re-openings in all with tooManyResumptions, values or not, after the bound on failures in a row', () => {
    marbles(({ cold, expectObservable }, on) => {
      let attempts = 0;
      const stream = resilientStream(
        () => {
          attempts += 1;
          return cold('a|');
        },
        {
          ...backoff,
          maxResumptions: 2,
          stream: 's',
          decide: endsAreBreaks,
          scheduler: on,
          tooManyResumptions: (count, cause) => new StreamBrokenError('tools/call', `it was resumed ${count} times without its answer`, { cause }),
        },
      );
      // every attempt delivers, so the failures never add up; the third end is one re-opening too many
      expectObservable(stream).toBe('a--a--a#', undefined, new StreamBrokenError('tools/call', 'it was resumed 2 times without its answer'));
      on.flush();
      expect(attempts).toBe(3);
    });
  });

  it('lets decide complete the stream, or fail it (reported as failed when it asks), and passes it the attempt that ended', () => {
    marbles(({ cold, expectObservable }, on) => {
      const ends: Array<{ end: AttemptEnd; reopenings: number }> = [];
      const decide = (end: AttemptEnd, attempt: StreamAttempt): 'retry' | 'complete' => {
        ends.push({ end, reopenings: attempt.reopenings });
        return attempt.reopenings === 0 ? 'retry' : 'complete';
      };
      expectObservable(resilientStream(() => cold('a|'), { ...backoff, stream: 's', decide, scheduler: on })).toBe('a--a|');
      on.flush();
      expect(ends).toEqual([
        { end: { completed: true }, reopenings: 0 },
        { end: { completed: true }, reopenings: 1 },
      ]);
    });
    marbles(({ cold, expectObservable }, on) => {
      const refused = new TransportError('refused');
      const states: StreamStateEvent[] = [];
      const failing = resilientStream(() => cold('-#', undefined, refused), {
        ...backoff,
        stream: 's',
        decide: (end) => (end.completed ? 'complete' : { error: refused, report: true }),
        scheduler: on,
        onState: (event) => states.push(event),
      });
      expectObservable(failing).toBe('-#', undefined, refused);
      on.flush();
      expect(states).toEqual([{ stream: 's', state: 'failed', error: refused }]);
    });
  });

  it('stops at once when the subscriber leaves during a wait: the wait is cancelled and no attempt opens', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, on) => {
      const source = cold('-#');
      expectObservable(resilientStream(() => source, { ...backoff, stream: 's', decide: always, scheduler: on }), '^-!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^!');
      on.flush();
    });
  });

  it('completes at once when its signal aborts, during an attempt or during a wait, and ignores what the old attempt says afterwards', async () => {
    const controller = new AbortController();
    let open: Subscriber<string> | undefined;
    let attempt: StreamAttempt | undefined;
    let torn = 0;
    const stream = resilientStream(
      (current) => {
        attempt = current;
        return new Observable<string>((subscriber) => {
          open = subscriber;
          return () => (torn += 1);
        });
      },
      { initialDelayMs: 60_000, stream: 's', decide: endsAreBreaks, signal: controller.signal },
    );
    const values: string[] = [];
    const ended = new Promise<string>((resolve, reject) => stream.subscribe({ next: (value) => values.push(value), complete: () => resolve('completed'), error: reject }));
    open!.next('a');
    open!.complete(); // a break: now waiting up to a minute
    expect(torn).toBe(1);
    controller.abort();
    await expect(ended).resolves.toBe('completed');
    attempt!.eventId('late');
    open!.next('late');
    expect(values).toEqual(['a']);

    const aborted = new AbortController();
    aborted.abort();
    let opened = false;
    const never = resilientStream(
      () => {
        opened = true;
        return new Observable<never>();
      },
      { stream: 's', decide: endsAreBreaks, signal: aborted.signal },
    );
    await expect(new Promise((resolve) => never.subscribe({ complete: () => resolve('completed') }))).resolves.toBe('completed');
    expect(opened).toBe(false);

    const during = new AbortController();
    const running = resilientStream(
      () =>
        new Observable<never>(() => () => {
          torn += 10;
        }),
      { stream: 's', decide: endsAreBreaks, signal: during.signal },
    );
    const done = new Promise((resolve) => running.subscribe({ complete: () => resolve('completed') }));
    during.abort();
    await expect(done).resolves.toBe('completed');
    expect(torn).toBe(11);
  });
});
