/**
 * Reading a cachegrind out-file (`valgrind --tool=cachegrind --cachegrind-out-file=…`): the
 * instructions executed (`Ir`, cachegrind's `I refs`) in all, and per function.
 *
 * The format is line-based: `fl=<file>` and `fn=<function>` name the current function, each
 * following line `<line number> <Ir> …` counts the instructions of one source line of it, and
 * `summary: <Ir> …` closes the file with the totals. A function's lines may be spread over several
 * `fn=` blocks (one per source file it was inlined from), so they are summed by name. Functions
 * without symbols (V8's JIT code, whose code is not in any file) are all called `???`.
 */
import { readFileSync } from 'node:fs';

/** The instruction counts of one process. */
export interface InstructionCounts {
  /** Every instruction the process executed, on any thread (valgrind runs them one at a time). */
  readonly total: number;
  /** Instructions per function name, summed over its source lines and files. */
  readonly byFunction: ReadonlyMap<string, number>;
}

/** Parses the text of a cachegrind out-file whose first event is `Ir`. */
export function parseCachegrind(text: string): InstructionCounts {
  const byFunction = new Map<string, number>();
  let current: string | undefined;
  let currentCount = 0;
  let summary: number | undefined;
  const flush = (): void => {
    if (current !== undefined && currentCount !== 0) byFunction.set(current, (byFunction.get(current) ?? 0) + currentCount);
    currentCount = 0;
  };
  for (const line of text.split('\n')) {
    const first = line.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      // `<line> <Ir> …`: the count is the second field.
      const start = line.indexOf(' ') + 1;
      const end = line.indexOf(' ', start);
      currentCount += Number(line.slice(start, end === -1 ? undefined : end));
    } else if (line.startsWith('fn=')) {
      flush();
      current = line.slice(3);
    } else if (line.startsWith('events:')) {
      const first = line.slice('events:'.length).trim().split(/\s+/)[0];
      if (first !== 'Ir') throw new Error(`cachegrind out-file: the first event is ${first ?? 'missing'}, not Ir`);
    } else if (line.startsWith('summary:')) {
      summary = Number(line.slice('summary:'.length).trim().split(/\s+/)[0]);
    }
  }
  flush();
  let sum = 0;
  for (const value of byFunction.values()) sum += value;
  if (summary !== undefined && summary !== sum) throw new Error(`cachegrind out-file: its summary says ${summary} instructions, its lines add up to ${sum}`);
  return { total: summary ?? sum, byFunction };
}

/** Reads and parses the cachegrind out-file at `path`. */
export function readCachegrind(path: string): InstructionCounts {
  return parseCachegrind(readFileSync(path, 'utf8'));
}
