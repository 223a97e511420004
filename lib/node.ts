/**
 * rxmcp's Node-only entry: the stdio transport, which runs servers as child processes, and the
 * undici HTTP path (importing this entry, or `rxmcp` under Node, makes it the HTTP transports'
 * default). Everything else comes from `rxmcp`, which stays safe for browser bundles.
 *
 * ```ts
 * import { Client } from 'rxmcp';
 * import { stdio } from 'rxmcp/node';
 * ```
 */
export { DEFAULT_MAX_MESSAGE_BYTES, stdio, StdioTransport } from './transport/stdio/stdio-transport.js';
export type { StdioOptions } from './transport/stdio/stdio-options.js';
export { buildServerEnvironment, DEFAULT_INHERITED_ENV_POSIX, DEFAULT_INHERITED_ENV_WINDOWS, type InheritEnv } from './transport/stdio/safe-environment.js';
export type { ShutdownTimeouts } from './transport/stdio/process-group.js';
export { StdinClosedError, WriteQueueFullError } from './transport/stdio/stdio-errors.js';
export { DEFAULT_MAX_QUEUED_BYTES } from './transport/stdio/write-queue.js';
export { undiciRequester, DEFAULT_CONNECTIONS_PER_ORIGIN, type UndiciRequester, type UndiciRequesterOptions } from './transport/http/node/undici-requester.js';
export { useHttpRequester } from './transport/http/node/use-undici.js';
