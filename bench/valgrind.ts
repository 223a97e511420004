/**
 * Running a Node process under valgrind's cachegrind for the `instructions` part: instruction
 * counts only (`--cache-sim=no`), with `--smc-check=all-non-file`, valgrind's setting for programs
 * that generate code: any code outside a mapped file (V8's JIT code, which V8 rewrites in place)
 * is checked for changes before it runs, so valgrind never runs a stale translation. Valgrind
 * runs the threads of the process one at a time, so V8's background compiler and GC threads are
 * counted too; the process's children (the fixture server) are not run under it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The path of `command` on `PATH`, or undefined if it is not there (or not executable). */
export function findOnPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** How a process under cachegrind ended. */
export interface CachegrindRun {
  /** What the process printed on stdout. */
  readonly stdout: string;
  /** valgrind's own report and the process's stderr, for a failure's message. */
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Runs `node <nodeArgs>` under cachegrind, writing its counts to `outFile`; kills it after
 * `timeoutMs`.
 */
export function runUnderCachegrind(valgrind: string, nodeArgs: readonly string[], outFile: string, cwd: string, timeoutMs: number): Promise<CachegrindRun> {
  const args = ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file', `--cachegrind-out-file=${outFile}`, process.execPath, ...nodeArgs];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(valgrind, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ stdout, stderr, code, signal });
    });
  });
}
