/**
 * Optional parts loaded on first use: a transport, a task driver, a helper only some servers
 * need. Each is `import()`ed the first time it is used, so a bundler that splits (esbuild's
 * `splitting`, Vite, webpack) leaves it out of what the page loads until then. The load is shared
 * by every caller; a failed load (a chunk the network did not deliver) is a {@link PartLoadError}
 * and is forgotten, so the next use asks the runtime again: current browsers fetch a module whose
 * fetch failed again (the HTML standard no longer keeps the failure; older browsers keep it until
 * the page reloads, and there the next use fails the same way).
 */
import { RxMcpError } from './errors.js';

/** An optional part of rxmcp could not be loaded (its `import()` failed); `cause` is why. */
export class PartLoadError extends RxMcpError {
  /** `'PartLoadError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'PartLoadError';

  constructor(
    /** Which part: `'HTTP+SSE transport'`, `'2025-11-25 task driver'`, … */
    readonly part: string,
    cause: unknown,
  ) {
    super(`Could not load ${part}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A loader of the module `load` imports, named `part` in its errors: loads once, shares the load, asks again after a failure. */
export function lazyPart<T>(part: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new PartLoadError(part, error);
    }));
}
