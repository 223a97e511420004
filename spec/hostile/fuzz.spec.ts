/**
 * The property-based fuzzer (fast-check): generated and mutated hostile inbound messages fed to
 * a real client while it has requests in flight, through the in-memory pair (a scripted peer, in
 * both eras: 2025-11-25 and 2026-07-28)
 * and as invalid lines over a real stdio pipe (servers/writes-what-it-is-told.mjs).
 *
 * Seeded and reproducible: the seed is fixed unless `RXMCP_FUZZ_SEED` sets one, and a failure
 * message from fast-check names the seed and the path of the failing case.
 *
 * Properties, checked after every generated case: the client never throws synchronously, every
 * request settles (a result or an `RxMcpError`), nothing is pending, every fault on `faults$` is
 * an `RxMcpError`, `Object.prototype` is untouched, and the client still answers a well-formed
 * call. Over the whole file: no unhandled rejection.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { Client } from '../../lib/client/client.js';
import { RxMcpError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { scriptedPeer, type ScriptedPeer } from '../helpers/scripted-peer.js';
import { firstText } from '../helpers/servers.js';
import { watchUnhandledRejections, type UnhandledRejections } from '../helpers/unhandled-rejections.js';
import { hostileMessage, invalidLine } from './fuzz/arbitraries.js';
import { render } from './fuzz/json-text.js';

/** The default seed; `RXMCP_FUZZ_SEED=<integer>` overrides it. */
const SEED = process.env.RXMCP_FUZZ_SEED === undefined ? 20_261_201 : Number.parseInt(process.env.RXMCP_FUZZ_SEED, 10);
const MEMORY_RUNS = 1_100;
const STDIO_RUNS = 300;
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

const INIT = {
  protocolVersion: '2025-11-25',
  capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, logging: {} },
  serverInfo: { name: 'fuzz-peer', version: '1' },
};
const DISCOVER = {
  resultType: 'complete',
  supportedVersions: ['2026-07-28'],
  capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { subscribe: true, listChanged: true }, logging: {} },
  _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fuzz-peer', version: '1' } },
};
const ECHO_TOOLS = { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] };

let rejections: UnhandledRejections;
beforeAll(() => {
  rejections = watchUnhandledRejections();
});
afterAll(() => {
  expect(rejections.stop()).toEqual([]);
});

/** A settled outcome, so a rejection is inspected rather than thrown. */
type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
const settle = (promise: Promise<unknown>): Promise<Outcome> => promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** Waits for `promise`, failing (instead of hanging) if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** One macrotask: the client's outbound queue has been handed to the transport. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The checks that hold after every case, whatever it sent. */
async function assertHealthy(client: Client, faults: readonly unknown[], probeTool: string): Promise<void> {
  expect(faults.every((fault) => fault instanceof RxMcpError)).toBe(true);
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const after = await within(client.callTool(probeTool, {}), 5000, 'a well-formed call after the case');
  expect(after.isError).not.toBe(true);
  for (let turn = 0; client.session.dispatcher.pendingCount !== 0 && turn < 100; turn++) await nextTurn();
  expect(client.session.dispatcher.pendingCount).toBe(0);
}

function expectSettledTyped(outcomes: readonly Outcome[]): void {
  for (const outcome of outcomes) if (!outcome.ok) expect(outcome.error).toBeInstanceOf(RxMcpError);
}

/** Per era: how the scripted peer opens the connection, and what its results carry. */
const ERAS = {
  legacy: { opening: 'initialize', opened: INIT, stamp: {} },
  modern: { opening: 'server/discover', opened: DISCOVER, stamp: { resultType: 'complete' } },
} as const;

let memoryMessages = 0;
afterAll(() => {
  expect(memoryMessages).toBeGreaterThanOrEqual(20_000);
});

describe.each(['legacy', 'modern'] as const)('fuzz: hostile messages through the in-memory pair, with requests in flight (%s)', (era) => {
  let peer: ScriptedPeer;
  let client: Client;
  const held: JsonRpcRequest[] = [];
  const faults: unknown[] = [];
  /** Once the hostile messages of a case are sent, every request is answered at once. */
  let answerAll = false;
  const { opening, opened, stamp } = ERAS[era];
  /** The eras run different cases: the modern one uses the next seed. */
  const seed = era === 'legacy' ? SEED : SEED + 1;

  const answer = (request: JsonRpcRequest, p: ScriptedPeer): void => {
    const body = request.method === 'tools/call' ? { content: [{ type: 'text', text: 'ok' }] } : request.method === 'resources/list' ? { resources: [] } : request.method === 'prompts/list' ? { prompts: [] } : {};
    p.result(request.id, { ...stamp, ...body });
  };

  beforeAll(async () => {
    peer = scriptedPeer((message: JsonRpcMessage, p) => {
      if (!('method' in message) || !('id' in message)) return;
      if (message.method === opening) p.result(message.id, opened);
      else if (message.method === 'tools/list') p.result(message.id, { ...stamp, ...ECHO_TOOLS });
      else if (message.method === 'ping' || answerAll) answer(message, p);
      else held.push(message);
    });
    client = await Client.connect(peer.transport, { mode: era === 'legacy' ? 'legacy' : 'auto', clientInfo: { name: 'fuzz', version: '1' } });
    client.faults$.subscribe((fault) => faults.push(fault));
  });
  afterAll(() => client.close());

  it(`keeps every property over ${MEMORY_RUNS} cases of 8–14 messages (seed ${seed})`, async () => {
    expect(client.era).toBe(era);
    let messages = 0;
    let resolved = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileMessage, { minLength: 8, maxLength: 14 }), async (trees) => {
        faults.length = 0;
        answerAll = false;
        const calls = [client.callTool('echo', { text: 'a' }), client.listResources(), client.callTool('echo', { text: 'b' }), client.listPrompts()].map(settle);
        await nextTurn();
        expect(held.length).toBe(4);
        const ids = held.map((request) => request.id);
        for (const tree of trees) {
          peer.send(JSON.parse(render(tree, { ids })) as unknown);
          messages++;
        }
        answerAll = true;
        for (const request of held.splice(0)) answer(request, peer);
        const outcomes = await within(Promise.all(calls), 5000, 'the requests in flight');
        expectSettledTyped(outcomes);
        for (const outcome of outcomes) outcome.ok ? resolved++ : rejected++;
        await assertHealthy(client, faults, 'echo');
      }),
      { seed, numRuns: MEMORY_RUNS },
    );
    memoryMessages += messages;
    expect(messages).toBeGreaterThanOrEqual(MEMORY_RUNS * 8);
    expect(resolved + rejected).toBe(MEMORY_RUNS * 4);
    if (process.env.RXMCP_FUZZ_REPORT !== undefined) process.stdout.write(`fuzz memory ${era}: ${messages} messages, ${resolved} resolved, ${rejected} rejected (typed)\n`);
  });
});

describe('fuzz: invalid lines over a real stdio pipe, with requests in flight', () => {
  let client: Client;
  const faults: unknown[] = [];

  beforeAll(async () => {
    client = await Client.connect(stdio({ command: process.execPath, args: [join(__dirname, 'servers', 'writes-what-it-is-told.mjs')] }), {
      mode: 'legacy',
      clientInfo: { name: 'fuzz', version: '1' },
    });
    client.faults$.subscribe((fault) => faults.push(fault));
    await client.listTools();
  });
  afterAll(() => client.close());

  it(`answers every call correctly around ${STDIO_RUNS} cases of junk lines (seed ${SEED})`, async () => {
    let lines = 0;
    let faultCount = 0;
    const line = invalidLine((tree) => render(tree, { ids: [] }));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 10 }), async (junk) => {
        faults.length = 0;
        const bytes = Buffer.concat(junk.flatMap((chunk) => [Buffer.from(chunk), Buffer.from('\n')]));
        const holds = [client.callTool('hold', {}), client.callTool('hold', {})].map(settle);
        const say = settle(client.callTool('say', { b64: bytes.toString('base64') }));
        const outcomes = await within(Promise.all([...holds, say]), 5000, 'the calls around the junk');
        expectSettledTyped(outcomes);
        const texts = outcomes.map((outcome) => (outcome.ok ? firstText(outcome.value as { content: unknown[] }) : 'rejected'));
        expect(texts[0]).toMatch(/^held \d+$/);
        expect(texts[1]).toMatch(/^held \d+$/);
        expect(texts[2]).toBe('said');
        lines += junk.length;
        faultCount += faults.length;
        await assertHealthy(client, faults, 'say');
      }),
      { seed: SEED, numRuns: STDIO_RUNS },
    );
    expect(faultCount).toBeGreaterThan(0);
    if (process.env.RXMCP_FUZZ_REPORT !== undefined) process.stdout.write(`fuzz stdio: ${lines} lines, ${faultCount} faults\n`);
  });
});
