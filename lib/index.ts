/**
 * rxmcp: a Model Context Protocol client in which every transport, request and notification is
 * an RxJS Observable. This entry is safe in browsers: nothing reachable from it imports a Node
 * built-in. Node-only pieces live in `rxmcp/node` (the stdio transport) and `rxmcp/redis` (the
 * response cache store shared across processes).
 *
 * @packageDocumentation
 */
export {
  Client,
  type CallOptions,
  type CallOptions$,
  type InputCallOptions,
  type InputCallOptions$,
  type ListOptions,
  type ListOptions$,
  type ListenOptions,
  type ResourceUpdate,
} from './client/client.js';
export { ClientRequests, type ToolCallOptions, type ToolCallOptions$ } from './client/client-requests.js';
export { ToolError } from './client/tool-error.js';
export type { JsonSchemaObject, OutputParser, ToolCallResult, ToolOutputOptions } from './client/tool-output.js';
export type { ClientOptions } from './client/client-options.js';
export type { CacheCallOptions, ContextCallOptions, McpRequestOptions, RetryCallOptions, TaskCallOptions } from './pipeline/call-options.js';
export { McpRequest, type McpHandler, type McpInterceptor, type RequestDescriber } from './pipeline/mcp-request.js';
export { createContextKey, McpContext, type ContextKey } from './pipeline/context.js';
export type { ClientInterceptors } from './pipeline/chain.js';
// client extensions (SEP-2133)
export { advertise, checkExtensionIdentifier, type ClientExtension, type NotificationBinding, type ResultClaim } from './extensions/client-extension.js';
export { ExtensionConflictError, InvalidExtensionError } from './extensions/errors.js';
export { BINDING_QUEUE_LIMIT } from './extensions/binding-delivery.js';
export { TasksExtension } from './extensions/tasks-extension.js';
export type { ClaimContext, ClaimResolver } from './pipeline/claim-resolution.js';
// the skills extension (SEP-2640)
export { DIRECTORY_MIME_TYPE, Skills, SKILLS_EXTENSION, skillsExtension, type DirectoryEntry, type DirectoryPage, type LoadedSkill, type SkillFileContent, type SkillsHost, type SkillsOptions } from './extensions/skills/skills.js';
export { SKILL_MAX_BYTES, SKILL_MAX_FILES, type SkillEntry, type SkillFile } from './extensions/skills/skill-entry.js';
export { SkillsUnavailableError, SkillVerificationError } from './extensions/skills/skill-errors.js';
// what `McpRequest.entry` is: a method's registry entry (the registry itself stays in rxmcp/internal)
export type { Invalidation, MethodEntry, ResultParser } from './protocol/methods.js';
export type { ConnectionState } from './client/connection-state.js';
export { DEFAULT_INPUT_REQUIRED_MAX_ROUNDS } from './client/connection-state.js';
export type { InProcessServer, SdkTransport } from './client/in-process.js';
export type { HttpTargetOptions, UrlTransport } from './client/url-target.js';
export { DEFAULT_CONNECT_TIMEOUT_MS, type ConnectLimits } from './client/connect-guard.js';
export { CONNECT_BACKLOG_LIMIT } from './client/connect-backlog.js';
export { DEFAULT_MAX_PAGES } from './client/pagination.js';
export { CallbackError } from './client/callback-error.js';
export type { PromiseRequestOptions } from './client/to-promise.js';

export { SessionRequests } from './session/session-requests.js';
export { ClientGroup, type GroupReadOptions, type GroupReadOptions$, type GroupTarget } from './group/client-group.js';
export type { GroupAggregate, GroupPrompt, GroupResource, GroupResourceTemplate, GroupTool, ServerCatalog } from './group/aggregate.js';
export type { FromServer, GroupEvent, ServerState } from './group/server-state.js';
export { DEFAULT_GROUP_CLOSE_TIMEOUT_MS, type ClientGroupOptions, type GroupClientOptions, type GroupServerOptions } from './group/group-options.js';
export type { GroupCallbacks, GroupElicitationCallback, GroupListRootsCallback, GroupRequestContext, GroupSamplingCallback } from './group/group-callbacks.js';
export { PREFIX_SEPARATOR, type ComponentNameHook, type NamingOptions } from './group/naming.js';
export type { RestartBackoff, RestartPolicy } from './group/restart-policy.js';
export { ConfigError, DuplicateServerError, NameCollisionError, UnknownComponentError, UnknownServerError, UnsupportedTargetError, type ComponentKind } from './group/group-errors.js';
export {
  parseMcpConfig,
  RemoteServerConfigSchema,
  StdioServerConfigSchema,
  type ConfigReadOptions,
  type ConfigTargetOptions,
  type McpServersConfig,
  type RemoteServerConfig,
  type ServerConfig,
  type StdioServerConfig,
} from './group/config.js';

export { ClientSession, DEFAULT_PROBE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type ListenEvent } from './session/client-session.js';
export type { ClientSessionOptions, InputRequiredOptions, RequestOptions, ResultClaimTable, TaskOptions } from './session/session-options.js';
export type { ClientCallbacks, ElicitationCallback, InputRequestContext, ListRootsCallback, SamplingCallback } from './session/client-callbacks.js';
export type { ClientWarning } from './session/client-warning.js';
export type { CallbackCapability } from './session/callback-updates.js';
export type { ToolCatalog } from './session/tool-catalog.js';
export type { ConnectMode } from './session/negotiation.js';
export { DEFAULT_ERA_STORE_LIMIT, InMemoryEraStore, platformEraStore, webStorageEraStore, type EraStore, type RememberedEra } from './session/era-store.js';
export type { ServerProfile } from './session/server-profile.js';
export type { ResultMode, ResultOf, SessionRequest } from './session/session-request.js';

export { Dispatcher, type DispatcherState, type RequestProgress, type SimpleRequestOptions } from './dispatch/dispatcher.js';
export type { DispatchOptions, RequestObserver, RequestSpec, RunningRequest } from './dispatch/request-spec.js';
export type { PendingRequest, RequestReleaser } from './dispatch/pending-requests.js';
export { isResultEvent, type ProgressEvent, type RequestEvent, type ResultEvent, type TaskStatusEvent } from './dispatch/request-events.js';
export { ExtensionRequiredError, TaskCancelledError, TaskFailedError, TaskNotFoundError } from './tasks/errors.js';
export { ClientTasks, type TaskRequestOptions, type TaskWaitOptions } from './tasks/client-tasks.js';
export { clampPollInterval, DEFAULT_TASK_POLL_INTERVAL_MS, MAX_TASK_POLL_INTERVAL_MS, MIN_TASK_POLL_INTERVAL_MS, type TaskPollBounds } from './tasks/poll-interval.js';
export type { TaskDriveOptions, TaskPort, TaskStart } from './tasks/task-driver.js';
export { TASKS_EXTENSION_ID, TASK_STATUSES, type CreateTaskResult, type DetailedTask, type LegacyCreateTaskResult, type LegacyListTasksResult, type LegacyTask, type TaskStatus } from './protocol/schemas/tasks.js';
export type { ServerRequestContext, ServerRequestHandler } from './dispatch/server-requests.js';

export { requestTimeout, type RequestTimeoutOptions } from './operators/request-timeout.js';
export { driveInputRequired, type DriveInputRequiredOptions, type InputResponses, type InputRound } from './operators/input-required.js';
export type { DeadlineOptions } from './time/deadline.js';
export * from './validation/errors.js';
export { createJsonSchemaValidator, type CompiledSchema, type JsonSchemaValidatorOptions, type JsonSchemaValidator, type SchemaCheck } from './validation/json-schema-validator.js';
export type { ToolOutputValidator } from './validation/tool-output-validator.js';

export { createMemoryTransportPair, MemoryTransport } from './transport/memory.js';
export { streamableHttp, StreamableHttpTransport, type StreamableHttpOptions } from './transport/http/streamable-http-transport.js';
export { BearerAuth, type ClientAuth } from './transport/http/auth.js';
export { OAuthProvider, type OAuthRefusal, type OAuthState } from './auth/oauth-provider.js';
export type { AuthorizationRequest, OAuthProviderOptions, PreRegisteredClient } from './auth/oauth-options.js';
export type { ClientAuthFlow } from './client/client-auth.js';
export {
  fullPageRedirect,
  popupRedirect,
  postPopupCallback,
  type CallbackMessageEvent,
  type CallbackOpener,
  type FullPageRedirectOptions,
  type PopupHost,
  type PopupRedirectOptions,
  type PopupWindow,
} from './auth/browser-redirect.js';
export { requestIdentityAssertion, type IdentityAssertionRequest } from './auth/identity-assertion.js';
export { InMemoryTokenStore, webStorageTokenStore, type OAuthRecord, type PendingAuthorization, type StoredClient, type StoredTokens, type TokenStore } from './auth/token-store.js';
export type { WebStorageLike } from './protocol/web-storage.js';
export {
  AuthCallbackError,
  AuthorizationDeniedError,
  AuthRetryLimitError,
  CallbackStateError,
  DiscoveryFailedError,
  IssuerMismatchError,
  IssuerResponseError,
  OAuthFlowError,
  PkceUnsupportedError,
  PopupAuthorizationError,
  RedirectStartedError,
  RegistrationRefusedError,
  ResourceMismatchError,
  TokenRequestError,
} from './auth/errors.js';
export {
  MCP_WEBSOCKET_PROTOCOL,
  websocket,
  WebSocketTransport,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketOptions,
  type WsClientOptions,
} from './transport/websocket/websocket-transport.js';
export { WebSocketClosedError } from './transport/websocket/websocket-errors.js';
export type { FetchLike } from './transport/http/fetch.js';
export { fetchRequester } from './transport/http/fetch-requester.js';
export type { HttpBody, HttpBodyChunk, HttpBodyReader, HttpRequest, HttpRequester, HttpResponse } from './transport/http/requester.js';
export { MAX_REDIRECTS, type RedirectPolicy } from './transport/http/redirects.js';
export { AuthenticationError, HttpStatusError, ReconnectExhaustedError, RedirectRefusedError, SessionExpiredError } from './protocol/http-errors.js';
export { DEFAULT_ENDPOINT_TIMEOUT_MS, sse, SseTransport, type SseOptions } from './transport/http/sse-transport.js';
export { DEFAULT_MAX_EVENT_SIZE } from './transport/http/sse-parser.js';
export { DEFAULT_MAX_RESUMPTIONS, type ReconnectOptions } from './protocol/reconnect-policy.js';
export {
  inboundFault,
  inboundMessage,
  type InboundFault,
  type InboundItem,
  type InboundMessage,
  type OutboundMessage,
  type StreamStateEvent,
  type Transport,
  type TransportKind,
  type TransportKinds,
} from './transport/transport.js';

export * from './protocol/errors.js';
export { PartLoadError } from './protocol/part-loader.js';
export { ErrorCode, type KnownErrorCode } from './protocol/error-codes.js';
export {
  JsonRpcErrorObjectSchema,
  JsonRpcErrorResponseSchema,
  JsonRpcNotificationSchema,
  JsonRpcRequestSchema,
  JsonRpcResultResponseSchema,
  RequestIdSchema,
  type JsonObject,
  type JsonRpcErrorObject,
  type JsonRpcErrorResponse,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResultResponse,
  type RequestId,
} from './protocol/jsonrpc.js';
export * from './protocol/meta.js';
export {
  eraOf,
  isLegacyProtocolVersion,
  isModernProtocolVersion,
  LATEST_LEGACY_PROTOCOL_VERSION,
  LATEST_MODERN_PROTOCOL_VERSION,
  LEGACY_PROTOCOL_VERSIONS,
  MODERN_PROTOCOL_VERSIONS,
  type LegacyProtocolVersion,
  type ModernProtocolVersion,
  type ProtocolEra,
  type ProtocolVersion,
} from './protocol/versions.js';
export type { ClaimedResult, DecodedResult } from './protocol/result-type.js';
export * from './protocol/schemas/common.js';
export * from './protocol/schemas/capabilities.js';
export * from './protocol/schemas/content.js';
export * from './protocol/schemas/tools.js';
export * from './protocol/schemas/lifecycle.js';
export * from './protocol/schemas/input-required.js';
export * from './protocol/schemas/prompts.js';
export * from './protocol/schemas/resources.js';
export * from './protocol/schemas/completion.js';
export * from './protocol/schemas/logging.js';
export * from './protocol/schemas/client-requests.js';
export * from './protocol/schemas/subscriptions.js';
export { InvalidHeaderValueError } from './protocol/x-mcp-header.js';
export { RXMCP_VERSION } from './protocol/rxmcp-version.js';

export { CacheConfigError } from './cache/errors.js';
export type { CacheConfig, CacheMode, CacheServerContext } from './cache/config.js';
export { encodeCacheKey, type CacheKey, type CacheScope } from './cache/cache-key.js';
export { isCacheEntry, isFresh, type CacheEntry } from './cache/cache-entry.js';
export type { ResponseCacheStore } from './cache/store.js';
export { DEFAULT_MAX_CACHE_ENTRIES, InMemoryResponseCacheStore, type InMemoryResponseCacheStoreOptions } from './cache/in-memory-store.js';
export type { CacheTarget } from './cache/cache-target.js';
export { ResponseCache, type CacheWriteOptions } from './cache/response-cache.js';
export type { FlightTable } from './cache/flights.js';
export { MAX_TTL_MS } from './cache/freshness.js';
export type { NotificationLike } from './cache/invalidation.js';
export type { WriteToken } from './cache/generations.js';
export type { CacheStoreOperation, CacheWarning } from './cache/warnings.js';
export type { MaybePromise } from './cache/maybe-promise.js';
export { cacheThrough, type CacheThroughOptions } from './operators/cache-through.js';
export { evictOnInvalidCursor, type EvictOnInvalidCursorOptions } from './operators/evict-on-invalid-cursor.js';
export { reconnect, type ReconnectStreamOptions } from './operators/reconnect.js';
export {
  DEFAULT_RETRY_POLICY,
  isTransientError,
  RetryExhaustedError,
  RetryPolicyError,
  retryTransient,
  type RetryPolicy,
  type RetryTransientOptions,
} from './operators/retry.js';
