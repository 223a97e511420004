/** `rxmcp prompt NAME --arg k=v`: one prompt, expanded. */
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { promptMessageLines } from '../format.js';
import { keyValues } from '../key-values.js';

/** Gets prompt `name` with `--arg` values; prints its messages as `role: text` (`--json`: the result). */
export function prompt(name: string, argWords: readonly string[]) {
  const args = keyValues('--arg', argWords);
  return async (context: CommandContext): Promise<ExitCode> => {
    const result = await untilInterrupted(context.interrupt, context.client.getPrompt(name, args, { signal: context.interrupt.signal }));
    if (context.output.json) context.output.document(result);
    else for (const line of promptMessageLines(result, context.output.paint)) context.output.line(line);
    return ExitCode.ok;
  };
}
