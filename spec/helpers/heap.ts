/**
 * The heap in use after a full garbage collection, for tests whose point is bounded memory.
 * Jest runs without `--expose-gc`, so the flag is set at run time and `gc` taken from a fresh
 * context (V8 installs it in contexts made after the flag is set).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Bytes of heap in use after two full collections. */
export function heapAfterGc(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
