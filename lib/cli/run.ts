/**
 * One run of a command: resolve the target, connect, run, close, and turn the outcome into an
 * exit code (errors on stderr). Ctrl-C at any point cancels what is in flight, closes the
 * connection (the stdio server is stopped) and ends with 130.
 */
import type { Client, LoggingLevel } from '../index.js';
import type { CommandContext, CommandRun } from './command-context.js';
import { connectTo, type ConnectSettings } from './connect.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { Interrupt } from './interrupt.js';
import { logLine } from './commands/logs.js';
import type { Output } from './output.js';
import { NO_PROGRESS, type ProgressDisplay } from './progress-bar.js';
import type { Target } from './target.js';

/** What a run needs besides the command. */
export interface RunSettings extends ConnectSettings {
  readonly target: () => Target;
  readonly output: Output;
  /** Print the server's log messages at this level on stderr while the command runs (not `logs`, which prints them on stdout). */
  readonly echoLogs?: LoggingLevel;
}

/** True when a person sits at this process: stdin and stderr are terminals. */
export function onTerminal(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/** Connects, runs `command`, closes; resolves with the exit code. Never rejects. */
export async function runCommand(settings: RunSettings, command: CommandRun): Promise<ExitCode> {
  const { output } = settings;
  // a second Ctrl-C, or cleanup that hangs: say so, so that a slow exit is never mistaken for a clean one
  const interrupt = new Interrupt(() => {
    output.note('interrupted: not waiting any longer for the cleanup (the server may not have seen the cancellation)');
    return process.exit(ExitCode.interrupted);
  });
  let progress: ProgressDisplay = NO_PROGRESS;
  let client: Client | undefined;
  try {
    const target = settings.target();
    client = await connectTo(target, settings, { interactive: onTerminal(), output, interrupt, progress: () => progress });
    if (settings.echoLogs !== undefined) client.logs$.subscribe((message) => output.note(logLine(output, message)));
    const context: CommandContext = {
      client,
      output,
      interrupt,
      showProgress: !output.json && process.stderr.isTTY === true,
      setProgress: (display) => (progress = display),
    };
    return await command(context);
  } catch (error) {
    const code = interrupt.triggered ? ExitCode.interrupted : exitCodeOf(error);
    if (code !== ExitCode.interrupted) output.error(error);
    return code;
  } finally {
    progress.stop();
    // a graceful close lets the notifications/cancelled of a call given up a moment ago reach the server
    await client?.close().catch(() => undefined);
    interrupt.dispose();
  }
}
