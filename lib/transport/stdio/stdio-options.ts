/**
 * The options of `stdio()`. Their own file because the transport and the option checks
 * (`check-stdio-options.ts`) both need them, and neither imports the other for them.
 */
import type { ShutdownTimeouts } from './process-group.js';
import type { InheritEnv } from './safe-environment.js';
import type { DEFAULT_MAX_QUEUED_BYTES } from './write-queue.js';

/** How to start a stdio server. */
export interface StdioOptions {
  /** The executable to run (`node`, `npx`, `python`, an absolute path). */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /** Variables set for the server, on top of the inherited ones. */
  readonly env?: Readonly<Record<string, string>>;
  /** Which of this process's variables the server inherits. Default `'safe'` (an allow-list). */
  readonly inheritEnv?: InheritEnv;
  /** The server's working directory. Default: this process's. */
  readonly cwd?: string;
  /** What happens to the server's stderr: `'pipe'` (default, see `stderr$`), `'inherit'`, `'ignore'`. */
  readonly stderr?: 'pipe' | 'inherit' | 'ignore';
  /** The largest inbound message accepted, in bytes. Default 64 MiB. */
  readonly maxMessageBytes?: number;
  /**
   * The most bytes of outbound messages waiting for the server to read its stdin. Default 16 MiB
   * ({@link DEFAULT_MAX_QUEUED_BYTES}); `Infinity` for no limit. Past it, a request fails at once
   * with `WriteQueueFullError` (a notification is dropped and reported on `faults$`) and the
   * connection stays up. This also bounds a burst sent in one tick, before the server read any.
   */
  readonly maxQueuedBytes?: number;
  /** Time limits of the shutdown sequence. */
  readonly shutdown?: ShutdownTimeouts;
}
