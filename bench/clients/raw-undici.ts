/** The second HTTP floor's adapter: `../raw-http-client.ts` on `undici.request` with keep-alive (HTTP only). */
import { RawHttpClient } from '../raw-http-client.js';
import { undiciSend } from '../raw-undici-send.js';
import { ECHO_ARGS, type BenchConnection, type BenchTarget, type Era } from './adapter.js';

/** Connects with `initialize` (legacy) or `server/discover` (modern). */
export async function connect(era: Era, target: BenchTarget): Promise<BenchConnection> {
  if (target.transport !== 'http') throw new Error('raw-undici is an HTTP floor');
  const client = await RawHttpClient.connect(undiciSend, target.url, era);
  return {
    protocolVersion: client.protocolVersion,
    call: () => client.request('tools/call', { name: 'echo', arguments: ECHO_ARGS }),
    callWithProgress: (steps, onProgress) => client.request('tools/call', { name: 'progress', arguments: { steps } }, onProgress),
    close: () => client.close(),
  };
}
