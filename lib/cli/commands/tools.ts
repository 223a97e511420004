/** `rxmcp tools`: every tool the server offers (all pages). */
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { toolLines } from '../format.js';

/** Lists the tools: one line each, `name(params)  description` (`--json`: `{"tools":[…]}`). */
export async function tools(context: CommandContext): Promise<ExitCode> {
  const list = await untilInterrupted(context.interrupt, context.client.listAllTools({ signal: context.interrupt.signal }));
  if (context.output.json) context.output.document({ tools: list });
  else for (const line of toolLines(list, context.output.paint)) context.output.line(line);
  return ExitCode.ok;
}
