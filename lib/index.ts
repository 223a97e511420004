/**
 * rxmcp: a Model Context Protocol client in which every transport, request and notification is
 * an RxJS Observable. This entry is safe in browsers: nothing reachable from it imports a Node
 * built-in. Node-only pieces (the stdio transport) live in `rxmcp/node`.
 */
export { Client, type ClientOptions, type CallOptions } from './client/client.js';
export { CallbackError } from './client/callback-error.js';
export { runToPromise, type PromiseRequestOptions } from './client/to-promise.js';

export {
  ClientSession,
  DEFAULT_PROBE_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type ClientSessionOptions,
  type InputRequiredOptions,
  type RequestOptions,
} from './session/client-session.js';
export { negotiate, validateConnectMode, type ConnectMode } from './session/negotiation.js';
export type { ServerProfile } from './session/server-profile.js';
export { SessionRequest, type ResultMode, type ResultOf } from './session/session-request.js';

export { Dispatcher, type DispatcherState, type SimpleRequestOptions } from './dispatch/dispatcher.js';
export type { DispatchOptions, RequestObserver, RequestSpec, RunningRequest } from './dispatch/request-spec.js';
export { isResultEvent, type ProgressEvent, type RequestEvent, type ResultEvent } from './dispatch/request-events.js';
export type { ServerRequestContext, ServerRequestHandler } from './dispatch/server-requests.js';

export { requestTimeout, type RequestTimeoutOptions } from './operators/request-timeout.js';

export { createMemoryTransportPair, MemoryTransport } from './transport/memory.js';
export {
  inboundFault,
  inboundMessage,
  type InboundFault,
  type InboundItem,
  type InboundMessage,
  type OutboundMessage,
  type Transport,
  type TransportKind,
} from './transport/transport.js';

export * from './protocol/errors.js';
export { ErrorCode, type KnownErrorCode } from './protocol/error-codes.js';
export * from './protocol/jsonrpc.js';
export * from './protocol/meta.js';
export * from './protocol/versions.js';
export { decodeResult, INPUT_REQUIRED_METHODS, type DecodedResult } from './protocol/result-type.js';
export * from './protocol/schemas/common.js';
export * from './protocol/schemas/capabilities.js';
export * from './protocol/schemas/content.js';
export * from './protocol/schemas/tools.js';
export * from './protocol/schemas/lifecycle.js';
export * from './protocol/schemas/input-required.js';
export { RXMCP_VERSION } from './version.js';
