/** rxmcp's own version, sent as the default `clientInfo.version` (kept equal to package.json by a test). */
export const RXMCP_VERSION = '0.1.0';
