/**
 * When a server of a group that crashed (its connection closed without the group closing it) is
 * connected again: up to `maxAttempts` connects in a row, each after a backoff delay
 * (exponential with full jitter, the arithmetic of the transports' reconnect policy). A connect
 * that succeeds resets the count.
 */
import { checkInteger, checkObject } from '../protocol/option-checks.js';
import { checkReconnectOptions, reconnectDelay } from '../protocol/reconnect-policy.js';

/** The delays between restarts. */
export interface RestartBackoff {
  /** The first delay, in milliseconds. Default 200. */
  readonly initialDelayMs?: number;
  /** The longest delay. Default 10 000. */
  readonly maxDelayMs?: number;
  /** The growth of the delay per attempt. Default 2. */
  readonly factor?: number;
}

/** A restart policy: `restart: { maxAttempts: 3, backoff: { initialDelayMs: 100 } }`. */
export interface RestartPolicy {
  /** How many connects in a row may fail before the server stays closed. Default 3. */
  readonly maxAttempts?: number;
  /** How long to wait before each restart. */
  readonly backoff?: RestartBackoff;
}

/** Checks a policy given as option `option`; throws `InvalidOptionError` naming the field. */
export function checkRestartPolicy(option: string, policy: RestartPolicy | undefined): void {
  if (policy === undefined) return;
  checkObject(option, policy);
  checkInteger(`${option}.maxAttempts`, policy.maxAttempts, 1);
  checkReconnectOptions(`${option}.backoff`, policy.backoff);
}

/** The attempt limit of `policy`. */
export function maxRestarts(policy: RestartPolicy): number {
  return policy.maxAttempts ?? 3;
}

/** The delay before restart `attempt` (1-based). */
export function restartDelay(policy: RestartPolicy, attempt: number): number {
  const backoff = policy.backoff ?? {};
  return reconnectDelay({ initialDelayMs: backoff.initialDelayMs ?? 200, maxDelayMs: backoff.maxDelayMs ?? 10_000, factor: backoff.factor ?? 2 }, attempt, undefined);
}
