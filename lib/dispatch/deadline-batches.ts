/**
 * The deadlines of a dispatcher's requests, started in batches.
 *
 * A deadline object per request, each its own node in the shared timer queue, cost about a
 * seventh of what a call of the dispatcher costs in a fresh process (valgrind: 7,400 of 55,000
 * instructions per call over the first 10,000 calls, most of it the optimising compiler's work
 * on that code; issue 17). So the requests started in the same tick with the same duration wait
 * in one {@link DeadlineBatch}: one timer node for all of them, started with one reading of the
 * clock. A request joins its tick's batch (an array push) and leaves it when it settles (its slot
 * cleared); a batch leaves the timer queue when its last request has, so a dispatcher with
 * nothing in flight holds no timer.
 *
 * When a batch is due, each request still in it is looked at: its total deadline has passed; its
 * idle deadline has passed unless the server showed activity for it since (progress), in which
 * case it waits on in a batch of its own, due the idle time after that activity (so thousands of
 * progress events cost no timer work, as with `RequestDeadline`).
 *
 * The requests of one tick share the start time of the first of them: a deadline counts from
 * the tick its request was made in. A request whose options carry a `scheduler` (marble tests)
 * keeps a `RequestDeadline` of its own on that scheduler instead.
 */
import { TimeoutError } from '../protocol/errors.js';
import { runSoon } from '../protocol/microtask.js';
import { sharedTimerQueue, TimerNode } from '../time/timer-queue.js';

/** Which deadline a batch holds. */
type DeadlineKind = 'idle' | 'total';

/** A request whose deadlines wait in batches (the dispatcher's pending request). */
export interface BatchedRequest {
  /** The method, for the {@link TimeoutError}. */
  readonly method: string;
  /** The batch its idle deadline waits in, and its slot there (kept by this module). */
  idleBatch: DeadlineBatch | undefined;
  idleSlot: number;
  /** The batch its total deadline waits in, and its slot there (kept by this module). */
  totalBatch: DeadlineBatch | undefined;
  totalSlot: number;
  /** When the server last showed activity for it, on the timer queue's clock (its start until then). */
  lastActivity: number;
  /** A deadline passed; its batches have been left. Called at most once per start. */
  onDeadline(error: TimeoutError): void;
}

/** The requests of one tick (or one re-armed request) waiting for one deadline. */
export class DeadlineBatch extends TimerNode {
  // The two fields below are read and written in place by `DeadlineBatches.start` and
  // `leaveBatches` rather than through methods: each small function a call runs through costs
  // the optimising compiler a compile of its own in a process's first thousands of calls.
  /** @internal The requests in it; a settled one's slot is cleared, so the batch keeps no settled request alive. */
  readonly members: (BatchedRequest | undefined)[] = [];
  /** @internal How many of {@link members} are still in it; the first puts the batch into the timer queue, the last takes it out. */
  live = 0;

  constructor(
    /** Which deadline it holds. */
    readonly kind: DeadlineKind,
    /** The deadline, in milliseconds. */
    readonly ms: number,
    /** When its requests started, on the timer queue's clock. */
    readonly startedAt: number,
  ) {
    super();
  }

  /** Due: every request still in it has passed its deadline, or (idle, with activity since) waits on alone. */
  fire(): void {
    const now = sharedTimerQueue.now();
    const members = this.members;
    this.live = 0;
    for (let i = 0; i < members.length; i++) {
      const request = members[i];
      if (request === undefined) continue;
      members[i] = undefined;
      if (this.kind === 'total') {
        request.totalBatch = undefined;
        expire(request, new TimeoutError(request.method, this.ms, 'total'));
        continue;
      }
      request.idleBatch = undefined;
      if (now - request.lastActivity >= this.ms) {
        expire(request, new TimeoutError(request.method, this.ms, 'idle'));
      } else {
        waitAlone(request, this.ms);
      }
    }
  }
}

/** Starts the deadlines of one dispatcher's requests, in one batch per tick and duration. */
export class DeadlineBatches {
  /** The batches opened in this tick, forgotten at its end. */
  private readonly open: DeadlineBatch[] = [];
  private readonly closeTick = (): void => {
    this.open.length = 0;
  };

  /**
   * Starts `request`'s deadlines from this tick: `idleMs` and `totalMs` as a request's options give
   * them (a deadline is a positive finite number of milliseconds; anything else sets none). Its
   * idle deadline counts from this tick's start until the server shows activity.
   */
  start(request: BatchedRequest, idleMs: number | undefined, totalMs: number | undefined): void {
    const idle = idleMs !== undefined && idleMs > 0 && idleMs < Infinity;
    const total = totalMs !== undefined && totalMs > 0 && totalMs < Infinity;
    // one loop for both kinds: this runs for every request, so it is one function, not a helper per step
    for (let k = 0; k < 2; k++) {
      const kind: DeadlineKind = k === 0 ? 'idle' : 'total';
      if (k === 0 ? !idle : !total) continue;
      const ms = k === 0 ? idleMs! : totalMs!;
      const open = this.open;
      let batch: DeadlineBatch | undefined;
      for (let i = 0; i < open.length; i++) {
        const candidate = open[i]!;
        if (candidate.ms === ms && candidate.kind === kind) {
          batch = candidate;
          break;
        }
      }
      if (batch === undefined) {
        if (open.length === 0) runSoon(this.closeTick);
        batch = new DeadlineBatch(kind, ms, sharedTimerQueue.now());
        open.push(batch);
      }
      if (batch.live++ === 0) sharedTimerQueue.insert(batch, ms, batch.startedAt + ms);
      const slot = batch.members.push(request) - 1;
      if (k === 0) {
        request.idleBatch = batch;
        request.idleSlot = slot;
        request.lastActivity = batch.startedAt;
      } else {
        request.totalBatch = batch;
        request.totalSlot = slot;
      }
    }
  }
}

/** Stops `request`'s deadlines (it settled, or was given up). Idempotent. */
export function leaveBatches(request: BatchedRequest): void {
  const idle = request.idleBatch;
  if (idle !== undefined) {
    request.idleBatch = undefined;
    idle.members[request.idleSlot] = undefined;
    if (--idle.live === 0) sharedTimerQueue.remove(idle);
  }
  const total = request.totalBatch;
  if (total !== undefined) {
    request.totalBatch = undefined;
    total.members[request.totalSlot] = undefined;
    if (--total.live === 0) sharedTimerQueue.remove(total);
  }
}

/** The server showed activity for `request`: its idle deadline counts from now. */
export function touchBatched(request: BatchedRequest): void {
  if (request.idleBatch !== undefined) request.lastActivity = sharedTimerQueue.now();
}

/** `request` showed activity since its batch started: its idle deadline waits on in a batch of its own, `ms` after that activity. */
function waitAlone(request: BatchedRequest, ms: number): void {
  const alone = new DeadlineBatch('idle', ms, request.lastActivity);
  alone.members.push(request);
  alone.live = 1;
  request.idleBatch = alone;
  request.idleSlot = 0;
  sharedTimerQueue.insert(alone, ms, request.lastActivity + ms);
}

function expire(request: BatchedRequest, error: TimeoutError): void {
  leaveBatches(request);
  request.onDeadline(error);
}
