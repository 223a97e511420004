/** The raw floor adapter: the hand-written JSON-RPC clients of `../raw-client.ts` (stdio) and `../raw-http-client.ts` on `fetch` (HTTP). */
import { RawClient } from '../raw-client.js';
import { RawHttpClient } from '../raw-http-client.js';
import { fetchSend } from '../raw-http-send.js';
import { ECHO_ARGS, type BenchConnection, type BenchTarget, type Era } from './adapter.js';

/** Connects the raw client with `initialize` (legacy) or `server/discover` (modern). */
export async function connect(era: Era, target: BenchTarget): Promise<BenchConnection> {
  const client = target.transport === 'stdio' ? await RawClient.connect(process.execPath, [target.serverPath], era) : await RawHttpClient.connect(fetchSend, target.url, era);
  return {
    protocolVersion: client.protocolVersion,
    call: () => client.request('tools/call', { name: 'echo', arguments: ECHO_ARGS }),
    callWithProgress: (steps, onProgress) => client.request('tools/call', { name: 'progress', arguments: { steps } }, onProgress),
    close: () => client.close(),
  };
}
