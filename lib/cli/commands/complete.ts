/** `rxmcp complete (--prompt NAME | --resource TEMPLATE) ARGUMENT [VALUE]`: completion values of one argument. */
import type { CompletionReference } from '../../index.js';
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { CliUsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { keyValues } from '../key-values.js';

/** What `complete` was asked. */
export interface CompleteRequest {
  readonly prompt?: string;
  readonly resource?: string;
  readonly argument: string;
  readonly value: string;
  readonly context: readonly string[];
}

/** Asks for completions; prints one value per line (`--json`: the `completion` object). */
export function complete(request: CompleteRequest) {
  if ((request.prompt === undefined) === (request.resource === undefined)) throw new CliUsageError('complete needs exactly one of --prompt NAME or --resource URI_TEMPLATE');
  const ref: CompletionReference = request.prompt !== undefined ? { type: 'ref/prompt', name: request.prompt } : { type: 'ref/resource', uri: request.resource! };
  const contextArguments = keyValues('--context', request.context);
  return async (context: CommandContext): Promise<ExitCode> => {
    const result = await untilInterrupted(
      context.interrupt,
      context.client.complete(ref, { name: request.argument, value: request.value }, Object.keys(contextArguments).length > 0 ? contextArguments : undefined, { signal: context.interrupt.signal }),
    );
    if (context.output.json) context.output.document(result.completion);
    else for (const value of result.completion.values) context.output.line(value);
    return ExitCode.ok;
  };
}
