/** The rxmcp adapter: `Client.connect(stdio(...))` from the built package, Promise API. */
import { Client } from 'rxmcp';
import { stdio } from 'rxmcp/node';
import { ECHO_ARGS, PROGRESS_TIMEOUT_MS, type BenchConnection, type Era } from './adapter.js';

/** Connects rxmcp in `mode: 'legacy'` (legacy era) or `mode: 'auto'` (modern era). */
export async function connect(era: Era, serverPath: string): Promise<BenchConnection> {
  const client = await Client.connect(stdio({ command: process.execPath, args: [serverPath] }), { mode: era === 'legacy' ? 'legacy' : 'auto' });
  return {
    protocolVersion: client.protocolVersion,
    call: () => client.callTool('echo', ECHO_ARGS),
    callWithProgress: (steps, onProgress) =>
      client.callTool('progress', { steps }, { onProgress: (event) => onProgress(event.progress), timeoutMs: PROGRESS_TIMEOUT_MS }),
    close: () => client.close(),
  };
}
