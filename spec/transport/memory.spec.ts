import { firstValueFrom, Subject, toArray } from 'rxjs';
import { createMemoryTransportPair } from '../../lib/transport/memory.js';
import type { InboundItem, OutboundMessage } from '../../lib/transport/transport.js';

const msg = (n: number): OutboundMessage => ({ message: { jsonrpc: '2.0', method: `m${n}` } });

describe('memory transport pair', () => {
  it('delivers what one end sends to the other, in order', () => {
    const [a, b] = createMemoryTransportPair();
    const aOut = new Subject<OutboundMessage>();
    const bIn: InboundItem[] = [];
    b.connect(new Subject()).subscribe((item) => bIn.push(item));
    a.connect(aOut).subscribe();
    aOut.next(msg(1));
    aOut.next(msg(2));
    expect(bIn).toEqual([
      { type: 'message', message: { jsonrpc: '2.0', method: 'm1' } },
      { type: 'message', message: { jsonrpc: '2.0', method: 'm2' } },
    ]);
  });

  it('keeps messages sent before the other end connects', async () => {
    const [a, b] = createMemoryTransportPair();
    const aOut = new Subject<OutboundMessage>();
    a.connect(aOut).subscribe();
    aOut.next(msg(1));
    const bOut = new Subject<OutboundMessage>();
    const received = firstValueFrom(b.connect(bOut).pipe(toArray()));
    aOut.complete();
    expect(await received).toEqual([{ type: 'message', message: { jsonrpc: '2.0', method: 'm1' } }]);
  });

  it('ends the peer when one end completes its outbound stream or unsubscribes', () => {
    const [a, b] = createMemoryTransportPair();
    const events: string[] = [];
    b.connect(new Subject()).subscribe({ complete: () => events.push('b ended') });
    const aOut = new Subject<OutboundMessage>();
    a.connect(aOut).subscribe({ complete: () => events.push('a ended') });
    aOut.complete();
    expect(events).toEqual(['b ended', 'a ended']);

    const [c, d] = createMemoryTransportPair();
    d.connect(new Subject()).subscribe({ complete: () => events.push('d ended') });
    c.connect(new Subject()).subscribe().unsubscribe();
    expect(events).toContain('d ended');
  });
});
