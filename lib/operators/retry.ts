/**
 * `retryTransient`: sends a request again after a transport-level failure, with exponential
 * backoff and full jitter.
 *
 * Retried (see {@link isTransientError}): a broken response stream (`StreamBrokenError`, which is
 * also what a network error under a POST becomes), any other bare `TransportError` (a POST that
 * could not be sent), an HTTP 5xx (but 501 and 505, which do not get better) and 408/429, and a
 * `TypeError` a `fetch` throws for a network failure. Never retried: what the server answered
 * (`McpError`), time running out (`TimeoutError`), the caller cancelling (`CancelledError`),
 * credentials (`AuthenticationError`), a closed connection (`ConnectionClosedError`: it does not
 * come back by itself, so a retry on it fails at once), an expired session, a stream that already
 * ran out of reconnections, and a protocol violation.
 *
 * The n-th retry waits a random time in [0, min(maxDelayMs, initialDelayMs · factor^(n-1))]
 * (full jitter). Unsubscribing during a wait stops it at once and sends nothing more. When every
 * attempt failed, the error is a {@link RetryExhaustedError} (a `TransportError`) with the number
 * of attempts and the last failure as `cause`; an error that is not retried passes on as it is,
 * whichever attempt it came from, and so does a failure when no retry was allowed.
 *
 * Whether a request may be retried at all is the caller's decision: {@link shouldRetryMethod}
 * says yes for methods that change nothing on the server (listings, reads, `prompts/get`,
 * discover, ping, …) and no for `tools/call` and anything else unless the policy opts in. A retry
 * re-subscribes the source: a cold request Observable sends a new request with a new id.
 * Progress events of a failed attempt have been passed on already; the next attempt's start anew.
 */
import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { messageOf } from '../protocol/describe.js';
import { AuthenticationError, HttpStatusError, ReconnectExhaustedError, SessionExpiredError } from '../protocol/http-errors.js';
import { reconnectDelay } from '../protocol/reconnect-policy.js';
import { InvalidOptionError, TransportError } from '../protocol/errors.js';
import { methodEntry } from '../protocol/methods.js';

/** How requests are retried. Every field is optional; {@link DEFAULT_RETRY_POLICY} fills the gaps. */
export interface RetryPolicy {
  /** Attempts in all, the first included: `1` never retries. An integer, at least 1. Default 3. */
  readonly maxAttempts?: number;
  /** The cap of the first retry's delay, in milliseconds. Default 200. */
  readonly initialDelayMs?: number;
  /** The cap of any delay. Default 5 000. */
  readonly maxDelayMs?: number;
  /** How much the cap grows per retry. Default 2. */
  readonly factor?: number;
  /**
   * Methods with side effects that may be retried anyway (e.g. `['tools/call']` when your tools
   * are idempotent), or `true` for every method. Default: none (only idempotent methods retry).
   */
  readonly retryNonIdempotent?: boolean | readonly string[];
  /** Which errors are worth another attempt. Default `isTransientError`. */
  readonly isRetryable?: (error: unknown) => boolean;
}

/** The policy of idempotent requests: 3 attempts, delays capped at 200 ms, 400 ms, … up to 5 s. */
export const DEFAULT_RETRY_POLICY = {
  maxAttempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  factor: 2,
} as const satisfies RetryPolicy;

/** Options of the {@link retryTransient} operator beyond the policy. */
export interface RetryTransientOptions {
  /** The method, for the final error's message. */
  readonly method?: string;
  /** The source of randomness for the jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Where the waits are timed. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** Every attempt of a request failed with a transient error. `cause` is the last failure. */
export class RetryExhaustedError extends TransportError {
  /** `'RetryExhaustedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'RetryExhaustedError';

  constructor(
    /** The method retried, when known. */
    readonly method: string | undefined,
    /** How many attempts were made. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${method === undefined ? 'The request' : `'${method}'`} failed ${attempts} times; the last failure: ${messageOf(cause)}`, { cause });
  }
}

/**
 * A retry policy rxmcp refuses (a non-integer or zero `maxAttempts`, a negative delay, a factor
 * below 1). An {@link InvalidOptionError} whose `option` names the setting (`'retry.maxAttempts'`).
 */
export class RetryPolicyError extends InvalidOptionError {
  /** `'RetryPolicyError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'RetryPolicyError';

  constructor(message: string, option = 'retry') {
    super(option, message);
  }
}

/**
 * Checks a retry policy where it is given (`Client.connect`, a call's `retry`), so a bad one
 * fails before anything is sent even for a method it would never retry. Throws {@link RetryPolicyError}.
 */
export function checkRetryPolicy(policy: RetryPolicy | false): void {
  if (policy === false) return;
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw new RetryPolicyError(`retry must be a policy object or false, got ${policy === null ? 'null' : typeof policy}`);
  resolvePolicy(policy);
  const { retryNonIdempotent, isRetryable } = policy;
  if (!(retryNonIdempotent === undefined || typeof retryNonIdempotent === 'boolean' || (Array.isArray(retryNonIdempotent) && retryNonIdempotent.every((method) => typeof method === 'string')))) {
    throw new RetryPolicyError('retryNonIdempotent must be a boolean or an array of method names', 'retry.retryNonIdempotent');
  }
  if (isRetryable !== undefined && typeof isRetryable !== 'function') throw new RetryPolicyError('isRetryable must be a function', 'retry.isRetryable');
}

/** Messages of the `TypeError` that `fetch` throws for a network failure (undici, Chromium, Firefox, WebKit). */
const FETCH_NETWORK_ERROR = /^(fetch failed|failed to fetch|networkerror when attempting to fetch resource\.?|load failed|network request failed)$/i;

/** True for a failure that another attempt may not meet: a transport-level error (see the module doc). */
export function isTransientError(error: unknown): boolean {
  if (error instanceof HttpStatusError) {
    if (error instanceof AuthenticationError) return false;
    const { status } = error;
    return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
  }
  if (error instanceof SessionExpiredError || error instanceof ReconnectExhaustedError || error instanceof RetryExhaustedError) return false;
  if (error instanceof TransportError) return true;
  return error instanceof TypeError && FETCH_NETWORK_ERROR.test(error.message);
}

/**
 * True when `policy` allows retrying `method`: the idempotent methods always (unless
 * `maxAttempts` is 1), others only when `retryNonIdempotent` names them or is `true`.
 */
export function shouldRetryMethod(method: string, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  if ((policy.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts) <= 1) return false;
  if (methodEntry(method)?.idempotent === true) return true;
  const optIn = policy.retryNonIdempotent;
  return optIn === true || (Array.isArray(optIn) && optIn.includes(method));
}

/** The wait before retry `retry` (1-based): uniformly random up to min(maxDelayMs, initialDelayMs · factor^(retry-1)), rounded. */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const { initialDelayMs, maxDelayMs, factor } = resolvePolicy(policy);
  return reconnectDelay({ initialDelayMs, maxDelayMs, factor }, retry, undefined, random);
}

/**
 * Retries the source after transient failures per `policy`. It does not look at the method:
 * apply it only where `shouldRetryMethod` allows. Throws {@link RetryPolicyError} for an
 * invalid policy.
 *
 * @example
 * ```ts
 * const listed$ = client.session.listTools$().pipe(retryTransient({ maxAttempts: 5, initialDelayMs: 100 }));
 * ```
 */
export function retryTransient<T>(policy: RetryPolicy = DEFAULT_RETRY_POLICY, options: RetryTransientOptions = {}): MonoTypeOperatorFunction<T> {
  const resolved = resolvePolicy(policy);
  if (resolved.maxAttempts === 1) return (source) => source;
  const { random = Math.random, scheduler = asyncScheduler, method } = options;
  const retryable = policy.isRetryable ?? isTransientError;
  return retry<T>({
    delay: (error: unknown, retries: number) => {
      if (!retryable(error)) return throwError(() => error);
      if (retries >= resolved.maxAttempts) return throwError(() => new RetryExhaustedError(method, retries, error));
      return timer(reconnectDelay(resolved, retries, undefined, random), scheduler);
    },
  });
}

/** `policy` with its defaults, validated. */
function resolvePolicy(policy: RetryPolicy): Required<Pick<RetryPolicy, 'maxAttempts' | 'initialDelayMs' | 'maxDelayMs' | 'factor'>> {
  const {
    maxAttempts = DEFAULT_RETRY_POLICY.maxAttempts,
    initialDelayMs = DEFAULT_RETRY_POLICY.initialDelayMs,
    maxDelayMs = DEFAULT_RETRY_POLICY.maxDelayMs,
    factor = DEFAULT_RETRY_POLICY.factor,
  } = policy;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RetryPolicyError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`, 'retry.maxAttempts');
  if (!(initialDelayMs >= 0)) throw new RetryPolicyError(`initialDelayMs must be >= 0, got ${initialDelayMs}`, 'retry.initialDelayMs');
  if (!(maxDelayMs >= 0)) throw new RetryPolicyError(`maxDelayMs must be >= 0, got ${maxDelayMs}`, 'retry.maxDelayMs');
  if (!(factor >= 1)) throw new RetryPolicyError(`factor must be >= 1, got ${factor}`, 'retry.factor');
  return { maxAttempts, initialDelayMs, maxDelayMs, factor };
}
