/**
 * What every command runs with: the connected client, the output, the interrupt, and the progress
 * display; plus the two ways a command waits: for one answer ({@link untilInterrupted}) or on a
 * stream until Ctrl-C ({@link follow}).
 */
import { firstValueFrom, lastValueFrom, map, takeUntil, tap, type Observable } from 'rxjs';
import { ConnectionClosedError, type Client } from '../index.js';
import { InterruptedError } from './errors.js';
import type { ExitCode } from './exit-codes.js';
import type { Interrupt } from './interrupt.js';
import type { Output } from './output.js';
import type { ProgressDisplay } from './progress-bar.js';

/** The context of one command. */
export interface CommandContext {
  readonly client: Client;
  readonly output: Output;
  readonly interrupt: Interrupt;
  /** True when the progress bar may be drawn (stderr is a terminal and not `--json`). */
  readonly showProgress: boolean;
  /** Sets the progress display the interactive prompts hide while they ask. */
  setProgress(display: ProgressDisplay): void;
}

/** A command: runs with the context and its own parsed words, resolves with the exit code. */
export type CommandRun = (context: CommandContext) => Promise<ExitCode>;

/** `promise`, or an {@link InterruptedError} as soon as Ctrl-C is pressed. */
export function untilInterrupted<T>(interrupt: Interrupt, promise: Promise<T>): Promise<T> {
  const stop = firstValueFrom(interrupt.interrupted$.pipe(map((): never => { throw new InterruptedError(); })));
  return Promise.race([promise, stop]);
}

/**
 * Runs `stream$`, handing each value to `onValue`, until Ctrl-C ({@link InterruptedError}). A
 * stream that ends on its own means the connection went away: a {@link ConnectionClosedError}.
 */
export async function follow<T>(interrupt: Interrupt, stream$: Observable<T>, onValue: (value: T) => void): Promise<never> {
  await lastValueFrom(stream$.pipe(tap(onValue), takeUntil(interrupt.interrupted$)), { defaultValue: undefined });
  if (interrupt.triggered) throw new InterruptedError();
  throw new ConnectionClosedError('the server ended the stream (the connection closed)');
}
