/**
 * Turning "the server could not be reached" into one error, whatever the transport: a
 * {@link ConnectError} naming the target (the transport's description) and the system error
 * code found on the failure or its causes (`ENOENT` from spawn, `ECONNREFUSED` in the `cause` of
 * a failed fetch, `ENOTFOUND`, a TLS code). Browser-safe: reads only plain error properties.
 */
import { messageOf } from '../protocol/describe.js';
import { ConnectError } from '../protocol/errors.js';

/** How deep {@link systemCodeOf} follows `cause` (and an `AggregateError`'s first error). */
const MAX_CAUSE_DEPTH = 5;

/**
 * The first string `code` on `error` or its chain of causes (`fetch failed` → undici's
 * `ECONNREFUSED`; an `AggregateError` of per-address attempts → its first), or `undefined`.
 */
export function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

/** The innermost message of a failure chain that says more than a generic "fetch failed". */
function detailOf(error: unknown): string {
  let detail = messageOf(error);
  let current: unknown = error;
  // duck-typed, not `instanceof Error`: errors of another realm (Node's, under a vm context) count too
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    current = (current as { cause?: unknown }).cause;
    const message = (current as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string' && message !== '') detail = message;
  }
  return detail;
}

/**
 * A {@link ConnectError} for `target` from the failure that kept the client from reaching it;
 * `sending` names the request that tried, when there was one (`'server/discover'`).
 */
export function connectError(target: string, error: unknown, sending?: string): ConnectError {
  if (error instanceof ConnectError) return error;
  const code = systemCodeOf(error);
  const detail = detailOf(error);
  const withCode = code === undefined || detail.includes(code) ? detail : `${detail} (${code})`;
  const doing = sending === undefined ? '' : ` to send '${sending}'`;
  return new ConnectError(target, code, `Could not reach the server (${target})${doing}: ${withCode}`, { cause: error });
}
