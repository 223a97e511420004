/**
 * `runSoon(task)`: runs `task` in a microtask, like `queueMicrotask`, in the same queue and the
 * same order, but through an already resolved Promise. On Node `queueMicrotask` wraps every task
 * in an `AsyncResource` (made, entered, left, destroyed: about 2 µs of CPU each while the code is
 * still cold, against 0.5 µs for a `then`), and the per-tick write queues schedule one task per
 * tick of requests, so in the first thousands of calls that was several per cent of a call's
 * cost. A task that throws surfaces as an unhandled rejection rather than an uncaught exception;
 * the tasks scheduled here (the write queues' flushes) do not throw.
 */

const resolved: Promise<void> = Promise.resolve();

/** Runs `task` in a microtask (see the module doc): the per-tick flushes of the write queues. */
export function runSoon(task: () => void): void {
  void resolved.then(task);
}
