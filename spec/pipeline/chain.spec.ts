/**
 * The request chain (`lib/pipeline/`) against the fixture server over stdio: where user
 * interceptors sit among the built-in stages (asserted on the wire order), an interceptor that
 * answers without calling `next`, retry around an inner interceptor, and cancellation by
 * unsubscribe (and by `signal`) through every stage, seen by the server.
 */
import { firstValueFrom, filter, lastValueFrom, mergeMap, of, Subject, tap, throwError, type Observable } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import type { ClientOptions } from '../../lib/client/client-options.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import { CancelledError, InvalidOptionError, TransportError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import { createContextKey, McpContext } from '../../lib/pipeline/context.js';
import type { McpInterceptor } from '../../lib/pipeline/mcp-request.js';
import type { InboundItem, OutboundMessage, Transport } from '../../lib/transport/transport.js';
import { eventually } from '../helpers/scripted-peer.js';
import { firstText, fixtureServer } from '../helpers/servers.js';

jest.setTimeout(20_000);

/** A transport that logs every request and notification it sends into `log`, and emits them on `sent$`. */
function logged(inner: Transport, log: string[]): Transport & { readonly sent$: Observable<JsonRpcMessage> } {
  const sent$ = new Subject<JsonRpcMessage>();
  return {
    kind: inner.kind,
    description: `logged ${inner.description}`,
    sent$,
    connect: (outbound$: Observable<OutboundMessage>): Observable<InboundItem> =>
      inner.connect(
        outbound$.pipe(
          tap(({ message }) => {
            if ('method' in message) log.push(`wire ${message.method}`);
            sent$.next(message);
          }),
        ),
      ),
  };
}

/** An interceptor that logs `name <method>` each time it runs, and `name result` when a result passes it on the way back. */
function recorder(name: string, log: string[]): McpInterceptor {
  return (request, next) => {
    log.push(`${name} ${request.method}`);
    return next(request).pipe(tap((event) => event.type === 'result' && log.push(`${name} result`)));
  };
}

async function connect(options: ClientOptions & { era?: 'legacy' | 'modern' } = {}): Promise<{ client: Client; log: string[]; transport: ReturnType<typeof logged> }> {
  const log: string[] = [];
  const transport = logged(fixtureServer(), log);
  const client = await Client.connect(transport, { mode: options.era === 'legacy' ? 'legacy' : 'auto', ...options });
  log.length = 0;
  return { client, log, transport };
}

describe('the order of user interceptors and built-in stages', () => {
  it('runs outer interceptors once per call and inner ones once per wire request, every input_required round included', async () => {
    const log: string[] = [];
    const { client, log: wire } = await connect({
      interceptors: { outer: [recorder('outer', log)], inner: [recorder('inner', log)] },
      elicitationCallback: () => ({ action: 'accept', content: { answer: 'blue' } }),
    });
    try {
      expect(client.era).toBe('modern');
      // the interceptors' order and the wire order, in one log
      const seen = log;
      const original = wire.push.bind(wire);
      wire.push = (...entries: string[]): number => (seen.push(...entries), original(...entries));
      const result = await client.callTool('ask-user', { question: 'colour?' });
      expect(firstText(result)).toBe('user said blue');
      expect(seen).toEqual([
        'outer tools/call',
        'inner tools/call',
        'wire tools/call',
        // the input_required answer passes inner on its way back, then the input-required stage answers it
        'inner result',
        // the second round goes through `next` again: inner sees it, outer does not
        'inner tools/call',
        'wire tools/call',
        'inner result',
        // output validation lists the (unknown) tool once, a call of its own through the chain, outer included
        'outer tools/list',
        'inner tools/list',
        'wire tools/list',
        'inner result',
        'outer result',
        // then the validated final result reaches the outer interceptor
        'outer result',
      ]);
      expect(seen.filter((entry) => entry === 'outer tools/call')).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('puts outer interceptors outside the cache (they see a hit) and inner ones inside it (they see only the fetch)', async () => {
    const log: string[] = [];
    const { client, log: wire } = await connect({ era: 'legacy', cache: { defaultTtlMs: 60_000 }, interceptors: { outer: [recorder('outer', log)], inner: [recorder('inner', log)] } });
    try {
      await client.listPrompts();
      await lastValueFrom(client.listPrompts$());
      expect(log).toEqual(['outer prompts/list', 'inner prompts/list', 'inner result', 'outer result', 'outer prompts/list', 'outer result']);
      expect(wire).toEqual(['wire prompts/list']);
    } finally {
      await client.close();
    }
  });
});

describe('short-circuit', () => {
  it('an interceptor that answers from its own data without calling next puts nothing on the wire, for the Promise and the $ form', async () => {
    const canned = { tools: [{ name: 'mocked', inputSchema: { type: 'object' } }] };
    const mock: McpInterceptor = (request, next) => (request.method === 'tools/list' ? of<RequestEvent<unknown>>({ type: 'result', result: canned }) : next(request));
    const { client, log } = await connect({ interceptors: { outer: [mock] } });
    try {
      expect(await client.listTools()).toBe(canned);
      expect(await lastValueFrom(client.listTools$())).toEqual({ type: 'result', result: canned });
      expect(log).toEqual([]);
      // other methods still reach the server
      expect(firstText(await client.callTool('echo', { text: 'x' }))).toBe('x');
      expect(log).toContain('wire tools/call');
      expect(log).not.toContain('wire tools/list');
    } finally {
      await client.close();
    }
  });
});

describe('retry around an inner interceptor', () => {
  it('the inner interceptor sees every attempt, and each attempt is a request on the wire', async () => {
    let attempts = 0;
    const flaky: McpInterceptor = (request, next) => {
      attempts++;
      const attempt = attempts;
      return next(request).pipe(mergeMap((event) => (event.type === 'result' && attempt < 3 ? throwError(() => new TransportError(`attempt ${attempt} lost`)) : of(event))));
    };
    const { client, log } = await connect({ era: 'legacy', retry: { initialDelayMs: 1, maxDelayMs: 1 }, interceptors: { inner: [flaky] } });
    try {
      const result = await client.listPrompts({}, { cacheMode: 'bypass' });
      expect(result.prompts.map((prompt) => prompt.name)).toContain('greet');
      expect(attempts).toBe(3);
      expect(log).toEqual(['wire prompts/list', 'wire prompts/list', 'wire prompts/list']);
    } finally {
      await client.close();
    }
  });

  it('an outer interceptor sees the call once, however many attempts it took', async () => {
    const outer: string[] = [];
    let attempts = 0;
    const flaky: McpInterceptor = (request, next) => (++attempts === 1 ? throwError(() => new TransportError('lost')) : next(request));
    const { client, log } = await connect({ era: 'legacy', retry: { initialDelayMs: 1, maxDelayMs: 1 }, interceptors: { outer: [recorder('outer', outer)], inner: [flaky] } });
    try {
      await lastValueFrom(client.ping$());
      expect(outer).toEqual(['outer ping', 'outer result']);
      expect(attempts).toBe(2);
      expect(log).toEqual(['wire ping']);
    } finally {
      await client.close();
    }
  });
});

describe('cancellation through every stage', () => {
  const isCall = (name: string) => (message: JsonRpcMessage): boolean => 'method' in message && message.method === 'tools/call' && (message.params as { name?: unknown }).name === name;

  /** Waits until the server runs the handler of the `slow` call just sent: an echo sent after it is answered after that handler started. */
  async function slowCallRunning(client: Client, transport: ReturnType<typeof logged>, start: () => void): Promise<number> {
    const onWire = firstValueFrom(transport.sent$.pipe(filter(isCall('slow'))));
    start();
    const sent = (await onWire) as unknown as { id: number };
    await client.callTool('echo', { text: 'barrier' });
    return sent.id;
  }

  it.each(['modern', 'legacy'] as const)('unsubscribing a tools/call (%s) that runs through user and built-in stages sends notifications/cancelled, and the server sees it', async (era) => {
    const log: string[] = [];
    const { client, transport } = await connect({ era, interceptors: { outer: [recorder('outer', log)], inner: [recorder('inner', log)] } });
    try {
      await client.listTools(); // the tools are known: output validation lists nothing during the test
      let subscription: { unsubscribe(): void } | undefined;
      const id = await slowCallRunning(client, transport, () => (subscription = client.callTool$('slow', { ms: 8_000 }).subscribe({ error: () => undefined })));
      const cancelled = firstValueFrom(transport.sent$.pipe(filter((message) => 'method' in message && message.method === 'notifications/cancelled')));
      log.length = 0;
      subscription!.unsubscribe();
      expect(((await cancelled) as unknown as { params: { requestId: number } }).params.requestId).toBe(id);
      expect(await eventually(async () => firstText(await client.callTool('cancellations', {})), (count) => count === '1')).toBe('1');
      // the cancelled call never produced a result through either interceptor
      // (after the unsubscribe the log holds only the `cancellations` calls: two results each)
      expect(log.filter((entry) => entry.endsWith('result'))).toHaveLength(2 * log.filter((entry) => entry === 'outer tools/call').length);
    } finally {
      await client.close();
    }
  });

  it('aborting the signal of a Promise call does the same, and rejects with CancelledError', async () => {
    const { client, transport } = await connect({ interceptors: { inner: [(request, next) => next(request)] } });
    try {
      const controller = new AbortController();
      let call: Promise<unknown> | undefined;
      await slowCallRunning(client, transport, () => (call = client.callTool('slow', { ms: 8_000 }, { signal: controller.signal })));
      controller.abort();
      await expect(call).rejects.toBeInstanceOf(CancelledError);
      expect(await eventually(async () => firstText(await client.callTool('cancellations', {})), (count) => count === '1')).toBe('1');
    } finally {
      await client.close();
    }
  });
});

describe('the context bag and request clones', () => {
  it('carries typed values from the call to every interceptor, and a withMeta clone changes what goes on the wire', async () => {
    const TENANT = createContextKey<string>('tenant', () => 'none');
    const SEEN = createContextKey<string[]>('seen', () => []);
    const tenant: McpInterceptor = (request, next) => next(request.withMeta({ 'example.com/tenant': request.context.get(TENANT) }));
    const witness: McpInterceptor = (request, next) => {
      request.context.get(SEEN).push(String(request.options.meta?.['example.com/tenant']));
      return next(request);
    };
    const sent: JsonRpcMessage[] = [];
    const log: string[] = [];
    const transport = logged(fixtureServer(), log);
    transport.sent$.subscribe((message) => sent.push(message));
    const client = await Client.connect(transport, { mode: 'legacy', interceptors: { outer: [tenant], inner: [witness] } });
    try {
      const context = new McpContext().set(TENANT, 'acme');
      await client.callTool('echo', { text: 'hi' }, { context });
      expect(context.get(SEEN)).toEqual(['acme']);
      const call = sent.find((message) => 'method' in message && message.method === 'tools/call') as unknown as { params: { _meta: Record<string, unknown> } };
      expect(call.params._meta['example.com/tenant']).toBe('acme');
    } finally {
      await client.close();
    }
  });
});

describe('the interceptors option', () => {
  it.each([
    ['not an object', 'interceptors', 42],
    ['outer not an array', 'interceptors.outer', { outer: (() => undefined) as unknown }],
    ['an inner entry not a function', 'interceptors.inner[1]', { inner: [(request: never, next: (r: never) => never) => next(request), 'log'] }],
  ])('refuses %s with an InvalidOptionError naming %s, before anything is sent', async (_label, option, interceptors) => {
    const log: string[] = [];
    const transport = logged(fixtureServer(), log);
    const error = await Client.connect(transport, { interceptors: interceptors as ClientOptions['interceptors'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(log).toEqual([]);
  });
});

describe('an interceptor that throws', () => {
  it('fails the call (a rejection, an error notification), never the caller, in any round', async () => {
    let calls = 0;
    const boom = new Error('interceptor bug');
    const flaky: McpInterceptor = (request, next) => {
      // throws on the second wire request of the call: an input_required round
      if (request.method === 'tools/call' && ++calls % 2 === 0) throw boom;
      return next(request);
    };
    const { client } = await connect({ interceptors: { inner: [flaky] }, elicitationCallback: () => ({ action: 'accept', content: { answer: 'x' } }) });
    try {
      await expect(client.callTool('ask-user', { question: 'q' })).rejects.toBe(boom);
      await expect(lastValueFrom(client.callTool$('ask-user', { question: 'q' }))).rejects.toBe(boom);
      const outer = await Client.connect(logged(fixtureServer(), []), { interceptors: { outer: [() => { throw boom; }] } });
      try {
        let promise: Promise<unknown> | undefined;
        expect(() => (promise = outer.listTools())).not.toThrow();
        await expect(promise).rejects.toBe(boom);
      } finally {
        await outer.close();
      }
    } finally {
      await client.close();
    }
  });
});
