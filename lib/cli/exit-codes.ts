/**
 * The exit codes of the `rxmcp` command, documented in the README: scripts branch on them.
 */
import { CommanderError } from 'commander';
import { InvalidOptionError } from '../index.js';
import { CliUsageError, InterruptedError } from './errors.js';

/** What the process exit code means. */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The tool ran and answered with `isError: true`. */
  toolError: 1,
  /** The command line is wrong (unknown option, bad arguments, arguments that fail the input schema). */
  usage: 2,
  /** The server could not be reached, refused the request, broke the protocol, or went away. */
  failure: 3,
  /** Interrupted by Ctrl-C (SIGINT), after cancelling on the server. */
  interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code an error ends the command with. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof InterruptedError) return ExitCode.interrupted;
  if (error instanceof CliUsageError || error instanceof InvalidOptionError) return ExitCode.usage;
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  return ExitCode.failure;
}
