/**
 * A request of the session tier, as the dispatcher runs it: the params stamped for the
 * negotiated era (the modern envelope and the progress token in `_meta`), the session's default
 * deadline, and the result validated by its schema.
 *
 * One object per call, with methods rather than closures, because every call makes one.
 */
import type * as z from 'zod/mini';
import type { DispatchOptions, RequestSpec } from '../dispatch/request-spec.js';
import { ProtocolViolationError, UnexpectedClaimedResultError, UnexpectedInputRequiredError } from '../protocol/errors.js';
import { shownValue } from '../protocol/describe.js';
import { freezeResult } from '../protocol/freeze.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { isInputRequired, parseResult, type ClaimedResult, type DecodedResult } from '../protocol/result-type.js';
import { methodEntry, type ResultParser } from '../protocol/methods.js';
import type { InputRequiredResult } from '../protocol/schemas/input-required.js';
import { envelopeMetaWithToken, type EnvelopeFields } from './envelope.js';
import { LOG_LEVEL_META_KEY } from '../protocol/meta.js';

/** How a session request's raw result becomes what it yields. */
export type ResultMode =
  /** the complete result; an `input_required` result fails */
  | 'complete'
  /** the complete result or the `input_required` result */
  | 'complete-or-input'
  /** a {@link DecodedResult} saying which it is */
  | 'decoded';

/** What a session request yields for a schema and a mode. */
export type ResultOf<S extends z.core.$ZodType, M extends ResultMode> = M extends 'complete'
  ? z.output<S>
  : M extends 'complete-or-input'
    ? z.output<S> | InputRequiredResult
    : DecodedResult<z.output<S>>;

/** Per-request settings of a {@link SessionRequest}. */
export interface SessionRequestSettings {
  /** Idle deadline of the request. */
  readonly timeoutMs?: number;
  /** Total deadline of the request. */
  readonly totalTimeoutMs?: number;
  /** Extra HTTP headers of the request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `_meta` entries the caller added; they win over everything. */
  readonly meta?: JsonObject;
  /** The log level this request opts in to (modern connections). */
  readonly logLevel?: string;
  /** Send the request again if the transport loses it (default: only for methods safe to repeat). */
  readonly reissueOnBrokenStream?: boolean;
  /** Send `notifications/cancelled` when the request is given up (default true). */
  readonly cancelOnUnsubscribe?: boolean;
  /** The result types the session's extensions claim for this method, with their parsers. */
  readonly claims?: ReadonlyMap<string, ResultParser>;
  /** Yield a claimed result as `{ resultType: 'claimed', … }` rather than failing. */
  readonly allowClaimed?: boolean;
}

/** One typed request, ready to run (any number of times). */
export class SessionRequest<S extends z.core.$ZodType, M extends ResultMode> implements RequestSpec<ResultOf<S, M>>, DispatchOptions {
  /** The request is its own dispatch options (one object per call rather than two; a field, not a getter, as it is read per call). */
  readonly options: DispatchOptions;
  /** The idle timeout, in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** The total deadline, in milliseconds. */
  readonly totalTimeoutMs: number | undefined;
  /** Extra HTTP headers of this request. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Whether giving the request up sends `notifications/cancelled` (default true). */
  readonly cancelOnUnsubscribe: boolean;
  private readonly callerMeta: JsonObject | undefined;
  private readonly logLevel: string | undefined;
  private readonly claims: ReadonlyMap<string, ResultParser> | undefined;
  private readonly allowClaimed: boolean;
  /** `reissueOnBrokenStream` as given, if it was. */
  private readonly reissue: boolean | undefined;

  constructor(
    /** The JSON-RPC method. */
    readonly method: string,
    /** The caller's params; never modified (each run stamps a copy). */
    readonly params: JsonObject | undefined,
    private readonly schema: S,
    private readonly mode: M,
    /** The modern envelope, or undefined on a legacy connection. */
    private readonly envelope: EnvelopeFields | undefined,
    settings: SessionRequestSettings,
  ) {
    this.options = this;
    this.timeoutMs = settings.timeoutMs;
    this.totalTimeoutMs = settings.totalTimeoutMs;
    this.headers = settings.headers;
    this.callerMeta = settings.meta;
    this.logLevel = envelope === undefined ? undefined : settings.logLevel;
    this.reissue = settings.reissueOnBrokenStream;
    this.cancelOnUnsubscribe = settings.cancelOnUnsubscribe !== false;
    this.claims = settings.claims;
    this.allowClaimed = settings.allowClaimed === true;
  }

  /**
   * Whether the request is sent again (once) when its response stream breaks: as given, else when
   * its method is safe to repeat (looked up only then: a broken stream is rare, a request is not).
   */
  get reissueOnBrokenStream(): boolean {
    return this.reissue ?? methodEntry(this.method)?.idempotent === true;
  }

  /**
   * A stamped copy of the params: the envelope (and log level) and the progress token, then the
   * params' own `_meta`, then the caller's.
   */
  buildParams(id: number): JsonObject {
    const meta: JsonObject = this.envelope === undefined ? { progressToken: id } : envelopeMetaWithToken(this.envelope, id);
    if (this.logLevel !== undefined) meta[LOG_LEVEL_META_KEY] = this.logLevel;
    const own = this.params?._meta as JsonObject | undefined;
    if (own !== undefined) Object.assign(meta, own);
    if (this.callerMeta !== undefined) Object.assign(meta, this.callerMeta);
    // Object.assign rather than a spread: several times cheaper on V8, and this runs per request.
    const stamped: JsonObject = Object.assign({}, this.params);
    stamped._meta = meta;
    return stamped;
  }

  /**
   * The validated result, per the request's mode, deep-frozen: this is the one place every
   * result of the session and the client passes, so every result a user gets is frozen, cached
   * or not (see `lib/protocol/freeze.ts`).
   */
  decode(raw: JsonObject): ResultOf<S, M> {
    if (this.claims !== undefined) {
      const type = raw.resultType;
      const parser = typeof type === 'string' ? this.claims.get(type) : undefined;
      if (parser !== undefined) return this.claimed(type as string, freezeResult(parser(raw, this.method))) as ResultOf<S, M>;
    }
    const result = freezeResult(parseResult(this.method, raw, this.schema));
    const resultType = (result as { resultType?: unknown }).resultType;
    if (resultType === undefined || resultType === 'complete') {
      return (this.mode === 'decoded' ? Object.freeze({ resultType: 'complete', result }) : result) as ResultOf<S, M>;
    }
    const inputRequired = isInputRequired(result);
    if (this.mode === 'decoded') {
      // a result type an extension claimed (registerResultType) is passed on for the layer that claimed it
      return Object.freeze(inputRequired ? { resultType: 'input_required', result } : { resultType: 'claimed', claim: resultType, result }) as ResultOf<S, M>;
    }
    if (this.mode === 'complete') {
      if (inputRequired) throw new UnexpectedInputRequiredError(this.method, result);
      throw new ProtocolViolationError(`'${this.method}' answered with a ${shownValue(resultType)} result where a complete result was needed`, raw);
    }
    return result as ResultOf<S, M>;
  }

  /** A result of a type this session's extensions claim: passed on marked, or refused. */
  private claimed(claim: string, result: unknown): ClaimedResult {
    if (!this.allowClaimed) throw new UnexpectedClaimedResultError(this.method, claim, result);
    return Object.freeze({ resultType: 'claimed', claim, result });
  }

  /**
   * The same request for the next `input_required` round: the same params plus the answers and
   * the server's `requestState`, exactly as given (a new request, run with a new id). Answers
   * and state of an earlier round are not carried over.
   */
  withInput(round: { readonly inputResponses?: JsonObject; readonly requestState?: string }): SessionRequest<S, M> {
    const params: JsonObject = Object.assign({}, this.params);
    delete params.inputResponses;
    delete params.requestState;
    if (round.inputResponses !== undefined) params.inputResponses = round.inputResponses;
    if (round.requestState !== undefined) params.requestState = round.requestState;
    return new SessionRequest(this.method, params, this.schema, this.mode, this.envelope, {
      timeoutMs: this.timeoutMs,
      totalTimeoutMs: this.totalTimeoutMs,
      headers: this.headers,
      meta: this.callerMeta,
      logLevel: this.logLevel,
      reissueOnBrokenStream: this.reissue,
      cancelOnUnsubscribe: this.cancelOnUnsubscribe,
      claims: this.claims,
      allowClaimed: this.allowClaimed,
    });
  }
}
