/**
 * `rxmcp logs --level info`: the server's log messages, followed until Ctrl-C. On a legacy
 * connection the level is set with `logging/setLevel` when connecting; a 2026-07-28 server sends
 * log messages only with the requests that ask for them, so there the command says so and waits.
 */
import type { LoggingMessage } from '../../index.js';
import { follow, type CommandContext } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** Follows `logs$`: one line per message, `[level] logger: data` (`--json`: JSON lines of the message params). */
export async function logs(context: CommandContext): Promise<ExitCode> {
  const { client, output } = context;
  if (client.serverCapabilities.logging === undefined) output.note('the server does not declare the logging capability: it may send nothing');
  if (client.era === 'modern') output.note('2026-07-28 servers send log messages only along with the requests that ask for them; waiting until Ctrl-C');
  return follow(context.interrupt, client.logs$, (message) => printLog(output, message));
}

/** One log message on stdout. */
export function printLog(output: Output, message: LoggingMessage): void {
  if (output.json) {
    output.document(message);
    return;
  }
  output.line(logLine(output, message));
}

/** `[level] logger: data`, the level coloured by severity on a terminal. */
export function logLine(output: Output, message: LoggingMessage): string {
  const severe = message.level === 'error' || message.level === 'critical' || message.level === 'alert' || message.level === 'emergency';
  const level = output.paint(severe ? 'red' : message.level === 'warning' ? 'yellow' : 'dim', `[${message.level}]`);
  const data = typeof message.data === 'string' ? message.data : JSON.stringify(message.data);
  return `${level} ${message.logger === undefined ? '' : `${message.logger}: `}${data}`;
}
