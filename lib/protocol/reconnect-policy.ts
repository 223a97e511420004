/**
 * How a long-lived stream (the legacy GET stream, a resumed response stream) is re-opened:
 * exponential backoff with full jitter, a bounded number of attempts without progress, and the
 * server's `retry:` hint honoured as the delay when it sent one. Attempts count only failures
 * in a row: a reconnection that delivers a message resets the count, one that ends at once does
 * not, so a server that closes gracefully over and over cannot keep the client looping forever.
 * A request's response stream is also resumed a bounded number of times in all, since a server
 * that delivers one event per resumption would otherwise reset the count every time.
 *
 * Pure arithmetic over options, no I/O, so it lives in `protocol/` beside the option checks it uses:
 * the Streamable HTTP transport and the `reconnect`/`retry` operators (two layers apart) share it
 * without an upward arrow, and one file does not earn a layer of its own.
 */
import { checkDuration, checkInteger, checkNumber, checkObject } from './option-checks.js';

/** Reconnection settings. */
export interface ReconnectOptions {
  /** The first delay, in milliseconds. Default 1000. */
  readonly initialDelayMs?: number;
  /** The longest delay. Default 30 000. */
  readonly maxDelayMs?: number;
  /** The growth of the delay per attempt. Default 2. */
  readonly factor?: number;
  /** How many attempts in a row without a message before giving up. Default 5. */
  readonly maxAttempts?: number;
  /**
   * How many times one request's response stream is resumed (GET with `Last-Event-ID`) in all,
   * messages or not, before the request fails with `StreamBrokenError`: a server that sends an
   * event and breaks, again and again, cannot keep a request resuming forever. Default
   * {@link DEFAULT_MAX_RESUMPTIONS}.
   */
  readonly maxResumptions?: number;
}

/** The default of {@link ReconnectOptions.maxResumptions}: 20 resumptions per request. */
export const DEFAULT_MAX_RESUMPTIONS = 20;

/** The delay before reconnection attempt `attempt` (1-based): full jitter over an exponential cap. */
export function reconnectDelay(options: ReconnectOptions, attempt: number, serverRetryMs: number | undefined, random: () => number = Math.random): number {
  if (serverRetryMs !== undefined) return serverRetryMs;
  const initial = options.initialDelayMs ?? 1000;
  const cap = Math.min(options.maxDelayMs ?? 30_000, initial * (options.factor ?? 2) ** (attempt - 1));
  return Math.round(random() * cap);
}

/** The attempt limit. */
export function maxReconnectAttempts(options: ReconnectOptions): number {
  return options.maxAttempts ?? 5;
}

/** The bound on resumptions of one request's response stream. */
export function maxResumptions(options: ReconnectOptions): number {
  return options.maxResumptions ?? DEFAULT_MAX_RESUMPTIONS;
}

/** Checks reconnection settings given as `option` (`'reconnect'`); throws `InvalidOptionError`. */
export function checkReconnectOptions(option: string, options: ReconnectOptions | undefined): void {
  if (options === undefined) return;
  checkObject(option, options);
  checkDuration(`${option}.initialDelayMs`, options.initialDelayMs);
  checkDuration(`${option}.maxDelayMs`, options.maxDelayMs);
  checkNumber(`${option}.factor`, options.factor, 1);
  checkInteger(`${option}.maxAttempts`, options.maxAttempts, 0);
  checkInteger(`${option}.maxResumptions`, options.maxResumptions, 0);
}
