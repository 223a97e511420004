/**
 * Client extensions (SEP-2133) against a real server process (spec/fixtures/extension-server.mjs):
 * the capability ads per era, a claimed result type resolved with follow-ups through the chain,
 * `allowClaimed` and `UnexpectedClaimedResultError`, notification bindings (those of the handshake
 * too, via the fixture's `--tick-on-open`), and the checks at
 * connect. The behaviours of research §3/§8 (tests 30 and the fold rules).
 */
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, Observable, toArray, take } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { advertise, type ClientExtension, type NotificationBinding, type ResultClaim } from '../../lib/extensions/client-extension.js';
import { ExtensionConflictError, InvalidExtensionError } from '../../lib/extensions/errors.js';
import { BINDING_QUEUE_LIMIT } from '../../lib/extensions/binding-delivery.js';
import { ProtocolViolationError, UnexpectedClaimedResultError, InvalidOptionError } from '../../lib/protocol/errors.js';
import type { CallToolResult } from '../../lib/protocol/schemas/tools.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import type { McpInterceptor } from '../../lib/pipeline/mcp-request.js';
import type { ClientWarning } from '../../lib/session/client-warning.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { extensionServer, firstText } from '../helpers/servers.js';

interface Job {
  readonly jobId: string;
}

/** A claim on `tools/call` `resultType: 'job'`: polls `acme/jobs/get` until done, a progress event per poll. */
function jobsClaim(): ResultClaim<Job> {
  return {
    resultType: 'job',
    parse(raw) {
      if (typeof raw.jobId !== 'string') throw new Error('jobId must be a string');
      return { jobId: raw.jobId };
    },
    resolve: async (job, context) => {
      for (;;) {
        const state = (await context.request('acme/jobs/get', { jobId: job.jobId })) as { status: string; result?: CallToolResult };
        if (state.status === 'done') return state.result!;
      }
    },
  };
}

const jobs: ClientExtension = { identifier: 'acme.dev/jobs', settings: { poll: true }, claims: () => [jobsClaim()] };

const clients: Client[] = [];
async function connect(options: ClientOptions): Promise<Client> {
  const client = await Client.connect(extensionServer(), options);
  clients.push(client);
  return client;
}
/** A client of the fixture sending `ticks` tick notifications during the handshake. */
async function connectTicking(ticks: number, options: ClientOptions): Promise<Client> {
  const client = await Client.connect(stdio({ command: process.execPath, args: [join(__dirname, '..', 'fixtures', 'extension-server.mjs'), '--tick-on-open', String(ticks)] }), options);
  clients.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function capabilitiesSeen(client: Client): Promise<Record<string, unknown>> {
  return JSON.parse(firstText(await client.callTool('capabilities', {}))) as Record<string, unknown>;
}

describe('capability ads', () => {
  it('a claim-bearing extension is left out of legacy initialize; an advertise() one is in both eras', async () => {
    const extensions = [jobs, advertise('acme.dev/search', { fuzzy: true })];
    const legacy = await connect({ mode: 'legacy', extensions });
    expect((await capabilitiesSeen(legacy)).extensions).toEqual({ 'acme.dev/search': { fuzzy: true } });
    const modern = await connect({ extensions });
    expect(modern.session.era).toBe('modern');
    expect((await capabilitiesSeen(modern)).extensions).toEqual({ 'acme.dev/jobs': { poll: true }, 'acme.dev/search': { fuzzy: true }, 'io.modelcontextprotocol/tasks': {} }); // tasks: declared by default (option tasks)
  });

  it('an extension whose claims all drop leaves no extensions member; empty settings still advertise', async () => {
    expect((await capabilitiesSeen(await connect({ mode: 'legacy', extensions: [jobs] }))).extensions).toBeUndefined();
    expect((await capabilitiesSeen(await connect({ mode: 'legacy', extensions: [advertise('acme.dev/empty')] }))).extensions).toEqual({ 'acme.dev/empty': {} });
  });
});

describe('result claims', () => {
  it('callTool returns the resolved result; the follow-ups go through the client interceptors', async () => {
    const seen: string[] = [];
    const tap: McpInterceptor = (request, next) => {
      seen.push(request.method);
      return next(request);
    };
    const client = await connect({ extensions: [jobs], interceptors: { outer: [tap] } });
    const result = await client.callTool('job', { polls: 3 });
    expect(firstText(result)).toBe('job done after 3 polls');
    expect(Object.isFrozen(result)).toBe(true);
    // (the output validation's own tools/list, for a tool it has not seen, goes through them too)
    expect(seen.filter((method) => method !== 'tools/list')).toEqual(['tools/call', 'acme/jobs/get', 'acme/jobs/get', 'acme/jobs/get']);
  });

  it('callTool$ resolves too, and a resolver Observable may emit progress events first', async () => {
    const progressing: ClientExtension = {
      identifier: 'acme.dev/jobs',
      claims: () => [
        {
          resultType: 'job',
          parse: (raw) => raw,
          resolve: (job, context) =>
            new Observable<RequestEvent<CallToolResult>>((subscriber) => {
              subscriber.next({ type: 'progress', progress: 1, message: 'polling' });
              context.request('acme/jobs/get', { jobId: (job as unknown as Job).jobId }).then(
                (state) => {
                  subscriber.next({ type: 'result', result: (state as { result: CallToolResult }).result });
                  subscriber.complete();
                },
                (error) => subscriber.error(error),
              );
            }),
        },
      ],
    };
    const client = await connect({ extensions: [progressing] });
    const events = await firstValueFrom(client.callTool$('job', { polls: 1 }).pipe(toArray()));
    expect(events.map((event) => event.type)).toEqual(['progress', 'result']);
    expect(firstText((events[1] as { result: CallToolResult }).result)).toBe('job done after 1 polls');
  });

  it('allowClaimed returns the claimed shape; the session tier without it is UnexpectedClaimedResultError carrying the parsed value', async () => {
    const client = await connect({ extensions: [jobs] });
    const claimed = await client.callTool('job', { polls: 1 }, { allowClaimed: true });
    expect(claimed).toEqual({ resultType: 'claimed', claim: 'job', result: { jobId: expect.stringMatching(/^job-/) } });
    const error = await lastValueFrom(client.session.callTool$('job', { polls: 1 })).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UnexpectedClaimedResultError);
    expect((error as UnexpectedClaimedResultError).result).toEqual({ jobId: expect.stringMatching(/^job-/) });
  });

  it('unsubscribing while a claim resolves aborts the resolver context signal', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let aborted = false;
    const waiting: ClientExtension = {
      identifier: 'acme.dev/jobs',
      claims: () => [
        {
          resultType: 'job',
          parse: (raw) => raw,
          resolve: (_job, context) =>
            new Promise<CallToolResult>(() => {
              context.signal.addEventListener('abort', () => (aborted = true));
              started();
            }),
        },
      ],
    };
    const client = await connect({ extensions: [waiting] });
    const subscription = client.callTool$('job', { polls: 1 }).subscribe();
    await running;
    subscription.unsubscribe();
    expect(aborted).toBe(true);
    // the client goes on
    expect(firstText(await client.callTool('plain', {}))).toBe('plain');
  });

  it('a plain result on a claiming client still takes the fast path and comes back as is', async () => {
    const client = await connect({ extensions: [jobs] });
    expect(firstText(await client.callTool('plain', {}))).toBe('plain');
  });

  it('a claimed result the parser rejects is a ProtocolViolationError quoting it; a resolver result that is no CallToolResult too', async () => {
    const client = await connect({ extensions: [jobs] });
    const bad = await client.callTool('bad-job', {}).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(ProtocolViolationError);
    expect((bad as ProtocolViolationError).message).toContain("extension 'acme.dev/jobs'");
    expect((bad as ProtocolViolationError).message).toContain('jobId must be a string');
    await expect(client.callTool('wrong-job', {})).rejects.toBeInstanceOf(ProtocolViolationError);
    // the connection is fine afterwards
    expect(firstText(await client.callTool('plain', {}))).toBe('plain');
  });

  it('without the extension, the claimed result type is unknown to the client (per client, not process-wide)', async () => {
    await connect({ extensions: [jobs] });
    const bare = await connect({});
    await expect(bare.callTool('job', { polls: 1 })).rejects.toThrow('Unknown resultType "job"');
  });
});

describe('notification bindings', () => {
  function tickBinding(handler: (params: { n: number }) => void | Promise<void>): NotificationBinding<{ n: number }> {
    return {
      method: 'notifications/acme/tick',
      parse: (params) => {
        if (typeof params?.n !== 'number') throw new Error('n must be a number');
        return { n: params.n };
      },
      handler,
    };
  }

  it('delivers in wire order, one at a time, and as extensionNotifications$', async () => {
    const got: number[] = [];
    let running = 0;
    let overlapped = false;
    const binding = tickBinding(async ({ n }) => {
      running++;
      if (running > 1) overlapped = true;
      await Promise.resolve();
      got.push(n);
      running--;
    });
    const client = await connect({ extensions: [{ identifier: 'acme.dev/ticks', notifications: () => [binding] }] });
    const stream = firstValueFrom(client.extensionNotifications$('notifications/acme/tick').pipe(take(50), toArray()));
    await client.callTool('ticks', { count: 50 });
    expect(await stream).toEqual(Array.from({ length: 50 }, (_, i) => ({ n: i + 1 })));
    await client.callTool('ticks', { count: 1, from: 51 });
    const deadline = Date.now() + 5000;
    while (got.length < 51 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(overlapped).toBe(false);
  });

  it('a handler that throws is reported on warnings$ and the queue goes on; invalid params are dropped with a warning', async () => {
    const got: number[] = [];
    const binding = tickBinding(({ n }) => {
      if (n === 1) throw new Error('boom');
      got.push(n);
    });
    const client = await connect({ extensions: [{ identifier: 'acme.dev/ticks', notifications: () => [binding] }] });
    const warnings: ClientWarning[] = [];
    client.warnings$.subscribe((warning) => warnings.push(warning));
    await client.callTool('ticks', { count: 3 });
    await client.callTool('bad-tick', {});
    const deadline = Date.now() + 5000;
    while (got.length < 3 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual([2, 3, 99]);
    expect(warnings.map((warning) => warning.code)).toEqual(['callback-failed', 'invalid-notification']);
    expect((warnings[0]!.cause as Error).message).toBe('boom');
  });

  it('a full queue drops the oldest with a warning and keeps the newest 256', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const got: number[] = [];
    const binding = tickBinding(async ({ n }) => {
      if (n === 1) await gate;
      got.push(n);
    });
    const client = await connect({ extensions: [{ identifier: 'acme.dev/ticks', notifications: () => [binding] }] });
    const warnings: ClientWarning[] = [];
    client.warnings$.subscribe((warning) => warnings.push(warning));
    const count = BINDING_QUEUE_LIMIT + 11;
    await client.callTool('ticks', { count });
    release();
    const deadline = Date.now() + 5000;
    while (got.length < BINDING_QUEUE_LIMIT + 1 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    // 1 was being handled; 2..11 were dropped (10 warnings); 12..267 delivered
    expect(got).toEqual([1, ...Array.from({ length: BINDING_QUEUE_LIMIT }, (_, i) => i + 12)]);
    expect(warnings.filter((warning) => warning.code === 'extension-queue-full')).toHaveLength(10);
  });

  it.each(['legacy', 'auto'] as const)('delivers the notifications sent during the handshake (mode %s: initialize or server/discover) first, then the live ones, in order', async (mode) => {
    const got: number[] = [];
    const binding = tickBinding(({ n }) => {
      got.push(n);
    });
    const client = await connectTicking(3, { mode, extensions: [{ identifier: 'acme.dev/ticks', notifications: () => [binding] }] });
    expect(client.session.era).toBe(mode === 'legacy' ? 'legacy' : 'modern');
    await client.callTool('ticks', { count: 2, from: 4 });
    const deadline = Date.now() + 5000;
    while (got.length < 5 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  it('the handshake backlog is bounded like the queue: the newest 256 kept, a warning per dropped one on warnings$', async () => {
    const got: number[] = [];
    const binding = tickBinding(({ n }) => {
      got.push(n);
    });
    const client = await connectTicking(BINDING_QUEUE_LIMIT + 44, { extensions: [{ identifier: 'acme.dev/ticks', notifications: () => [binding] }] });
    const warnings: ClientWarning[] = [];
    client.warnings$.subscribe((warning) => warnings.push(warning));
    const deadline = Date.now() + 5000;
    while (got.length < BINDING_QUEUE_LIMIT && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(Array.from({ length: BINDING_QUEUE_LIMIT }, (_, i) => i + 45));
    expect(warnings.filter((warning) => warning.code === 'extension-queue-full')).toHaveLength(44);
  });

  it('extensionNotifications$ of a method no extension binds is an InvalidOptionError', async () => {
    const client = await connect({});
    expect(() => client.extensionNotifications$('notifications/acme/tick')).toThrow(InvalidOptionError);
  });
});

describe('checks at connect', () => {
  const claimOf = (resultType: string): ResultClaim => ({ resultType, parse: (raw) => raw, resolve: () => ({ content: [] }) });

  it.each(['acme', 'acme/', '/name', '1acme.dev/x', 'acme..dev/x', 'acme.dev/-x', 'acme-.dev/x'])('identifier %j is refused', (identifier) => {
    expect(() => advertise(identifier)).toThrow(InvalidExtensionError);
  });

  it('accepts vendor-prefix/name identifiers', () => {
    for (const identifier of ['io.modelcontextprotocol/tasks', 'acme/x', 'a-b.c/n.a_m-e']) expect(advertise(identifier).identifier).toBe(identifier);
  });

  it('refuses duplicates naming both owners, and claims of the protocol result types, before spawning anything', async () => {
    const spawnless = { kind: 'memory', description: 'never', connect: () => { throw new Error('should not connect'); } } as never;
    const duplicate = Client.connect(spawnless, { extensions: [advertise('acme.dev/a'), advertise('acme.dev/a')] });
    await expect(duplicate).rejects.toBeInstanceOf(ExtensionConflictError);
    const both = Client.connect(spawnless, {
      extensions: [
        { identifier: 'acme.dev/a', claims: () => [claimOf('job')] },
        { identifier: 'acme.dev/b', claims: () => [claimOf('job')] },
      ],
    }).catch((error: unknown) => error);
    expect(await both).toBeInstanceOf(ExtensionConflictError);
    expect((await both as ExtensionConflictError).owners).toEqual(['acme.dev/a', 'acme.dev/b']);
    expect((await both as Error).message).toBe("Extensions 'acme.dev/a' and 'acme.dev/b' both claim resultType 'job'");
    const twice = await Client.connect(spawnless, { extensions: [{ identifier: 'acme.dev/a', claims: () => [claimOf('job'), claimOf('job')] }] }).catch((error: unknown) => error);
    expect((twice as Error).message).toBe("Extension 'acme.dev/a' claims resultType 'job' twice");
    const bindings = await Client.connect(spawnless, {
      extensions: [
        { identifier: 'acme.dev/a', notifications: () => [{ method: 'notifications/x', handler: () => undefined }] },
        { identifier: 'acme.dev/b', notifications: () => [{ method: 'notifications/x', handler: () => undefined }] },
      ],
    }).catch((error: unknown) => error);
    expect((bindings as Error).message).toBe("Extensions 'acme.dev/a' and 'acme.dev/b' both bind 'notifications/x'");
    for (const type of ['complete', 'input_required']) {
      await expect(Client.connect(spawnless, { extensions: [{ identifier: 'acme.dev/a', claims: () => [claimOf(type)] }] })).rejects.toBeInstanceOf(InvalidExtensionError);
    }
    await expect(
      Client.connect(spawnless, { extensions: [{ identifier: 'acme.dev/a', notifications: () => [{ method: 'notifications/progress', handler: () => undefined }] }] }),
    ).rejects.toBeInstanceOf(InvalidExtensionError);
  });
});
