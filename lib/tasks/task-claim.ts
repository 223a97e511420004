/**
 * The `task` result type of `tools/call` (SEP-2663) in the method registry: once claimed,
 * `tools/call` may answer a validated {@link CreateTaskResult} and every other method refusing
 * it is a protocol violation. Process-wide (the registry is), claimed once by the first client's
 * tasks stage; a client that did not declare the extension still refuses a task (see the stage).
 */
import { ProtocolViolationError } from '../protocol/errors.js';
import { registerResultType, resultParserOf } from '../protocol/methods.js';
import { CreateTaskResultSchema } from '../protocol/schemas/tasks.js';
import { summarizeZodError } from '../protocol/zod-summary.js';

/** Claims `resultType: "task"` for `tools/call`, unless it is claimed already. */
export function claimTaskResult(): void {
  if (resultParserOf('tools/call', 'task') !== undefined) return;
  registerResultType('tools/call', 'task', (raw, method) => {
    const parsed = CreateTaskResultSchema.safeParse(raw);
    if (!parsed.success) throw new ProtocolViolationError(`Invalid task result for '${method}': ${summarizeZodError(parsed.error)}`, raw);
    const fields = parsed.data as Record<string, unknown>;
    if (fields.result !== undefined || fields.error !== undefined || fields.inputRequests !== undefined) {
      throw new ProtocolViolationError(`A task result for '${method}' may not carry result, error or inputRequests (SEP-2663)`, raw);
    }
    return parsed.data;
  });
}
