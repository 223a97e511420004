/**
 * One platform timer for many deadlines.
 *
 * Every request has a deadline, almost every deadline is cancelled long before it is due, and
 * most share a duration (the default request timeout). A `setTimeout`/`clearTimeout` pair per
 * request costs more than the rest of the request's bookkeeping, so deadlines live here instead:
 * in one list per duration, kept in due order (a new deadline of a duration is almost always the
 * latest, so it is appended), with a single platform timer armed for the earliest head.
 * Scheduling and cancelling are O(1) in the common case; nothing is allocated but the entry.
 * When the last entry goes, the platform timer is cleared, so an idle queue holds the process
 * open no longer than a plain timer would.
 */

/** A scheduled callback; pass it to {@link TimerQueue.cancel}. */
export interface TimerEntry {
  /** When it is due, on the queue's clock. */
  readonly at: number;
}

interface Entry extends TimerEntry {
  at: number;
  callback: ((target: never) => void) | undefined;
  target: unknown;
  list: EntryList | undefined;
  prev: Entry | undefined;
  next: Entry | undefined;
}

interface EntryList {
  readonly duration: number;
  head: Entry | undefined;
  tail: Entry | undefined;
}

/** Deadlines multiplexed onto one platform timer. */
export class TimerQueue {
  private readonly lists = new Map<number, EntryList>();
  private size = 0;
  private armedAt = Infinity;
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** The queue's clock, in milliseconds. */
  now(): number {
    return this.clock();
  }

  /**
   * Calls `callback(target)` once `ms` milliseconds have passed (or at `at`, when given: an
   * absolute time on this clock, filed with the other deadlines of duration `ms`). Passing the
   * target lets callers schedule a shared function instead of allocating a closure per timer.
   */
  schedule<T>(callback: (target: T) => void, target: T, ms: number, at: number = this.clock() + ms): TimerEntry {
    let list = this.lists.get(ms);
    if (list === undefined) {
      list = { duration: ms, head: undefined, tail: undefined };
      this.lists.set(ms, list);
    }
    const entry: Entry = { at, callback: callback as (target: never) => void, target, list, prev: undefined, next: undefined };
    insertInOrder(list, entry);
    this.size++;
    if (at < this.armedAt) this.arm(at);
    return entry;
  }

  /** Cancels a scheduled callback. Idempotent. */
  cancel(timer: TimerEntry): void {
    const entry = timer as Entry;
    const list = entry.list;
    if (list === undefined) return;
    unlink(list, entry);
    entry.callback = undefined;
    entry.target = undefined;
    if (list.head === undefined) this.lists.delete(list.duration);
    if (--this.size === 0) this.disarm();
  }

  private arm(at: number): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.armedAt = at;
    this.handle = setTimeout(this.fire, Math.max(0, at - this.clock()));
  }

  private disarm(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedAt = Infinity;
  }

  private readonly fire = (): void => {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = this.clock();
    const due: Entry[] = [];
    for (const [ms, list] of this.lists) {
      while (list.head !== undefined && list.head.at <= now) {
        const entry = list.head;
        unlink(list, entry);
        this.size--;
        due.push(entry);
      }
      if (list.head === undefined) this.lists.delete(ms);
    }
    for (const entry of due) {
      const { callback, target } = entry;
      entry.callback = undefined;
      entry.target = undefined;
      callback?.(target as never);
    }
    let earliest = Infinity;
    for (const list of this.lists.values()) earliest = Math.min(earliest, list.head!.at);
    if (earliest < this.armedAt) this.arm(earliest);
  };
}

/** Inserts `entry` in due order, scanning from the tail (where it almost always belongs). */
function insertInOrder(list: EntryList, entry: Entry): void {
  let after = list.tail;
  while (after !== undefined && after.at > entry.at) after = after.prev;
  entry.prev = after;
  entry.next = after === undefined ? list.head : after.next;
  if (entry.next === undefined) list.tail = entry;
  else entry.next.prev = entry;
  if (after === undefined) list.head = entry;
  else after.next = entry;
}

function unlink(list: EntryList, entry: Entry): void {
  if (entry.prev === undefined) list.head = entry.next;
  else entry.prev.next = entry.next;
  if (entry.next === undefined) list.tail = entry.prev;
  else entry.next.prev = entry.prev;
  entry.prev = entry.next = undefined;
  entry.list = undefined;
}

/** The queue rxmcp's own deadlines use. */
export const sharedTimerQueue = new TimerQueue();
