/**
 * A hand-scripted server on the far end of an in-memory pair, for tests that need exact control
 * of what the "server" sends: the test sees every message the client wrote and answers (or not)
 * as it likes.
 */
import { Subject, type Subscription } from 'rxjs';
import { createMemoryTransportPair, type MemoryTransport } from '../../lib/transport/memory.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest, RequestId } from '../../lib/protocol/jsonrpc.js';

/** What a scripted peer's reply callback is given. */
export interface ScriptedPeer {
  /** The transport to hand to the client. */
  readonly transport: MemoryTransport;
  /** Every message the client wrote, in order. */
  readonly received: JsonRpcMessage[];
  /** Sends a raw value to the client. */
  send(message: unknown): void;
  /** Answers a request with a result. */
  result(id: RequestId, result: JsonObject): void;
  /** Answers a request with an error. */
  error(id: RequestId, code: number, message: string, data?: unknown): void;
  /** Closes the server end (the client sees the connection end). */
  close(): void;
  /** The requests received so far with this method. */
  requests(method: string): JsonRpcRequest[];
}

/** Creates a peer that calls `onMessage` for every message the client sends. */
export function scriptedPeer(onMessage: (message: JsonRpcMessage, peer: ScriptedPeer) => void = () => undefined): ScriptedPeer {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  const toClient = new Subject<{ message: JsonRpcMessage }>();
  const received: JsonRpcMessage[] = [];
  let subscription: Subscription | undefined;
  const peer: ScriptedPeer = {
    transport: clientEnd,
    received,
    send: (message) => toClient.next({ message: message as JsonRpcMessage }),
    result: (id, result) => peer.send({ jsonrpc: '2.0', id, result }),
    error: (id, code, message, data) => peer.send({ jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } }),
    close: () => {
      toClient.complete();
      subscription?.unsubscribe();
    },
    requests: (method) => received.filter((m): m is JsonRpcRequest => 'method' in m && 'id' in m && m.method === method),
  };
  subscription = serverEnd.connect(toClient).subscribe((item) => {
    if (item.type !== 'message') return;
    const message = item.message as JsonRpcMessage;
    received.push(message);
    onMessage(message, peer);
  });
  return peer;
}

/** A minimal legacy server script: answers initialize and nothing else. */
export function answerInitialize(message: JsonRpcMessage, peer: ScriptedPeer, protocolVersion = '2025-11-25'): boolean {
  if ('id' in message && 'method' in message && message.method === 'initialize') {
    peer.result(message.id, { protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'scripted', version: '0' } });
    return true;
  }
  return false;
}

/** Waits until `predicate` holds, polling every few milliseconds (bounded). */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Calls `probe` (one call at a time) until its value satisfies `accept`; returns that value. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after the current microtask queue (the dispatcher's write queue) has flushed. */
export function flushed(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
