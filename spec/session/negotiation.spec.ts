import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, InvalidOptionError, McpError, UnsupportedProtocolVersionError } from '../../lib/protocol/errors.js';
import type { JsonRpcMessage, JsonRpcRequest } from '../../lib/protocol/jsonrpc.js';
import { flushed, scriptedPeer, type ScriptedPeer } from '../helpers/scripted-peer.js';

const isRequest = (message: JsonRpcMessage): message is JsonRpcRequest => 'method' in message && 'id' in message;
const methods = (peer: ScriptedPeer): string[] => peer.received.map((m) => ('method' in m ? m.method : `<response ${String((m as { id: unknown }).id)}>`));
const metaOf = (message: JsonRpcMessage | undefined): Record<string, unknown> => ((message as JsonRpcRequest).params?._meta ?? {}) as Record<string, unknown>;

const DISCOVER_RESULT = {
  resultType: 'complete',
  supportedVersions: ['2026-07-28', '2025-11-25'],
  capabilities: { tools: { listChanged: true } },
  instructions: 'Be nice.',
  ttlMs: 1000,
  cacheScope: 'public' as const,
  _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'modern-server', version: '2.0.0' } },
};
const INIT_RESULT = { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'legacy-server', version: '1.0.0' }, instructions: 'Old.' };
const clientInfo = { name: 'spec-client', version: '9.9.9' };

/** A server that answers discover and initialize as scripted, and lists no tools. */
function server(onDiscover: (request: JsonRpcRequest, peer: ScriptedPeer) => void, onInitialize?: (request: JsonRpcRequest, peer: ScriptedPeer) => void): ScriptedPeer {
  return scriptedPeer((message, peer) => {
    if (!isRequest(message)) return;
    if (message.method === 'server/discover') onDiscover(message, peer);
    else if (message.method === 'initialize') (onInitialize ?? ((r, p) => p.result(r.id, INIT_RESULT)))(message, peer);
    else if (message.method === 'tools/list') peer.result(message.id, { tools: [] });
  });
}

describe('mode: legacy', () => {
  it('sends initialize, then notifications/initialized, and no discover', async () => {
    const peer = server(() => undefined);
    const client = await Client.connect(peer.transport, { mode: 'legacy', clientInfo, capabilities: { roots: {} } });
    await flushed();
    expect(methods(peer)).toEqual(['initialize', 'notifications/initialized']);
    expect(peer.received[0]).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: { roots: {} }, clientInfo },
    });
    expect(client.protocolVersion).toBe('2025-11-25');
    expect(client.era).toBe('legacy');
    expect(client.serverInfo).toEqual({ name: 'legacy-server', version: '1.0.0' });
    expect(client.instructions).toBe('Old.');
    expect(client.initializeResult).toEqual(INIT_RESULT);
    expect(client.discoverResult).toBeUndefined();
    await client.listTools();
    expect(metaOf(peer.received[2])).toEqual({ progressToken: 2 }); // legacy requests carry no envelope
    await client.close();
  });

  it('accepts an older handshake version the server counter-offers', async () => {
    const peer = server(() => undefined, (r, p) => p.result(r.id, { ...INIT_RESULT, protocolVersion: '2025-03-26' }));
    const client = await Client.connect(peer.transport, { mode: 'legacy' });
    expect(client.protocolVersion).toBe('2025-03-26');
    await client.close();
  });

  it('fails, and disconnects, when the server answers with a version rxmcp does not speak', async () => {
    const peer = server(() => undefined, (r, p) => p.result(r.id, { ...INIT_RESULT, protocolVersion: '1999-01-01' }));
    const error = await Client.connect(peer.transport, { mode: 'legacy' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedProtocolVersionError);
    expect(methods(peer)).toEqual(['initialize']);
  });
});

describe('mode: auto', () => {
  it('probes with server/discover carrying the envelope, sends no initialize, and adopts the result', async () => {
    const peer = server((r, p) => p.result(r.id, DISCOVER_RESULT));
    const client = await Client.connect(peer.transport, { clientInfo, capabilities: { elicitation: {} } });
    expect(methods(peer)).toEqual(['server/discover']);
    expect(peer.received[0]).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'server/discover',
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, extensions: { 'io.modelcontextprotocol/tasks': {} } },
          'io.modelcontextprotocol/clientInfo': clientInfo,
        },
      },
    });
    expect(client.protocolVersion).toBe('2026-07-28');
    expect(client.era).toBe('modern');
    expect(client.serverInfo).toEqual({ name: 'modern-server', version: '2.0.0' });
    expect(client.serverCapabilities).toEqual({ tools: { listChanged: true } });
    expect(client.instructions).toBe('Be nice.');
    expect(client.discoverResult).toMatchObject({ supportedVersions: ['2026-07-28', '2025-11-25'] });
    expect(client.initializeResult).toBeUndefined();
    await client.close();
  });

  it('stamps the envelope on every later request, letting per-call _meta win', async () => {
    const peer = server((r, p) => p.result(r.id, DISCOVER_RESULT));
    const client = await Client.connect(peer.transport, { clientInfo });
    await client.listTools({}, { meta: { 'io.modelcontextprotocol/clientCapabilities': { sampling: {} }, trace: 'x' } });
    await client.listTools();
    expect(metaOf(peer.received[1])).toEqual({
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': { sampling: {} },
      'io.modelcontextprotocol/clientInfo': clientInfo,
      trace: 'x',
      progressToken: 2,
    });
    expect(metaOf(peer.received[2])).toEqual({
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
      'io.modelcontextprotocol/clientInfo': clientInfo,
      progressToken: 3,
    });
    await client.close();
  });

  it('reads a missing or malformed serverInfo stamp as undefined', async () => {
    const peer = server((r, p) => p.result(r.id, { ...DISCOVER_RESULT, _meta: { 'io.modelcontextprotocol/serverInfo': { name: 42 } } }));
    const client = await Client.connect(peer.transport);
    expect(client.serverInfo).toBeUndefined();
    await client.close();
  });

  it.each([
    ['-32601 Method not found', (r: JsonRpcRequest, p: ScriptedPeer) => p.error(r.id, -32601, 'Method not found')],
    ['-32602 Invalid params', (r: JsonRpcRequest, p: ScriptedPeer) => p.error(r.id, -32602, 'Invalid params')],
    ['-32000 server not initialized', (r: JsonRpcRequest, p: ScriptedPeer) => p.error(r.id, -32000, 'Not initialized')],
    ['an unparsable result', (r: JsonRpcRequest, p: ScriptedPeer) => p.result(r.id, { hello: 'world' })],
    ['a result listing no modern version', (r: JsonRpcRequest, p: ScriptedPeer) => p.result(r.id, { ...DISCOVER_RESULT, supportedVersions: ['2025-11-25'] })],
    ['-32022 listing only handshake versions', (r: JsonRpcRequest, p: ScriptedPeer) => p.error(r.id, -32022, 'Unsupported', { supported: ['2025-06-18'], requested: '2026-07-28' })],
    ['-32022 without data', (r: JsonRpcRequest, p: ScriptedPeer) => p.error(r.id, -32022, 'Unsupported')],
  ])('falls back to initialize on the same connection after %s', async (_name, onDiscover) => {
    const peer = server(onDiscover);
    const client = await Client.connect(peer.transport);
    await flushed();
    expect(methods(peer)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(client.era).toBe('legacy');
    expect(client.protocolVersion).toBe('2025-11-25');
    await client.close();
  });

  it('treats a silent server as legacy on a process pipe, without cancelling the probe', async () => {
    const peer = server(() => undefined);
    const client = await Client.connect(peer.transport, { probeTimeoutMs: 30 });
    await flushed();
    expect(methods(peer)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(client.era).toBe('legacy');
    // the probe's late answer is dropped quietly
    const faults: unknown[] = [];
    client.faults$.subscribe((fault) => faults.push(fault));
    peer.result(1, DISCOVER_RESULT);
    expect(faults).toEqual([]);
    await client.close();
  });

  it('retries once a -32022 that names the very version it refused, and does not loop: legacy after that', async () => {
    const peer = server((r, p) => p.error(r.id, -32022, 'Unsupported protocol version', { supported: ['2026-07-28', '2025-11-25'], requested: '2026-07-28' }));
    const client = await Client.connect(peer.transport);
    await flushed();
    expect(methods(peer)).toEqual(['server/discover', 'server/discover', 'initialize', 'notifications/initialized']);
    expect(client.era).toBe('legacy');
    await client.close();
  });

  it('is modern when the retry at the refused version is answered (a server that refuses the first request)', async () => {
    let discovers = 0;
    const peer = server((r, p) => {
      discovers++;
      if (discovers === 1) p.error(r.id, -32022, 'Unsupported protocol version', { supported: ['2026-07-28'], requested: '2026-07-28' });
      else p.result(r.id, DISCOVER_RESULT);
    });
    const client = await Client.connect(peer.transport);
    expect(methods(peer)).toEqual(['server/discover', 'server/discover']);
    expect(client.era).toBe('modern');
    expect(client.protocolVersion).toBe('2026-07-28');
    await client.close();
  });

  it('fails with UnsupportedProtocolVersionError when -32022 names only unknown modern versions, and sends no initialize', async () => {
    const peer = server((r, p) => p.error(r.id, -32022, 'Unsupported', { supported: ['2030-01-01'], requested: '2026-07-28' }));
    const error = await Client.connect(peer.transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedProtocolVersionError);
    expect(error).toMatchObject({ code: -32022, supported: ['2030-01-01'], requested: '2026-07-28' });
    expect(methods(peer)).toEqual(['server/discover']);
  });

  it('re-probes when a modern-only server answers initialize with -32022', async () => {
    let discovers = 0;
    const peer = server(
      (r, p) => {
        discovers++;
        if (discovers === 1) p.error(r.id, -32601, 'Method not found');
        else p.result(r.id, DISCOVER_RESULT);
      },
      (r, p) => p.error(r.id, -32022, 'Modern only', { supported: ['2026-07-28'], requested: '2025-11-25' }),
    );
    const client = await Client.connect(peer.transport);
    expect(methods(peer)).toEqual(['server/discover', 'initialize', 'server/discover']);
    expect(client.era).toBe('modern');
    await client.close();
  });

  it('passes other initialize errors through and closes the connection', async () => {
    const peer = server((r, p) => p.error(r.id, -32601, 'nope'), (r, p) => p.error(r.id, -32603, 'broken'));
    const error = await Client.connect(peer.transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32603, message: 'broken' });
  });

  it('surfaces a -32021 that names the capabilities it requires: a modern server, initialize would not help', async () => {
    const data = { requiredCapabilities: { elicitation: {} } };
    const peer = server((r, p) => p.error(r.id, -32021, 'Missing required client capability', data));
    const error = await Client.connect(peer.transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32021, data });
    expect(methods(peer)).toEqual(['server/discover']);
  });

  it.each([
    ['a -32021 without requiredCapabilities', -32021, undefined],
    ['a -32020 (header mismatch means nothing without HTTP headers)', -32020, undefined],
  ])('reads %s on a pipe as any other error: legacy', async (_name, code, data) => {
    const peer = server((r, p) => p.error(r.id, code, 'refused', data));
    const client = await Client.connect(peer.transport);
    await flushed();
    expect(methods(peer)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(client.era).toBe('legacy');
    await client.close();
  });

  it('fails with ConnectionClosedError when the server goes away during the probe', async () => {
    const peer = server((_r, p) => p.close());
    const error = await Client.connect(peer.transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
  });
});

describe('mode: pinned modern version', () => {
  it('sends nothing while connecting and reports the pinned version', async () => {
    const peer = server(() => undefined);
    const client = await Client.connect(peer.transport, { mode: '2026-07-28' });
    await flushed();
    expect(peer.received).toEqual([]);
    expect(client.protocolVersion).toBe('2026-07-28');
    expect(client.era).toBe('modern');
    expect(client.serverCapabilities).toEqual({});
    await client.listTools();
    expect(metaOf(peer.received[0])['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    await client.close();
  });

  it('adopts priorDiscover as is', async () => {
    const peer = server(() => undefined);
    const client = await Client.connect(peer.transport, { mode: '2026-07-28', priorDiscover: DISCOVER_RESULT });
    expect(client.serverInfo).toEqual({ name: 'modern-server', version: '2.0.0' });
    expect(client.instructions).toBe('Be nice.');
    expect(peer.received).toEqual([]);
    await client.close();
  });
});

describe('mode validation', () => {
  it('rejects a handshake version with a hint, and nonsense', async () => {
    const peer = server(() => undefined);
    await expect(Client.connect(peer.transport, { mode: '2025-06-18' as never })).rejects.toThrow("Invalid mode \"2025-06-18\": expected 'auto', 'legacy' or one of [\"2026-07-28\"] (to speak 2025-06-18, use mode: 'legacy')");
    // an InvalidOptionError naming the option (issue 10 item 15), no longer a plain TypeError
    const error: unknown = await Client.connect(peer.transport, { mode: 'bogus' as never }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'mode' });
    expect(peer.received).toEqual([]);
  });
});
