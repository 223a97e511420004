/**
 * Reserved `_meta` keys of the 2026-07-28 request envelope and result stamps.
 *
 * On a modern connection every request carries the protocol version, client info and client
 * capabilities under these keys; servers stamp their identity on results.
 */

/** `_meta` key: the protocol version of this request (required on modern requests). */
export const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';

/** `_meta` key: the client's identity (should be on every modern request). */
export const CLIENT_INFO_META_KEY = 'io.modelcontextprotocol/clientInfo';

/** `_meta` key: the client's capabilities for this request (required on modern requests). */
export const CLIENT_CAPABILITIES_META_KEY = 'io.modelcontextprotocol/clientCapabilities';

/** `_meta` key: the log level this request opts in to (modern; deprecated by the spec). */
export const LOG_LEVEL_META_KEY = 'io.modelcontextprotocol/logLevel';

/** `_meta` key on results: the server's identity (modern). */
export const SERVER_INFO_META_KEY = 'io.modelcontextprotocol/serverInfo';

/** `_meta` key on notifications delivered on a `subscriptions/listen` stream. */
export const SUBSCRIPTION_ID_META_KEY = 'io.modelcontextprotocol/subscriptionId';

/** `_meta` key of a request's progress token. */
export const PROGRESS_TOKEN_META_KEY = 'progressToken';
