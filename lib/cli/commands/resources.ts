/** `rxmcp resources`: every resource and resource template the server lists. */
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { resourceLines } from '../format.js';

/** Lists resources, then templates (`--json`: `{"resources":[…],"resourceTemplates":[…]}`). */
export async function resources(context: CommandContext): Promise<ExitCode> {
  const { client, interrupt, output } = context;
  const options = { signal: interrupt.signal };
  const listTemplates = client.listAllResourceTemplates(options);
  listTemplates.catch(() => undefined); // awaited below; a failure there is reported once
  const [list, templates] = await untilInterrupted(interrupt, Promise.all([client.listAllResources(options), listTemplates]));
  if (output.json) output.document({ resources: list, resourceTemplates: templates });
  else for (const line of resourceLines(list, templates, output.paint)) output.line(line);
  return ExitCode.ok;
}
