/**
 * Starts spec/fixtures/fixture-http-server.mjs for one HTTP measurement: a child process bound to
 * a free port of 127.0.0.1, ready once it prints `LISTENING <port>`, serving both eras at `/mcp`.
 * (spec/helpers/http-servers.ts does the same for the tests; the bench keeps its own copy so that
 * it depends on nothing under spec/ but the fixtures.)
 */
import { spawn } from 'node:child_process';

/** A running fixture HTTP server. */
export interface HttpFixture {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** Stops the server (end of stdin, SIGTERM, SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `node <serverPath> --exit-on-stdin-end` and resolves once it listens. */
export function startHttpFixture(serverPath: string, timeoutMs = 15_000): Promise<HttpFixture> {
  const child = spawn(process.execPath, [serverPath, '--exit-on-stdin-end'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise<HttpFixture>((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(message)));
    };
    const timer = setTimeout(() => fail(`the HTTP fixture server did not listen within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(`the HTTP fixture server could not start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`the HTTP fixture server exited before it listened (code ${code}, signal ${signal})`));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (settled) return; // keep draining so the pipe never fills
      stdout += chunk;
      const match = /^LISTENING (\d+)\r?$/m.exec(stdout);
      if (match === null) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${match[1]}/mcp`, stop });
    });
  });
}
