/** `rxmcp tail URI [--read]`: the resource's updates, until Ctrl-C. */
import { concatMap, from, map, of } from 'rxjs';
import type { ReadResourceResult } from '../../index.js';
import { follow, type CommandContext } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';

/**
 * Subscribes to `uri` (legacy `resources/subscribe`; 2026-07-28 a listen stream) and prints a line
 * per update, with the new contents when `read` is set (`--json`: a JSON line `{"uri",…,"contents"?}`).
 */
export function tail(uri: string, read: boolean) {
  return async (context: CommandContext): Promise<ExitCode> => {
    const { client, output } = context;
    const updates$ = client.resourceUpdates$(uri).pipe(
      concatMap((update) => (read ? from(client.readResource(update.uri)).pipe(map((result): [string, ReadResourceResult | undefined] => [update.uri, result])) : of<[string, ReadResourceResult | undefined]>([update.uri, undefined]))),
    );
    return follow(context.interrupt, updates$, ([updated, result]) => {
      if (output.json) {
        output.document(result === undefined ? { uri: updated } : { uri: updated, contents: result.contents });
        return;
      }
      output.line(`${output.paint('cyan', 'updated')} ${updated}`);
      for (const content of result?.contents ?? []) {
        const entry = content as { text?: string; blob?: string };
        output.line(typeof entry.text === 'string' ? entry.text : `[${entry.blob?.length ?? 0} base64 characters]`);
      }
    });
  };
}
