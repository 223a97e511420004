/**
 * `RequestDeadline`: the idle and total deadlines of one request, as a small state machine that
 * both the {@link requestTimeout} operator and the dispatcher (which applies deadlines to its own
 * requests without an extra Observable layer) use.
 *
 * - `idleMs`: expires when nothing happened for this long; {@link RequestDeadline.touch} records
 *   activity (a progress event). The idle timer is lazy: `touch` only stores the time, and the
 *   timer re-arms itself for the remainder when it fires, so thousands of progress events cost
 *   no timer churn.
 * - `totalMs`: expires this long after the start, whatever the activity.
 *
 * Timers run on rxmcp's shared {@link TimerQueue} (one platform timer for all deadlines) unless a
 * scheduler is given (a `TestScheduler` in marble tests). A deadline exists for every request,
 * so it is lean: it is its own idle timer node, and it reports expiry to an owner object rather
 * than a callback.
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import { TimeoutError } from '../protocol/errors.js';
import { sharedTimerQueue, TimerNode } from './timer-queue.js';

/** The deadlines of a request. Omitted, non-positive or infinite values mean no such deadline. */
export interface DeadlineOptions {
  /** Fail if nothing happens for this many milliseconds. */
  readonly idleMs?: number;
  /** Fail when this many milliseconds have passed since the start. */
  readonly totalMs?: number;
  /** The scheduler timers run on. Default: rxmcp's shared timer queue. */
  readonly scheduler?: SchedulerLike;
}

/** Who is told when a deadline passes. */
export interface DeadlineOwner {
  onDeadline(error: TimeoutError): void;
}

/** True when `options` sets at least one deadline. */
export function hasDeadline(options: DeadlineOptions): boolean {
  return positive(options.idleMs) !== undefined || positive(options.totalMs) !== undefined;
}

/** A timer node that waits on a scheduler instead of the queue (marble tests). */
interface ScheduledNode {
  action?: Subscription;
}

/** Starts `node` for `at` (on the timers' clock). */
function startTimer(scheduler: SchedulerLike | undefined, node: TimerNode & ScheduledNode, duration: number, at: number): void {
  if (scheduler === undefined) sharedTimerQueue.insert(node, duration, at);
  else node.action = scheduler.schedule(() => node.fire(), Math.max(0, at - scheduler.now()));
}

function stopTimer(scheduler: SchedulerLike | undefined, node: TimerNode & ScheduledNode): void {
  if (scheduler === undefined) sharedTimerQueue.remove(node);
  else node.action?.unsubscribe();
}

/** The total deadline's timer (only made when there is a total deadline). */
class TotalTimer extends TimerNode implements ScheduledNode {
  action?: Subscription;

  constructor(private readonly deadline: RequestDeadline) {
    super();
  }

  fire(): void {
    this.deadline.expire(new TimeoutError(this.deadline.method, this.deadline.totalMs!, 'total'));
  }
}

/** The running deadlines of one request; itself the idle timer. */
export class RequestDeadline extends TimerNode implements ScheduledNode {
  action?: Subscription;
  /** @internal */ readonly idleMs: number | undefined;
  /** @internal */ readonly totalMs: number | undefined;
  private lastActivity = 0;
  private total: TotalTimer | undefined;
  private done = false;

  /** Starts the clocks; `owner.onDeadline` is called at most once, with the {@link TimeoutError}. */
  constructor(
    /** @internal */ readonly method: string,
    options: DeadlineOptions,
    private readonly owner: DeadlineOwner,
  ) {
    super();
    this.scheduler = options.scheduler;
    this.idleMs = positive(options.idleMs);
    this.totalMs = positive(options.totalMs);
    if (this.idleMs === undefined && this.totalMs === undefined) return;
    const now = this.now();
    if (this.idleMs !== undefined) {
      this.lastActivity = now;
      startTimer(this.scheduler, this, this.idleMs, now + this.idleMs);
    }
    if (this.totalMs !== undefined) {
      this.total = new TotalTimer(this);
      startTimer(this.scheduler, this.total, this.totalMs, now + this.totalMs);
    }
  }

  private readonly scheduler: SchedulerLike | undefined;

  /** Records activity: the idle deadline moves to `idleMs` from now. */
  touch(): void {
    if (this.idleMs !== undefined) this.lastActivity = this.now();
  }

  /** Stops both clocks (the request settled). Idempotent. */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    if (this.idleMs !== undefined) stopTimer(this.scheduler, this);
    if (this.total !== undefined) stopTimer(this.scheduler, this.total);
  }

  /** The idle timer fired: expire, or re-arm for the rest of the quiet period. */
  fire(): void {
    if (this.done) return;
    const idleMs = this.idleMs!;
    if (this.now() - this.lastActivity >= idleMs) this.expire(new TimeoutError(this.method, idleMs, 'idle'));
    else startTimer(this.scheduler, this, idleMs, this.lastActivity + idleMs);
  }

  /** @internal */
  expire(error: TimeoutError): void {
    if (this.done) return;
    this.cancel();
    this.owner.onDeadline(error);
  }

  private now(): number {
    return this.scheduler === undefined ? sharedTimerQueue.now() : this.scheduler.now();
  }
}

function positive(ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
