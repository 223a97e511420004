/**
 * The limits of one `Client.connect`: a caller's `signal` and the `connectTimeoutMs` deadline
 * over the whole negotiation (every candidate transport of a URL, every probe and handshake
 * request). When either trips, the negotiation in progress is abandoned: the caller closes the
 * connection (the process is stopped, the sockets closed) and only then rejects, with a
 * `CancelledError` (method `'connect'`, `reason` the signal's reason) for an abort or a
 * `TimeoutError` (method `'connect'`, kind `'total'`) for the deadline.
 */
import { CancelledError, TimeoutError, type RxMcpError } from '../protocol/errors.js';
import { checkDuration, checkSignal, refuseOption } from '../protocol/option-checks.js';

/** The default of `connectTimeoutMs`: 30 s for the whole negotiation. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** The options of `Client.connect` that bound it. */
export interface ConnectLimits {
  /** Aborting it abandons the connect (the connection is closed first). No effect once connect resolved. */
  readonly signal?: AbortSignal;
  /** A deadline over the whole negotiation, in milliseconds. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}; `0` for none. */
  readonly connectTimeoutMs?: number;
  /**
   * FastMCP's `init_timeout`, an alias of `connectTimeoutMs` (rxmcp's negotiation, legacy
   * `initialize` or 2026-07-28 `server/discover`, is the whole of connect): `0` disables the
   * bound. Giving both with different values is an `InvalidOptionError`.
   */
  readonly initTimeoutMs?: number;
}

/** One connect's abort signal and deadline, armed from {@link ConnectGuard.start} until {@link dispose}. */
export class ConnectGuard {
  /** Rejects with the reason the connect must stop; never resolves. */
  private readonly stopped: Promise<never>;
  private failure: RxMcpError | undefined;
  private trip!: (error: RxMcpError) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = (): void => this.trip(new CancelledError('connect', this.signal?.reason));

  private disposed = false;

  private constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    this.stopped = new Promise<never>((_, reject) => {
      this.trip = (error) => {
        if (this.failure !== undefined) return;
        this.failure = error;
        this.dispose();
        reject(error);
      };
    });
    this.stopped.catch(() => undefined); // observed by bound() and check(), never unhandled
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (timeoutMs > 0) this.timer = setTimeout(() => this.trip(new TimeoutError('connect', timeoutMs, 'total')), timeoutMs);
  }

  /**
   * Validates the limits (an {@link InvalidOptionError} naming the option) and arms them. An
   * already-aborted signal throws its `CancelledError` at once, before anything connects.
   */
  static start(options: ConnectLimits): ConnectGuard {
    const { signal, initTimeoutMs } = options;
    checkSignal('signal', signal);
    checkDuration('initTimeoutMs', initTimeoutMs, 'no deadline');
    if (options.connectTimeoutMs !== undefined && initTimeoutMs !== undefined && options.connectTimeoutMs !== initTimeoutMs) {
      refuseOption('initTimeoutMs', `the same value as connectTimeoutMs (${options.connectTimeoutMs}), of which it is an alias, or nothing`, initTimeoutMs);
    }
    const connectTimeoutMs = options.connectTimeoutMs ?? initTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    checkDuration('connectTimeoutMs', connectTimeoutMs, 'no deadline');
    if (signal?.aborted === true) throw new CancelledError('connect', signal.reason);
    return new ConnectGuard(signal, connectTimeoutMs);
  }

  /** Throws the reason to stop, if the guard has tripped. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** `work`, unless the guard trips first (then its reason; `work`'s own outcome is ignored). */
  bound<T>(work: Promise<T>): Promise<T> {
    this.check();
    work.catch(() => undefined); // abandoned when the guard wins: its rejection is expected
    return Promise.race([work, this.stopped]);
  }

  /**
   * Stops the deadline while `held` (an interactive sign-in: the negotiation waits for the
   * user, not the server) and starts it again, in full, when no longer held. The signal still
   * stops the connect at any time.
   */
  hold(held: boolean): void {
    if (this.disposed || this.failure !== undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!held && this.timeoutMs > 0) this.timer = setTimeout(() => this.trip(new TimeoutError('connect', this.timeoutMs, 'total')), this.timeoutMs);
  }

  /** Disarms the guard (connect settled). Idempotent. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
