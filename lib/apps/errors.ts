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
