/**
 * Bad input from a real process: a hand-written server that writes garbage, answers unknown ids,
 * answers twice, sends wrong shapes and huge messages, or dies. Each case ends in a typed error
 * or a fault report; nothing hangs, nothing crashes, the connection survives what it can.
 */
import { Client } from '../../lib/client/client.js';
import { ConnectionClosedError, MessageTooLargeError, ProtocolViolationError, TimeoutError, type RxMcpError } from '../../lib/protocol/errors.js';
import { firstText, rogueServer } from '../helpers/servers.js';
import { until } from '../helpers/scripted-peer.js';

describe('a misbehaving server over stdio', () => {
  let client: Client;
  let faults: RxMcpError[];

  beforeEach(async () => {
    client = await Client.connect(rogueServer({ maxMessageBytes: 8 * 1024 * 1024 }));
    faults = [];
    client.faults$.subscribe((fault) => faults.push(fault));
  });
  afterEach(() => client.close());

  it('falls back to legacy when discover is refused', () => {
    expect(client.era).toBe('legacy');
    expect(client.serverInfo?.name).toBe('rogue');
  });

  it('reports lines that are not JSON or not JSON-RPC, and still delivers the answer', async () => {
    const result = await client.callTool('garbage', {});
    expect(firstText(result)).toBe('after garbage');
    expect(faults.map((fault) => fault.message)).toEqual([
      'Server wrote a line that is not JSON: this is not JSON',
      'Server wrote a line that is not JSON: {"jsonrpc":"2.0",',
      'Invalid message from the server: not a request, notification or response (no method, result or error member)',
    ]);
    expect(faults.every((fault) => fault instanceof ProtocolViolationError)).toBe(true);
    expect((faults[0] as ProtocolViolationError).raw).toBe('this is not JSON');
  });

  it('reports a response for an unknown id and keeps the right one', async () => {
    expect(firstText(await client.callTool('unknown-id', {}))).toBe('for you');
    expect(faults.map((fault) => fault.message)).toEqual(['Received a response for unknown request id 987654']);
  });

  it('takes the first of two responses and reports the second', async () => {
    expect(firstText(await client.callTool('duplicate', {}))).toBe('first');
    await until(() => faults.length === 1);
    expect(faults[0]!.message).toMatch(/^Received a response for unknown request id \d+$/);
    expect(firstText(await client.callTool('unknown-id', {}))).toBe('for you');
  });

  it('fails a result of the wrong shape with ProtocolViolationError', async () => {
    const error = await client.callTool('wrong-shape', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolViolationError);
    expect((error as Error).message).toMatch(/^Invalid result for 'tools\/call': content:/);
    expect((error as ProtocolViolationError).raw).toEqual({ content: 'not an array' });
  });

  it('fails a result with an unknown resultType', async () => {
    await expect(client.callTool('bad-result-type', {})).rejects.toThrow(`Unknown resultType "mystery" for 'tools/call'`);
  });

  it('accepts a 20 MB message when the limit allows it', async () => {
    await client.close();
    client = await Client.connect(rogueServer());
    const result = await client.callTool('huge', { bytes: 20 * 1024 * 1024 });
    expect(firstText(result).length).toBe(20 * 1024 * 1024);
  });

  it.each([false, true])('fails the request an oversized message answers (id last: %s), and the connection carries on', async (idLast) => {
    const error = await client.callTool('huge', { bytes: 9 * 1024 * 1024, idLast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ limit: 8 * 1024 * 1024 });
    expect((error as MessageTooLargeError).size).toBeGreaterThan(9 * 1024 * 1024);
    expect(firstText(await client.callTool('unknown-id', {}))).toBe('for you');
  });

  it('delivers many notifications in wire order, none dropped', async () => {
    const seen: number[] = [];
    client.notifications$.subscribe((notification) => seen.push((notification.params as { data: number }).data));
    await client.callTool('notify', { count: 5000 });
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('times out a request the server never answers, and stays usable', async () => {
    await expect(client.callTool('hang', {}, { timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(firstText(await client.callTool('unknown-id', {}))).toBe('for you');
  });

  it('fails everything in flight when the server exits, quoting its stderr', async () => {
    const waiting = Array.from({ length: 20 }, () => client.callTool('die-later', { ms: 60_000 }).catch((e: unknown) => e));
    const exit = await client.callTool('exit', {}).catch((e: unknown) => e);
    const errors = [exit, ...(await Promise.all(waiting))];
    expect(errors.every((error) => error instanceof ConnectionClosedError)).toBe(true);
    expect((exit as Error).message).toContain('exited with code 7');
    expect((exit as Error).message).toContain('rogue: giving up');
    expect(client.connected).toBe(false);
  });
});
