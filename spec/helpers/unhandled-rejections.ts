/**
 * Records the unhandled rejections of the process while a test runs, so a test can assert there
 * were none. Jest gives each test file a copy of `process` whose listeners never hear Node's
 * `unhandledRejection`; the worker's real `process` is reached through a function of Node's own
 * realm (`Buffer`'s constructor), and the listener is added beside jest's, not instead of it.
 */

/** A running recording; `stop()` removes the listener and returns what it saw. */
export interface UnhandledRejections {
  readonly seen: readonly unknown[];
  stop(): readonly unknown[];
}

/** The worker's real `process` (the one Node emits `unhandledRejection` on). */
function realProcess(): NodeJS.Process {
  const outerFunction = Buffer.constructor as FunctionConstructor;
  return outerFunction('return process')() as NodeJS.Process;
}

/** Starts recording unhandled rejections. */
export function watchUnhandledRejections(): UnhandledRejections {
  const seen: unknown[] = [];
  const target = realProcess();
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  target.on('unhandledRejection', listener);
  return {
    seen,
    stop: () => {
      target.off('unhandledRejection', listener);
      return seen;
    },
  };
}
