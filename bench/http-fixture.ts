/**
 * Starts spec/fixtures/fixture-http-server.mjs for one HTTP measurement: a child process bound to
 * a free port of 127.0.0.1, serving both eras at `/mcp`, started and stopped the way the tests
 * start it (spec/helpers/listening-process.ts).
 */
import { startListeningProcess } from '../spec/helpers/listening-process.js';

/** A running fixture HTTP server. */
export interface HttpFixture {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** Stops the server (end of stdin, SIGTERM, SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `node <serverPath> --exit-on-stdin-end` and resolves once it listens. */
export async function startHttpFixture(serverPath: string, timeoutMs = 15_000): Promise<HttpFixture> {
  const started = await startListeningProcess([serverPath, '--exit-on-stdin-end'], { timeoutMs });
  return { url: `http://127.0.0.1:${started.port}/mcp`, stop: started.stop };
}
