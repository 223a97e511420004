/**
 * The `{ type: 'task' }` event both task drivers (2026-07-28 and 2025-11-25) emit when a poll or a
 * pushed status shows the task somewhere new: one rule for "new" (status or message changed).
 */
import type { TaskStatusEvent } from '../dispatch/request-events.js';

/** The event for task `taskId` now at `status` (with `statusMessage`), or `undefined` when `last` already said so. */
export function statusChange(last: TaskStatusEvent | undefined, taskId: string, status: string, statusMessage: string | undefined): TaskStatusEvent | undefined {
  if (last?.status === status && last.statusMessage === statusMessage) return undefined;
  return statusMessage === undefined ? { type: 'task', taskId, status } : { type: 'task', taskId, status, statusMessage };
}
