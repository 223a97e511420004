import { DeadlineBatches, leaveBatches, touchBatched, type BatchedRequest } from '../../lib/dispatch/deadline-batches.js';
import { TimeoutError } from '../../lib/protocol/errors.js';
import { sharedTimerQueue } from '../../lib/time/timer-queue.js';

/** A request as the dispatcher's pending request is one, recording its timeouts. */
function request(method = 'tools/call'): BatchedRequest & { readonly timeouts: TimeoutError[] } {
  const timeouts: TimeoutError[] = [];
  return {
    method,
    timeouts,
    idleBatch: undefined,
    idleSlot: 0,
    totalBatch: undefined,
    totalSlot: 0,
    lastActivity: 0,
    onDeadline: (error) => timeouts.push(error),
  };
}

/** The end of the current tick (the batches of a tick close in a microtask). */
const nextTick = (): Promise<void> => Promise.resolve().then(() => undefined);

describe('DeadlineBatches', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('puts the requests of one tick with one duration into one timer node, and a later tick into another', async () => {
    const batches = new DeadlineBatches();
    const before = sharedTimerQueue.size;
    const first = [request(), request(), request()];
    for (const each of first) batches.start(each, 1_000, undefined);
    expect(sharedTimerQueue.size - before).toBe(1);
    expect(new Set(first.map((each) => each.idleBatch)).size).toBe(1);
    expect(first.map((each) => each.idleSlot)).toEqual([0, 1, 2]);

    const otherDuration = request();
    batches.start(otherDuration, 2_000, 5_000);
    expect(sharedTimerQueue.size - before).toBe(3); // idle 2 s and total 5 s: one node each

    await nextTick();
    const later = request();
    batches.start(later, 1_000, undefined);
    expect(later.idleBatch).not.toBe(first[0]!.idleBatch);
    expect(sharedTimerQueue.size - before).toBe(4);

    for (const each of [...first, otherDuration, later]) leaveBatches(each);
    expect(sharedTimerQueue.size).toBe(before);
  });

  it('lets a settled request go: its slot is cleared, and the last to leave takes the batch out of the timer queue', () => {
    const batches = new DeadlineBatches();
    const before = sharedTimerQueue.size;
    const [a, b] = [request(), request()];
    batches.start(a, 1_000, undefined);
    batches.start(b, 1_000, undefined);
    const batch = a.idleBatch!;
    leaveBatches(a);
    expect(a.idleBatch).toBeUndefined();
    expect(batch.members[0]).toBeUndefined();
    expect(batch.live).toBe(1);
    expect(sharedTimerQueue.size - before).toBe(1);
    leaveBatches(a); // idempotent
    expect(batch.live).toBe(1);
    leaveBatches(b);
    expect(sharedTimerQueue.size).toBe(before);
    jest.advanceTimersByTime(5_000);
    expect([...a.timeouts, ...b.timeouts]).toEqual([]);
  });

  it('fails every request still in a batch when it is due, with the kind and duration of its deadline', () => {
    const batches = new DeadlineBatches();
    const [idle, total, settled] = [request('ping'), request('tools/call'), request()];
    batches.start(idle, 100, undefined);
    batches.start(total, undefined, 300);
    batches.start(settled, 100, undefined);
    leaveBatches(settled);
    jest.advanceTimersByTime(99);
    expect(idle.timeouts).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(idle.timeouts).toHaveLength(1);
    expect(idle.timeouts[0]).toBeInstanceOf(TimeoutError);
    expect(idle.timeouts[0]).toMatchObject({ method: 'ping', timeoutMs: 100, kind: 'idle' });
    expect(idle.idleBatch).toBeUndefined();
    jest.advanceTimersByTime(200);
    expect(total.timeouts).toEqual([expect.objectContaining({ method: 'tools/call', timeoutMs: 300, kind: 'total' })]);
    expect(settled.timeouts).toEqual([]);
    expect(sharedTimerQueue.size).toBe(0);
  });

  it('a request with activity since its start waits on alone, the idle time after that activity; its batch-mates expire on time', () => {
    const batches = new DeadlineBatches();
    const [quiet, busy] = [request(), request()];
    batches.start(quiet, 100, undefined);
    batches.start(busy, 100, undefined);
    jest.advanceTimersByTime(60);
    touchBatched(busy);
    jest.advanceTimersByTime(40);
    expect(quiet.timeouts).toHaveLength(1);
    expect(busy.timeouts).toEqual([]);
    expect(busy.idleBatch).not.toBe(quiet.idleBatch);
    jest.advanceTimersByTime(59);
    expect(busy.timeouts).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(busy.timeouts).toEqual([expect.objectContaining({ kind: 'idle', timeoutMs: 100 })]);
    expect(sharedTimerQueue.size).toBe(0);
  });

  it('an expired deadline leaves the other kind too, so a request is failed once', () => {
    const batches = new DeadlineBatches();
    const both = request();
    batches.start(both, 100, 150);
    jest.advanceTimersByTime(1_000);
    expect(both.timeouts).toEqual([expect.objectContaining({ kind: 'idle' })]);
    expect(both.totalBatch).toBeUndefined();
    expect(sharedTimerQueue.size).toBe(0);
  });

  it('sets no deadline for zero, negative, infinite, NaN or missing durations', () => {
    const batches = new DeadlineBatches();
    const before = sharedTimerQueue.size;
    for (const ms of [0, -5, Infinity, Number.NaN, undefined]) {
      const each = request();
      batches.start(each, ms, ms);
      expect(each.idleBatch).toBeUndefined();
      expect(each.totalBatch).toBeUndefined();
    }
    expect(sharedTimerQueue.size).toBe(before);
  });
});
