/**
 * Promise/`$` parity of every public request method of `Client` that has both forms, one table:
 * each row runs on two clients of the same fixture server (one through the Promise method, one
 * through its `$` twin, in the same order, so caches and tool listings evolve alike), and the
 * two must give the same result, put the same requests on the wire, and fail with the same error
 * class. Rows marked `fails` must fail, so the error path is exercised too. Both eras.
 */
import { lastValueFrom, type Observable } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import { McpError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage } from '../../lib/protocol/jsonrpc.js';
import { recording, type RecordingTransport } from '../helpers/recording-transport.js';
import { fixtureServer } from '../helpers/servers.js';

jest.setTimeout(30_000);

type Era = 'legacy' | 'modern';

interface Row {
  readonly name: string;
  readonly promise: (client: Client) => Promise<unknown>;
  readonly observable: (client: Client) => Observable<RequestEvent<unknown>>;
  /** The eras the row must fail in. */
  readonly fails?: readonly Era[];
}

const REVIEW = { type: 'ref/prompt', name: 'review' } as const;

/** Every request method with a Promise and a `$` form, with arguments that succeed and that fail. */
const ROWS: readonly Row[] = [
  { name: 'ping', promise: (c) => c.ping(), observable: (c) => c.ping$(), fails: ['modern'] },
  { name: 'listTools', promise: (c) => c.listTools(), observable: (c) => c.listTools$() },
  { name: 'listTools (cached)', promise: (c) => c.listTools(), observable: (c) => c.listTools$() },
  { name: 'listTools (a cursor page)', promise: (c) => c.listTools({ cursor: 'page-2' }), observable: (c) => c.listTools$({ cursor: 'page-2' }) },
  { name: 'callTool', promise: (c) => c.callTool('echo', { text: 'hi' }), observable: (c) => c.callTool$('echo', { text: 'hi' }) },
  { name: 'callTool (structured output)', promise: (c) => c.callTool('add', { a: 1, b: 2 }), observable: (c) => c.callTool$('add', { a: 1, b: 2 }) },
  { name: 'callTool (input rounds)', promise: (c) => c.callTool('ask-twice', {}), observable: (c) => c.callTool$('ask-twice', {}) },
  { name: 'callTool (invalid output)', promise: (c) => c.callTool('bad-output', {}), observable: (c) => c.callTool$('bad-output', {}), fails: ['legacy', 'modern'] },
  { name: 'listPrompts', promise: (c) => c.listPrompts(), observable: (c) => c.listPrompts$() },
  { name: 'getPrompt', promise: (c) => c.getPrompt('greet', { name: 'Ada' }), observable: (c) => c.getPrompt$('greet', { name: 'Ada' }) },
  { name: 'getPrompt (input rounds)', promise: (c) => c.getPrompt('confirm-prompt'), observable: (c) => c.getPrompt$('confirm-prompt') },
  { name: 'getPrompt (missing argument)', promise: (c) => c.getPrompt('greet', {}), observable: (c) => c.getPrompt$('greet', {}), fails: ['legacy', 'modern'] },
  { name: 'listResources', promise: (c) => c.listResources(), observable: (c) => c.listResources$() },
  { name: 'listResourceTemplates', promise: (c) => c.listResourceTemplates(), observable: (c) => c.listResourceTemplates$() },
  { name: 'readResource', promise: (c) => c.readResource('fixture://greeting'), observable: (c) => c.readResource$('fixture://greeting') },
  { name: 'readResource (again)', promise: (c) => c.readResource('fixture://greeting'), observable: (c) => c.readResource$('fixture://greeting') },
  { name: 'readResource (unknown)', promise: (c) => c.readResource('fixture://nothing'), observable: (c) => c.readResource$('fixture://nothing'), fails: ['legacy', 'modern'] },
  { name: 'complete', promise: (c) => c.complete(REVIEW, { name: 'language', value: 'py' }), observable: (c) => c.complete$(REVIEW, { name: 'language', value: 'py' }) },
];

/** What a call came to: its result, or its error's class (and code, for an `McpError`). */
type Outcome = { readonly result: unknown } | { readonly error: string; readonly code?: number };

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { result: await run() };
  } catch (error) {
    return error instanceof McpError ? { error: error.constructor.name, code: error.code } : { error: (error as Error).constructor.name };
  }
}

/**
 * The requests among `messages`, without ids and progress tokens, and with a `requestState`
 * shown as its presence only (they differ by construction: each server process seals its
 * states with its own key).
 */
function requestsOf(messages: readonly JsonRpcMessage[]): unknown[] {
  return messages
    .filter((message) => 'method' in message && 'id' in message)
    .map((message) => {
      const { method, params } = message as { method: string; params?: { _meta?: Record<string, unknown> } };
      const meta = params?._meta === undefined ? undefined : Object.fromEntries(Object.entries(params._meta).filter(([key]) => key !== 'progressToken'));
      if (params === undefined) return { method };
      const shown: Record<string, unknown> = { ...params, _meta: meta };
      if (typeof shown.requestState === 'string') shown.requestState = '<sealed state>';
      return { method, params: shown };
    });
}

/** Runs every row on one client, each through `form`, recording each row's outcome and wire requests. */
async function runRows(era: Era, form: 'promise' | 'observable'): Promise<{ outcome: Outcome; wire: unknown[] }[]> {
  const wire: RecordingTransport = recording(fixtureServer());
  const client = await Client.connect(wire, {
    mode: era === 'legacy' ? 'legacy' : 'auto',
    elicitationCallback: () => ({ action: 'accept', content: { answer: 'yes', first: 'one', second: 'two', confirm: true } }),
  });
  try {
    expect(client.era).toBe(era);
    const rows: { outcome: Outcome; wire: unknown[] }[] = [];
    for (const row of ROWS) {
      const before = wire.sent.length;
      const outcome = await outcomeOf(() => (form === 'promise' ? row.promise(client) : lastValueFrom(row.observable(client)).then((event) => (event as { result: unknown }).result)));
      rows.push({ outcome, wire: requestsOf(wire.sent.slice(before)) });
    }
    return rows;
  } finally {
    await client.close();
  }
}

describe.each(['legacy', 'modern'] as const)('Promise and $ forms of every request method (%s)', (era) => {
  let viaPromise: { outcome: Outcome; wire: unknown[] }[];
  let viaObservable: { outcome: Outcome; wire: unknown[] }[];

  beforeAll(async () => {
    [viaPromise, viaObservable] = await Promise.all([runRows(era, 'promise'), runRows(era, 'observable')]);
  });

  it('records the wire of each row (a call is on it, a cached listing is not)', () => {
    const index = (name: string): number => ROWS.findIndex((row) => row.name === name);
    expect(viaPromise[index('callTool')]!.wire).toEqual([expect.objectContaining({ method: 'tools/call' })]);
    expect(viaObservable[index('callTool (input rounds)')]!.wire.length).toBeGreaterThanOrEqual(era === 'modern' ? 3 : 1);
  });

  it.each(ROWS.map((row, index) => [row.name, index] as const))('%s: same outcome, same wire requests', (_name, index) => {
    const row = ROWS[index]!;
    const promise = viaPromise[index]!;
    const observable = viaObservable[index]!;
    expect(observable.outcome).toEqual(promise.outcome);
    expect(observable.wire).toEqual(promise.wire);
    if (row.fails?.includes(era)) expect(promise.outcome).toHaveProperty('error');
    else expect(promise.outcome).toHaveProperty('result');
  });
});
