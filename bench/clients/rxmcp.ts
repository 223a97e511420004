/**
 * The rxmcp adapter, from the built package, Promise API: `Client.connect(stdio(...))` over stdio,
 * `Client.connect(url)` (Streamable HTTP, no HTTP+SSE fallback) over HTTP.
 */
import { Client } from 'rxmcp';
import { stdio } from 'rxmcp/node';
import { ECHO_ARGS, PROGRESS_TIMEOUT_MS, type BenchConnection, type BenchTarget, type Era } from './adapter.js';

/** Connects rxmcp in `mode: 'legacy'` (legacy era) or `mode: 'auto'` (modern era). */
export async function connect(era: Era, target: BenchTarget): Promise<BenchConnection> {
  const mode = era === 'legacy' ? 'legacy' : 'auto';
  const client =
    target.transport === 'stdio'
      ? await Client.connect(stdio({ command: process.execPath, args: [target.serverPath] }), { mode })
      : await Client.connect(target.url, { mode, httpTransport: 'streamable-http' });
  return benchConnection(client);
}

/** A connected rxmcp client as the bench drives it (shared with the `rxmcp-fetch` adapter). */
export function benchConnection(client: Client): BenchConnection {
  return {
    protocolVersion: client.protocolVersion,
    call: () => client.callTool('echo', ECHO_ARGS),
    callWithProgress: (steps, onProgress) =>
      client.callTool('progress', { steps }, { onProgress: (event) => onProgress(event.progress), timeoutMs: PROGRESS_TIMEOUT_MS }),
    close: () => client.close(),
  };
}
