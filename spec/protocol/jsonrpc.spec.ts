import {
  classifyMessage,
  JsonRpcErrorResponseSchema,
  JsonRpcNotificationSchema,
  JsonRpcRequestSchema,
  JsonRpcResultResponseSchema,
} from '../../lib/protocol/jsonrpc.js';
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


describe('classifyMessage agrees with the zod schemas', () => {
  // Every combination of plausible and broken member values: the fast structural check must
  // reach the same verdict as validating with the schema of the kind the value claims to be.
  const ids = [undefined, 1, 0, -3, 'abc', '', null, 1.5, 2 ** 60, true, {}];
  const versions = ['2.0', '1.0', undefined, 2];
  const objects = [undefined, {}, { a: 1 }, null, [], 'x', 3];
  const errors = [undefined, { code: -32601, message: 'm' }, { code: -32601, message: 'm', data: [1] }, { code: 1.5, message: 'm' }, { code: -1 }, { message: 'm' }, null, 'e'];

  it('on thousands of generated messages', () => {
    let checked = 0;
    for (const jsonrpc of versions) {
      for (const id of ids) {
        for (const method of [undefined, 'tools/call', 42]) {
          for (const params of objects) {
            const value = strip({ jsonrpc, id, method, params });
            check(value, method === undefined ? undefined : id === undefined ? JsonRpcNotificationSchema : JsonRpcRequestSchema);
            checked++;
          }
        }
        for (const result of objects) {
          for (const error of errors) {
            const value = strip({ jsonrpc, id, result, error });
            const schema = result !== undefined ? JsonRpcResultResponseSchema : error !== undefined ? JsonRpcErrorResponseSchema : undefined;
            check(value, schema, result !== undefined && error !== undefined);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  function check(value: Record<string, unknown>, schema: { safeParse(v: unknown): { success: boolean } } | undefined, bothResultAndError = false): void {
    const classified = classifyMessage(value);
    const schemaSays = schema !== undefined && schema.safeParse(value).success && !bothResultAndError;
    expect({ value, valid: classified.kind !== 'invalid' }).toEqual({ value, valid: schemaSays });
  }

  function strip(value: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  }
});
