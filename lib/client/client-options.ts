/**
 * The options of `Client.connect`. Their own file because the client and the option checks
 * (`check-options.ts`) both need them, and neither imports the other for them.
 */
import type { CacheConfig } from '../cache/config.js';
import type { ProgressEvent } from '../dispatch/request-events.js';
import type { DEFAULT_RETRY_POLICY, RetryPolicy } from '../operators/retry.js';
import type { RxMcpError } from '../protocol/errors.js';
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { DiscoverResult } from '../protocol/schemas/lifecycle.js';
import type { LoggingMessage } from '../protocol/schemas/logging.js';
import type { ConnectMode } from '../session/negotiation.js';
import type { EraStore } from '../session/era-store.js';
import type { ClientSessionOptions } from '../session/session-options.js';
import type { ClientInterceptors } from '../pipeline/chain.js';
import type { ClientExtension } from '../extensions/client-extension.js';
import type { ConnectLimits } from './connect-guard.js';
import type { HttpTargetOptions } from './url-target.js';

/** Options of `Client.connect`. */
export interface ClientOptions extends ClientSessionOptions, HttpTargetOptions, ConnectLimits {
  /** How the protocol era is chosen: `'auto'` (default), `'legacy'`, or a pinned modern version. */
  readonly mode?: ConnectMode;
  /** With a pinned modern version: a discover result from an earlier connection, adopted as is. */
  readonly priorDiscover?: DiscoverResult;
  /**
   * With `mode: 'auto'`: where the era of each server URL is remembered, so the next connect to
   * a legacy server skips the `server/discover` probe (`new InMemoryEraStore()` shared by your
   * clients, `webStorageEraStore(localStorage)` across tabs). A wrong memory costs one failed
   * `initialize`, then the client probes. Default: `sessionStorage` where the platform has one
   * that works (browsers: a reload does not probe again), none elsewhere; `false`: none (every
   * connect probes).
   */
  readonly eraStore?: EraStore | false;
  /** How many `input_required` rounds a request may take before it fails. Default 10. */
  readonly inputRequiredMaxRounds?: number;
  /** Called with every log message the server sends (before `messageHandler`). */
  readonly loggingCallback?: (message: LoggingMessage) => void;
  /**
   * Called with every notification the server sends and every fault (an error that did not fail
   * a request: a line that is not JSON, a response to an unknown id). Skipped for a log message
   * whose `loggingCallback` threw.
   */
  readonly messageHandler?: (message: JsonRpcNotification | RxMcpError) => void;
  /** The most pages a `listAll…` walk follows. Default 100. */
  readonly listMaxPages?: number;
  /** In-process servers only: pass the server's own error messages through (default: opaque). */
  readonly raiseExceptions?: boolean;
  /**
   * The response cache of the listings and `resources/read` (SEP-2549): on by default (an
   * in-memory store of this client's own, honouring the server's `ttlMs` on 2026-07-28
   * connections), `false` for none, or a {@link CacheConfig} (a shared store, a partition, a TTL
   * for results without a hint, …). Every result is deep-frozen, cached or not (so a cached one
   * can be shared as it is): `structuredClone` one to change it.
   */
  readonly cache?: boolean | CacheConfig;
  /**
   * Retries after transport failures (a broken stream, a network error, HTTP 5xx/408/429), with
   * exponential backoff and full jitter: requests that change nothing (listings, reads,
   * `prompts/get`, ping, completion) use {@link DEFAULT_RETRY_POLICY} unless this says otherwise;
   * `tools/call` only if the policy's `retryNonIdempotent` names it. `false` turns retries off.
   * Each call may pass its own `retry`.
   */
  readonly retry?: RetryPolicy | false;
  /**
   * Your own interceptors (logging, tracing, auth decoration, rate limits, mocks in tests):
   * `outer` ones wrap the built-in stages (once per logical call), `inner` ones sit between
   * them and the dispatcher (once per wire attempt: inside retry, every `input_required`
   * round). Each list runs outermost first. See `McpInterceptor` and the README.
   */
  readonly interceptors?: ClientInterceptors;
  /**
   * Client extensions (SEP-2133): advertised in `capabilities.extensions` (legacy `initialize`)
   * or the `_meta` client capabilities (2026-07-28; a claim-bearing extension only there), their
   * claimed result types resolved by `callTool`, their notifications delivered to their
   * handlers. Checked at connect (`InvalidExtensionError`, `ExtensionConflictError`).
   */
  readonly extensions?: readonly ClientExtension[];
  /**
   * Called with the progress of every Promise request that passes no `onProgress` of its own
   * (FastMCP's `progress_handler`); a call's own `onProgress` replaces it. The `…$` forms carry
   * progress as events instead, and `client.progress$` has every progress notification.
   */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Make every `callTool` throw a `ToolError` for an `isError` result (FastMCP's default); each call may say otherwise. Default `false`. */
  readonly raiseOnError?: boolean;
}
