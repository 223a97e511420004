/**
 * `rxmcp/internal`: the building blocks the library is made of, exported for our own tests,
 * benchmarks and demos, and for the rare user who needs to reach below the public surface.
 *
 * NO STABILITY PROMISE: anything here may change or disappear in any release, patch releases
 * included, and is not covered by the API report of `rxmcp` (api/rxmcp.api.md) as a contract.
 * Prefer `rxmcp` and `rxmcp/node`. Like `rxmcp`, this entry is safe in browsers: it re-exports only
 * browser-safe modules (Node-only internals are reachable from `rxmcp/node`'s own files only).
 */
export { isInProcessServer } from './client/in-process.js';
export { transportsForUrl } from './client/url-target.js';
export { liveList } from './client/live-list.js';
export { walkPages } from './client/pagination.js';
export { eventsToPromise, requestToPromise, runToPromise, type FinishResult } from './client/to-promise.js';
export { foldInterceptors, MethodPlan, RequestChain } from './pipeline/chain.js';
export { BUILTIN_STAGES } from './pipeline/order.js';
export type { BuiltinStage, PipelineHost, StageFactory } from './pipeline/stage.js';

export { capabilitiesFor } from './session/client-callbacks.js';
export { applyElicitationDefaults, defaultsOf } from './session/elicitation-defaults.js';
export { InputRequestHandler, INPUT_REQUEST_METHODS } from './session/input-request-handler.js';
export { ToolCatalog } from './session/tool-catalog.js';
export { negotiate, validateConnectMode } from './session/negotiation.js';
export { SessionRequest } from './session/session-request.js';

export { STATE_ONLY_BACKOFF_MS } from './operators/input-required.js';
export { RequestDeadline, hasDeadline, type DeadlineOwner } from './time/deadline.js';
export { TimerQueue, TimerNode, sharedTimerQueue } from './time/timer-queue.js';
export { ToolOutputValidator } from './validation/tool-output-validator.js';

export { describeCloseCode } from './transport/websocket/websocket-errors.js';
export { SseParser, type SseEvent, type SseSink } from './transport/http/sse-parser.js';
export { reconnectDelay } from './protocol/reconnect-policy.js';

export { classifyMessage, jsonRpcNotification, jsonRpcRequest, messageKind, type ClassifiedMessage, type MessageKind } from './protocol/jsonrpc.js';
export { highestMutualVersion } from './protocol/versions.js';
export { decodeResult, INPUT_REQUIRED_METHODS, isInputRequired, parseResult } from './protocol/result-type.js';
export { METHODS, methodEntry, registerResultType, type Invalidation, type MethodEntry, type ResultParser } from './protocol/methods.js';
export {
  analyzeToolHeaders,
  encodeHeaderValue,
  headerValues,
  mcpNameHeaderValue,
  type HeaderBinding,
  type HeaderValueType,
  type ToolHeaderAnalysis,
} from './protocol/x-mcp-header.js';
export { isPlainTextToolResult, quickCheckFor, type QuickCheck } from './protocol/quick-checks.js';
export { deepFreeze, isDeepFrozen } from './protocol/freeze.js';

export { resolveCacheConfig, type ResolvedCacheConfig } from './cache/config.js';
export { armString, sameCacheKey, type ArmParts } from './cache/cache-key.js';
export { resolveFreshness, type Freshness } from './cache/freshness.js';
export { CACHEABLE_METHODS, invalidationTargets, type EvictionTarget } from './cache/invalidation.js';
export { MAX_GENERATIONS } from './cache/generations.js';
export { serverArmId, stripUserinfo, type ServerIdentitySource } from './cache/identity.js';
export { sha256Hex } from './cache/sha256.js';
export { isPromiseLike } from './cache/maybe-promise.js';
export { isTransientError, retryDelay, shouldRetryMethod } from './operators/retry.js';
