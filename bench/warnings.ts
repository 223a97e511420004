/**
 * Process warnings raised while a worker measures (e.g. `MaxListenersExceededWarning`: a client
 * adding listeners it never removes). Workers run with `--no-warnings`, so Node does not print
 * them one by one; each worker counts them here and reports them with its figures instead.
 */

/** One kind of warning and how often it was raised. */
export interface WarningCount {
  readonly name: string;
  /** The first such warning's message. */
  readonly message: string;
  readonly count: number;
}

/** Starts counting this process's warnings; call the result for the counts so far. */
export function collectWarnings(): () => WarningCount[] {
  const seen = new Map<string, { name: string; message: string; count: number }>();
  process.on('warning', (warning) => {
    // Messages that differ only in numbers (listener counts) are one kind.
    const key = `${warning.name}: ${warning.message.replace(/\d+/g, '#')}`;
    const entry = seen.get(key);
    if (entry === undefined) seen.set(key, { name: warning.name, message: warning.message, count: 1 });
    else entry.count++;
  });
  return () => [...seen.values()].map((entry) => ({ ...entry }));
}
