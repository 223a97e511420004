/**
 * The options of `stdio()`, checked before anything is spawned: see
 * `lib/protocol/option-checks.ts` for the rule and the error. Each is named `stdio.` + its name.
 */
import { checkDuration, checkInteger, checkObject, checkOneOf, checkString, checkStringArray, checkStringRecord, isObject, refuseOption } from '../../protocol/option-checks.js';
import type { StdioOptions } from './stdio-options.js';

/** Checks `options` of a stdio transport; throws `InvalidOptionError`. */
export function checkStdioOptions(options: StdioOptions): void {
  if (!isObject(options as unknown)) refuseOption('stdio', 'an object of options', options);
  if (typeof options.command !== 'string' || options.command.trim() === '') refuseOption('stdio.command', 'a non-empty string', options.command);
  checkStringArray('stdio.args', options.args);
  checkStringRecord('stdio.env', options.env);
  const inherit: unknown = options.inheritEnv;
  if (inherit !== undefined && !Array.isArray(inherit)) checkOneOf('stdio.inheritEnv', inherit, ['safe', 'all', 'none']);
  else checkStringArray('stdio.inheritEnv', inherit);
  checkString('stdio.cwd', options.cwd, true);
  checkOneOf('stdio.stderr', options.stderr, ['pipe', 'inherit', 'ignore']);
  checkInteger('stdio.maxMessageBytes', options.maxMessageBytes, 1);
  const queued: unknown = options.maxQueuedBytes;
  if (queued !== undefined && queued !== Infinity) checkInteger('stdio.maxQueuedBytes', queued, 1);
  const shutdown = options.shutdown;
  if (shutdown !== undefined) {
    checkObject('stdio.shutdown', shutdown);
    checkDuration('stdio.shutdown.stdinGraceMs', shutdown.stdinGraceMs);
    checkDuration('stdio.shutdown.termGraceMs', shutdown.termGraceMs);
    checkDuration('stdio.shutdown.killGraceMs', shutdown.killGraceMs);
  }
}
