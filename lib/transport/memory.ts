/**
 * An in-process transport: two linked ends, each a {@link Transport}. What one end sends, the
 * other receives, as the same objects (no serialization). Useful for tests and for running a
 * server in the same process as the client.
 */
import { Observable, Subscription } from 'rxjs';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { inboundMessage, type InboundItem, type OutboundMessage, type Transport } from './transport.js';

interface EndState {
  /** The connected subscriber of this end's inbound stream, if any. */
  receiver?: (message: JsonRpcMessage) => void;
  /** Completes this end's inbound stream (the peer closed). */
  end?: () => void;
  /** Messages that arrived before this end connected. */
  readonly backlog: JsonRpcMessage[];
  /** Set once the peer has closed; a later connect sees an immediate end. */
  peerClosed: boolean;
}

/** One end of a linked in-memory pair. */
export class MemoryTransport implements Transport {
  /** Always `'memory'`. */
  readonly kind = 'memory' as const;

  /** @internal use {@link createMemoryTransportPair}. */
  constructor(
    /** Which end of the pair this is, for errors and logs. */
    readonly description: string,
    private readonly self: EndState,
    private readonly peer: EndState,
  ) {}

  /** Connects to the other end of the pair (see `Transport.connect`). */
  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
    return new Observable<InboundItem>((subscriber) => {
      const self = this.self;
      const peer = this.peer;
      const deliverToPeer = (message: JsonRpcMessage): void => {
        if (peer.receiver !== undefined) peer.receiver(message);
        else if (!peer.peerClosed) peer.backlog.push(message);
      };
      let closed = false;
      const closePeer = (): void => {
        if (closed) return;
        closed = true;
        peer.peerClosed = true;
        peer.end?.();
      };

      self.receiver = (message) => subscriber.next(inboundMessage(message));
      self.end = () => subscriber.complete();
      const subscription = new Subscription();
      subscription.add(
        outbound$.subscribe({
          next: ({ message }) => deliverToPeer(message),
          complete: () => {
            closePeer();
            subscriber.complete();
          },
          error: () => {
            closePeer();
            subscriber.complete();
          },
        }),
      );
      for (const message of self.backlog.splice(0)) subscriber.next(inboundMessage(message));
      if (self.peerClosed) subscriber.complete();

      return () => {
        subscription.unsubscribe();
        self.receiver = undefined;
        self.end = undefined;
        closePeer();
      };
    });
  }
}

/** Creates two linked in-memory transports: `[clientEnd, serverEnd]`. */
export function createMemoryTransportPair(): [MemoryTransport, MemoryTransport] {
  const a: EndState = { backlog: [], peerClosed: false };
  const b: EndState = { backlog: [], peerClosed: false };
  return [new MemoryTransport('memory: client end', a, b), new MemoryTransport('memory: server end', b, a)];
}
