import { ProtocolViolationError } from '../../lib/protocol/errors.js';
import { decodeResult } from '../../lib/protocol/result-type.js';
import { CallToolResultSchema, ListToolsResultSchema } from '../../lib/protocol/schemas/tools.js';
import { DiscoverResultSchema } from '../../lib/protocol/schemas/lifecycle.js';
import { specExample, specExamples } from '../helpers/spec-examples.js';

describe('decodeResult', () => {
  it('reads a missing resultType as complete (legacy servers)', () => {
    expect(decodeResult('tools/call', { content: [{ type: 'text', text: 'hi' }] }, CallToolResultSchema)).toEqual({
      resultType: 'complete',
      result: { content: [{ type: 'text', text: 'hi' }] },
    });
  });

  it('validates a complete result against the schema, keeping unknown fields', () => {
    const decoded = decodeResult('tools/list', { resultType: 'complete', tools: [{ name: 't', inputSchema: { type: 'object' }, future: 1 }], ttlMs: 5 }, ListToolsResultSchema);
    expect(decoded.resultType).toBe('complete');
    expect(decoded.result).toMatchObject({ tools: [{ name: 't', future: 1 }], ttlMs: 5 });
  });

  it('decodes input_required for the three methods that may return it', () => {
    for (const method of ['tools/call', 'prompts/get', 'resources/read']) {
      const decoded = decodeResult(method, { resultType: 'input_required', requestState: 'abc' }, CallToolResultSchema);
      expect(decoded).toEqual({ resultType: 'input_required', result: { resultType: 'input_required', requestState: 'abc' } });
    }
  });

  it('rejects input_required anywhere else', () => {
    expect(() => decodeResult('tools/list', { resultType: 'input_required', requestState: 'x' }, ListToolsResultSchema)).toThrow(
      new ProtocolViolationError("'tools/list' may not return an input_required result"),
    );
  });

  it('rejects an input_required result with neither inputRequests nor requestState', () => {
    expect(() => decodeResult('tools/call', { resultType: 'input_required' }, CallToolResultSchema)).toThrow(/needs inputRequests or requestState/);
  });

  it('treats an unknown resultType as invalid, never as a result', () => {
    let caught: unknown;
    try {
      decodeResult('tools/call', { resultType: 'receipt', content: [] }, CallToolResultSchema);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProtocolViolationError);
    expect((caught as ProtocolViolationError).message).toBe(`Unknown resultType "receipt" for 'tools/call'`);
    expect((caught as ProtocolViolationError).raw).toEqual({ resultType: 'receipt', content: [] });
  });

  it('names the offending path of a wrong shape', () => {
    expect(() => decodeResult('tools/call', { content: 'not an array' }, CallToolResultSchema)).toThrow(/Invalid result for 'tools\/call': content:/);
    expect(() => decodeResult('tools/call', { content: [{ type: 'video', url: 'x' }] }, CallToolResultSchema)).toThrow(ProtocolViolationError);
    expect(() => decodeResult('tools/call', 'a string', CallToolResultSchema)).toThrow(ProtocolViolationError);
  });

  it('accepts the official example results', () => {
    expect(decodeResult('server/discover', specExample('DiscoverResult'), DiscoverResultSchema).resultType).toBe('complete');
    for (const example of Object.values(specExamples('CallToolResult'))) {
      expect(decodeResult('tools/call', example, CallToolResultSchema).resultType).toBe('complete');
    }
    for (const example of Object.values(specExamples('ListToolsResult'))) {
      expect(decodeResult('tools/list', example, ListToolsResultSchema).resultType).toBe('complete');
    }
    for (const example of Object.values(specExamples('InputRequiredResult'))) {
      expect(decodeResult('tools/call', example, CallToolResultSchema).resultType).toBe('input_required');
    }
  });
});
