/**
 * `rxmcp call TOOL --arg k=v --json '{…}'`: one tool call. The arguments are checked against the
 * tool's input schema first (nothing is sent when they do not match); progress notifications
 * drive the progress bar; Ctrl-C gives the call up, which cancels it on the server.
 */
import type { CallToolResult, JsonObject } from '../../index.js';
import { untilInterrupted, type CommandContext } from '../command-context.js';
import { CliUsageError, InterruptedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { toolResultLines } from '../format.js';
import { NO_PROGRESS, progressBar } from '../progress-bar.js';
import { buildToolArguments, validateToolArguments } from '../tool-arguments.js';

/** What `call` was asked. */
export interface CallRequest {
  readonly tool: string;
  /** The `--json`/`--args` object, if one was given. */
  readonly base?: JsonObject;
  readonly argWords: readonly string[];
}

/** Calls the tool; prints its content (`--json`: the result). Exit code 1 for an `isError` result. */
export function call(request: CallRequest) {
  return async (context: CommandContext): Promise<ExitCode> => {
    const { client, interrupt, output } = context;
    const listed = await untilInterrupted(interrupt, client.listAllTools({ signal: interrupt.signal }));
    const tool = listed.find((candidate) => candidate.name === request.tool);
    if (tool === undefined) throw new CliUsageError(`the server has no tool '${request.tool}' (it has: ${listed.map((candidate) => candidate.name).join(', ') || 'none'})`);
    const args = buildToolArguments(tool, request.base, request.argWords);
    validateToolArguments(tool, args);

    const display = context.showProgress ? progressBar(process.stderr) : NO_PROGRESS;
    context.setProgress(display);
    let result: CallToolResult;
    try {
      result = await new Promise<CallToolResult>((resolve, reject) => {
        let last: CallToolResult | undefined;
        const onInterrupt = () => {
          subscription.unsubscribe(); // gives the call up: notifications/cancelled, or its stream closed
          reject(new InterruptedError());
        };
        const subscription = client.callTool$(tool.name, args).subscribe({
          next: (event) => {
            if (event.type === 'progress') display.update(event);
            else if (event.type === 'result') last = event.result;
          },
          error: (error: unknown) => {
            interrupt.signal.removeEventListener('abort', onInterrupt);
            reject(error);
          },
          complete: () => {
            interrupt.signal.removeEventListener('abort', onInterrupt);
            resolve(last!);
          },
        });
        if (interrupt.signal.aborted) onInterrupt();
        else interrupt.signal.addEventListener('abort', onInterrupt, { once: true });
      });
    } finally {
      display.stop();
    }

    if (output.json) output.document(result);
    else if (result.isError === true) for (const line of toolResultLines(result)) output.note(`${output.paintErr('red', `tool '${tool.name}' failed:`)} ${line}`);
    else for (const line of toolResultLines(result)) output.line(line);
    return result.isError === true ? ExitCode.toolError : ExitCode.ok;
  };
}
