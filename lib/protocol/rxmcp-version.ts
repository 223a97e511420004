/**
 * rxmcp's own version, sent as the default `clientInfo.version` (kept equal to package.json by a
 * test). In `protocol/` so the session can send it without importing an entry file of the package.
 */
export const RXMCP_VERSION = '0.1.0';
