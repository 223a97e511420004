/**
 * The typed outcomes of a task that did not complete: it failed (with the JSON-RPC error the
 * server recorded), it was cancelled, it vanished (an unknown or expired id), or the server
 * requires the tasks extension the call did not declare (-32021).
 */
import { McpError, RxMcpError } from '../protocol/errors.js';

/** A task ended `failed`: `code`, `message` and `data` are the JSON-RPC error of the task. */
export class TaskFailedError extends McpError {
  /** `'TaskFailedError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'TaskFailedError';

  constructor(
    /** The task. */
    readonly taskId: string,
    error: { readonly code: number; readonly message: string; readonly data?: unknown },
    /** The task's last `statusMessage`, if any. */
    readonly statusMessage?: string,
  ) {
    super(error.code, `Task '${taskId}' failed: ${error.message}${statusMessage === undefined ? '' : ` (${statusMessage})`}`, error.data);
  }
}

/** A task ended `cancelled` (by the client or by the server). */
export class TaskCancelledError extends RxMcpError {
  /** `'TaskCancelledError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'TaskCancelledError';

  constructor(
    /** The task. */
    readonly taskId: string,
    /** The task's last `statusMessage`, if any. */
    readonly statusMessage?: string,
  ) {
    super(`Task '${taskId}' was cancelled${statusMessage === undefined ? '' : `: ${statusMessage}`}`);
  }
}

/** `tasks/get` refused the task id (-32602: unknown or expired); `cause` is the server's error. */
export class TaskNotFoundError extends RxMcpError {
  /** `'TaskNotFoundError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'TaskNotFoundError';

  constructor(
    /** The task. */
    readonly taskId: string,
    cause: McpError,
  ) {
    super(`Task '${taskId}' is unknown to the server (it expired or never existed): ${cause.message}`, { cause });
  }
}

/** The server requires an extension the request did not declare (-32021), e.g. a tool that runs only as a task. */
export class ExtensionRequiredError extends McpError {
  /** `'ExtensionRequiredError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ExtensionRequiredError';

  constructor(
    /** The extension the server asked for (the tasks extension unless its error data names another). */
    readonly extension: string,
    cause: McpError,
  ) {
    super(cause.code, `The server requires the extension '${extension}', which this request did not declare (the tasks extension is declared unless the client option tasks is false): ${cause.message}`, cause.data);
  }

  /**
   * The error for a -32021 response whose `data.requiredCapabilities.extensions` names an
   * extension (the first one), or `undefined` when it names none (a core capability: the
   * server's error stands).
   */
  static from(cause: McpError): ExtensionRequiredError | undefined {
    const data = cause.data as { requiredCapabilities?: { extensions?: unknown } } | null | undefined;
    const extensions = data?.requiredCapabilities?.extensions;
    if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions)) return undefined;
    const named = Object.keys(extensions)[0];
    return named === undefined ? undefined : new ExtensionRequiredError(named, cause);
  }
}
