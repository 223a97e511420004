/**
 * rxmcp's Node-only entry: the stdio transport, which runs servers as child processes, what
 * builds on it (transport inference from a script path or package, `fromConfig` with a file), the
 * Node side of OAuth (a file token store of mode 0600, the loopback redirect listener), and the
 * undici HTTP path (importing this entry, or `rxmcp` under Node, makes it the HTTP transports'
 * default). Everything else comes from `rxmcp`, which stays safe for browser bundles.
 *
 * ```ts
 * import { Client } from 'rxmcp';
 * import { stdio } from 'rxmcp/node';
 * ```
 *
 * @packageDocumentation
 */
export { DEFAULT_MAX_MESSAGE_BYTES, stdio, StdioTransport } from './transport/stdio/stdio-transport.js';
export type { StdioOptions } from './transport/stdio/stdio-options.js';
export { buildServerEnvironment, DEFAULT_INHERITED_ENV_POSIX, DEFAULT_INHERITED_ENV_WINDOWS, type InheritEnv } from './transport/stdio/safe-environment.js';
export type { ShutdownTimeouts } from './transport/stdio/process-group.js';
export { StdinClosedError, WriteQueueFullError } from './transport/stdio/stdio-errors.js';
export { DEFAULT_MAX_QUEUED_BYTES } from './transport/stdio/write-queue.js';
export {
  connect,
  fromConfig,
  inferTransport,
  readConfigFile,
  stdioFromConfig,
  type InferableTarget,
  type InferOptions,
  type NodeConfigOptions,
  type NodeConnectOptions,
  type PackageTarget,
} from './group/node-targets.js';
export { FileTokenStore } from './auth/file-token-store.js';
export { LoopbackTimeoutError, startLoopbackRedirect, type LoopbackRedirect, type LoopbackRedirectOptions } from './auth/loopback-redirect.js';
export { undiciRequester, DEFAULT_CONNECTIONS_PER_ORIGIN, type UndiciRequester, type UndiciRequesterOptions } from './transport/http/node/undici-requester.js';
export { useHttpRequester } from './transport/http/node/use-undici.js';
