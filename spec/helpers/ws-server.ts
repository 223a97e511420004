/**
 * Starts the WebSocket fixture server (spec/fixtures/fixture-ws-server.mjs) as a child process
 * and hands back its URL. `lines` collects what it reports on stdout (`CONNECTED …`,
 * `CLOSED <code> <reason>`), so a test can see what the server saw.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const FIXTURE = join(__dirname, '..', 'fixtures', 'fixture-ws-server.mjs');
const START_TIMEOUT_MS = 10_000;

/** A running WebSocket fixture server. */
export interface WsFixture {
  /** `ws://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** The server's stdout lines after `LISTENING`, as they arrive. */
  readonly lines: readonly string[];
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts the fixture with extra `args` (`--require-token t`, `--no-subprotocol`, `--garbage`, `--binary`). */
export function startWsFixture(args: readonly string[] = []): Promise<WsFixture> {
  const child = spawn(process.execPath, [FIXTURE, '--exit-on-stdin-end', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  return new Promise<WsFixture>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`The WebSocket fixture did not start in time; stderr:\n${stderr}`)), START_TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    let port: number | undefined;
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        const listening = /^LISTENING (\d+)$/.exec(line);
        if (port === undefined && listening !== null) {
          port = Number(listening[1]);
          clearTimeout(timer);
          resolve({
            url: `ws://127.0.0.1:${port}/mcp`,
            lines,
            stop: async () => {
              if (child.exitCode === null && child.signalCode === null) child.stdin.end();
              await exited;
            },
          });
        } else if (port !== undefined) lines.push(line);
      }
    });
    child.once('close', (code) => {
      if (port === undefined) fail(new Error(`The WebSocket fixture exited with code ${code}; stderr:\n${stderr}`));
    });
  });
}
