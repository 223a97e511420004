/**
 * Client extensions (SEP-2133): what an extension is (an identifier, the settings it advertises,
 * the result types it claims, the notifications it binds), checked when made, and
 * {@link advertise} for an extension that only advertises.
 *
 * ```ts
 * await Client.connect(transport, { extensions: [advertise('acme.com/search', { fuzzy: true })] });
 * ```
 */
import type { Observable } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { CallToolResult } from '../protocol/schemas/tools.js';
import type { ClaimContext } from '../pipeline/claim-resolution.js';
import { InvalidExtensionError } from './errors.js';

/**
 * One extension of a client. Write it as an object literal or a class; every hook is optional.
 * It never receives the client: follow-ups go through the {@link ClaimContext} a resolver is handed.
 */
export interface ClientExtension {
  /** `vendor-prefix/name`: dot-separated labels, a slash, a name (`io.modelcontextprotocol/tasks`). */
  readonly identifier: string;
  /** What goes under the identifier in `capabilities.extensions`. Default `{}`. */
  readonly settings?: JsonObject;
  /** The result types it claims; an extension with claims is advertised only on 2026-07-28 connections. */
  claims?(): readonly ResultClaim[];
  /** The non-core server notifications it handles. */
  notifications?(): readonly NotificationBinding[];
}

/**
 * One extra `resultType` on one method (`tools/call`), with its parser and its resolver. The
 * parser validates the raw result (throw for a wrong shape: the call fails with a
 * `ProtocolViolationError` quoting it); the resolver turns the parsed value into the method's
 * ordinary result, sending follow-ups through its context. `complete` and `input_required` are
 * the protocol's and cannot be claimed.
 */
export interface ResultClaim<T = unknown> {
  /** The method it claims a result type of. Default `'tools/call'`. */
  readonly method?: 'tools/call';
  /** The claimed `resultType` (e.g. `'task'`). */
  readonly resultType: string;
  /** Validates the raw result; throws for a wrong shape. */
  parse(raw: JsonObject): T;
  /**
   * Produces the method's ordinary result: a value, a Promise, or an Observable of request
   * events (progress events for the caller's `$` form, then the result event).
   */
  resolve(claimed: T, context: ClaimContext): CallToolResult | PromiseLike<CallToolResult> | Observable<RequestEvent<CallToolResult>>;
}

/**
 * A non-core server notification an extension handles: its params validated by `parse` (throw
 * to drop a malformed one, with a warning), then handed to `handler` one at a time, in wire
 * order, through a queue of 256 (when full, the oldest is dropped, with a warning). A handler
 * that throws or rejects is reported on `warnings$` and the queue goes on.
 */
export interface NotificationBinding<P = unknown> {
  /** The notification's method (not a core one, such as `notifications/progress`). */
  readonly method: string;
  /** Validates the params; throws for a wrong shape. Default: the params as they are. */
  parse?(params: JsonObject | undefined): P;
  /** Handles one notification; the next waits until it settles. */
  handler(params: P): void | PromiseLike<void>;
}

const LABEL = '[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const IDENTIFIER = new RegExp(`^${LABEL}(?:\\.${LABEL})*/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$`);

/** Throws {@link InvalidExtensionError} unless `identifier` is `vendor-prefix/name`. */
export function checkExtensionIdentifier(identifier: unknown): asserts identifier is string {
  if (typeof identifier !== 'string' || !IDENTIFIER.test(identifier)) {
    throw new InvalidExtensionError('extensions', `Extension identifier ${JSON.stringify(identifier)} is not 'vendor-prefix/name' (dot-separated labels, '/', a name)`);
  }
}

/**
 * An extension that only advertises: `settings` (default `{}`) under `identifier` in the
 * client's capabilities, on every connection. The identifier is checked here.
 */
export function advertise(identifier: string, settings: JsonObject = {}): ClientExtension {
  checkExtensionIdentifier(identifier);
  return Object.freeze({ identifier, settings });
}
