/**
 * Warnings: things the client did on its own that a user should be able to see (it left a tool
 * out, a notification could not be parsed), reported on `client.warnings$` rather than the
 * console.
 */

/** One warning. */
export interface ClientWarning {
  /**
   * What happened, as a stable code. `cache-store-failed`: the cache store threw or rejected (the
   * request went to the server instead); `cache-entry-invalid`: the store gave back something
   * that is not an entry. Both once per failure burst. `log-level-failed`: the `logging/setLevel`
   * a legacy connect sends for the `logLevel` option was refused or timed out.
   * `extension-queue-full`: an extension's notification queue (256) was full, its oldest event dropped.
   * `capability-not-declared`: a callback set at run time needs a capability the legacy
   * `initialize` did not declare.
   */
  readonly code: 'tool-excluded' | 'unknown-tool' | 'invalid-notification' | 'callback-failed' | 'cache-store-failed' | 'cache-entry-invalid' | 'log-level-failed' | 'extension-queue-full' | 'capability-not-declared';
  /** A human-readable description. */
  readonly message: string;
  /** The tool concerned, if any. */
  readonly tool?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}
