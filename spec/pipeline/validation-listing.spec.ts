/**
 * The listing output validation needs for a tool the client does not know yet goes out beside
 * a Promise call on the fast path (the output-validation stage's `sent`), not after the call's
 * result: asserted on what the server has received when it answers the call. The result still
 * waits for the listing and is validated against it, whichever answer comes first. A call that
 * runs through the chain (`callTool$`, a user interceptor, a call the tasks stage lists for
 * first) lists after its result, as before. The listing is held by the calls that sent it: when
 * they all end without a result that waits for it (a timeout, a cancellation), it is cancelled
 * on the wire, and nothing stays pending.
 */
import { lastValueFrom, of } from 'rxjs';
import { CancelledError, TimeoutError } from '../../lib/protocol/errors.js';
import { Client } from '../../lib/client/client.js';
import type { ClientOptions } from '../../lib/client/client-options.js';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import type { McpInterceptor } from '../../lib/pipeline/mcp-request.js';
import { ToolOutputValidationError } from '../../lib/validation/errors.js';
import { methodsOf } from '../helpers/recording-transport.js';
import { scriptedPeer, type ScriptedPeer } from '../helpers/scripted-peer.js';

const SUM = { name: 'sum', inputSchema: { type: 'object' }, outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] } };

interface Script {
  /** The server's capabilities in its `initialize` answer. Default `{ tools: {} }`. */
  readonly capabilities?: JsonObject;
  /** The `tools/call` result. */
  readonly callResult?: JsonObject;
  /** Answers `tools/list` one turn later (after the call's answer) instead of at once. */
  readonly listLater?: boolean;
}

/**
 * A legacy server that answers each `tools/call` one turn after receiving it (so everything the
 * client wrote in the call's tick has arrived) and records, per call, the methods it had
 * received by then.
 */
function legacyServer(script: Script = {}): { peer: ScriptedPeer; seenAtCallAnswer: string[][] } {
  const seenAtCallAnswer: string[][] = [];
  const peer = scriptedPeer((message: JsonRpcMessage, p) => {
    if (!('id' in message) || !('method' in message)) return;
    const request = message as JsonRpcRequest;
    if (request.method === 'initialize') {
      p.result(request.id, { protocolVersion: '2025-11-25', capabilities: script.capabilities ?? { tools: {} }, serverInfo: { name: 'scripted', version: '0' } });
    } else if (request.method === 'tools/list') {
      if (script.listLater) setImmediate(() => setImmediate(() => p.result(request.id, { tools: [SUM] })));
      else p.result(request.id, { tools: [SUM] });
    } else if (request.method === 'tools/call') {
      setImmediate(() => {
        seenAtCallAnswer.push(methodsOf(p.received));
        p.result(request.id, script.callResult ?? { content: [], structuredContent: { sum: 3 } });
      });
    }
  });
  return { peer, seenAtCallAnswer };
}

async function connect(peer: ScriptedPeer, options: ClientOptions = {}): Promise<Client> {
  return Client.connect(peer.transport, { mode: 'legacy', ...options });
}

const HANDSHAKE = ['initialize', 'notifications/initialized'];

describe('the validation listing of an unknown tool travels beside the call', () => {
  it('callTool: the server has the tools/list before it answers the call; the result is validated against it', async () => {
    const { peer, seenAtCallAnswer } = legacyServer();
    await using client = await connect(peer);
    expect((await client.callTool('sum', {})).structuredContent).toEqual({ sum: 3 });
    expect(seenAtCallAnswer).toEqual([[...HANDSHAKE, 'tools/call', 'tools/list']]);
    // known now: later calls send no listing
    await client.callTool('sum', {});
    expect(methodsOf(peer.received)).toEqual([...HANDSHAKE, 'tools/call', 'tools/list', 'tools/call']);
  });

  it('callTool$ runs the chain: it lists after the result, and the same requests go on the wire', async () => {
    const { peer, seenAtCallAnswer } = legacyServer();
    await using client = await connect(peer);
    const last = await lastValueFrom(client.callTool$('sum', {}));
    expect(last).toMatchObject({ type: 'result', result: { structuredContent: { sum: 3 } } });
    expect(seenAtCallAnswer).toEqual([[...HANDSHAKE, 'tools/call']]);
    expect(methodsOf(peer.received)).toEqual([...HANDSHAKE, 'tools/call', 'tools/list']);
  });

  it('a result that arrives before the listing waits for it, and is refused when the listing says it is invalid', async () => {
    const { peer } = legacyServer({ listLater: true, callResult: { content: [], structuredContent: { sum: 'three' } } });
    await using client = await connect(peer);
    await expect(client.callTool('sum', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
    await expect(client.callTool('sum', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
    expect(peer.requests('tools/list')).toHaveLength(1);
  });

  it('an error result needs no validation, but its call had the listing sent beside it all the same (once)', async () => {
    const { peer, seenAtCallAnswer } = legacyServer({ callResult: { content: [], isError: true } });
    await using client = await connect(peer);
    expect((await client.callTool('sum', {})).isError).toBe(true);
    expect((await client.callTool('sum', {})).isError).toBe(true);
    expect(seenAtCallAnswer[0]).toEqual([...HANDSHAKE, 'tools/call', 'tools/list']);
    expect(peer.requests('tools/list')).toHaveLength(1);
  });

  it('a call an inner interceptor answers itself sends nothing beside it; its result then lists, as before', async () => {
    const answered: McpInterceptor = (request, next) =>
      request.method === 'tools/call' ? of<RequestEvent<unknown>>({ type: 'result', result: { content: [], structuredContent: { sum: 'three' } } }) : next(request);
    const { peer } = legacyServer();
    await using client = await connect(peer, { interceptors: { inner: [answered] } });
    await expect(client.callTool('sum', {})).rejects.toBeInstanceOf(ToolOutputValidationError);
    expect(methodsOf(peer.received)).toEqual([...HANDSHAKE, 'tools/list']);
  });

  it('a 2025-11-25 server that runs calls as tasks: the tasks stage lists before the call, and no second listing goes beside it', async () => {
    const { peer, seenAtCallAnswer } = legacyServer({ capabilities: { tools: {}, tasks: { requests: { tools: { call: {} } } } } });
    await using client = await connect(peer);
    expect((await client.callTool('sum', {})).structuredContent).toEqual({ sum: 3 });
    expect(seenAtCallAnswer).toEqual([[...HANDSHAKE, 'tools/list', 'tools/call']]);
    expect(peer.requests('tools/list')).toHaveLength(1);
  });
});

describe('the listing beside a call is held by the calls that sent it', () => {
  /** A legacy server that answers only `initialize`; resolves `cancelled` once it was told to cancel `count` requests, with their ids. */
  function silentServer(count: number): { peer: ScriptedPeer; cancelled: Promise<unknown[]> } {
    const ids: unknown[] = [];
    let done: (ids: unknown[]) => void = () => undefined;
    const cancelled = new Promise<unknown[]>((resolve) => (done = resolve));
    const peer = scriptedPeer((message, p) => {
      if ('id' in message && 'method' in message && message.method === 'initialize') {
        p.result(message.id, { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'silent', version: '0' } });
      } else if ('method' in message && message.method === 'notifications/cancelled') {
        ids.push((message.params as { requestId: unknown }).requestId);
        if (ids.length === count) done(ids);
      }
    });
    return { peer, cancelled };
  }

  it('a call that times out gives the listing up: both are cancelled on the wire, nothing stays pending', async () => {
    const { peer, cancelled } = silentServer(2);
    await using client = await connect(peer);
    await expect(client.callTool('sum', {}, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(client.session.dispatcher.pendingCount).toBe(0);
    const ids = [peer.requests('tools/call')[0]!.id, peer.requests('tools/list')[0]!.id];
    expect((await cancelled).sort()).toEqual(ids.sort());
  });

  it('a call cancelled by its signal gives the listing up: both are cancelled on the wire', async () => {
    const { peer, cancelled } = silentServer(2);
    await using client = await connect(peer);
    const abort = new AbortController();
    const call = client.callTool('sum', {}, { signal: abort.signal });
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    await expect(call).rejects.toBeInstanceOf(CancelledError);
    expect(client.session.dispatcher.pendingCount).toBe(0);
    expect(await cancelled).toHaveLength(2);
    expect(peer.requests('tools/list')).toHaveLength(1);
  });

  it('the listing stays while another call still holds it', async () => {
    const { peer } = legacyServer({ listLater: true, callResult: { content: [], structuredContent: { sum: 'three' } } });
    await using client = await connect(peer);
    const abort = new AbortController();
    const given = client.callTool('sum', {}, { signal: abort.signal });
    const kept = client.callTool('sum', {});
    // written (the server answers the calls a turn after it got them): the cancellation goes on the wire
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    await expect(given).rejects.toBeInstanceOf(CancelledError);
    await expect(kept).rejects.toBeInstanceOf(ToolOutputValidationError);
    expect(peer.requests('tools/list')).toHaveLength(1);
    // only the given-up call was cancelled, not the listing
    const cancellations = peer.received.filter((message) => 'method' in message && message.method === 'notifications/cancelled');
    expect(cancellations.map((message) => (message as unknown as { params: { requestId: unknown } }).params.requestId)).toEqual([peer.requests('tools/call')[0]!.id]);
  });
});
