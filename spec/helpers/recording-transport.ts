/**
 * Wraps a transport and records the wire: every message the client sends and every value it
 * receives, so tests can assert what actually crossed the connection.
 */
import { tap, type Observable } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import type { InboundItem, OutboundMessage, Transport } from '../../lib/transport/transport.js';

/** A transport that remembers its traffic. */
export interface RecordingTransport extends Transport {
  readonly sent: JsonRpcMessage[];
  readonly sentHeaders: (Readonly<Record<string, string>> | undefined)[];
  readonly received: InboundItem[];
}

/** Records `inner`'s traffic. */
export function recording<T extends Transport>(inner: T): RecordingTransport & { readonly inner: T } {
  const sent: JsonRpcMessage[] = [];
  const sentHeaders: (Readonly<Record<string, string>> | undefined)[] = [];
  const received: InboundItem[] = [];
  return {
    inner,
    kind: inner.kind,
    description: `recording ${inner.description}`,
    sent,
    sentHeaders,
    received,
    connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
      return inner
        .connect(
          outbound$.pipe(
            tap((outbound) => {
              sent.push(outbound.message);
              sentHeaders.push(outbound.headers);
            }),
          ),
        )
        .pipe(tap((item) => received.push(item)));
    },
  };
}

/** The methods of the sent messages, in order. */
export function methodsOf(messages: readonly JsonRpcMessage[]): string[] {
  return messages.filter((message) => 'method' in message).map((message) => (message as { method: string }).method);
}
