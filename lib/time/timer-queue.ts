/**
 * One platform timer for many deadlines.
 *
 * Every request has a deadline, almost every deadline is cancelled long before it is due, and
 * most share a duration (the default request timeout). A `setTimeout`/`clearTimeout` pair per
 * request costs more than the rest of the request's bookkeeping, so deadlines live here instead:
 * in one list per duration, kept in due order (a new deadline of a duration is almost always the
 * latest, so it is appended), with a single platform timer armed for the earliest head.
 * Inserting and removing are O(1) in the common case, and the nodes are the callers' own objects
 * (a request's deadline is its own timer node), so a timer allocates nothing. When the last node
 * goes, the platform timer is cleared, so an idle queue holds the process open no longer than a
 * plain timer would.
 */

/** Something that can wait in a {@link TimerQueue}. Extend it and implement `fire`. */
export abstract class TimerNode {
  /** When it is due, on the queue's clock. */
  at = 0;
  /** @internal */ prev: TimerNode | undefined = undefined;
  /** @internal */ next: TimerNode | undefined = undefined;
  /** @internal The list it waits in, while it waits. */ list: NodeList | undefined = undefined;

  /** Called once when due (after it left the queue). */
  abstract fire(): void;
}

/** @internal */
interface NodeList {
  readonly duration: number;
  head: TimerNode | undefined;
  tail: TimerNode | undefined;
}

/** A node that runs a callback. */
class CallbackNode extends TimerNode {
  constructor(private readonly callback: () => void) {
    super();
  }

  fire(): void {
    this.callback();
  }
}

/** Deadlines multiplexed onto one platform timer. */
export class TimerQueue {
  private readonly lists = new Map<number, NodeList>();
  private count = 0;
  private armedAt = Infinity;
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /**
   * How many nodes wait in the queue (read-only). Zero means nothing is scheduled and no platform
   * timer is armed, so the queue holds nothing alive: tests and the memory soak check it after all
   * requests settled to prove that no deadline was left behind.
   */
  get size(): number {
    return this.count;
  }

  /** The queue's clock, in milliseconds. */
  now(): number {
    return this.clock();
  }

  /**
   * Files `node` to fire at `at` (on this clock), with the other deadlines of duration
   * `duration`. A node already waiting is moved.
   */
  insert(node: TimerNode, duration: number, at: number): void {
    if (node.list !== undefined) this.remove(node);
    let list = this.lists.get(duration);
    if (list === undefined) {
      list = { duration, head: undefined, tail: undefined };
      this.lists.set(duration, list);
    }
    node.at = at;
    node.list = list;
    insertInOrder(list, node);
    this.count++;
    if (at < this.armedAt) this.arm(at);
  }

  /** Takes `node` out of the queue. Idempotent. */
  remove(node: TimerNode): void {
    const list = node.list;
    if (list === undefined) return;
    unlink(list, node);
    if (list.head === undefined) this.lists.delete(list.duration);
    if (--this.count === 0) this.disarm();
  }

  /** Calls `callback` once `ms` milliseconds have passed; returns the node (to {@link remove}). */
  schedule(callback: () => void, ms: number): TimerNode {
    const node = new CallbackNode(callback);
    this.insert(node, ms, this.clock() + ms);
    return node;
  }

  private arm(at: number): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.armedAt = at;
    this.handle = setTimeout(this.fireDue, Math.max(0, at - this.clock()));
  }

  private disarm(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedAt = Infinity;
  }

  private readonly fireDue = (): void => {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = this.clock();
    const due: TimerNode[] = [];
    for (const [duration, list] of this.lists) {
      while (list.head !== undefined && list.head.at <= now) {
        const node = list.head;
        unlink(list, node);
        this.count--;
        due.push(node);
      }
      if (list.head === undefined) this.lists.delete(duration);
    }
    for (const node of due) node.fire();
    let earliest = Infinity;
    for (const list of this.lists.values()) earliest = Math.min(earliest, list.head!.at);
    if (earliest < this.armedAt) this.arm(earliest);
  };
}

/** Inserts `node` in due order, scanning from the tail (where it almost always belongs). */
function insertInOrder(list: NodeList, node: TimerNode): void {
  let after = list.tail;
  while (after !== undefined && after.at > node.at) after = after.prev;
  node.prev = after;
  node.next = after === undefined ? list.head : after.next;
  if (node.next === undefined) list.tail = node;
  else node.next.prev = node;
  if (after === undefined) list.head = node;
  else after.next = node;
}

function unlink(list: NodeList, node: TimerNode): void {
  if (node.prev === undefined) list.head = node.next;
  else node.prev.next = node.next;
  if (node.next === undefined) list.tail = node.prev;
  else node.next.prev = node.prev;
  node.prev = node.next = undefined;
  node.list = undefined;
}

/** The queue rxmcp's own deadlines use. */
export const sharedTimerQueue = new TimerQueue();
