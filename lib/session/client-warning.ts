/**
 * Warnings: things the client did on its own that a user should be able to see (it left a tool
 * out, a notification could not be parsed), reported on `client.warnings$` rather than the
 * console.
 */

/** One warning. */
export interface ClientWarning {
  /** What happened, as a stable code. */
  readonly code: 'tool-excluded' | 'unknown-tool' | 'invalid-notification' | 'callback-failed';
  /** A human-readable description. */
  readonly message: string;
  /** The tool concerned, if any. */
  readonly tool?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}
