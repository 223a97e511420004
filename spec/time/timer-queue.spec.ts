import { TimerNode, TimerQueue } from '../../lib/time/timer-queue.js';

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

class Recorder extends TimerNode {
  constructor(
    private readonly fired: unknown[],
    private readonly label: unknown,
  ) {
    super();
  }

  fire(): void {
    this.fired.push(this.label);
  }
}

describe('TimerQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires callbacks when due, in due order across durations', () => {
    const { q, advance } = queue();
    const fired: string[] = [];
    q.schedule(() => fired.push('a100'), 100);
    q.schedule(() => fired.push('b50'), 50);
    q.schedule(() => fired.push('c100'), 100);
    advance(49);
    expect(fired).toEqual([]);
    advance(1);
    expect(fired).toEqual(['b50']);
    advance(50);
    expect(fired).toEqual(['b50', 'a100', 'c100']);
  });

  it('never fires a removed node, and drops its platform timer when empty', () => {
    const { q, advance } = queue();
    const fired: string[] = [];
    const a = q.schedule(() => fired.push('a'), 100);
    const b = q.schedule(() => fired.push('b'), 100);
    q.remove(a);
    q.remove(a);
    expect(jest.getTimerCount()).toBe(1);
    q.remove(b);
    expect(jest.getTimerCount()).toBe(0);
    advance(200);
    expect(fired).toEqual([]);
  });

  it('files an absolute time in order among deadlines of the same duration, and moves a node inserted twice', () => {
    const { q, advance } = queue();
    const fired: number[] = [];
    q.insert(new Recorder(fired, 1), 100, 100);
    advance(10);
    q.insert(new Recorder(fired, 2), 100, 110);
    const early = new Recorder(fired, 0);
    q.insert(early, 100, 80);
    q.insert(early, 100, 50); // a re-armed idle deadline, moved earlier
    advance(40);
    expect(fired).toEqual([0]);
    advance(60);
    expect(fired).toEqual([0, 1, 2]);
  });

  it('lets a firing node schedule again', () => {
    const { q, advance } = queue();
    const fired: number[] = [];
    q.schedule(() => {
      fired.push(1);
      q.schedule(() => fired.push(2), 30);
    }, 20);
    advance(20);
    advance(30);
    expect(fired).toEqual([1, 2]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('re-arms for an earlier deadline than the armed one', () => {
    const { q, advance } = queue();
    const fired: string[] = [];
    q.schedule(() => fired.push('late'), 1000);
    q.schedule(() => fired.push('early'), 10);
    advance(10);
    expect(fired).toEqual(['early']);
    advance(990);
    expect(fired).toEqual(['early', 'late']);
  });

  it('counts the nodes waiting in `size`: up on insert, down on remove and on firing, unchanged by a move', () => {
    const { q, advance } = queue();
    expect(q.size).toBe(0);
    const a = q.schedule(() => undefined, 100);
    const b = q.schedule(() => undefined, 50);
    const moved = new Recorder([], 'moved');
    q.insert(moved, 100, 200);
    expect(q.size).toBe(3);
    q.insert(moved, 100, 150); // moving a waiting node does not count it twice
    expect(q.size).toBe(3);
    q.remove(a);
    q.remove(a); // idempotent
    expect(q.size).toBe(2);
    advance(50); // b fires
    expect(q.size).toBe(1);
    q.remove(b); // already fired: nothing to take out
    expect(q.size).toBe(1);
    advance(100); // moved fires
    expect(q.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
