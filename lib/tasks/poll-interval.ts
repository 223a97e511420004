/**
 * How long the client waits between two `tasks/get` of one task: the server's suggestion
 * (`pollIntervalMs`, or the SEP draft's `pollIntervalMilliseconds`; latest first), else the default, clamped to the client's bounds so
 * that a server suggesting 0 cannot make the client spin, and one suggesting 10⁹ cannot park a
 * call for days.
 */
import type { DetailedTask } from '../protocol/schemas/tasks.js';
import type { TaskOptions } from '../session/session-options.js';

/** The interval used when the server suggests none: 1 s. */
export const DEFAULT_TASK_POLL_INTERVAL_MS = 1_000;
/** The shortest interval the client polls at by default: 100 ms. */
export const MIN_TASK_POLL_INTERVAL_MS = 100;
/** The longest interval the client polls at by default: 30 s. */
export const MAX_TASK_POLL_INTERVAL_MS = 30_000;

/** The bounds of the poll interval: the client option `tasks` as an object. */
export type TaskPollBounds = TaskOptions;

/** The server's suggested interval in a task message, if it sent a usable one. */
export function suggestedInterval(task: Pick<DetailedTask, 'pollIntervalMilliseconds' | 'pollIntervalMs'>): number | undefined {
  const value = task.pollIntervalMs ?? task.pollIntervalMilliseconds;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `suggested` (or the default) clamped to `bounds`. */
export function clampPollInterval(suggested: number | undefined, bounds: TaskPollBounds = {}): number {
  const min = bounds.minPollIntervalMs ?? MIN_TASK_POLL_INTERVAL_MS;
  const max = Math.max(min, bounds.maxPollIntervalMs ?? MAX_TASK_POLL_INTERVAL_MS);
  return Math.min(max, Math.max(min, suggested ?? DEFAULT_TASK_POLL_INTERVAL_MS));
}
