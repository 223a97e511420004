/** The errors of the MCP Apps host (`rxmcp/apps`). */
import { RxMcpError } from '../protocol/errors.js';

/**
 * An app asked its host to call a tool it may not call: the server does not list the tool, or the
 * tool's `_meta.ui.visibility` lacks `"app"`. The call never reaches the server.
 */
export class AppToolCallRefusedError extends RxMcpError {
  /** `'AppToolCallRefusedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AppToolCallRefusedError';

  constructor(
    /** The tool the app asked for. */
    readonly tool: string,
    /** `'not-app-visible'` (visibility lacks `"app"`) or `'unknown-tool'` (not listed). */
    readonly reason: 'not-app-visible' | 'unknown-tool',
  ) {
    super(reason === 'unknown-tool' ? `Tool ${JSON.stringify(tool)} is not listed by the app's server` : `Tool ${JSON.stringify(tool)} is not callable by apps (its visibility lacks "app")`);
  }
}

/** A UI resource could not be rendered: not found, not `text/html;profile=mcp-app`, or without text. */
export class AppResourceError extends RxMcpError {
  /** `'AppResourceError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AppResourceError';

  constructor(
    /** The `ui://` URI that was read. */
    readonly uri: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why an app's sandbox failed: see {@link AppSandboxError}. */
export type AppSandboxFailure = 'proxy-timeout' | 'navigated' | 'same-origin' | 'invalid-origin';

/**
 * The sandbox an app runs in failed: the sandbox proxy did not send
 * `ui/notifications/sandbox-proxy-ready` within the bound (`'proxy-timeout'`), the app (or its
 * proxy frame) navigated away from the document it was given (`'navigated'`), the proxy URL is on
 * the host's own origin (`'same-origin'`: no isolation), or a host origin given to the proxy page
 * is not an origin (`'invalid-origin'`).
 */
export class AppSandboxError extends RxMcpError {
  /** `'AppSandboxError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'AppSandboxError';

  constructor(
    /** What failed. */
    readonly reason: AppSandboxFailure,
    message: string,
  ) {
    super(message);
  }
}
