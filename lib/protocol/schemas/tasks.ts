/**
 * The 2026-07-28 tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663): a `tools/call`
 * may answer `resultType: "task"` (a {@link CreateTaskResult}), whose outcome the client polls
 * with `tasks/get` (a {@link DetailedTask}), answers input for with `tasks/update`, and gives up
 * with `tasks/cancel`. Field names follow the extension's specification (the
 * `modelcontextprotocol/ext-tasks` draft: `ttlMs`, `pollIntervalMs`, both in milliseconds). A
 * draft of SEP-2663 named them `ttlSeconds` (seconds) and `pollIntervalMilliseconds`: those are
 * read too, for servers built on it, and fill the spec's fields when only they came (`ttlMs` =
 * `ttlSeconds` × 1000), so a caller reads `ttlMs` and `pollIntervalMs` whatever the server sent.
 */
import * as z from 'zod/mini';
import { MetaSchema } from './common.js';
import { InputRequestSchema } from './input-required.js';

/** The extension's identifier, the key of its entry in `capabilities.extensions`. */
export const TASKS_EXTENSION_ID = 'io.modelcontextprotocol/tasks';

/** The statuses of a task; the last three are terminal. */
export const TASK_STATUSES = ['working', 'input_required', 'completed', 'failed', 'cancelled'] as const;
/** One status of a task. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

const TaskShape = {
  taskId: z.string().check(z.minLength(1)),
  status: z.enum(TASK_STATUSES),
  statusMessage: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  lastUpdatedAt: z.optional(z.string()),
  ttlMs: z.optional(z.nullable(z.number())),
  pollIntervalMs: z.optional(z.number()),
  ttlSeconds: z.optional(z.nullable(z.number())),
  pollIntervalMilliseconds: z.optional(z.number()),
  requestState: z.optional(z.string()),
  _meta: z.optional(MetaSchema),
};

/** The fields as a task message may spell them (see the module doc). */
interface TaskTiming {
  ttlMs?: number | null | undefined;
  pollIntervalMs?: number | undefined;
  ttlSeconds?: number | null | undefined;
  pollIntervalMilliseconds?: number | undefined;
}

/** `task` with the spec's `ttlMs` and `pollIntervalMs` filled from the SEP draft's spelling when only that came. */
function specSpelling<T extends TaskTiming>(task: T): T {
  const ttl = task.ttlMs === undefined && task.ttlSeconds !== undefined ? { ttlMs: task.ttlSeconds === null ? null : task.ttlSeconds * 1000 } : undefined;
  const interval = task.pollIntervalMs === undefined && task.pollIntervalMilliseconds !== undefined ? { pollIntervalMs: task.pollIntervalMilliseconds } : undefined;
  return ttl === undefined && interval === undefined ? task : { ...task, ...ttl, ...interval };
}

/** A `tools/call` answered with a task handle (`resultType: "task"`). */
export const CreateTaskResultSchema = z.looseObject({ resultType: z.literal('task'), ...TaskShape }).check(z.overwrite(specSpelling));
/** A `tools/call` answered with a task handle. */
export type CreateTaskResult = z.infer<typeof CreateTaskResultSchema>;

/** A task's state as `tasks/get` (or `notifications/tasks/status`) reports it, with the status's payload. */
export const DetailedTaskSchema = z.looseObject({
  resultType: z.optional(z.literal('complete')),
  ...TaskShape,
  inputRequests: z.optional(z.record(z.string(), InputRequestSchema)),
  result: z.optional(z.record(z.string(), z.unknown())),
  error: z.optional(z.looseObject({ code: z.number(), message: z.string(), data: z.optional(z.unknown()) })),
}).check(z.overwrite(specSpelling));
/** A task's state with its status's payload (`inputRequests`, `result`, `error`). */
export type DetailedTask = z.infer<typeof DetailedTaskSchema>;

/** True for a terminal status. */
export function isTerminalStatus(status: TaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** A task of 2025-11-25 experimental tasks (SEP-1686): `ttl` and `pollInterval` in ms. */
export const LegacyTaskSchema = z.looseObject({
  taskId: z.string().check(z.minLength(1)),
  status: z.enum(TASK_STATUSES),
  statusMessage: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  lastUpdatedAt: z.optional(z.string()),
  ttl: z.optional(z.nullable(z.number())),
  pollInterval: z.optional(z.number()),
  _meta: z.optional(MetaSchema),
});
/** A task of 2025-11-25 experimental tasks. */
export type LegacyTask = z.infer<typeof LegacyTaskSchema>;

/** The 2025-11-25 answer to a task-augmented request: `{ task }`. */
export const LegacyCreateTaskResultSchema = z.looseObject({ task: LegacyTaskSchema, _meta: z.optional(MetaSchema) });
/** The 2025-11-25 answer to a task-augmented request. */
export type LegacyCreateTaskResult = z.infer<typeof LegacyCreateTaskResultSchema>;

/** The 2025-11-25 `tasks/list` result: one page of the server's tasks (`nextCursor` for the next). */
export const LegacyListTasksResultSchema = z.looseObject({ tasks: z.array(LegacyTaskSchema), nextCursor: z.optional(z.string()), _meta: z.optional(MetaSchema) });
/** One page of a 2025-11-25 `tasks/list`. */
export type LegacyListTasksResult = z.infer<typeof LegacyListTasksResultSchema>;
