import { Observable, Subject } from 'rxjs';
import { DirectSubscriber } from '../../lib/streams/direct-subscriber.js';

describe('DirectSubscriber', () => {
  afterEach(() => jest.useRealTimers());

  it('is used by subscribe as it is: the producer calls it directly, values in order, then complete ends the subscription', () => {
    const seen: unknown[] = [];
    let producer: { next(value: number): void } | undefined;
    const source = new Observable<number>((subscriber) => {
      producer = subscriber;
      subscriber.next(1);
      subscriber.next(2);
      subscriber.complete();
    });
    const direct = new DirectSubscriber<number>((value) => seen.push(value), (error) => seen.push(['error', error]), () => seen.push('complete'));
    const subscription = source.subscribe(direct);
    expect(producer).toBe(direct);
    expect(seen).toEqual([1, 2, 'complete']);
    expect(subscription.closed).toBe(true);
  });

  it('an error reaches onError once and ends the subscription; later values are dropped', () => {
    const seen: unknown[] = [];
    const subject = new Subject<number>();
    const failure = new Error('gone');
    const subscription = subject.subscribe(new DirectSubscriber<number>((value) => seen.push(value), (error) => seen.push(error), () => seen.push('complete')));
    subject.next(1);
    subject.error(failure);
    subject.next(2);
    expect(seen).toEqual([1, failure]);
    expect(subscription.closed).toBe(true);
  });

  it('an exception thrown by onNext does not unwind into the producer: later values still arrive, and it is thrown again from a timer', () => {
    jest.useFakeTimers();
    const seen: number[] = [];
    const subject = new Subject<number>();
    subject.subscribe(
      new DirectSubscriber<number>(
        (value) => {
          if (value === 2) throw new Error('handler bug');
          seen.push(value);
        },
        () => undefined,
        () => undefined,
      ),
    );
    expect(() => {
      subject.next(1);
      subject.next(2);
      subject.next(3);
    }).not.toThrow();
    expect(seen).toEqual([1, 3]);
    expect(() => jest.runOnlyPendingTimers()).toThrow('handler bug');
  });
});
