/**
 * Tasks as a client extension and on the request chain: `TasksExtension` (claims
 * `resultType: "task"` on `tools/call`, on by default, advertised only where its claim is active,
 * nothing registered process-wide), follow-ups seen by the user's interceptors, one total deadline
 * counted from the call's start, and `client.tasks.list` of a 2025-11-25 server. Against the
 * fixture servers `tasks-server.mjs` (2026-07-28, by hand to the SEP) and
 * `legacy-tasks-server.mjs` (2025-11-25, the official SDK's task support), over stdio.
 */
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { ExtensionConflictError } from '../../lib/extensions/errors.js';
import { TasksExtension } from '../../lib/extensions/tasks-extension.js';
import { TimeoutError, UnsupportedInProtocolVersionError } from '../../lib/protocol/errors.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { resultParserOf } from '../../lib/protocol/methods.js';
import type { McpInterceptor } from '../../lib/pipeline/mcp-request.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { recording } from '../helpers/recording-transport.js';

const SERVER = join(__dirname, '..', 'fixtures', 'tasks-server.mjs');
const LEGACY_SERVER = join(__dirname, '..', 'fixtures', 'legacy-tasks-server.mjs');
const EXT = 'io.modelcontextprotocol/tasks';
const CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';

const requests = (sent: readonly JsonRpcMessage[], method: string): JsonRpcRequest[] =>
  sent.filter((message): message is JsonRpcRequest => 'method' in message && 'id' in message && message.method === method);

async function connect(options: ClientOptions = {}, server = SERVER) {
  const wire = recording(stdio({ command: process.execPath, args: [server] }));
  const client = await Client.connect(wire, { mode: server === SERVER ? '2026-07-28' : 'legacy', ...options });
  return { client, wire };
}

/** Waits for `predicate`, failing (rather than hanging the test) after 15 s. */
async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in 15 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The `late` tool's timing in the single-deadline tests: the task handle after 1 s, its completion pushed 4.5 s later. */
const LATE = { delay: 1_000, push: 4_500 };
/** Their total deadline: after the handle, before the push; a deadline restarted at the handle would outlast the push. */
const LATE_DEADLINE_MS = 5_000;

describe('TasksExtension (2026-07-28)', () => {
  it('is on by default: declared in the modern _meta capabilities, its task result resolved, and nothing claimed process-wide', async () => {
    const { client, wire } = await connect();
    try {
      await expect(client.callTool('complete', { polls: 1 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      const meta = requests(wire.sent, 'tools/call')[0]!.params!._meta as JsonObject;
      expect((meta[CLIENT_CAPABILITIES] as JsonObject).extensions).toEqual({ [EXT]: {} });
      // the claim is this client's, not the registry's
      expect(resultParserOf('tools/call', 'task')).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('an explicit TasksExtension replaces the default one; two of them conflict, naming both owners', async () => {
    const { client, wire } = await connect({ extensions: [new TasksExtension({ minPollIntervalMs: 100 })] });
    try {
      await expect(client.callTool('complete', { polls: 2 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      expect(requests(wire.sent, 'tasks/get')).toHaveLength(2);
    } finally {
      await client.close();
    }
    const twice = connect({ extensions: [new TasksExtension(), new TasksExtension()] });
    await expect(twice).rejects.toBeInstanceOf(ExtensionConflictError);
    await expect(twice).rejects.toMatchObject({ conflict: 'identifier', owners: [EXT, EXT] });
  });

  it('with tasks: false the client neither declares nor claims tasks (the server then runs the tool inline)', async () => {
    const { client, wire } = await connect({ tasks: false });
    try {
      // the fixture runs `complete` inline when the extension is not declared
      await expect(client.callTool('complete')).resolves.toMatchObject({ content: [{ type: 'text', text: 'complete ran inline' }] });
      expect(((requests(wire.sent, 'tools/call')[0]!.params!._meta as JsonObject)[CLIENT_CAPABILITIES] as JsonObject).extensions).toBeUndefined();
      expect(requests(wire.sent, 'tasks/get')).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('every follow-up (tasks/get, tasks/update, tasks/cancel) goes through the user interceptors, outer and inner', async () => {
    const outer: string[] = [];
    const inner: string[] = [];
    const tap =
      (seen: string[]): McpInterceptor =>
      (request, next) => {
        seen.push(request.method);
        return next(request.withHeaders({ 'x-seen': 'yes' }));
      };
    const { client, wire } = await connect({
      interceptors: { outer: [tap(outer)], inner: [tap(inner)] },
      elicitationCallback: async (params) => {
        const content: Record<string, string> = params.message === 'Your name?' ? { name: 'Ada' } : { second: 'two' };
        return { action: 'accept', content };
      },
    });
    try {
      await expect(client.callTool('ask')).resolves.toMatchObject({ content: [{ type: 'text', text: 'name=Ada second=two' }] });
      for (const seen of [outer, inner]) {
        expect(seen[0]).toBe('tools/call');
        expect(seen).toContain('tasks/get');
        expect(seen.filter((method) => method === 'tasks/update')).toHaveLength(2);
      }
      expect(inner.filter((method) => method === 'tasks/get')).toHaveLength(requests(wire.sent, 'tasks/get').length);
      const subscription = client.callTool$('cancellable').subscribe({ error: () => undefined });
      await until(() => requests(wire.sent, 'tasks/get').length >= 6);
      subscription.unsubscribe();
      await until(() => requests(wire.sent, 'tasks/cancel').length === 1);
      expect(inner).toContain('tasks/cancel');
    } finally {
      await client.close();
    }
  });

  it('asks for notifications/tasks with subscriptions/listen (taskIds); once acknowledged, pushed statuses replace polling', async () => {
    const { client, wire } = await connect();
    try {
      const events = await lastValueFrom(client.callTool$('listened', { ms: 1_500 }).pipe(toArray()));
      expect(events.at(-1)).toMatchObject({ type: 'result', result: { content: [{ type: 'text', text: 'listened' }] } });
      expect(events.filter((event) => event.type === 'task').map((event) => (event as { status: string }).status)).toEqual(['working', 'completed']);
      const listens = requests(wire.sent, 'subscriptions/listen');
      expect(listens).toHaveLength(1);
      expect(listens[0]!.params!.notifications).toEqual({ taskIds: ['task-1'] });
      // polled at the server's 100 ms the task would cost ~15 tasks/get; pushed, at most the one before the acknowledgement
      expect(requests(wire.sent, 'tasks/get').length).toBeLessThan(5);
      // a task the server will not push for is polled as before
      await expect(client.callTool('complete', { polls: 2 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      expect(requests(wire.sent, 'subscriptions/listen').at(-1)!.params!.notifications).toEqual({ taskIds: ['task-2'] });
      expect(requests(wire.sent, 'tasks/get').filter((get) => get.params!.taskId === 'task-2')).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('one total deadline from the call start: a task whose handle comes late fails at 1x totalTimeoutMs, before its completion is pushed', async () => {
    const { client, wire } = await connect();
    try {
      // the handle arrives 1 s into a 5 s deadline (4 s to spare on a loaded machine) and the
      // completion 4.5 s after that (5.5 s): a deadline restarted at the handle (6 s) would see
      // the push and resolve
      const error = await client.callTool('late', LATE, { totalTimeoutMs: LATE_DEADLINE_MS }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ method: 'tools/call', kind: 'total', timeoutMs: LATE_DEADLINE_MS });
      await until(() => requests(wire.sent, 'tasks/cancel').length === 1);
      expect(requests(wire.sent, 'tasks/cancel')[0]!.params).toMatchObject({ taskId: 'task-1' });
      expect(requests(wire.sent, 'tasks/get')).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('the same single deadline on callTool$', async () => {
    const { client, wire } = await connect();
    try {
      const events = lastValueFrom(client.callTool$('late', LATE, { totalTimeoutMs: LATE_DEADLINE_MS }).pipe(toArray()));
      await expect(events).rejects.toMatchObject({ method: 'tools/call', kind: 'total' });
      await until(() => requests(wire.sent, 'tasks/cancel').length === 1);
    } finally {
      await client.close();
    }
  });
});

describe('client.tasks.list (2025-11-25 tasks/list)', () => {
  it('lists the server tasks one page at a time, Promise and $ forms, through the chain', async () => {
    const seen: string[] = [];
    const { client, wire } = await connect({ interceptors: { inner: [(request, next) => (seen.push(request.method), next(request))] } }, LEGACY_SERVER);
    try {
      await client.listTools();
      await Promise.all(Array.from({ length: 12 }, (_, index) => client.callTool('delay', { ms: index }, { task: true })));
      const first = await client.tasks.list();
      expect(first.tasks).toHaveLength(10);
      expect(typeof first.nextCursor).toBe('string');
      const events = await lastValueFrom(client.tasks.list$({ cursor: first.nextCursor }).pipe(toArray()));
      const second = events.at(-1)!;
      if (second.type !== 'result') throw new Error('expected a result event');
      expect(second.result.tasks).toHaveLength(2);
      expect(second.result.nextCursor).toBeUndefined();
      const listed = new Set([...first.tasks, ...second.result.tasks].map((task) => task.taskId));
      // each task's payload was fetched with tasks/result: those are the tasks the calls created
      const created = new Set(requests(wire.sent, 'tasks/result').map((fetch) => fetch.params!.taskId));
      expect(created.size).toBe(12);
      expect(listed).toEqual(created);
      expect([...first.tasks, ...second.result.tasks].every((task) => task.status === 'completed')).toBe(true);
      expect(requests(wire.sent, 'tasks/list').map((list) => list.params?.cursor)).toEqual([undefined, first.nextCursor]);
      expect(seen.filter((method) => method === 'tasks/list')).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('fails with UnsupportedInProtocolVersionError on a 2026-07-28 connection (the extension has no tasks/list), sending nothing', async () => {
    const { client, wire } = await connect();
    try {
      await expect(client.tasks.list()).rejects.toBeInstanceOf(UnsupportedInProtocolVersionError);
      expect(requests(wire.sent, 'tasks/list')).toHaveLength(0);
    } finally {
      await client.close();
    }
  });
});
