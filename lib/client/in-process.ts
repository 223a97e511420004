/**
 * Running an official SDK server (`McpServer` from `@modelcontextprotocol/server`) in the same
 * process as the client, over an in-memory pair: `Client.connect(server)`.
 *
 * When the SDK's `serveStdio` is available it serves the server on the pair with its own era
 * handling, so both protocol eras work as they would over a pipe; otherwise the server is
 * connected directly and speaks the legacy era. rxmcp does not depend on the SDK: it is loaded
 * only when a server object is passed in (so whoever passes one has it installed).
 *
 * `raiseExceptions` decides whether an internal error from a server handler reaches the client
 * with the handler's own message (`true`, handy in tests) or as an opaque "Internal server
 * error" (`false`, the default, as a remote server would keep its internals to itself).
 */
import { Subject } from 'rxjs';
import { ErrorCode } from '../protocol/error-codes.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { createMemoryTransportPair, type MemoryTransport } from '../transport/memory.js';
import type { OutboundMessage, Transport } from '../transport/transport.js';

/** The callback-style transport interface of the official SDK, as far as rxmcp implements it. */
export interface SdkTransport {
  /** Set by the SDK server: receives each message the client sends. */
  onmessage?: (message: unknown) => void;
  /** Set by the SDK server: called once the connection has closed. */
  onclose?: () => void;
  /** Set by the SDK server: called with transport errors. */
  onerror?: (error: Error) => void;
  /** Starts delivering messages (the SDK calls it from `connect`). */
  start(): Promise<void>;
  /** Sends a message from the server to the client. */
  send(message: unknown): Promise<void>;
  /** Closes the connection from the server's side. */
  close(): Promise<void>;
}

/** An official SDK server instance (`McpServer` or the low-level `Server`). */
export interface InProcessServer {
  /** Attaches the server to `transport` (the SDK's own `connect`). */
  connect(transport: SdkTransport): Promise<void>;
}

type ServeStdio = (factory: () => InProcessServer, options: { transport: SdkTransport }) => unknown;

/** True for an SDK server object (as opposed to an rxmcp {@link Transport}). */
export function isInProcessServer(target: Transport | InProcessServer): target is InProcessServer {
  return typeof (target as { connect?: unknown }).connect === 'function' && typeof (target as { kind?: unknown }).kind !== 'string';
}

/** Serves `server` on one end of a memory pair and returns the other end. */
export async function inProcessTransport(server: InProcessServer, options: { readonly raiseExceptions: boolean }): Promise<MemoryTransport> {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  const adapter = sdkTransportFor(serverEnd, options.raiseExceptions);
  const serveStdio = await loadServeStdio();
  if (serveStdio !== undefined) serveStdio(() => server, { transport: adapter });
  else await server.connect(adapter);
  return clientEnd;
}

/** The SDK's dual-era serving entry, if the SDK is installed. */
async function loadServeStdio(): Promise<ServeStdio | undefined> {
  // A computed specifier: bundlers must not try to pull the SDK (and Node built-ins) into a browser build.
  const specifier = ['@modelcontextprotocol', 'server', 'stdio'].join('/');
  try {
    const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as { serveStdio?: ServeStdio };
    return typeof module.serveStdio === 'function' ? module.serveStdio : undefined;
  } catch {
    return undefined;
  }
}

/** Adapts the server end of a memory pair to the SDK's callback transport interface. */
function sdkTransportFor(end: MemoryTransport, raiseExceptions: boolean): SdkTransport {
  const outbound = new Subject<OutboundMessage>();
  const transport: SdkTransport = {
    async start() {
      end.connect(outbound).subscribe({
        next: (item) => {
          if (item.type === 'message') transport.onmessage?.(item.message);
        },
        complete: () => transport.onclose?.(),
      });
    },
    async send(message) {
      outbound.next({ message: raiseExceptions ? (message as JsonRpcMessage) : opaqueInternalErrors(message as JsonRpcMessage) });
    },
    async close() {
      outbound.complete();
    },
  };
  return transport;
}

/** Replaces the message of an internal error with an opaque one. */
function opaqueInternalErrors(message: JsonRpcMessage): JsonRpcMessage {
  if (!('error' in message) || message.error.code !== ErrorCode.InternalError) return message;
  return { ...message, error: { code: ErrorCode.InternalError, message: 'Internal server error' } };
}
