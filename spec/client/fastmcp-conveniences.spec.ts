/**
 * FastMCP's client conveniences on rxmcp, against the fixture server over stdio in both eras:
 * parsed tool output (`data`, `raiseOnError`, `ToolError`), the run-time setters (`setRoots`,
 * `setSamplingCallback`, `setElicitationCallback`), a client-wide `onProgress`, `initTimeoutMs`,
 * `clone()`, and reentrant use by reference count.
 */
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { z } from 'zod';
import type { ClientOptions } from '../../lib/client/client-options.js';
import { Client } from '../../lib/client/client.js';
import { ToolError } from '../../lib/client/tool-error.js';
import type { ProgressEvent } from '../../lib/dispatch/request-events.js';
import { ConnectionClosedError, InvalidOptionError, TimeoutError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import type { ClientWarning } from '../../lib/session/client-warning.js';
import { stdio } from '../../lib/transport/stdio/stdio-transport.js';
import { ToolOutputValidationError } from '../../lib/validation/errors.js';
import { recording, type RecordingTransport } from '../helpers/recording-transport.js';
import { firstText, fixtureServer, processAlive } from '../helpers/servers.js';

const ROOT = join(__dirname, '..', '..');
const isRequest = (message: JsonRpcMessage, method: string): message is JsonRpcRequest => 'method' in message && 'id' in message && message.method === method;
const sentOf = (wire: RecordingTransport, method: string): JsonRpcMessage[] => wire.sent.filter((message) => 'method' in message && message.method === method);

interface Fixture extends AsyncDisposable {
  readonly client: Client;
  readonly wire: RecordingTransport & { readonly inner: ReturnType<typeof fixtureServer> };
}

async function connect(mode: 'legacy' | 'auto', options: ClientOptions = {}): Promise<Fixture> {
  const wire = recording(fixtureServer());
  const client = await Client.connect(wire, { mode, ...options });
  return { client, wire, [Symbol.asyncDispose]: () => client.close() };
}

describe.each(['legacy', 'auto'] as const)('FastMCP conveniences, fixture server over stdio, mode %s', (mode) => {
  describe('callTool with parsed output', () => {
    it('exposes the validated structuredContent as typed data, the raw fields kept', async () => {
      await using fixture = await connect(mode);
      const result = await fixture.client.callTool<{ sum: number }>('add', { a: 2, b: 3 });
      const sum: number | undefined = result.data?.sum;
      expect(sum).toBe(5);
      expect(result.structuredContent).toEqual({ sum: 5 });
      expect(firstText(result)).toBe('5');
      expect(result.isError).not.toBe(true);
    });

    it('infers data from a zod schema passed with the call, and rejects content it does not fit', async () => {
      await using fixture = await connect(mode);
      const result = await fixture.client.callTool('add', { a: 1, b: 1 }, { outputSchema: z.object({ sum: z.number().transform((n) => n * 10) }) });
      const scaled: number | undefined = result.data?.sum;
      expect(scaled).toBe(20);
      const error = await fixture.client.callTool('add', { a: 1, b: 1 }, { outputSchema: z.object({ sum: z.string() }) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolOutputValidationError);
      expect((error as ToolOutputValidationError).toolName).toBe('add');
    });

    it('checks data against a JSON Schema passed with the call', async () => {
      await using fixture = await connect(mode);
      const ok = await fixture.client.callTool<{ sum: number }>('add', { a: 4, b: 4 }, { outputSchema: { type: 'object', required: ['sum'] } });
      expect(ok.data).toEqual({ sum: 8 });
      const error = await fixture.client.callTool('add', { a: 4, b: 4 }, { outputSchema: { type: 'object', required: ['total'] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolOutputValidationError);
      expect((error as ToolOutputValidationError).reason).toBe('invalid-structured-content');
    });

    it('callTool$ ends the same way: data on the result event, a ToolError for an isError result', async () => {
      await using fixture = await connect(mode);
      const events = await lastValueFrom(fixture.client.callTool$<{ sum: number }>('add', { a: 6, b: 1 }).pipe(toArray()));
      expect(events.at(-1)).toMatchObject({ type: 'result', result: { data: { sum: 7 }, structuredContent: { sum: 7 } } });
      await expect(lastValueFrom(fixture.client.callTool$('echo', { wrong: 1 }, { raiseOnError: true }))).rejects.toBeInstanceOf(ToolError);
    });

    it('has no data for a tool without structured content', async () => {
      await using fixture = await connect(mode);
      const result = await fixture.client.callTool('echo', { text: 'hi' });
      expect(result.data).toBeUndefined();
      expect(firstText(result)).toBe('hi');
    });

    it('raiseOnError per call turns an isError result into a ToolError carrying the content', async () => {
      await using fixture = await connect(mode);
      const plain = await fixture.client.callTool('echo', { wrong: 1 });
      expect(plain.isError).toBe(true);
      expect(plain.data).toBeUndefined();
      const error = await fixture.client.callTool('echo', { wrong: 1 }, { raiseOnError: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      const toolError = error as ToolError;
      expect(toolError.toolName).toBe('echo');
      expect(toolError.result.isError).toBe(true);
      expect(toolError.content).toEqual(plain.content);
      expect(toolError.message).toContain(firstText(plain));
    });

    it('raiseOnError client-wide, overridable per call', async () => {
      await using fixture = await connect(mode, { raiseOnError: true });
      await expect(fixture.client.callTool('echo', { wrong: 1 })).rejects.toBeInstanceOf(ToolError);
      const result = await fixture.client.callTool('echo', { wrong: 1 }, { raiseOnError: false });
      expect(result.isError).toBe(true);
      expect(firstText(await fixture.client.callTool('echo', { text: 'fine' }))).toBe('fine');
    });

    it('refuses a bad raiseOnError, outputSchema or allowClaimed before anything is sent', async () => {
      await using fixture = await connect(mode);
      const before = sentOf(fixture.wire, 'tools/call').length;
      await expect(fixture.client.callTool('add', { a: 1, b: 2 }, { raiseOnError: 'yes' as unknown as boolean })).rejects.toBeInstanceOf(InvalidOptionError);
      await expect(fixture.client.callTool('add', { a: 1, b: 2 }, { outputSchema: 3 as unknown as { parse(value: unknown): unknown } })).rejects.toBeInstanceOf(InvalidOptionError);
      await expect(Client.connect(fixtureServer(), { raiseOnError: 1 as unknown as boolean })).rejects.toBeInstanceOf(InvalidOptionError);
      // the session's checks see the caller's own options (a tools/call once checked a copy with allowClaimed set, which hid a bad one)
      const badClaim = fixture.client.callTool('add', { a: 1, b: 2 }, { allowClaimed: 'yes' as unknown as boolean });
      await expect(badClaim).rejects.toThrow(/allowClaimed/);
      await expect(badClaim).rejects.toBeInstanceOf(InvalidOptionError);
      expect(sentOf(fixture.wire, 'tools/call')).toHaveLength(before);
    });
  });

  describe('run-time setters', () => {
    it('setRoots: the next roots/list is answered with the new list (legacy: after notifications/roots/list_changed)', async () => {
      await using fixture = await connect(mode, { listRootsCallback: () => [{ uri: 'file:///old' }] });
      expect(firstText(await fixture.client.callTool('list-client-roots', {}))).toBe('file:///old');
      fixture.client.setRoots([{ uri: 'file:///a', name: 'a' }, { uri: 'file:///b' }]);
      expect(firstText(await fixture.client.callTool('list-client-roots', {}))).toBe('file:///a,file:///b');
      expect(sentOf(fixture.wire, 'notifications/roots/list_changed')).toHaveLength(fixture.client.era === 'legacy' ? 1 : 0);
      expect(() => fixture.client.setRoots([{ name: 'no uri' } as never])).toThrow(InvalidOptionError);
    });

    it('setRoots without roots declared at connect: modern requests declare them, a legacy server is warned about', async () => {
      await using fixture = await connect(mode);
      const warnings: ClientWarning[] = [];
      const subscription = fixture.client.warnings$.subscribe((warning) => warnings.push(warning));
      fixture.client.setRoots([{ uri: 'file:///late' }]);
      subscription.unsubscribe();
      if (fixture.client.era === 'legacy') {
        expect(warnings.map((warning) => warning.code)).toEqual(['capability-not-declared']);
        expect(warnings[0]!.message).toContain('roots');
        expect(sentOf(fixture.wire, 'notifications/roots/list_changed')).toHaveLength(0);
      } else {
        expect(warnings).toEqual([]);
        await fixture.client.callTool('echo', { text: 'x' });
        const call = fixture.wire.sent.filter((message) => isRequest(message, 'tools/call')).at(-1) as JsonRpcRequest;
        expect((call.params?._meta as Record<string, unknown>)['io.modelcontextprotocol/clientCapabilities']).toEqual({ roots: {} });
        expect(firstText(await fixture.client.callTool('list-client-roots', {}))).toBe('file:///late');
      }
    });

    it('setSamplingCallback and setElicitationCallback replace the answers (and, on 2026-07-28, the capabilities)', async () => {
      await using fixture = await connect(mode, {
        samplingCallback: () => ({ role: 'assistant', content: { type: 'text', text: 'first model' }, model: 'm1' }),
        elicitationCallback: () => ({ action: 'accept', content: { answer: 'first' } }),
      });
      expect(firstText(await fixture.client.callTool('ask-model', { prompt: 'p' }))).toContain('first model');
      fixture.client.setSamplingCallback(() => ({ role: 'assistant', content: { type: 'text', text: 'second model' }, model: 'm2' }));
      fixture.client.setElicitationCallback(() => ({ action: 'accept', content: { answer: 'second' } }));
      expect(firstText(await fixture.client.callTool('ask-model', { prompt: 'p' }))).toContain('second model');
      expect(firstText(await fixture.client.callTool('ask-user', { question: 'q' }))).toBe('user said second');
      expect(() => fixture.client.setSamplingCallback('no' as never)).toThrow(InvalidOptionError);
      expect(() => fixture.client.setElicitationCallback(() => ({ action: 'decline' }), ['sms' as never])).toThrow(InvalidOptionError);
      // a refused change changes nothing
      expect(firstText(await fixture.client.callTool('ask-user', { question: 'q' }))).toBe('user said second');
    });

    it('a sampling callback set after connect: declared on the next 2026-07-28 requests, a warning on legacy', async () => {
      await using fixture = await connect(mode);
      const warnings: ClientWarning[] = [];
      const subscription = fixture.client.warnings$.subscribe((warning) => warnings.push(warning));
      fixture.client.setSamplingCallback(() => ({ role: 'assistant', content: { type: 'text', text: 'late model' }, model: 'm' }));
      subscription.unsubscribe();
      if (fixture.client.era === 'legacy') {
        expect(warnings.map((warning) => [warning.code, warning.message.includes('sampling')])).toEqual([['capability-not-declared', true]]);
      } else {
        expect(warnings).toEqual([]);
        expect(firstText(await fixture.client.callTool('ask-model', { prompt: 'p' }))).toContain('late model');
        const call = fixture.wire.sent.filter((message) => isRequest(message, 'tools/call')).at(-1) as JsonRpcRequest;
        expect((call.params?._meta as Record<string, unknown>)['io.modelcontextprotocol/clientCapabilities']).toEqual({ sampling: {} });
      }
    });
  });

  describe('client-wide onProgress', () => {
    it('gets the progress of every Promise call that passes none; a call of its own replaces it', async () => {
      const wide: ProgressEvent[] = [];
      await using fixture = await connect(mode, { onProgress: (event) => wide.push(event) });
      expect(firstText(await fixture.client.callTool('progress', { steps: 3 }))).toBe('done 3');
      expect(wide.map((event) => event.progress)).toEqual([1, 2, 3]);
      const own: ProgressEvent[] = [];
      await fixture.client.callTool('progress', { steps: 2 }, { onProgress: (event) => own.push(event) });
      expect(own.map((event) => event.progress)).toEqual([1, 2]);
      expect(wide).toHaveLength(3);
    });
  });

  describe('clone()', () => {
    it('connects the same configuration on a fresh connection (a new server process)', async () => {
      await using fixture = await connect(mode, { clientInfo: { name: 'cloned', version: '7' } });
      const pid = fixture.wire.inner.pid!;
      const opened = (): number => sentOf(fixture.wire, fixture.client.era === 'legacy' ? 'initialize' : 'server/discover').length;
      const openedBefore = opened();
      await using copy = await fixture.client.clone();
      expect(copy).not.toBe(fixture.client);
      expect(copy.era).toBe(fixture.client.era);
      // the same (recording) transport, connected again: a second process, negotiated afresh with the same clientInfo
      expect(fixture.wire.inner.pid).not.toBe(pid);
      expect(processAlive(pid)).toBe(true);
      expect(opened()).toBe(openedBefore + 1);
      const last = sentOf(fixture.wire, fixture.client.era === 'legacy' ? 'initialize' : 'server/discover').at(-1) as JsonRpcRequest;
      expect(JSON.stringify(last.params)).toContain('"name":"cloned"');
      expect(firstText(await copy.callTool('echo', { text: 'from the clone' }))).toBe('from the clone');
      await copy.close();
      expect(fixture.client.connected).toBe(true);
      expect(firstText(await fixture.client.callTool('echo', { text: 'still here' }))).toBe('still here');
    });
  });

  describe('reentrant use', () => {
    it('shares one connection between nested and concurrent scopes; the last one out closes it', async () => {
      const wire = recording(fixtureServer());
      const client = await Client.connect(wire, { mode });
      const pid = wire.inner.pid!;
      const inner = async (text: string): Promise<string> => {
        await using held = client.retain();
        return firstText(await held.callTool('echo', { text }));
      };
      {
        await using outer = client;
        expect(await Promise.all([inner('a'), inner('b'), inner('c')])).toEqual(['a', 'b', 'c']);
        expect(outer.holders).toBe(1);
        expect(outer.connected).toBe(true);
      }
      expect(client.connected).toBe(false);
      expect(client.holders).toBe(0);
      expect(processAlive(pid)).toBe(false);
      expect(() => client.retain()).toThrow(ConnectionClosedError);
      expect(sentOf(wire, 'initialize').length + sentOf(wire, 'server/discover').length).toBe(1);
    });
  });
});

describe('initTimeoutMs', () => {
  it('bounds the negotiation like connectTimeoutMs (a server that never answers initialize)', async () => {
    const silent = stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'hostile', 'servers', 'silent-reader.mjs')], stderr: 'ignore' });
    const error = await Client.connect(silent, { mode: 'legacy', initTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).method).toBe('connect');
    expect(silent.pid === undefined || !processAlive(silent.pid)).toBe(true);
  });

  it('is an alias: the same value as connectTimeoutMs is accepted, another refused; 0 disables the bound', async () => {
    await expect(Client.connect(fixtureServer(), { initTimeoutMs: 1_000, connectTimeoutMs: 2_000 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(Client.connect(fixtureServer(), { initTimeoutMs: -1 })).rejects.toBeInstanceOf(InvalidOptionError);
    await using same = await Client.connect(fixtureServer(), { initTimeoutMs: 20_000, connectTimeoutMs: 20_000 });
    expect(same.connected).toBe(true);
    await using unbounded = await Client.connect(fixtureServer(), { initTimeoutMs: 0 });
    expect(unbounded.connected).toBe(true);
  });
});
