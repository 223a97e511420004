/**
 * The errors rxmcp raises. Each is a class users can `instanceof`, and each says one thing:
 * what the server answered ({@link McpError}), that time ran out ({@link TimeoutError}), that the
 * caller gave up ({@link CancelledError}), that the connection is gone
 * ({@link ConnectionClosedError}), that the server broke the protocol
 * ({@link ProtocolViolationError}), or that the transport itself failed ({@link TransportError}).
 */
import { ErrorCode } from './error-codes.js';

/** Base class of every error rxmcp raises. */
export class RxMcpError extends Error {
  /** `'RxMcpError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'RxMcpError';
}

/** A JSON-RPC error response from the server: `code`, `message` and optional `data` as sent. */
export class McpError extends RxMcpError {
  /** `'McpError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'McpError';

  constructor(
    /** The JSON-RPC error code. */
    readonly code: number,
    message: string,
    /** The error's `data`, as sent. */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * The server does not support the protocol version asked for (JSON-RPC code -32022), or
 * negotiation found no version both sides support. `supported` lists what the server named.
 */
export class UnsupportedProtocolVersionError extends McpError {
  /** `'UnsupportedProtocolVersionError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'UnsupportedProtocolVersionError';

  constructor(
    message: string,
    /** The protocol versions the server named. */
    readonly supported: readonly string[],
    /** The version asked for. */
    readonly requested: string,
  ) {
    super(ErrorCode.UnsupportedProtocolVersion, message, { supported, requested });
  }
}

/** Which deadline a {@link TimeoutError} hit. */
export type TimeoutKind = 'idle' | 'total';

/**
 * A request ran out of time. `kind` says whether no event (result or progress) came for
 * `timeoutMs` (`'idle'`), or the total deadline passed regardless of progress (`'total'`).
 */
export class TimeoutError extends RxMcpError {
  /** `'TimeoutError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'TimeoutError';

  constructor(
    /** The method of the request that timed out. */
    readonly method: string,
    /** The deadline that passed, in milliseconds. */
    readonly timeoutMs: number,
    /** Which deadline: `'idle'` or `'total'`. */
    readonly kind: TimeoutKind,
  ) {
    super(
      kind === 'idle'
        ? `Request '${method}' timed out: nothing arrived for ${timeoutMs} ms`
        : `Request '${method}' exceeded its total deadline of ${timeoutMs} ms`,
    );
  }
}

/** The caller cancelled a request (an aborted `AbortSignal`). Never raised for a timeout. */
export class CancelledError extends RxMcpError {
  /** `'CancelledError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'CancelledError';

  constructor(
    /** The method of the request cancelled. */
    readonly method: string,
    /** The abort signal's reason, when it had one. */
    readonly reason?: unknown,
  ) {
    super(`Request '${method}' was cancelled${typeof reason === 'string' ? `: ${reason}` : ''}`);
  }
}

/**
 * The connection closed: the server exited, the stream ended, or the client was closed. Every
 * request still pending at that moment fails with this error, and so does every later request.
 */
export class ConnectionClosedError extends RxMcpError {
  /** `'ConnectionClosedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ConnectionClosedError';

  constructor(message = 'Connection closed', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The server sent something the protocol does not allow: invalid JSON, a message that is not
 * JSON-RPC, a result of the wrong shape, an unknown `resultType`, a response to an unknown id.
 * `raw` holds the offending text or value when there is one (truncated for huge inputs).
 */
export class ProtocolViolationError extends RxMcpError {
  /** `'ProtocolViolationError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ProtocolViolationError';

  constructor(
    message: string,
    /** The offending text or value, when there is one (truncated for huge inputs). */
    readonly raw?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A single inbound message was larger than the transport's `maxMessageBytes`; it was discarded. */
export class MessageTooLargeError extends ProtocolViolationError {
  /** `'MessageTooLargeError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'MessageTooLargeError';

  constructor(
    /** The size of the message, in bytes (at least). */
    readonly size: number,
    /** The limit it exceeded (`maxMessageBytes`). */
    readonly limit: number,
  ) {
    super(`Inbound message of at least ${size} bytes exceeds the limit of ${limit} bytes and was discarded`);
  }
}

/** The transport itself failed: a process could not be spawned, a write failed, a socket broke. */
export class TransportError extends RxMcpError {
  /** `'TransportError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'TransportError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The server answered with an `input_required` result where the caller did not allow one (pass
 * `allowInputRequired` to handle the rounds yourself). `result` is what the server sent.
 */
export class UnexpectedInputRequiredError extends RxMcpError {
  /** `'UnexpectedInputRequiredError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'UnexpectedInputRequiredError';

  constructor(
    /** The method the server answered with `input_required`. */
    readonly method: string,
    /** The `input_required` result the server sent. */
    readonly result: unknown,
  ) {
    super(`Server answered '${method}' with an input_required result; pass allowInputRequired to handle it`);
  }
}

/**
 * A server answered with a `resultType` a client extension claims (a task handle, …) on a call
 * that did not pass `allowClaimed`. The server may hold state for it (a running task) that needs
 * cleaning up: `result` is the claimed shape, as the extension's parser returned it.
 */
export class UnexpectedClaimedResultError extends RxMcpError {
  /** `'UnexpectedClaimedResultError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'UnexpectedClaimedResultError';

  constructor(
    /** The method the server answered. */
    readonly method: string,
    /** The claimed `resultType`. */
    readonly claim: string,
    /** The claimed result, as the claim's parser returned it. */
    readonly result: unknown,
  ) {
    super(`Server answered '${method}' with a claimed '${claim}' result; pass allowClaimed to handle it (the server may hold state for it that needs cleaning up)`);
  }
}

/**
 * The server kept answering `input_required` past the round limit. Raise the limit
 * (`inputRequiredMaxRounds`) or drive the rounds yourself (`allowInputRequired`).
 */
export class InputRequiredRoundsExceededError extends RxMcpError {
  /** `'InputRequiredRoundsExceededError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'InputRequiredRoundsExceededError';

  constructor(
    /** The method that kept needing input. */
    readonly method: string,
    /** The round limit that was reached. */
    readonly maxRounds: number,
  ) {
    super(`'${method}' still needed input after ${maxRounds} rounds; raise inputRequiredMaxRounds or drive the rounds yourself with allowInputRequired`);
  }
}

/** A method that does not exist in the negotiated protocol version (e.g. `ping` on 2026-07-28). */
export class UnsupportedInProtocolVersionError extends RxMcpError {
  /** `'UnsupportedInProtocolVersionError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'UnsupportedInProtocolVersionError';

  constructor(
    /** The method called. */
    readonly method: string,
    /** The negotiated protocol version, which lacks it. */
    readonly protocolVersion: string,
    hint?: string,
  ) {
    super(`'${method}' does not exist in protocol version ${protocolVersion}${hint === undefined ? '' : `; ${hint}`}`);
  }
}

/** Walking the pages of a list took more pages than allowed, or the server repeated a cursor. */
export class PaginationError extends RxMcpError {
  /** `'PaginationError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'PaginationError';

  constructor(
    /** The listing method whose pages were walked. */
    readonly method: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request was lost in transit: its response stream ended or broke before it carried the
 * answer. Requests that are safe to repeat are sent again automatically (once); a `tools/call`
 * fails with this error unless the caller allowed a re-issue.
 */
export class StreamBrokenError extends TransportError {
  /** `'StreamBrokenError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'StreamBrokenError';

  constructor(
    /** The method whose answer was lost, when known. */
    readonly method: string | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`The response stream${method === undefined ? '' : ` of '${method}'`} ended before its answer: ${detail}`, options);
  }
}

/**
 * The server could not be reached at all: a process that could not be spawned (ENOENT, EACCES),
 * a refused or reset TCP connection, a DNS or TLS failure, a refused WebSocket upgrade. The same
 * class, with the same fields, over every transport, so
 * `catch (e) { if (e instanceof ConnectError) … }` covers "the server is not there" whatever the target was. `target` describes
 * what was tried (the transport's description); `code` is the system error code when there is
 * one (`'ENOENT'`, `'ECONNREFUSED'`, `'ENOTFOUND'`, …); `cause` is the underlying error.
 */
export class ConnectError extends TransportError {
  /** `'ConnectError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ConnectError';

  constructor(
    /** What was tried: the transport's description. */
    readonly target: string,
    /** The system error code (`'ENOENT'`, `'ECONNREFUSED'`, …), when there is one. */
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An option rxmcp refuses, raised at the entry point that took it (`Client.connect`, a transport
 * factory, a call), before anything is sent. `option` names it as the user wrote it
 * (`'mode'`, `'timeoutMs'`, `'stdio.maxMessageBytes'`).
 */
export class InvalidOptionError extends RxMcpError {
  /** `'InvalidOptionError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'InvalidOptionError';

  constructor(
    /** The option as the user wrote it (`'timeoutMs'`, `'stdio.maxMessageBytes'`). */
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}
