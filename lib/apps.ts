/**
 * `rxmcp/apps`: the host side of MCP Apps (SEP-1865, `io.modelcontextprotocol/ui`) for browsers.
 * The extension ad, the visibility filter and the app-call guard depend on nothing; `hostApp`
 * needs the optional peer `@modelcontextprotocol/ext-apps` (its app-bridge runs the `ui/*` protocol).
 */
export { MCP_APPS_EXTENSION, MCP_APP_MIME_TYPE, mcpApps } from './apps/apps-extension.js';
export { type ToolAudience, toolVisibility, isModelVisible, isAppCallable, modelVisibleTools, toolUiResourceUri } from './apps/visibility.js';
export { checkAppToolCall } from './apps/app-call-guard.js';
export { type AppCspDomains, appCspDomains, appContentSecurityPolicy, withContentSecurityPolicy } from './apps/app-csp.js';
export { AppToolCallRefusedError, AppResourceError, AppSandboxError, type AppSandboxFailure } from './apps/errors.js';
export { type HostAppOptions, type HostedApp, hostApp } from './apps/app-frame.js';
export { type SandboxProxyOptions } from './apps/sandbox-proxy.js';
export { type SandboxProxyPageOptions, SANDBOX_PROXY_CSP, sandboxProxyPage, sandboxProxyHeaders } from './apps/sandbox-proxy-page.js';
export { SANDBOX_NAVIGATED_METHOD } from './apps/sandbox-transport.js';
