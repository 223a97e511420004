/**
 * The whole client surface against the fixture server (official server SDK, both eras) over
 * stdio: prompts, resources, completions, logging, subscriptions, list changes, and the
 * requests a server makes of the client (legacy pushes, 2026-07-28 input_required rounds).
 */
import { filter, firstValueFrom } from 'rxjs';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import { McpError } from '../../lib/protocol/errors.js';
import type { JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import type { ElicitResult } from '../../lib/protocol/schemas/client-requests.js';
import { ToolOutputValidationError } from '../../lib/validation/errors.js';
import { methodsOf, recording } from '../helpers/recording-transport.js';
import { eventually, until } from '../helpers/scripted-peer.js';
import { firstText, fixtureServer } from '../helpers/servers.js';

const answers: { elicit: ElicitResult } = { elicit: { action: 'accept', content: { answer: 'yes' } } };

const callbacks: ClientOptions = {
  elicitationCallback: async (params) => {
    if (params.mode === 'url') return { action: 'accept' };
    const keys = Object.keys(params.requestedSchema.properties ?? {});
    if (keys.includes('confirm')) return { action: 'accept', content: { confirm: true } };
    if (keys.includes('first')) return { action: 'accept', content: { first: 'one' } };
    if (keys.includes('second')) return { action: 'accept', content: { second: 'two' } };
    return answers.elicit;
  },
  samplingCallback: async (params) => ({ role: 'assistant', content: { type: 'text', text: `model saw ${params.maxTokens} tokens max` }, model: 'test-model', stopReason: 'endTurn' }),
  listRootsCallback: () => [{ uri: 'file:///a', name: 'a' }, { uri: 'file:///b' }],
};

describe.each(['legacy', 'auto'] as const)('the client surface against the fixture server, mode %s', (mode) => {
  let client: Client;
  let transport: ReturnType<typeof recording<ReturnType<typeof fixtureServer>>>;

  beforeEach(async () => {
    transport = recording(fixtureServer());
    client = await Client.connect(transport, { mode, ...callbacks });
  });
  afterEach(() => client.close());

  it('lists and expands prompts, with argument completion', async () => {
    expect((await client.listAllPrompts()).map((prompt) => prompt.name)).toEqual(expect.arrayContaining(['greet', 'review', 'confirm-prompt']));
    const greet = await client.getPrompt('greet', { name: 'Ada' });
    expect(greet.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello, Ada!' } }]);
    await expect(client.getPrompt('greet', {})).rejects.toMatchObject({ code: -32602 });
    const completion = await client.complete({ type: 'ref/prompt', name: 'review' }, { name: 'language', value: 'ty' });
    expect(completion.completion.values).toEqual(['typescript']);
  });

  it('lists and reads resources and templates, text and binary, and reports an unknown one', async () => {
    expect((await client.listAllResources()).map((resource) => resource.uri)).toEqual(expect.arrayContaining(['fixture://greeting', 'fixture://blob']));
    expect((await client.listAllResourceTemplates()).map((template) => template.uriTemplate)).toContain('fixture://items/{id}');
    expect((await client.readResource('fixture://greeting')).contents[0]).toMatchObject({ uri: 'fixture://greeting', text: 'hello' });
    expect((await client.readResource('fixture://blob')).contents[0]).toMatchObject({ blob: 'AAECA/7/' });
    expect((await client.readResource('fixture://items/42')).contents[0]).toMatchObject({ text: 'item 42' });
    expect((await client.complete({ type: 'ref/resource', uri: 'fixture://items/{id}' }, { name: 'id', value: '' })).completion.values).toEqual(['1', '2', '3']);
    const missing = await client.readResource('fixture://nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(McpError);
    expect(missing).toMatchObject({ code: -32602 });
  });

  it('answers elicitation, sampling and roots requests through the callbacks', async () => {
    expect(firstText(await client.callTool('ask-user', { question: 'Ready?' }))).toBe('user said yes');
    expect(firstText(await client.callTool('ask-user-url', { url: 'https://example.com/auth' }))).toBe('accept');
    expect(firstText(await client.callTool('ask-model', { prompt: 'meaning?' }))).toBe('model saw 100 tokens max');
    expect(firstText(await client.callTool('list-client-roots', {}))).toBe('file:///a,file:///b');
    expect(firstText(await client.callTool('ask-twice', {}))).toBe('first=one second=two');
    const prompt = await client.getPrompt('confirm-prompt');
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: 'confirmed' });
    if (mode === 'auto') {
      // each round is a new request on the wire, none of them a server→client request
      const askTwice = transport.sent.filter((m) => 'method' in m && m.method === 'tools/call' && (m as JsonRpcRequest).params?.name === 'ask-twice') as JsonRpcRequest[];
      expect(askTwice).toHaveLength(3);
      expect(new Set(askTwice.map((request) => request.id)).size).toBe(3);
      expect(askTwice[2]!.params?.requestState).toEqual(expect.any(String));
    } else {
      expect(transport.received.some((item) => item.type === 'message' && (item.message as { method?: string }).method === 'elicitation/create')).toBe(true);
    }
  });

  it('passes the user declining through as the tool sees it', async () => {
    answers.elicit = { action: 'decline' };
    try {
      expect(firstText(await client.callTool('ask-user', { question: 'Ready?' }))).toBe('user declined');
    } finally {
      answers.elicit = { action: 'accept', content: { answer: 'yes' } };
    }
  });

  it('runs state-only rounds until the server is done', async () => {
    expect(firstText(await client.callTool('state-only', { rounds: 3 }))).toBe(mode === 'auto' ? 'done after 3 rounds' : 'done after 0 rounds');
  });

  it('validates structured output against the output schema', async () => {
    await expect(client.callTool('bad-output', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
    const array = await client.callTool('array-output', {});
    expect(array.structuredContent).toEqual(mode === 'auto' ? [1, 2, 3] : { result: [1, 2, 3] });
    expect((await client.callTool('add', { a: 1, b: 2 })).structuredContent).toEqual({ sum: 3 });
  });

  it('delivers log messages at the asked level', async () => {
    const logs = firstValueFrom(client.logs$.pipe(filter((log) => log.data === 'w1')));
    await client.setLoggingLevel('warning');
    await client.callTool('log', { level: 'info', message: 'i1' });
    await client.callTool('log', { level: 'warning', message: 'w1' });
    expect(await logs).toMatchObject({ level: 'warning', data: 'w1' });
    if (mode === 'auto') expect(methodsOf(transport.sent)).not.toContain('logging/setLevel');
  });

  it('follows resource updates while subscribed', async () => {
    const update = firstValueFrom(client.resourceUpdates$('fixture://greeting'));
    // wait until the server has the subscription: the legacy subscribe answered, or the listen acknowledged
    const subscribeMethod = mode === 'auto' ? 'subscriptions/listen' : 'resources/subscribe';
    await until(() => {
      const request = transport.sent.find((m) => 'method' in m && m.method === subscribeMethod) as JsonRpcRequest | undefined;
      if (request === undefined) return false;
      return transport.received.some((item) => {
        if (item.type !== 'message') return false;
        const message = item.message as { id?: unknown; method?: string; params?: { _meta?: Record<string, unknown> } };
        return mode === 'auto'
          ? message.method === 'notifications/subscriptions/acknowledged' && message.params?._meta?.['io.modelcontextprotocol/subscriptionId'] === request.id
          : message.id === request.id;
      });
    });
    await client.callTool('touch-resource', { uri: 'fixture://blob' });
    await client.callTool('touch-resource', { uri: 'fixture://greeting' });
    expect(await update).toEqual({ uri: 'fixture://greeting', notification: expect.objectContaining({ method: 'notifications/resources/updated' }) });
  });

  it('keeps tools$ current when a tool is added', async () => {
    const lists: string[][] = [];
    const subscription = client.tools$.subscribe((tools) => lists.push(tools.map((tool) => tool.name)));
    await eventually(async () => lists.length, (count) => count >= 1);
    if (mode === 'auto') await until(() => transport.received.some((item) => item.type === 'message' && (item.message as { method?: string }).method === 'notifications/subscriptions/acknowledged'));
    await client.callTool('add-tool', { name: 'fresh' });
    await eventually(async () => lists.at(-1) ?? [], (names) => names.includes('fresh'));
    expect(lists[0]).not.toContain('fresh');
    subscription.unsubscribe();
    expect(firstText(await client.callTool('fresh', {}))).toBe('added fresh');
  });
});
