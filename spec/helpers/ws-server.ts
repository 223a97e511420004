/**
 * Starts the WebSocket fixture server (spec/fixtures/fixture-ws-server.mjs) as a child process
 * and hands back its URL. `lines` collects what it reports on stdout (`CONNECTED …`,
 * `CLOSED <code> <reason>`), so a test can see what the server saw.
 */
import { join } from 'node:path';
import { startListeningProcess } from './listening-process.js';

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

/** Starts the fixture with extra `args` (`--require-token t`, `--resource-metadata url`, `--no-subprotocol`, `--garbage`, `--binary`). */
export async function startWsFixture(args: readonly string[] = []): Promise<WsFixture> {
  const lines: string[] = [];
  const started = await startListeningProcess([FIXTURE, '--exit-on-stdin-end', ...args], { timeoutMs: START_TIMEOUT_MS, onLine: (line) => lines.push(line) });
  return { url: `ws://127.0.0.1:${started.port}/mcp`, lines, stop: started.stop };
}
