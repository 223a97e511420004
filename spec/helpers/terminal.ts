/**
 * A program run on a real terminal: a detached tmux session of a fixed size on a private tmux
 * server (its own socket, so nothing else's sessions are touched), whose screen the tests read as
 * a person would see it (`capture-pane`), and to which they type (`send-keys`). The exit code is
 * written by the session's shell to a file once the program ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let sessions = 0;

/** Quotes a word for sh. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Options of {@link Terminal.start}. */
export interface TerminalOptions {
  readonly columns?: number;
  readonly rows?: number;
  /** Variables set for the program (`NO_COLOR`, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Variables removed from the program's environment. */
  readonly unset?: readonly string[];
  readonly cwd?: string;
}

/** A program on a terminal. */
export class Terminal {
  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  /** Starts `command` (its words) on a fresh terminal. */
  static start(command: readonly string[], options: TerminalOptions = {}): Terminal {
    const socket = `rxmcp-spec-${process.pid}-${++sessions}`;
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-term-'));
    const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)}`);
    const unset = (options.unset ?? []).map((key) => `-u ${key}`);
    const script = `${options.cwd === undefined ? '' : `cd ${shellQuote(options.cwd)} && `}env ${unset.join(' ')} ${env.join(' ')} ${command.map(shellQuote).join(' ')}; echo $? > ${shellQuote(join(dir, 'exit'))}; sleep 600`;
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'spec', '-x', String(options.columns ?? 120), '-y', String(options.rows ?? 30), script]);
    return new Terminal(socket, dir);
  }

  /** The screen as a person sees it now: one string per row, trailing blanks trimmed. */
  screen(escapes = false): string[] {
    const text = execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'spec'], { encoding: 'utf8' });
    return text.split('\n').map((row) => row.trimEnd());
  }

  /** Types keys (tmux key names: `Enter`, `C-c`, or literal text). */
  send(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'spec', ...keys]);
  }

  /** Types text literally. */
  type(text: string): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'spec', '-l', text]);
  }

  /** The program's exit code once it ended, else `undefined`. */
  exitCode(): number | undefined {
    try {
      return Number(readFileSync(join(this.dir, 'exit'), 'utf8').trim());
    } catch {
      return undefined;
    }
  }

  /**
   * Resolves with the first screen for which `predicate` holds, read every `everyMs`; every
   * screen seen is kept in `seen` (the frames). Rejects after `timeoutMs` with the last screen.
   */
  async waitForScreen(predicate: (rows: string[]) => boolean, options: { timeoutMs?: number; everyMs?: number; seen?: string[][] } = {}): Promise<string[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 8_000);
    for (;;) {
      const rows = this.screen();
      options.seen?.push(rows);
      if (predicate(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`the screen never showed what was expected; last screen:\n${rows.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 40));
    }
  }

  /** Resolves with the exit code once the program ended. */
  async waitForExit(timeoutMs = 8_000): Promise<number> {
    await this.waitForScreen(() => this.exitCode() !== undefined, { timeoutMs });
    return this.exitCode()!;
  }

  /** Ends the terminal (its tmux server) and removes the exit-code file. */
  close(): void {
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
