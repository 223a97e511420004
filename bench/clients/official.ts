/**
 * The official MCP TypeScript SDK client adapter (`@modelcontextprotocol/client`): its
 * `StdioClientTransport` over stdio, its `StreamableHTTPClientTransport` over HTTP.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ECHO_ARGS, PROGRESS_TIMEOUT_MS, type BenchConnection, type BenchTarget, type Era } from './adapter.js';

/** Connects the official client with `versionNegotiation.mode` `'legacy'` or `'auto'`. */
export async function connect(era: Era, target: BenchTarget): Promise<BenchConnection> {
  const client = new Client({ name: 'bench-official', version: '1.0.0' }, { versionNegotiation: { mode: era === 'legacy' ? 'legacy' : 'auto' } });
  const transport =
    target.transport === 'http'
      ? new StreamableHTTPClientTransport(new URL(target.url))
      : new StdioClientTransport({ command: process.execPath, args: [target.serverPath] });
  await client.connect(transport);
  const http = transport instanceof StreamableHTTPClientTransport ? transport : undefined;
  return {
    protocolVersion: client.getNegotiatedProtocolVersion() ?? '<none>',
    call: () => client.callTool({ name: 'echo', arguments: ECHO_ARGS }),
    callWithProgress: (steps, onProgress) =>
      client.callTool(
        { name: 'progress', arguments: { steps } },
        { onprogress: (progress) => onProgress(progress.progress), resetTimeoutOnProgress: true, timeout: PROGRESS_TIMEOUT_MS },
      ),
    close: async () => {
      // A legacy HTTP session is ended with DELETE, as rxmcp's close does; close() alone leaves it.
      if (http?.sessionId !== undefined) await http.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
