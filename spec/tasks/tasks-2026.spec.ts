/**
 * Tasks of the 2026-07-28 extension (`io.modelcontextprotocol/tasks`, SEP-2663) against the
 * hand-written fixture server `spec/fixtures/tasks-server.mjs` over stdio, asserting results,
 * the typed outcomes and the wire (the follow-ups, their `requestState`, `tasks/cancel`).
 */
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import * as z from 'zod';
import { Client } from '../../lib/client/client.js';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { McpError, ProtocolViolationError, TimeoutError } from '../../lib/protocol/errors.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { ExtensionRequiredError, TaskCancelledError, TaskFailedError, TaskNotFoundError } from '../../lib/tasks/errors.js';
import { clampPollInterval, MAX_TASK_POLL_INTERVAL_MS, MIN_TASK_POLL_INTERVAL_MS } from '../../lib/tasks/poll-interval.js';
import { modernHeaders } from '../../lib/transport/http/message-headers.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { recording } from '../helpers/recording-transport.js';

const SERVER = join(__dirname, '..', 'fixtures', 'tasks-server.mjs');
const EXT = 'io.modelcontextprotocol/tasks';

const requests = (sent: readonly JsonRpcMessage[], method?: string): JsonRpcRequest[] =>
  sent.filter((message): message is JsonRpcRequest => 'method' in message && 'id' in message && (method === undefined || message.method === method));
const methods = (sent: readonly JsonRpcMessage[]): string[] => sent.filter((message) => 'method' in message).map((message) => (message as { method: string }).method);

async function connect(options: ClientOptions = {}, serverArgs: readonly string[] = []) {
  const wire = recording(stdio({ command: process.execPath, args: [SERVER, ...serverArgs] }));
  const client = await Client.connect(wire, { mode: '2026-07-28', ...options });
  return { client, wire };
}

/** Waits until `predicate` holds of the wire, polling the event loop (no timer). */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setImmediate(resolve));
}

describe('tasks (2026-07-28 extension)', () => {
  it('declares the extension on every modern request and polls a task to its result, echoing each requestState', async () => {
    const { client, wire } = await connect();
    try {
      const result = await client.callTool('complete', { polls: 2 });
      expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
      const call = requests(wire.sent, 'tools/call')[0]!;
      expect((call.params!._meta as JsonObject)['io.modelcontextprotocol/clientCapabilities']).toMatchObject({ extensions: { [EXT]: {} } });
      const gets = requests(wire.sent, 'tasks/get');
      expect(gets).toHaveLength(2);
      expect(gets.map((get) => get.params!.taskId)).toEqual(['task-1', 'task-1']);
      // each follow-up echoes the requestState of the latest task message (the server refuses any other)
      expect(gets.map((get) => get.params!.requestState)).toEqual(['state-1', 'state-2']);
      expect(methods(wire.sent)).not.toContain('notifications/cancelled');
    } finally {
      await client.close();
    }
  });

  it('emits a task event on every change of status or message, then the result, on callTool$', async () => {
    const { client } = await connect();
    try {
      const events = await lastValueFrom(client.callTool$('complete', { polls: 3 }).pipe(toArray()));
      expect(events.map((event) => (event.type === 'task' ? `${event.status}:${event.statusMessage ?? ''}` : event.type))).toEqual(['working:queued', 'working:running', 'completed:', 'result']);
      expect(events[0]).toEqual({ type: 'task', taskId: 'task-1', status: 'working', statusMessage: 'queued' });
    } finally {
      await client.close();
    }
  });

  it('an isError tool result is a completed task, not an error', async () => {
    const { client } = await connect();
    try {
      const result = await client.callTool('error-result');
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'tool failed' }] });
    } finally {
      await client.close();
    }
  });

  it('a failed task is a TaskFailedError with the JSON-RPC error and the statusMessage', async () => {
    const { client } = await connect();
    try {
      const error = await client.callTool('fail').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect(error).toBeInstanceOf(McpError);
      expect(error).toMatchObject({ taskId: 'task-1', code: -32603, statusMessage: 'it broke' });
    } finally {
      await client.close();
    }
  });

  it('a completed task without a result is a protocol violation', async () => {
    const { client } = await connect();
    try {
      await expect(client.callTool('no-result')).rejects.toThrow(new ProtocolViolationError("Task 'task-1' is completed but carries no result (SEP-2663 violation)"));
    } finally {
      await client.close();
    }
  });

  it('unsubscribing sends tasks/cancel (with the latest requestState), never notifications/cancelled; a cancelled task is a TaskCancelledError', async () => {
    const { client, wire } = await connect();
    try {
      const subscription = client.callTool$('cancellable').subscribe({ error: () => undefined });
      // the first tasks/get answered (so the cancel carries its requestState)
      const answered = (): boolean => {
        const get = requests(wire.sent, 'tasks/get')[0];
        return get !== undefined && wire.received.some((item) => item.type === 'message' && (item.message as { id?: unknown; method?: unknown }).id === get.id && (item.message as { method?: unknown }).method === undefined);
      };
      await until(answered);
      subscription.unsubscribe();
      await until(() => requests(wire.sent, 'tasks/cancel').length === 1);
      const cancel = requests(wire.sent, 'tasks/cancel')[0]!;
      expect(cancel.params).toMatchObject({ taskId: 'task-1' });
      expect(typeof cancel.params!.requestState).toBe('string');
      expect(methods(wire.sent)).not.toContain('notifications/cancelled');
      // the server saw the cancel: resuming the task by id reports it cancelled
      await expect(client.tasks.wait('task-1', { requestState: cancel.params!.requestState as string })).rejects.toBeInstanceOf(TaskCancelledError);
    } finally {
      await client.close();
    }
  });

  it('answers input_required with tasks/update through the elicitation callback, each key once across polls', async () => {
    const asked: string[] = [];
    const { client, wire } = await connect({
      elicitationCallback: async (params) => {
        asked.push(params.message);
        const content: Record<string, string> = params.message === 'Your name?' ? { name: 'Ada' } : { second: 'two' };
        return { action: 'accept' as const, content };
      },
    });
    try {
      const events = await lastValueFrom(client.callTool$('ask').pipe(toArray()));
      const last = events.at(-1)!;
      expect(last.type === 'result' && last.result.content).toEqual([{ type: 'text', text: 'name=Ada second=two' }]);
      // the key `name` was re-polled after it was answered: asked once all the same
      expect(asked).toEqual(['Your name?', 'Second?']);
      const updates = requests(wire.sent, 'tasks/update');
      expect(updates.map((update) => Object.keys(update.params!.inputResponses as JsonObject))).toEqual([['name'], ['second']]);
      expect(updates[0]!.params!.inputResponses).toEqual({ name: { action: 'accept', content: { name: 'Ada' } } });
      expect(events.filter((event) => event.type === 'task').map((event) => event.type === 'task' && event.status)).toContain('input_required');
    } finally {
      await client.close();
    }
  });

  it('a task that never leaves working is bounded by the call total deadline, then cancelled', async () => {
    const { client, wire } = await connect();
    try {
      const error = await client.callTool('hang', {}, { totalTimeoutMs: 600 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ method: 'tools/call', kind: 'total' });
      await until(() => requests(wire.sent, 'tasks/cancel').length === 1);
      expect(requests(wire.sent, 'tasks/get').length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('a task id that disappears is a TaskNotFoundError', async () => {
    const { client } = await connect();
    try {
      const error = await client.callTool('vanish').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskNotFoundError);
      expect(error).toMatchObject({ taskId: 'task-1', cause: expect.objectContaining({ code: -32602 }) });
    } finally {
      await client.close();
    }
  });

  it('clamps pollIntervalMs of 0 and 1e9 to the documented bounds', async () => {
    expect(clampPollInterval(0)).toBe(MIN_TASK_POLL_INTERVAL_MS);
    expect(clampPollInterval(1e9)).toBe(MAX_TASK_POLL_INTERVAL_MS);
    expect(clampPollInterval(undefined)).toBe(1_000);
    expect([MIN_TASK_POLL_INTERVAL_MS, MAX_TASK_POLL_INTERVAL_MS]).toEqual([100, 30_000]);
    // on the wire: a server asking for 1e9 ms is still polled, at the client's bound
    const { client, wire } = await connect({ tasks: { maxPollIntervalMs: 200 } });
    try {
      await expect(client.callTool('interval', { ms: 1e9 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      expect(requests(wire.sent, 'tasks/get')).toHaveLength(2);
      // and one asking for 0 ms is polled no faster than the minimum: two polls, not a spin
      await expect(client.callTool('interval', { ms: 0 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      expect(requests(wire.sent, 'tasks/get')).toHaveLength(4);
    } finally {
      await client.close();
    }
  });

  it('-32021 for a tool that requires tasks, from a client that did not declare them, is an ExtensionRequiredError naming the extension', async () => {
    const { client, wire } = await connect({ tasks: false });
    try {
      const error = await client.callTool('requires-task').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ExtensionRequiredError);
      expect(error).toMatchObject({ extension: EXT, code: -32021 });
      const call = requests(wire.sent, 'tools/call')[0]!;
      expect(((call.params!._meta as JsonObject)['io.modelcontextprotocol/clientCapabilities'] as JsonObject).extensions).toBeUndefined();
    } finally {
      await client.close();
    }
    const declared = await connect();
    try {
      await expect(declared.client.callTool('requires-task')).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
    } finally {
      await declared.client.close();
    }
  });

  it('a notifications/tasks/status for the task answers the pending poll at once (no 20 s wait)', async () => {
    const { client, wire } = await connect();
    try {
      // the server suggests 20 s between polls; the pushed status ends the task long before, inside the 5 s deadline
      await expect(client.callTool('pushed', {}, { totalTimeoutMs: 5_000 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'pushed' }] });
      expect(requests(wire.sent, 'tasks/get')).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('a task result on another verb is a protocol violation', async () => {
    const { client } = await connect();
    try {
      await expect(client.getPrompt('task-prompt')).rejects.toThrow(ProtocolViolationError);
    } finally {
      await client.close();
    }
  });

  it('reads a task\'s timing as the spec spells it (ttlMs, pollIntervalMs), and a SEP-2663 draft server\'s ttlSeconds and pollIntervalMilliseconds as the same', async () => {
    for (const serverArgs of [[], ['--draft-spelling']]) {
      const { client, wire } = await connect({}, serverArgs);
      try {
        const events = await lastValueFrom(client.session.request$('tools/call', { name: 'complete', arguments: { polls: 1, interval: 250 } }, z.looseObject({}), { allowClaimed: true }).pipe(toArray()));
        const decoded = events.at(-1)!;
        if (decoded.type !== 'result' || decoded.result.resultType !== 'claimed') throw new Error('expected a claimed task result');
        const created = decoded.result.result as { taskId: string; requestState: string };
        const task = await client.tasks.get(created.taskId, { requestState: created.requestState });
        // the wire as the server spelt it; the result in the spec's fields either way
        const getId = requests(wire.sent, 'tasks/get')[0]!.id;
        const answered = wire.received.map((item) => (item.type === 'message' ? (item.message as { id?: unknown; result?: JsonObject }) : {})).find((message) => message.id === getId)!;
        expect(Object.keys(answered.result!).filter((key) => /^(ttl|pollInterval)/.test(key)).sort()).toEqual(serverArgs.length === 0 ? ['pollIntervalMs', 'ttlMs'] : ['pollIntervalMilliseconds', 'ttlSeconds']);
        expect(task).toMatchObject({ taskId: created.taskId, ttlMs: 3_600_000, pollIntervalMs: 250 });
        await expect(client.tasks.wait(created.taskId, { requestState: task.requestState! })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      } finally {
        await client.close();
      }
    }
  });

  it('the lower level: get, update, cancel and wait a task by id, echoing the requestState given', async () => {
    const { client, wire } = await connect();
    try {
      // the session tier hands the task handle back as it came (a claimed result type), undriven
      const events = await lastValueFrom(client.session.request$('tools/call', { name: 'complete', arguments: { polls: 2 } }, z.looseObject({}), { allowClaimed: true }).pipe(toArray()));
      const decoded = events.at(-1)!;
      if (decoded.type !== 'result' || decoded.result.resultType !== 'claimed') throw new Error('expected a claimed task result');
      const created = decoded.result.result as { taskId: string; requestState: string };
      expect(created).toMatchObject({ resultType: 'task', taskId: 'task-1', status: 'working' });
      const first = await client.tasks.get(created.taskId, { requestState: created.requestState });
      expect(first).toMatchObject({ taskId: 'task-1', status: 'working', statusMessage: 'running', pollIntervalMs: 100, ttlMs: 3_600_000 });
      // a stale requestState is refused by the server (the client sent exactly what it was given)
      await expect(client.tasks.get(created.taskId, { requestState: created.requestState })).rejects.toMatchObject({ code: -32602 });
      await expect(client.tasks.wait(created.taskId, { requestState: first.requestState! })).resolves.toMatchObject({ content: [{ type: 'text', text: 'done' }] });
      await client.tasks.update('task-1', { unknown: { action: 'cancel' } }, { requestState: requests(wire.sent, 'tasks/get').at(-1)!.params!.requestState as string }).catch(() => undefined);
      expect(requests(wire.sent, 'tasks/update')[0]!.params).toMatchObject({ taskId: 'task-1', inputResponses: { unknown: { action: 'cancel' } } });
    } finally {
      await client.close();
    }
  });

  it('sends Mcp-Name = the task id on tasks/get, tasks/update and tasks/cancel over HTTP', () => {
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const headers = modernHeaders({ jsonrpc: '2.0', id: 1, method, params: { taskId: 'task-7' } }, '2026-07-28');
      expect(headers).toMatchObject({ 'Mcp-Method': method, 'Mcp-Name': 'task-7' });
    }
  });
});
