import { classifyMessage } from '../../lib/protocol/jsonrpc.js';
import { specExample } from '../helpers/spec-examples.js';

describe('classifyMessage', () => {
  it('recognises the four kinds of message', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 1, method: 'tools/list' }).kind).toBe('request');
    expect(classifyMessage({ jsonrpc: '2.0', id: 'a', method: 'ping', params: {} }).kind).toBe('request');
    expect(classifyMessage({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } }).kind).toBe('notification');
    expect(classifyMessage({ jsonrpc: '2.0', id: 7, result: {} }).kind).toBe('result');
    expect(classifyMessage({ jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'Method not found' } }).kind).toBe('error');
    expect(classifyMessage({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }).kind).toBe('error');
  });

  it('keeps unknown members (tolerant of newer revisions)', () => {
    const classified = classifyMessage({ jsonrpc: '2.0', id: 1, result: { a: 1 }, extra: true });
    expect(classified).toEqual({ kind: 'result', message: { jsonrpc: '2.0', id: 1, result: { a: 1 }, extra: true } });
  });

  it('accepts the official 2026-07-28 example messages', () => {
    expect(classifyMessage(specExample('CallToolResultResponse')).kind).toBe('result');
    expect(classifyMessage(specExample('ProgressNotification')).kind).toBe('notification');
    expect(classifyMessage({ jsonrpc: '2.0', id: 3, error: specExample('MethodNotFoundError') }).kind).toBe('error');
    expect(classifyMessage(specExample('CallToolRequest')).kind).toBe('request');
  });

  it.each([
    ['a string', 'hello', 'must be a JSON object'],
    ['null', null, 'must be a JSON object'],
    ['an array', [1], 'must be a JSON object'],
    ['no discriminating member', { jsonrpc: '2.0', id: 1 }, 'not a request, notification or response'],
    ['a wrong jsonrpc version', { jsonrpc: '1.0', id: 1, method: 'x' }, 'malformed request'],
    ['a null request id', { jsonrpc: '2.0', id: null, method: 'x' }, 'malformed request'],
    ['a fractional id', { jsonrpc: '2.0', id: 1.5, result: {} }, 'malformed result response'],
    ['a non-object result', { jsonrpc: '2.0', id: 1, result: 'yes' }, 'malformed result response'],
    ['an error without a code', { jsonrpc: '2.0', id: 1, error: { message: 'x' } }, 'malformed error response'],
    ['a non-string method', { jsonrpc: '2.0', method: 42 }, 'malformed notification'],
  ])('rejects %s', (_name, value, reason) => {
    const classified = classifyMessage(value);
    expect(classified.kind).toBe('invalid');
    expect(classified.kind === 'invalid' && classified.reason).toContain(reason);
  });

  it('keeps the id of an invalid response so its request can fail', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 4, result: 'nope' })).toMatchObject({ kind: 'invalid', id: 4 });
    expect(classifyMessage({ jsonrpc: '2.0', id: null, result: 'nope' })).not.toHaveProperty('id');
  });
});

