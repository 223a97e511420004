/** The raw floor adapter: the hand-written JSON-RPC client of `../raw-client.ts`. */
import { RawClient } from '../raw-client.js';
import { ECHO_ARGS, type BenchConnection, type Era } from './adapter.js';

/** Connects the raw client with `initialize` (legacy) or `server/discover` (modern). */
export async function connect(era: Era, serverPath: string): Promise<BenchConnection> {
  const client = await RawClient.connect(process.execPath, [serverPath], era);
  return {
    protocolVersion: client.protocolVersion,
    call: () => client.request('tools/call', { name: 'echo', arguments: ECHO_ARGS }),
    callWithProgress: (steps, onProgress) => client.request('tools/call', { name: 'progress', arguments: { steps } }, onProgress),
    close: () => client.close(),
  };
}
