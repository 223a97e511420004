/**
 * JSON-RPC and MCP error codes that carry meaning on the wire.
 *
 * Only codes a peer may send are listed. Local failures (timeouts, a closed connection) are not
 * JSON-RPC errors in rxmcp: they are their own error classes (see `errors.ts`), so a timeout can
 * never be mistaken for something the server said.
 */
export const ErrorCode = {
  /** Invalid JSON was received. */
  ParseError: -32700,
  /** The JSON sent is not a valid request object. */
  InvalidRequest: -32600,
  /** The method does not exist or is not available. */
  MethodNotFound: -32601,
  /** Invalid method parameters (also: unknown tool, invalid cursor, resource not found in 2026). */
  InvalidParams: -32602,
  /** Internal error on the peer. */
  InternalError: -32603,
  /** Resource not found (≤ 2025-11-25 servers). */
  ResourceNotFound: -32002,
  /** 2026-07-28: HTTP headers missing, malformed or different from the body. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the server needs a client capability this request did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the server does not support the requested protocol version. */
  UnsupportedProtocolVersion: -32022,
  /** 2025-11-25: a URL-mode elicitation is required before the request can proceed. */
  UrlElicitationRequired: -32042,
} as const;

/** One of the codes in {@link ErrorCode}. */
export type KnownErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
