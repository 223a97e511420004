/**
 * Connects an official SDK `McpServer` to the server end of an rxmcp in-memory pair, by
 * adapting the end's Observable contract to the SDK's callback `Transport` interface.
 */
import { Subject } from 'rxjs';
import type { McpServer } from '@modelcontextprotocol/server';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import type { MemoryTransport } from '../../lib/transport/memory.js';
import type { OutboundMessage } from '../../lib/transport/transport.js';

/** Serves `server` on `serverEnd`; resolves once the server is connected. */
export async function serveOnMemoryEnd(server: McpServer, serverEnd: MemoryTransport): Promise<void> {
  const outbound = new Subject<OutboundMessage>();
  const sdkTransport = {
    onmessage: undefined as ((message: unknown) => void) | undefined,
    onclose: undefined as (() => void) | undefined,
    onerror: undefined as ((error: Error) => void) | undefined,
    async start(): Promise<void> {
      serverEnd.connect(outbound).subscribe({
        next: (item) => {
          if (item.type === 'message') sdkTransport.onmessage?.(item.message);
        },
        complete: () => sdkTransport.onclose?.(),
      });
    },
    async send(message: unknown): Promise<void> {
      outbound.next({ message: message as JsonRpcMessage });
    },
    async close(): Promise<void> {
      outbound.complete();
    },
  };
  await server.connect(sdkTransport as never);
}
