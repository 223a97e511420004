/** `rxmcp read URI`: a resource's contents. */
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { base64Bytes } from '../format.js';

/**
 * Reads `uri`: text contents as they are; binary contents as their bytes when stdout is not a
 * terminal (so `rxmcp read URI > file` saves them), a one-line summary when it is (`--json`: the result).
 */
export function read(uri: string) {
  return async (context: CommandContext): Promise<ExitCode> => {
    const { output } = context;
    const result = await untilInterrupted(context.interrupt, context.client.readResource(uri, { signal: context.interrupt.signal }));
    if (output.json) {
      output.document(result);
      return ExitCode.ok;
    }
    for (const content of result.contents) {
      const entry = content as { uri: string; mimeType?: string; text?: string; blob?: string };
      if (typeof entry.text === 'string') output.raw(entry.text.endsWith('\n') ? entry.text : `${entry.text}\n`);
      else if (typeof entry.blob === 'string' && !output.stdoutIsTerminal) output.raw(Buffer.from(entry.blob, 'base64'));
      else output.line(`[${base64Bytes(entry.blob)} bytes of ${entry.mimeType ?? 'binary data'} from ${entry.uri}; redirect stdout to save them]`);
    }
    return ExitCode.ok;
  };
}
