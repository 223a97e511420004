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
 * scheduler is given (a `TestScheduler` in marble tests). A deadline is created for every
 * request, so it allocates no closures: its timers call shared functions with the deadline as
 * their argument, and it reports expiry to an owner object rather than a callback.
 */
import type { SchedulerLike } from 'rxjs';
import { TimeoutError } from '../protocol/errors.js';
import { sharedTimerQueue, type TimerEntry } from './timer-queue.js';

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

/** A clock and one-shot timers (`at`: when due, on this clock; `ms`: the deadline's duration). */
interface Timers {
  now(): number;
  start(callback: (deadline: RequestDeadline) => void, deadline: RequestDeadline, ms: number, at: number): unknown;
  stop(handle: unknown): void;
}

const queueTimers: Timers = {
  now: () => sharedTimerQueue.now(),
  start: (callback, deadline, ms, at) => sharedTimerQueue.schedule(callback, deadline, ms, at),
  stop: (handle) => sharedTimerQueue.cancel(handle as TimerEntry),
};

const schedulerTimers = new WeakMap<SchedulerLike, Timers>();

function timersOf(scheduler: SchedulerLike | undefined): Timers {
  if (scheduler === undefined) return queueTimers;
  let timers = schedulerTimers.get(scheduler);
  if (timers === undefined) {
    timers = {
      now: () => scheduler.now(),
      start: (callback, deadline, _ms, at) => scheduler.schedule(() => callback(deadline), Math.max(0, at - scheduler.now())),
      stop: (handle) => (handle as { unsubscribe(): void }).unsubscribe(),
    };
    schedulerTimers.set(scheduler, timers);
  }
  return timers;
}

/** True when `options` sets at least one deadline. */
export function hasDeadline(options: DeadlineOptions): boolean {
  return positive(options.idleMs) !== undefined || positive(options.totalMs) !== undefined;
}

/** The running deadlines of one request. */
export class RequestDeadline {
  private readonly timers: Timers;
  /** @internal */ readonly idleMs: number | undefined;
  /** @internal */ readonly totalMs: number | undefined;
  /** @internal */ lastActivity = 0;
  private idleTimer: unknown;
  private totalTimer: unknown;
  private done = false;

  /** Starts the clocks; `owner.onDeadline` is called at most once, with the {@link TimeoutError}. */
  constructor(
    /** @internal */ readonly method: string,
    options: DeadlineOptions,
    private readonly owner: DeadlineOwner,
  ) {
    this.timers = timersOf(options.scheduler);
    this.idleMs = positive(options.idleMs);
    this.totalMs = positive(options.totalMs);
    if (this.idleMs === undefined && this.totalMs === undefined) return;
    const now = this.timers.now();
    if (this.idleMs !== undefined) {
      this.lastActivity = now;
      this.idleTimer = this.timers.start(checkIdle, this, this.idleMs, now + this.idleMs);
    }
    if (this.totalMs !== undefined) this.totalTimer = this.timers.start(expireTotal, this, this.totalMs, now + this.totalMs);
  }

  /** Records activity: the idle deadline moves to `idleMs` from now. */
  touch(): void {
    if (this.idleMs !== undefined) this.lastActivity = this.timers.now();
  }

  /** Stops both clocks (the request settled). Idempotent. */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    if (this.idleTimer !== undefined) this.timers.stop(this.idleTimer);
    if (this.totalTimer !== undefined) this.timers.stop(this.totalTimer);
  }

  /** @internal The idle timer fired: expire, or re-arm for the rest of the quiet period. */
  checkIdle(): void {
    if (this.done) return;
    const idleMs = this.idleMs!;
    const now = this.timers.now();
    if (now - this.lastActivity >= idleMs) this.expire(new TimeoutError(this.method, idleMs, 'idle'));
    else this.idleTimer = this.timers.start(checkIdle, this, idleMs, this.lastActivity + idleMs);
  }

  /** @internal */
  expire(error: TimeoutError): void {
    if (this.done) return;
    this.cancel();
    this.owner.onDeadline(error);
  }
}

function checkIdle(deadline: RequestDeadline): void {
  deadline.checkIdle();
}

function expireTotal(deadline: RequestDeadline): void {
  deadline.expire(new TimeoutError(deadline.method, deadline.totalMs!, 'total'));
}

function positive(ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
