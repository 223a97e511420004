/**
 * Correlation of responses with the requests waiting for them: one map from request id to the
 * waiting subscriber, so each response or progress notification is routed in O(1).
 *
 * Ids are minted as integers. A peer that echoes an id as a string (`"7"` for `7`) is still
 * matched. Requests the client gave up on (cancelled, timed out) are remembered for a while, so a
 * late answer to them is dropped quietly instead of being reported as a response to nobody.
 */
import type { DeadlineOwner, RequestDeadline } from '../time/deadline.js';
import type { TimeoutError } from '../protocol/errors.js';
import type { JsonObject, JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';
import { leaveBatches, touchBatched, type BatchedRequest, type DeadlineBatch } from './deadline-batches.js';
import { IdTable } from './id-table.js';
import type { ProgressEvent } from './request-events.js';
import type { QueueEntry } from './outbound-queue.js';
import type { RequestObserver, RequestSpec, RunningRequest } from './request-spec.js';

/** How many abandoned ids are remembered. */
const ABANDONED_MEMORY = 4096;

/** What a pending request needs from its dispatcher: a way to give it up. */
export interface RequestReleaser {
  /** Gives `request` up: withdraws or cancels it, telling the server when `cancelOnServer` and it was sent. */
  release(request: PendingRequest, cancelOnServer: boolean): void;
}

/**
 * A request waiting for its response: where its events go, and its deadlines. It is also its own
 * entry in the dispatcher's write queue (its wire message until written, and whether it was).
 */
export class PendingRequest implements DeadlineOwner, BatchedRequest, RunningRequest, QueueEntry {
  /** Set once its message was handed to the transport. */
  written = false;
  /** Set when it was given up before it was written (it never reaches the wire). */
  withdrawn = false;
  /** How many times it was sent again after its stream broke. */
  reissues = 0;
  /** The request's deadlines on a scheduler of its options' own (marble tests); otherwise they wait in batches. */
  deadline: RequestDeadline | undefined;
  /** The deadline batch its idle timeout waits in (see `deadline-batches.ts`), if any. */
  idleBatch: DeadlineBatch | undefined = undefined;
  /** Its slot in `idleBatch`'s member array. */
  idleSlot = 0;
  /** The deadline batch its total-time limit waits in, if any. */
  totalBatch: DeadlineBatch | undefined = undefined;
  /** Its slot in `totalBatch`'s member array. */
  totalSlot = 0;
  /** When the server last showed activity for it, on the timer queue's clock (its start until then). */
  lastActivity = 0;

  constructor(
    /** Its current JSON-RPC id (a re-issued request gets a new one). */
    public id: number,
    /** What the request is: method, params builder, decoder, options. */
    readonly spec: RequestSpec<unknown>,
    private readonly observer: RequestObserver<unknown>,
    private readonly releaser: RequestReleaser,
    /** Its wire message, until written (then released). */
    public message: JsonRpcMessage,
    /** Its HTTP headers, until written. */
    public headers: Readonly<Record<string, string>> | undefined,
  ) {}

  /** The request's JSON-RPC method. */
  get method(): string {
    return this.spec.method;
  }

  /** The response arrived: emit the decoded result and complete. */
  resolve(result: JsonObject): void {
    this.stopDeadlines();
    let value: unknown;
    try {
      value = this.spec.decode(result);
    } catch (error) {
      this.observer.error(error);
      return;
    }
    this.observer.next({ type: 'result', result: value });
    this.observer.complete();
  }

  /** The request failed (an error response, a fault, a closed connection). */
  fail(error: unknown): void {
    this.stopDeadlines();
    this.observer.error(error);
  }

  /** Stops its deadlines (it settled, or was given up). Idempotent. */
  stopDeadlines(): void {
    if (this.deadline !== undefined) {
      this.deadline.cancel();
      this.deadline = undefined;
    }
    leaveBatches(this);
  }

  /** A deadline passed: give the request up (cancelling it on the server, unless the spec says not to) and fail. */
  onDeadline(error: TimeoutError): void {
    this.releaser.release(this, this.spec.options.cancelOnUnsubscribe !== false);
    this.observer.error(error);
  }

  /** The server reported progress: it counts as activity for the idle deadline. */
  progress(event: ProgressEvent): void {
    this.deadline?.touch();
    touchBatched(this);
    this.observer.next(event);
  }

  /** The caller gave the request up. */
  cancel(): void {
    this.releaser.release(this, this.spec.options.cancelOnUnsubscribe !== false);
  }
}

/** The table of requests in flight. */
export class PendingRequests {
  private readonly byId = new IdTable<PendingRequest>();
  private readonly abandoned = new Set<number>();

  /** How many requests are in flight. */
  get size(): number {
    return this.byId.size;
  }

  add(request: PendingRequest): void {
    this.byId.add(request);
  }

  /** The request with this id (matching `"7"` to `7`), if it is still pending. */
  get(id: RequestId): PendingRequest | undefined {
    const key = normalizeId(id);
    return key === undefined ? undefined : this.byId.get(key);
  }

  /** Removes and returns the request with this id. */
  take(id: RequestId): PendingRequest | undefined {
    // a numeric id (every id rxmcp mints, echoed as sent) is looked up without a helper call
    const key = typeof id === 'number' ? id : normalizeId(id);
    return key === undefined ? undefined : this.byId.delete(key);
  }

  /** Removes a request the client gave up on, remembering its id to silence a late answer. */
  abandon(request: PendingRequest): void {
    if (this.byId.get(request.id) !== request) return;
    this.byId.delete(request.id);
    this.abandoned.add(request.id);
    if (this.abandoned.size > ABANDONED_MEMORY) {
      this.abandoned.delete(this.abandoned.values().next().value as number);
    }
  }

  /** True (once) if `id` belongs to a request the client gave up on. */
  forgetAbandoned(id: RequestId): boolean {
    const key = normalizeId(id);
    return key !== undefined && this.abandoned.delete(key);
  }

  /** True if `id` belongs to a request the client gave up on. */
  wasAbandoned(id: RequestId): boolean {
    const key = normalizeId(id);
    return key !== undefined && this.abandoned.has(key);
  }

  /** Every pending request (a copy). */
  all(): PendingRequest[] {
    return this.byId.values();
  }

  /** Removes every pending request and returns them. */
  drain(): PendingRequest[] {
    return this.byId.drain();
  }
}

const INTEGER = /^-?\d{1,15}$/;

function normalizeId(id: RequestId): number | undefined {
  if (typeof id === 'number') return id;
  return INTEGER.test(id) ? Number(id) : undefined;
}
