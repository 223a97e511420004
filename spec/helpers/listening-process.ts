/**
 * A server started as a Node child process that reports `LISTENING <port>` on stdout once it
 * listens: the fixture HTTP and WebSocket servers, server-everything with a preload, and the
 * bench's HTTP fixture (bench/http-fixture.ts uses this file too, so it depends on nothing in
 * Node's module system but relative imports: no `__dirname`, no `import.meta`).
 *
 * Stopping ends the server's stdin (the fixtures exit on it), sends SIGTERM, and SIGKILL after
 * 3 s; it resolves once the process has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** How {@link startListeningProcess} starts a server. */
export interface ListeningProcessOptions {
  /** Variables added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory. Default: this process's. */
  readonly cwd?: string;
  /** How long the server has to print `LISTENING <port>`. Default 10 s. */
  readonly timeoutMs?: number;
  /** Each stdout line after `LISTENING` (what a fixture reports of its peers), as it arrives. */
  readonly onLine?: (line: string) => void;
}

/** A server that listens. */
export interface ListeningProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Stops the server and waits until the process has exited (idempotent). */
  stop(): Promise<void>;
  /** The last 64 KiB of its stderr. */
  stderr(): string;
}

const STDERR_KEPT_CHARS = 65_536;
const KILL_AFTER_MS = 3_000;

/** Spawns `node <args>` and resolves once it printed `LISTENING <port>` on stdout. */
export function startListeningProcess(args: readonly string[], options: ListeningProcessOptions = {}): Promise<ListeningProcess> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const child = spawn(process.execPath, [...args], {
    ...(options.cwd !== undefined && { cwd: options.cwd }),
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT_CHARS);
  });
  child.stdin!.on('error', () => undefined);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end();
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
        await exited;
        clearTimeout(killer);
      }
      child.stdin!.destroy();
      child.stdout!.destroy();
      child.stderr!.destroy();
    })();
    return stopping;
  };

  return new Promise<ListeningProcess>((resolve, reject) => {
    let port: number | undefined;
    let failed = false;
    let partial = '';
    const fail = (message: string): void => {
      if (port !== undefined || failed) return;
      failed = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${message}\nstderr:\n${stderr}`)));
    };
    const timer = setTimeout(() => fail(`the server did not listen within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(`the server could not start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`the server exited before it listened (code ${code}, signal ${signal})`));
    // read to the end, so the pipe never fills
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (port !== undefined) {
          options.onLine?.(line);
          continue;
        }
        const listening = /^LISTENING (\d+)$/.exec(line);
        if (listening === null || failed) continue;
        port = Number(listening[1]);
        clearTimeout(timer);
        resolve({ child, port, stop, stderr: () => stderr });
      }
    });
  });
}
