import { BehaviorSubject, firstValueFrom, lastValueFrom, toArray, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { Dispatcher } from '../../lib/dispatch/dispatcher.js';
import { ConnectionClosedError, McpError, MessageTooLargeError, ProtocolViolationError, StreamBrokenError, TimeoutError, type RxMcpError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { flushed, scriptedPeer, until, type ScriptedPeer } from '../helpers/scripted-peer.js';
import { inboundFault } from '../../lib/transport/transport.js';
import { Observable, Subject } from 'rxjs';
import type { InboundItem, OutboundMessage, Transport } from '../../lib/transport/transport.js';

const isRequest = (message: JsonRpcMessage): message is JsonRpcRequest => 'method' in message && 'id' in message;

function setup(onMessage?: (message: JsonRpcMessage, peer: ScriptedPeer) => void): { dispatcher: Dispatcher; peer: ScriptedPeer; faults: RxMcpError[] } {
  const peer = scriptedPeer(onMessage);
  const dispatcher = new Dispatcher(peer.transport);
  const faults: RxMcpError[] = [];
  dispatcher.faults$.subscribe((fault) => faults.push(fault));
  dispatcher.start();
  return { dispatcher, peer, faults };
}

/** Echoes each request's params back as its result. */
const echo = (message: JsonRpcMessage, peer: ScriptedPeer): void => {
  if (isRequest(message)) peer.result(message.id, { echoed: message.params ?? null });
};

describe('Dispatcher requests', () => {
  it('mints ids 1, 2, 3 and correlates each response to its request', async () => {
    const { dispatcher, peer } = setup(echo);
    const results = await Promise.all([1, 2, 3].map((n) => lastValueFrom(dispatcher.request$('m', { n }, { progressToken: false }))));
    expect(peer.received.map((m) => (m as JsonRpcRequest).id)).toEqual([1, 2, 3]);
    expect(results.map((event) => event.type === 'result' && event.result)).toEqual([{ echoed: { n: 1 } }, { echoed: { n: 2 } }, { echoed: { n: 3 } }]);
  });

  it('matches a response whose id comes back as a string', async () => {
    const { dispatcher } = setup((message, peer) => {
      if (isRequest(message)) peer.result(String(message.id), { ok: true });
    });
    const event = await lastValueFrom(dispatcher.request$('m'));
    expect(event).toEqual({ type: 'result', result: { ok: true } });
  });

  it('puts a progress token (the id) in _meta without touching the caller params', async () => {
    const { dispatcher, peer } = setup(echo);
    const params = { a: 1, _meta: { keep: true } };
    await lastValueFrom(dispatcher.request$('m', params));
    expect(peer.received[0]).toEqual({ jsonrpc: '2.0', id: 1, method: 'm', params: { a: 1, _meta: { keep: true, progressToken: 1 } } });
    expect(params).toEqual({ a: 1, _meta: { keep: true } });
  });

  it('emits progress events for the request, in order, then the result', async () => {
    const { dispatcher } = setup((message, peer) => {
      if (!isRequest(message)) return;
      const token = (message.params?._meta as { progressToken: number }).progressToken;
      peer.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2, message: 'half' } });
      peer.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 2 } });
      peer.result(message.id, {});
    });
    const events = await lastValueFrom(dispatcher.request$('m').pipe(toArray()));
    expect(events).toEqual([
      { type: 'progress', progress: 1, total: 2, message: 'half' },
      { type: 'progress', progress: 2 },
      { type: 'result', result: {} },
    ]);
  });

  it('turns an error response into an McpError with code, message and data', async () => {
    const { dispatcher } = setup((message, peer) => {
      if (isRequest(message)) peer.error(message.id, -32602, 'Unknown tool', { name: 'x' });
    });
    const error = await lastValueFrom(dispatcher.request$('tools/call')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32602, message: 'Unknown tool', data: { name: 'x' } });
  });

  it('sends notifications/cancelled when the subscriber leaves before the response', async () => {
    const { dispatcher, peer } = setup();
    const subscription = dispatcher.request$('slow').subscribe();
    await flushed();
    subscription.unsubscribe();
    await flushed();
    expect(peer.received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'slow', params: { _meta: { progressToken: 1 } } },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'The client cancelled the request' } },
    ]);
    expect(dispatcher.pendingCount).toBe(0);
  });

  it('sends nothing at all for a request cancelled before it was written', async () => {
    const { dispatcher, peer } = setup();
    dispatcher.request$('never').subscribe().unsubscribe();
    await flushed();
    expect(peer.received).toEqual([]);
    expect(dispatcher.pendingCount).toBe(0);
  });

  it('does not send a cancellation when asked not to', async () => {
    const { dispatcher, peer } = setup();
    const subscription = dispatcher.request$('initialize', {}, { cancelOnUnsubscribe: false }).subscribe();
    await flushed();
    subscription.unsubscribe();
    await flushed();
    expect(peer.received.map((m) => ('method' in m ? m.method : ''))).toEqual(['initialize']);
  });

  it('drops a late answer to a cancelled request quietly', async () => {
    const { dispatcher, peer, faults } = setup();
    const subscription = dispatcher.request$('slow').subscribe();
    await flushed();
    subscription.unsubscribe();
    peer.result(1, { late: true });
    peer.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } });
    await flushed();
    expect(faults).toEqual([]);
  });

  it('writes requests made in the same tick together, in order', async () => {
    const { dispatcher, peer } = setup(echo);
    const batch = [1, 2, 3, 4].map((n) => firstValueFrom(dispatcher.request$(`m${n}`, undefined, { progressToken: false })));
    expect(peer.received).toEqual([]); // not yet: the queue flushes at the end of the tick
    await Promise.all(batch);
    expect(peer.received.map((m) => (m as JsonRpcRequest).method)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('handles 10,000 concurrent requests with none lost', async () => {
    const { dispatcher } = setup(echo);
    const results = await Promise.all(
      Array.from({ length: 10_000 }, (_, n) => lastValueFrom(dispatcher.request$('m', { n }, { progressToken: false }))),
    );
    expect(results.every((event, n) => event.type === 'result' && (event.result.echoed as { n: number }).n === n)).toBe(true);
    expect(dispatcher.pendingCount).toBe(0);
  });
});

describe('Dispatcher inbound faults', () => {
  it('reports a response to an unknown id and a duplicate response, and keeps going', async () => {
    const { dispatcher, peer, faults } = setup((message, p) => {
      if (!isRequest(message)) return;
      p.result(999, { stray: true });
      p.result(message.id, { first: true });
      p.result(message.id, { second: true });
    });
    const event = await lastValueFrom(dispatcher.request$('m'));
    expect(event).toEqual({ type: 'result', result: { first: true } });
    expect(faults.map((fault) => fault.message)).toEqual(['Received a response for unknown request id 999', 'Received a response for unknown request id 1']);
    expect(faults.every((fault) => fault instanceof ProtocolViolationError)).toBe(true);
    expect(await lastValueFrom(dispatcher.request$('again'))).toMatchObject({ type: 'result' });
    peer.close();
  });

  it('fails the request a malformed response names', async () => {
    const { dispatcher, faults } = setup((message, p) => {
      if (isRequest(message)) p.send({ jsonrpc: '2.0', id: message.id, result: 'not an object' });
    });
    const error = await lastValueFrom(dispatcher.request$('m')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolViolationError);
    expect((error as Error).message).toMatch(/^Invalid message from the server: malformed result response/);
    expect(faults).toEqual([]);
  });

  it('reports messages that are not JSON-RPC', async () => {
    const { dispatcher, peer, faults } = setup();
    peer.send({ hello: 'world' });
    peer.send(42);
    peer.send([]);
    await flushed();
    expect(faults).toHaveLength(3);
    expect(faults.every((fault) => fault instanceof ProtocolViolationError)).toBe(true);
    expect(dispatcher.state).toBe('open');
  });

  it('routes an error response with a null id to faults', async () => {
    const { peer, faults } = setup();
    peer.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    expect(faults).toEqual([new McpError(-32700, 'Parse error')]);
  });

  it('fails the request a transport fault names, and reports the others', async () => {
    const inbound = new Subject<InboundItem>();
    const transport: Transport = { kind: 'memory', description: 'fake', connect: () => inbound };
    const dispatcher = new Dispatcher(transport);
    const faults: RxMcpError[] = [];
    dispatcher.faults$.subscribe((fault) => faults.push(fault));
    dispatcher.start();
    const pending = lastValueFrom(dispatcher.request$('big')).catch((e: unknown) => e);
    await flushed();
    inbound.next(inboundFault(new MessageTooLargeError(100, 10), 1));
    inbound.next(inboundFault(new ProtocolViolationError('junk line')));
    expect(await pending).toBeInstanceOf(MessageTooLargeError);
    expect(faults.map((fault) => fault.message)).toEqual(['junk line']);
  });

  it('accepts JSON-RPC batches (2025-03-26)', async () => {
    const { dispatcher, peer } = setup();
    const notifications: JsonRpcNotification[] = [];
    dispatcher.notifications$.subscribe((n) => notifications.push(n));
    const pending = lastValueFrom(dispatcher.request$('m'));
    await flushed();
    peer.send([
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } },
      { jsonrpc: '2.0', id: 1, result: { batched: true } },
    ]);
    expect(await pending).toEqual({ type: 'result', result: { batched: true } });
    expect(notifications.map((n) => n.method)).toEqual(['notifications/message']);
  });
});

describe('Dispatcher notifications', () => {
  it('delivers every notification to every subscriber, in wire order', async () => {
    const { dispatcher, peer } = setup();
    const first: string[] = [];
    const second: string[] = [];
    dispatcher.notifications$.subscribe((n) => first.push(n.method));
    dispatcher.notifications$.subscribe((n) => second.push(n.method));
    for (let i = 0; i < 50; i++) peer.send({ jsonrpc: '2.0', method: `notifications/n${i}` });
    const expected = Array.from({ length: 50 }, (_, i) => `notifications/n${i}`);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
  });

  it('also passes a request\'s progress notifications to notifications$', async () => {
    const { dispatcher } = setup((message, peer) => {
      if (!isRequest(message)) return;
      peer.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: message.id, progress: 0.5 } });
      peer.result(message.id, {});
    });
    const seen: unknown[] = [];
    dispatcher.notifications$.subscribe((n) => seen.push(n.params));
    await lastValueFrom(dispatcher.request$('m'));
    expect(seen).toEqual([{ progressToken: 1, progress: 0.5 }]);
  });

  it('sends notifications after requests made earlier in the same tick', async () => {
    const { dispatcher, peer } = setup();
    dispatcher.request$('first').subscribe();
    dispatcher.notify('notifications/initialized');
    await flushed();
    expect(peer.received.map((m) => ('method' in m ? m.method : ''))).toEqual(['first', 'notifications/initialized']);
  });
});

describe('Dispatcher server requests', () => {
  it('answers ping itself and unknown methods with -32601', async () => {
    const { peer } = setup();
    peer.send({ jsonrpc: '2.0', id: 'p1', method: 'ping' });
    peer.send({ jsonrpc: '2.0', id: 'x1', method: 'sampling/createMessage', params: {} });
    await until(() => peer.received.length === 2);
    expect(peer.received).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', id: 'p1', result: {} },
        { jsonrpc: '2.0', id: 'x1', error: { code: -32601, message: 'Method not found', data: 'sampling/createMessage' } },
      ]),
    );
  });

  it('runs a registered handler and writes its result or its error', async () => {
    const { dispatcher, peer } = setup();
    dispatcher.handle('roots/list', async () => ({ roots: [{ uri: 'file:///tmp' }] }));
    dispatcher.handle('elicitation/create', () => {
      throw new McpError(-1, 'User declined');
    });
    dispatcher.handle('sampling/createMessage', () => {
      throw new Error('model unavailable');
    });
    peer.send({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    peer.send({ jsonrpc: '2.0', id: 2, method: 'elicitation/create', params: {} });
    peer.send({ jsonrpc: '2.0', id: 3, method: 'sampling/createMessage', params: {} });
    await until(() => peer.received.length === 3);
    expect(peer.received).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', id: 1, result: { roots: [{ uri: 'file:///tmp' }] } },
        { jsonrpc: '2.0', id: 2, error: { code: -1, message: 'User declined' } },
        { jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'model unavailable' } },
      ]),
    );
  });

  it('aborts a handler the server cancels, and sends no response', async () => {
    const { dispatcher, peer } = setup();
    let aborted = false;
    dispatcher.handle('elicitation/create', (_params, context) => {
      context.signal.addEventListener('abort', () => (aborted = true));
      return new Promise((resolve) => setTimeout(() => resolve({ action: 'accept' }), 50));
    });
    peer.send({ jsonrpc: '2.0', id: 9, method: 'elicitation/create', params: {} });
    peer.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9, reason: 'no longer needed' } });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(aborted).toBe(true);
    expect(peer.received).toEqual([]);
  });
});

describe('Dispatcher close', () => {
  it('fails every pending request at once when the server goes away, and every later one', async () => {
    const { dispatcher, peer } = setup();
    const pending = Array.from({ length: 100 }, () => lastValueFrom(dispatcher.request$('m')).catch((e: unknown) => e));
    await flushed();
    peer.close();
    const errors = await Promise.all(pending);
    expect(errors.every((error) => error instanceof ConnectionClosedError)).toBe(true);
    expect(dispatcher.state).toBe('closed');
    expect(dispatcher.closeReason?.message).toBe('Connection closed by the server');
    await expect(lastValueFrom(dispatcher.request$('later'))).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('on close(): fails pending requests without cancellation notices, still writes queued notifications', async () => {
    const { dispatcher, peer } = setup();
    const pending = lastValueFrom(dispatcher.request$('m')).catch((e: unknown) => e);
    await flushed();
    dispatcher.notify('notifications/goodbye');
    await dispatcher.close();
    expect(await pending).toBeInstanceOf(ConnectionClosedError);
    expect(peer.received.map((m) => ('method' in m ? m.method : ''))).toEqual(['m', 'notifications/goodbye']);
    dispatcher.notify('notifications/after-close');
    await flushed();
    expect(peer.received).toHaveLength(2);
  });

  it('completes notifications$ and faults$ on close', async () => {
    const { dispatcher } = setup();
    const done = Promise.all([lastValueFrom(dispatcher.notifications$.pipe(toArray())), lastValueFrom(dispatcher.faults$.pipe(toArray()))]);
    await dispatcher.close();
    expect(await done).toEqual([[], []]);
  });

  it('turns a transport error into the close reason', async () => {
    const transport: Transport = {
      kind: 'stdio',
      description: 'broken',
      connect: (_outbound$: Observable<OutboundMessage>) => new Observable<InboundItem>((subscriber) => subscriber.error(new Error('spawn ENOENT'))),
    };
    const dispatcher = new Dispatcher(transport);
    dispatcher.start();
    expect(dispatcher.closeReason).toBeInstanceOf(ConnectionClosedError);
    expect(dispatcher.closeReason?.message).toBe('Connection closed: spawn ENOENT');
    expect((dispatcher.closeReason?.cause as Error).message).toBe('spawn ENOENT');
    await dispatcher.close();
  });
});

describe('Dispatcher deadlines held (an interactive sign-in)', () => {
  it('stops every deadline while held and starts it again in full when released; a request made while held starts its clock at the release', async () => {
    const { dispatcher } = setup(); // a peer that never answers
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const advanceTo = (frame: number): void => {
      scheduler.maxFrames = frame;
      scheduler.flush();
      scheduler.frame = Math.max(scheduler.frame, frame);
    };
    const held = new BehaviorSubject(false);
    dispatcher.holdDeadlinesWhile(held);
    const failures: { method: string; error: unknown }[] = [];
    const run = (method: string): void => void dispatcher.request$(method, {}, { timeoutMs: 100, scheduler }).subscribe({ error: (error: unknown) => failures.push({ method, error }) });
    run('before');
    advanceTo(50);
    held.next(true); // the user goes to the authorization server
    run('during');
    advanceTo(1_000);
    expect(failures).toEqual([]);
    held.next(false); // back with credentials, at frame 1000: both clocks start now
    advanceTo(1_099);
    expect(failures).toEqual([]);
    advanceTo(1_100);
    expect(failures.map((failure) => failure.method).sort()).toEqual(['before', 'during']);
    expect(failures.every((failure) => failure.error instanceof TimeoutError)).toBe(true);
    await dispatcher.close();
  });
});

describe('Dispatcher re-issue from inside a write', () => {
  it('sends a request lost while the transport was writing it again, with a new id and its params, and resolves it with the answer', async () => {
    // a transport whose first write of a request breaks that request's stream at once, inside the write
    const written: JsonRpcMessage[] = [];
    const inbound = new Subject<InboundItem>();
    const transport: Transport = {
      kind: 'streamable-http',
      description: 'breaks the first write',
      connect: (outbound$: Observable<OutboundMessage>) => {
        outbound$.subscribe({
          next: ({ message }) => {
            written.push(structuredClone(message));
            if (!('id' in message && 'method' in message)) return;
            if (written.length === 1) inbound.next(inboundFault(new StreamBrokenError(message.method, 'the POST was reset'), message.id));
            else inbound.next({ type: 'message', message: { jsonrpc: '2.0', id: message.id, result: { echoed: message.params?.text } } });
          },
          complete: () => inbound.complete(),
        });
        return inbound;
      },
    };
    const dispatcher = new Dispatcher(transport);
    dispatcher.start();
    const result = await lastValueFrom(dispatcher.request$('tools/call', { text: 'again' }, { reissueOnBrokenStream: true, progressToken: false }));
    expect(result).toEqual({ type: 'result', result: { echoed: 'again' } });
    expect(written.map((message) => ('id' in message ? message.id : undefined))).toEqual([1, 2]);
    expect(written[1]).toEqual({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { text: 'again' } });
    expect(dispatcher.pendingCount).toBe(0);
    await dispatcher.close();
  });
});

describe('Dispatcher: a malformed response to a request in flight', () => {
  // the dispatcher settles a well-formed result response to a request in flight on a path of its
  // own (issue 17); what is nearly one must fail the request it names, never resolve it
  it.each([
    ['a wrong jsonrpc version', (id: number) => ({ jsonrpc: '1.0', id, result: { ok: true } })],
    ['no jsonrpc member', (id: number) => ({ id, result: { ok: true } })],
    ['a result and an error at once', (id: number) => ({ jsonrpc: '2.0', id, result: { ok: true }, error: { code: -1, message: 'no' } })],
    ['an array as the result', (id: number) => ({ jsonrpc: '2.0', id, result: [1] })],
  ])('%s fails the request with a ProtocolViolationError', async (_name, answer) => {
    const { dispatcher } = setup((message, peer) => {
      if (isRequest(message)) peer.send(answer(message.id as number));
    });
    const error = await lastValueFrom(dispatcher.request$('m', {}, { progressToken: false })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProtocolViolationError);
    expect(dispatcher.pendingCount).toBe(0);
    await dispatcher.close();
  });

  it('a fractional id settles nothing: the request stays in flight and the answer is a fault', async () => {
    const { dispatcher, peer, faults } = setup();
    const settled: unknown[] = [];
    dispatcher.request$('m', {}, { progressToken: false }).subscribe({ next: (event) => settled.push(event), error: (error: unknown) => settled.push(error) });
    await until(() => peer.received.length === 1);
    peer.send({ jsonrpc: '2.0', id: 1.5, result: { ok: true } });
    await until(() => faults.length === 1);
    expect(faults[0]).toBeInstanceOf(ProtocolViolationError);
    expect(settled).toEqual([]);
    expect(dispatcher.pendingCount).toBe(1);
    await dispatcher.close();
  });

  it('a method beside the result makes it a request from the server, answered as one, and the request in flight stays so', async () => {
    const { dispatcher, peer } = setup();
    const settled: unknown[] = [];
    dispatcher.request$('m', {}, { progressToken: false }).subscribe({ next: (event) => settled.push(event), error: (error: unknown) => settled.push(error) });
    await until(() => peer.received.length === 1);
    peer.send({ jsonrpc: '2.0', id: 1, method: 'm', result: { ok: true } });
    await until(() => peer.received.length === 2);
    expect(peer.received[1]).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32601 } });
    expect(settled).toEqual([]);
    expect(dispatcher.pendingCount).toBe(1);
    await dispatcher.close();
  });
});
