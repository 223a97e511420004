/**
 * 2025-11-25 experimental tasks (SEP-1686) against `spec/fixtures/legacy-tasks-server.mjs`, a
 * server on the official SDK's task support, over stdio: the same results, events and typed
 * outcomes as the 2026 flavour, and the wire of the era (`task` param, `tasks/get`,
 * `tasks/result`, `tasks/cancel`); and the same over Streamable HTTP (the fixture's `--http`).
 */
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { TimeoutError } from '../../lib/protocol/errors.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { TaskFailedError } from '../../lib/tasks/errors.js';
import type { McpInterceptor } from '../../lib/pipeline/mcp-request.js';
import { streamableHttp } from '../../lib/transport/http/streamable-http-transport.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { startListeningProcess, type ListeningProcess } from '../helpers/listening-process.js';
import { recording } from '../helpers/recording-transport.js';

const SERVER = join(__dirname, '..', 'fixtures', 'legacy-tasks-server.mjs');

const requests = (sent: readonly JsonRpcMessage[], method: string): JsonRpcRequest[] =>
  sent.filter((message): message is JsonRpcRequest => 'method' in message && 'id' in message && message.method === method);
const methods = (sent: readonly JsonRpcMessage[]): string[] => sent.filter((message) => 'method' in message).map((message) => (message as { method: string }).method);

async function connect(options: Omit<Parameters<typeof Client.connect>[1] & object, 'mode'> = {}) {
  const wire = recording(stdio({ command: process.execPath, args: [SERVER] }));
  const client = await Client.connect(wire, { ...options, mode: 'legacy' });
  return { client, wire };
}

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setImmediate(resolve));
}

describe('tasks (2025-11-25 experimental, official SDK server)', () => {
  it('calls a tool whose taskSupport is required as a task automatically: task param, tasks/get polls, tasks/result', async () => {
    const { client, wire } = await connect();
    try {
      const result = await client.callTool('must-task');
      expect(result.content).toEqual([{ type: 'text', text: 'required done' }]);
      const call = requests(wire.sent, 'tools/call')[0]!;
      expect(call.params).toMatchObject({ name: 'must-task', task: {} });
      // the listing was fetched first, to learn the tool's taskSupport
      expect(methods(wire.sent).indexOf('tools/list')).toBeLessThan(methods(wire.sent).indexOf('tools/call'));
      const taskId = requests(wire.sent, 'tasks/result')[0]!.params!.taskId;
      expect(typeof taskId).toBe('string');
      expect(requests(wire.sent, 'tasks/get').every((get) => get.params!.taskId === taskId)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('runs an optional tool as a task only when asked ({ task: { ttl } }), with the same $ events as 2026', async () => {
    const { client, wire } = await connect();
    try {
      await client.listTools();
      await expect(client.callTool('delay', { ms: 10 })).resolves.toMatchObject({ content: [{ type: 'text', text: 'slept 10' }] });
      expect(requests(wire.sent, 'tools/call')[0]!.params!.task).toBeUndefined();
      const events = await lastValueFrom(client.callTool$('delay', { ms: 150 }, { task: { ttl: 5_000 } }).pipe(toArray()));
      expect(requests(wire.sent, 'tools/call')[1]!.params).toMatchObject({ name: 'delay', task: { ttl: 5_000 } });
      expect(events.map((event) => (event.type === 'task' ? event.status : event.type))).toEqual(['working', 'completed', 'result']);
      const last = events.at(-1)!;
      expect(last.type === 'result' && last.result.content).toEqual([{ type: 'text', text: 'slept 150' }]);
    } finally {
      await client.close();
    }
  });

  it('the task-creating call and every follow-up go through the user interceptors, outer and inner (their changes on the wire)', async () => {
    const outer: string[] = [];
    const inner: { method: string; task: unknown }[] = [];
    const tapOuter: McpInterceptor = (request, next) => {
      outer.push(request.method);
      return next(request);
    };
    const tapInner: McpInterceptor = (request, next) => {
      inner.push({ method: request.method, task: request.params?.task });
      return next(request.withMeta({ 'example.com/inner': request.method }));
    };
    const { client, wire } = await connect({ interceptors: { outer: [tapOuter], inner: [tapInner] } });
    try {
      await client.listTools();
      await expect(client.callTool('delay', { ms: 150 }, { task: { ttl: 5_000 } })).resolves.toMatchObject({ content: [{ type: 'text', text: 'slept 150' }] });
      const afterList = inner.slice(1);
      // the inner interceptor saw the call as it goes on the wire: with its task param, once
      expect(afterList[0]).toEqual({ method: 'tools/call', task: { ttl: 5_000 } });
      expect(afterList.filter((seen) => seen.method === 'tools/call')).toHaveLength(1);
      expect(afterList.map((seen) => seen.method)).toContain('tasks/get');
      expect(afterList.at(-1)!.method).toBe('tasks/result');
      expect(outer.slice(1)[0]).toBe('tools/call');
      expect(outer).toContain('tasks/result');
      // what the inner interceptor added is on the wire, on the task-creating call as on each follow-up
      const call = requests(wire.sent, 'tools/call')[0]!;
      expect(call.params).toMatchObject({ name: 'delay', task: { ttl: 5_000 }, _meta: { 'example.com/inner': 'tools/call' } });
      for (const method of ['tasks/get', 'tasks/result']) for (const request of requests(wire.sent, method)) expect(request.params!._meta).toMatchObject({ 'example.com/inner': method });
      expect(inner.filter((seen) => seen.method === 'tasks/get')).toHaveLength(requests(wire.sent, 'tasks/get').length);
    } finally {
      await client.close();
    }
  });

  it('a failed task is a TaskFailedError carrying the statusMessage', async () => {
    const { client } = await connect();
    try {
      await client.listTools();
      const error = await client.callTool('fail-task', {}, { task: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect(error).toMatchObject({ taskId: expect.any(String) });
    } finally {
      await client.close();
    }
  });

  it('a task that never ends is bounded by the total deadline and cancelled with tasks/cancel, not notifications/cancelled', async () => {
    const { client, wire } = await connect();
    try {
      await client.listTools();
      const error = await client.callTool('forever', {}, { task: true, totalTimeoutMs: 500 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      await until(() => requests(wire.sent, 'tasks/cancel').length === 1);
      expect(requests(wire.sent, 'tasks/cancel')[0]!.params!.taskId).toBe(requests(wire.sent, 'tasks/get')[0]!.params!.taskId);
      expect(methods(wire.sent)).not.toContain('notifications/cancelled');
    } finally {
      await client.close();
    }
  });
});

describe('client-side tasks (2025-11-25): a server request run as a task of the client', () => {
  it('answers a task-augmented elicitation/create with { task }, then the server polls tasks/get and fetches tasks/result', async () => {
    const wire = recording(stdio({ command: process.execPath, args: [SERVER] }));
    const client = await Client.connect(wire, {
      mode: 'legacy',
      elicitationCallback: async () => ({ action: 'accept' as const, content: { answer: 'yes' } }),
    });
    try {
      const sentInitialize = requests(wire.sent, 'initialize')[0]!;
      expect((sentInitialize.params!.capabilities as { tasks?: unknown }).tasks).toEqual({ list: {}, cancel: {}, requests: { elicitation: { create: {} } } });
      const outcome = await client.callTool('ask-client-task');
      expect(outcome.content).toEqual([{ type: 'text', text: expect.stringMatching(/^client said yes \(.*taskCreated.*result\)$/) }]);
      // on the wire: the client's answer to elicitation/create was a task handle, then it served tasks/result
      const responses = wire.sent.filter((message) => 'result' in message) as { result: { task?: { taskId: string; status: string } } }[];
      const handle = responses.find((response) => response.result.task !== undefined)!.result.task!;
      expect(handle.status).toBe('working');
      const fromServer = wire.received.flatMap((item) => (item.type === 'message' ? [item.message as JsonRpcMessage] : []));
      const elicitation = requests(fromServer, 'elicitation/create')[0]!;
      expect(elicitation.params).toMatchObject({ task: { ttl: 10_000 } });
      const result = requests(fromServer, 'tasks/result')[0]!;
      expect(result.params).toMatchObject({ taskId: handle.taskId });
      // and the client's answer to tasks/result is the callback's ElicitResult, tied to the task
      const answer = wire.sent.find((message) => 'result' in message && message.id === result.id) as { result: JsonObject } | undefined;
      expect(answer!.result).toMatchObject({ action: 'accept', content: { answer: 'yes' }, _meta: { 'io.modelcontextprotocol/related-task': { taskId: handle.taskId } } });
    } finally {
      await client.close();
    }
  });
});

describe('tasks (2025-11-25 experimental) over Streamable HTTP', () => {
  let server: ListeningProcess;
  beforeAll(async () => {
    server = await startListeningProcess([SERVER, '--http']);
  });
  afterAll(() => server.stop());

  it('a task over Streamable HTTP: task param, tasks/get, tasks/result with the payload, the $ events and the failure as over stdio', async () => {
    const wire = recording(streamableHttp(`http://127.0.0.1:${server.port}/mcp`));
    const client = await Client.connect(wire, { mode: 'legacy' });
    try {
      await expect(client.callTool('must-task')).resolves.toMatchObject({ content: [{ type: 'text', text: 'required done' }] });
      const fetches = requests(wire.sent, 'tasks/result');
      expect(fetches).toHaveLength(1);
      expect(requests(wire.sent, 'tools/call')[0]!.params).toMatchObject({ name: 'must-task', task: {} });
      const events = await lastValueFrom(client.callTool$('delay', { ms: 150 }, { task: true }).pipe(toArray()));
      expect(events.map((event) => (event.type === 'task' ? event.status : event.type))).toEqual(['working', 'completed', 'result']);
      const error = await client.callTool('fail-task', {}, { task: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect(requests(wire.sent, 'tasks/result')).toHaveLength(3);
      expect(requests(wire.sent, 'tasks/result').map((fetch) => typeof fetch.params!.taskId)).toEqual(['string', 'string', 'string']);
    } finally {
      await client.close();
    }
  });
});
