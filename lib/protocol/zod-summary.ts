/**
 * A zod error in one line: its first three issues, each as `path: message`. Results and params
 * that fail validation are reported with this, so an error message stays short for any input.
 */
import type * as z from 'zod/mini';

/** The first three issues of `error`, `path: message` each, joined by `; `. */
export function summarizeZodError(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
