/**
 * The options of a session and of its requests. Their own file because the session and the
 * option checks (`check-options.ts`) both need them, and neither imports the other for them.
 */
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { ResultParser } from '../protocol/methods.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { LoggingLevel } from '../protocol/schemas/logging.js';
import type { JsonSchemaValidator } from '../validation/json-schema-validator.js';
import type { ClientCallbacks } from './client-callbacks.js';

/** Options of a {@link ClientSession}. */
export interface ClientSessionOptions extends ClientCallbacks {
  /** Who the client is. Default `{ name: 'rxmcp', version: <rxmcp's version> }`. */
  readonly clientInfo?: Implementation;
  /** The capabilities the client declares. Default `{}`. */
  readonly capabilities?: ClientCapabilities;
  /**
   * Default idle timeout of every request, in milliseconds: a request fails when nothing (result
   * or progress) arrives for this long. Default 60 000; `0` disables it.
   */
  readonly requestTimeoutMs?: number;
  /** How long a `server/discover` probe waits for an answer. Default 10 000. */
  readonly probeTimeoutMs?: number;
  /**
   * The server's log level. On legacy connections to a server with the `logging` capability,
   * `logging/setLevel` is sent right after `notifications/initialized` and connect waits for its
   * answer, at most `probeTimeoutMs` (a refusal or no answer is a `log-level-failed` warning, not
   * a connect failure). On 2026-07-28 connections (where there is no `logging/setLevel`; without
   * a level the server sends no log messages) every request opts in to it in `_meta`. Per
   * request: `logLevel`.
   */
  readonly logLevel?: LoggingLevel;
  /** Compiles tool output schemas. Default: a JSON Schema 2020-12/draft-07 validator that never fetches. */
  readonly jsonSchemaValidator?: JsonSchemaValidator;
  /**
   * The extension ads (`capabilities.extensions`) per era: what `Client.connect`'s `extensions`
   * fold into (a claim-bearing extension only where its claims are active). Merged over
   * `capabilities.extensions`.
   */
  readonly extensionAds?: Readonly<Record<ProtocolEra, Readonly<Record<string, JsonObject>>>>;
  /**
   * Result types this session's extensions claim, per method: a result of one is parsed by its
   * parser and is an `UnexpectedClaimedResultError` unless the call passes `allowClaimed`.
   * Per session, unlike the process-wide `registerResultType`.
   */
  readonly resultClaims?: ResultClaimTable;
  /**
   * Tasks (`io.modelcontextprotocol/tasks`, 2026-07-28): declared on every modern request unless
   * `false`, so a server may answer `tools/call` with a task, which the client then polls to its
   * result. An object sets the poll interval's bounds (default 100 ms … 30 s).
   */
  readonly tasks?: boolean | TaskOptions;
}

/** The tasks settings of a client (option `tasks`). */
export interface TaskOptions {
  /** The shortest interval between two polls of a task, in ms (a server suggesting less is polled at this). Default 100. */
  readonly minPollIntervalMs?: number;
  /** The longest interval between two polls of a task, in ms (a server suggesting more is polled at this). Default 30 000. */
  readonly maxPollIntervalMs?: number;
}

/** The result types claimed per method, each with its parser (see `ClientSessionOptions.resultClaims`). */
export type ResultClaimTable = ReadonlyMap<string, ReadonlyMap<string, ResultParser>>;

/** Per-request options of the session tier. */
export interface RequestOptions {
  /** Idle timeout for this request (reset by every progress event); `0` disables it. */
  readonly timeoutMs?: number;
  /** Total deadline for this request, whatever the progress. */
  readonly totalTimeoutMs?: number;
  /** Extra `_meta` entries; they win over the envelope's. */
  readonly meta?: JsonObject;
  /** Extra HTTP headers for this request (HTTP transports only). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The log level this request opts in to (2026-07-28); overrides the session's `logLevel`. */
  readonly logLevel?: LoggingLevel;
  /**
   * Send the request again (once, new id) if the transport loses it to a broken stream. Default:
   * only for requests that change nothing (lists, reads, prompts/get, completion); a `tools/call`
   * fails with `StreamBrokenError` unless you set this.
   */
  readonly reissueOnBrokenStream?: boolean;
  /**
   * Send `notifications/cancelled` when the caller gives the request up (default `true`). A
   * task's follow-ups set `false`: a task is given up with `tasks/cancel` instead.
   */
  readonly cancelOnUnsubscribe?: boolean;
}

/** Options of requests that may answer `input_required` (`tools/call`, `prompts/get`, `resources/read`). */
export interface InputRequiredOptions extends RequestOptions {
  /**
   * Hand a result of a `resultType` a client extension claims to the caller, as
   * `{ resultType: 'claimed', claim, result }`, instead of failing with
   * `UnexpectedClaimedResultError`. Default `false`; the client's methods resolve claims themselves.
   */
  readonly allowClaimed?: boolean;
  /** Hand an `input_required` result to the caller instead of failing. Default `false`. */
  readonly allowInputRequired?: boolean;
  /** Answers to a previous round's input requests (resuming a chain). */
  readonly inputResponses?: JsonObject;
  /** The `requestState` of a previous round, exactly as the server sent it (resuming a chain). */
  readonly requestState?: string;
}
