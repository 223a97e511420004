/** `rxmcp watch tools|resources|prompts`: the list, printed again on every change, until Ctrl-C. */
import { map, type Observable } from 'rxjs';
import { follow, type CommandContext } from '../command-context.js';
import { CliUsageError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { promptLines, resourceLines, toolLines } from '../format.js';

/** The lists `watch` follows. */
export const WATCHED_LISTS = ['tools', 'resources', 'prompts'] as const;
/** One of {@link WATCHED_LISTS}. */
export type WatchedList = (typeof WATCHED_LISTS)[number];

/** Follows the live list: a header line then one line per entry, each time (`--json`: a JSON line `{"tools":[…]}`). */
export function watch(kind: string) {
  if (!(WATCHED_LISTS as readonly string[]).includes(kind)) throw new CliUsageError(`watch follows one of ${WATCHED_LISTS.join(', ')}, not '${kind}'`);
  const list = kind as WatchedList;
  return async (context: CommandContext): Promise<ExitCode> => {
    const { client, output } = context;
    const source: Observable<{ readonly entries: readonly unknown[]; readonly lines: string[] }> =
      list === 'tools'
        ? client.tools$.pipe(map((entries) => ({ entries, lines: toolLines(entries, output.paint) })))
        : list === 'prompts'
          ? client.prompts$.pipe(map((entries) => ({ entries, lines: promptLines(entries, output.paint) })))
          : client.resources$.pipe(map((entries) => ({ entries, lines: resourceLines(entries, [], output.paint) })));
    return follow(context.interrupt, source, ({ entries, lines }) => {
      if (output.json) {
        output.document({ [list]: entries });
        return;
      }
      output.line(output.paint('cyan', `${list} (${entries.length}) at ${new Date().toISOString().slice(11, 19)}`));
      for (const line of lines) output.line(`  ${line}`);
    });
  };
}
