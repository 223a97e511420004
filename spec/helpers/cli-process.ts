/**
 * Runs the `rxmcp` command as a process, the way a user or a script would, with stdin, stdout and
 * stderr as pipes (so: not a terminal). The command is lib/cli/main.ts bundled from the sources
 * by esbuild once per spec file (its npm dependencies stay external, so the bundle lives under
 * node_modules/.cache/ where they resolve): `node main.mjs` starts in a third of the time
 * `tsx` takes, and the specs need no `npm run build`. `runCli` waits for the exit; `startCli`
 * gives the running process for streams and SIGINT. spec/helpers/terminal.ts runs it on a terminal.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The project root. */
export const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'node_modules', '.cache', 'rxmcp-cli-spec', `main-${process.pid}-${Date.now()}.mjs`);
let bundled: Promise<void> | undefined;
// each spec file that imports this helper removes its bundle when it is done
afterAll(() => rmSync(BUNDLE, { force: true }));

/** Bundles the CLI (once per spec file); resolves with the command line that starts it. */
export async function cliCommand(): Promise<string[]> {
  bundled ??= (async () => {
    mkdirSync(join(BUNDLE, '..'), { recursive: true });
    await build({ entryPoints: [join(ROOT, 'lib', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: BUNDLE, logLevel: 'silent' });
  })();
  await bundled;
  return [process.execPath, BUNDLE];
}
/** `-- node fixture-server.mjs`: the fixture server over stdio as a CLI target. */
export const FIXTURE_TARGET: readonly string[] = ['--', process.execPath, join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs')];
/** `-- node logging-server.mjs`: the legacy server that logs on its own. */
export const LOGGING_TARGET: readonly string[] = ['--', process.execPath, join(ROOT, 'spec', 'fixtures', 'logging-server.mjs')];
/** `-- node wire-tap.mjs LOG -- node fixture-server.mjs`: the fixture server, with what the client sent recorded in `log`. */
export function tappedFixtureTarget(log: string): string[] {
  return ['--', process.execPath, join(ROOT, 'spec', 'helpers', 'wire-tap.mjs'), log, '--', process.execPath, join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs')];
}

/** How a finished run ended. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  /** stdout as the bytes written. */
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

/** A running CLI process. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything on stdout so far. */
  stdout(): string;
  /** Everything on stderr so far. */
  stderr(): string;
  /** Resolves with the stdout lines once `predicate` holds for them (rejects if the process exits first). */
  waitForLines(predicate: (lines: string[]) => boolean): Promise<string[]>;
  /** Resolves once the process exited. */
  readonly exited: Promise<CliResult>;
}

/** The environment of a CLI run: this process's, without colour forcing. */
function cliEnv(env: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.FORCE_COLOR;
  return { ...base, ...env };
}

/** Starts `rxmcp <args>`. */
export async function startCli(args: readonly string[], options: { env?: Readonly<Record<string, string>>; cwd?: string } = {}): Promise<RunningCli> {
  const [node, script] = await cliCommand();
  const child = spawn(node!, [script!, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(options.env), stdio: 'pipe' });
  const chunks: Buffer[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  const stdout = () => Buffer.concat(chunks).toString('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: stdout(), stdoutBytes: Buffer.concat(chunks), stderr })));
  const lines = () => stdout().split('\n').filter((line) => line !== '');
  return {
    child,
    stdout,
    stderr: () => stderr,
    exited,
    waitForLines: (predicate) =>
      new Promise<string[]>((resolve, reject) => {
        const check = () => {
          if (!predicate(lines())) return;
          waiters.delete(check);
          resolve(lines());
        };
        waiters.add(check);
        void exited.then((result) => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          reject(new Error(`the CLI exited (${result.code ?? result.signal}) before the expected output; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`));
        });
        check();
      }),
  };
}

/** Runs `rxmcp <args>` to its end. `input` is written to its stdin (which then ends). */
export async function runCli(args: readonly string[], options: { env?: Readonly<Record<string, string>>; cwd?: string; input?: string } = {}): Promise<CliResult> {
  const running = await startCli(args, options);
  running.child.stdin.end(options.input ?? '');
  return running.exited;
}

/** The JSON-RPC messages a client sent, from a wire-tap log (one message per line). */
export function tappedMessages(text: string): Array<{ id?: number | string; method?: string; params?: Record<string, unknown> }> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id?: number | string; method?: string; params?: Record<string, unknown> });
}
