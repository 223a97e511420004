/** `rxmcp prompts`: every prompt the server offers (all pages). */
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { promptLines } from '../format.js';

/** Lists the prompts: `name(arg, optional?)  description` (`--json`: `{"prompts":[…]}`). */
export async function prompts(context: CommandContext): Promise<ExitCode> {
  const list = await untilInterrupted(context.interrupt, context.client.listAllPrompts({ signal: context.interrupt.signal }));
  if (context.output.json) context.output.document({ prompts: list });
  else for (const line of promptLines(list, context.output.paint)) context.output.line(line);
  return ExitCode.ok;
}
