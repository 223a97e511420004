import { TimerQueue } from '../../lib/time/timer-queue.js';

/** A queue on a hand-driven clock, with jest's fake timers driving the platform timer. */
function queue(): { q: TimerQueue; advance(ms: number): void } {
  let now = 0;
  const q = new TimerQueue(() => now);
  return {
    q,
    advance: (ms) => {
      now += ms;
      jest.advanceTimersByTime(ms);
    },
  };
}

describe('TimerQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires callbacks when due, in due order across durations', () => {
    const { q, advance } = queue();
    const fired: string[] = [];
    q.schedule(() => fired.push('a100'), undefined, 100);
    q.schedule(() => fired.push('b50'), undefined, 50);
    q.schedule(() => fired.push('c100'), undefined, 100);
    advance(49);
    expect(fired).toEqual([]);
    advance(1);
    expect(fired).toEqual(['b50']);
    advance(50);
    expect(fired).toEqual(['b50', 'a100', 'c100']);
  });

  it('never fires a cancelled callback, and drops its platform timer when empty', () => {
    const { q, advance } = queue();
    const fired: string[] = [];
    const a = q.schedule(() => fired.push('a'), undefined, 100);
    const b = q.schedule(() => fired.push('b'), undefined, 100);
    q.cancel(a);
    q.cancel(a);
    expect(jest.getTimerCount()).toBe(1);
    q.cancel(b);
    expect(jest.getTimerCount()).toBe(0);
    advance(200);
    expect(fired).toEqual([]);
  });

  it('files an absolute time in order among deadlines of the same duration', () => {
    const { q, advance } = queue();
    const fired: number[] = [];
    q.schedule(() => fired.push(1), undefined, 100); // due 100
    advance(10);
    q.schedule(() => fired.push(2), undefined, 100); // due 110
    q.schedule(() => fired.push(0), undefined, 100, 50); // a re-armed idle deadline due at 50
    advance(40);
    expect(fired).toEqual([0]);
    advance(60);
    expect(fired).toEqual([0, 1, 2]);
  });

  it('lets a firing callback schedule again', () => {
    const { q, advance } = queue();
    const fired: number[] = [];
    q.schedule(
      (target: number[]) => {
        target.push(1);
        q.schedule(() => target.push(2), undefined, 30);
      },
      fired,
      20,
    );
    advance(20);
    advance(30);
    expect(fired).toEqual([1, 2]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('re-arms for an earlier deadline than the armed one', () => {
    const { q, advance } = queue();
    const fired: string[] = [];
    q.schedule(() => fired.push('late'), undefined, 1000);
    q.schedule(() => fired.push('early'), undefined, 10);
    advance(10);
    expect(fired).toEqual(['early']);
    advance(990);
    expect(fired).toEqual(['early', 'late']);
  });
});
