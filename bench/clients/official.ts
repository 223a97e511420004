/** The official MCP TypeScript SDK client adapter (`@modelcontextprotocol/client`). */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ECHO_ARGS, PROGRESS_TIMEOUT_MS, type BenchConnection, type Era } from './adapter.js';

/** Connects the official client with `versionNegotiation.mode` `'legacy'` or `'auto'`. */
export async function connect(era: Era, serverPath: string): Promise<BenchConnection> {
  const client = new Client({ name: 'bench-official', version: '1.0.0' }, { versionNegotiation: { mode: era === 'legacy' ? 'legacy' : 'auto' } });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [serverPath] }));
  return {
    protocolVersion: client.getNegotiatedProtocolVersion() ?? '<none>',
    call: () => client.callTool({ name: 'echo', arguments: ECHO_ARGS }),
    callWithProgress: (steps, onProgress) =>
      client.callTool(
        { name: 'progress', arguments: { steps } },
        { onprogress: (progress) => onProgress(progress.progress), resetTimeoutOnProgress: true, timeout: PROGRESS_TIMEOUT_MS },
      ),
    close: () => client.close(),
  };
}
