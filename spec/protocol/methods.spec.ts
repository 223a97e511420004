import * as z from 'zod';
import { InvalidOptionError, ProtocolViolationError } from '../../lib/protocol/errors.js';
import { METHODS, methodEntry, registerResultType } from '../../lib/protocol/methods.js';
import { decodeResult, INPUT_REQUIRED_METHODS, parseResult } from '../../lib/protocol/result-type.js';
import { CACHEABLE_METHODS, invalidationTargets } from '../../lib/cache/invalidation.js';
import { shouldRetryMethod } from '../../lib/operators/retry.js';
import { CallToolResultSchema, ListToolsResultSchema } from '../../lib/protocol/schemas/tools.js';

const TaskHandleSchema = z.looseObject({ resultType: z.literal('task'), taskId: z.string() });

describe('the method registry', () => {
  it('holds one entry per method the client sends, with the facts the layers classify by', () => {
    expect([...METHODS.keys()].sort()).toEqual(
      [
        'completion/complete',
        'initialize',
        'logging/setLevel',
        'notifications/roots/list_changed',
        'ping',
        'prompts/get',
        'prompts/list',
        'resources/list',
        'resources/read',
        'resources/subscribe',
        'resources/templates/list',
        'resources/unsubscribe',
        'server/discover',
        'subscriptions/listen',
        'tools/call',
        'tools/list',
      ].sort(),
    );
    expect(methodEntry('tools/list')).toMatchObject({ kind: 'request', eras: ['legacy', 'modern'], idempotent: true, cacheable: true, resultSchema: ListToolsResultSchema });
    expect(methodEntry('tools/call')).toMatchObject({ idempotent: false, cacheable: false, resultSchema: CallToolResultSchema });
    expect(methodEntry('ping')?.eras).toEqual(['legacy']);
    expect(methodEntry('subscriptions/listen')?.eras).toEqual(['modern']);
    expect(methodEntry('notifications/roots/list_changed')?.kind).toBe('notification');
    expect(methodEntry('no/such/method')).toBeUndefined();
  });

  it('derives the old sets: input_required methods, cacheable methods, and the retry default of idempotent ones', () => {
    expect([...INPUT_REQUIRED_METHODS].sort()).toEqual(['prompts/get', 'resources/read', 'tools/call']);
    expect([...CACHEABLE_METHODS].sort()).toEqual(['prompts/list', 'resources/list', 'resources/read', 'resources/templates/list', 'tools/list']);
    const idempotent = [...METHODS.values()].filter((entry) => entry.idempotent).map((entry) => entry.method);
    expect(idempotent.sort()).toEqual(
      ['completion/complete', 'initialize', 'ping', 'prompts/get', 'prompts/list', 'resources/list', 'resources/read', 'resources/templates/list', 'server/discover', 'tools/list'].sort(),
    );
    for (const method of idempotent) expect(shouldRetryMethod(method)).toBe(true);
    expect(shouldRetryMethod('tools/call')).toBe(false);
  });

  it('indexes the invalidating notifications of each cacheable method', () => {
    expect(methodEntry('resources/read')?.invalidatedBy).toEqual([{ notification: 'notifications/resources/updated', scope: 'uri' }]);
    expect(invalidationTargets({ method: 'notifications/resources/list_changed' })).toEqual([
      { method: 'resources/list', paramsKey: '' },
      { method: 'resources/templates/list', paramsKey: '' },
    ]);
  });

  it('accepts a result type an extension registered, for its method only, with its parser', () => {
    // before the claim: unknown everywhere
    expect(() => parseResult('tools/call', { resultType: 'task', taskId: 't1' }, CallToolResultSchema)).toThrow(new ProtocolViolationError(`Unknown resultType "task" for 'tools/call'`));
    registerResultType('tools/call', 'task', (raw, method) => {
      const parsed = TaskHandleSchema.safeParse(raw);
      if (!parsed.success) throw new ProtocolViolationError(`Invalid task result for '${method}'`, raw);
      return parsed.data;
    });
    expect(methodEntry('tools/call')?.resultTypes.has('task')).toBe(true);
    expect(decodeResult('tools/call', { resultType: 'task', taskId: 't1' }, CallToolResultSchema)).toEqual({
      resultType: 'claimed',
      claim: 'task',
      result: { resultType: 'task', taskId: 't1' },
    });
    // the parser validates
    expect(() => decodeResult('tools/call', { resultType: 'task' }, CallToolResultSchema)).toThrow(new ProtocolViolationError(`Invalid task result for 'tools/call'`));
    // other methods still refuse it
    expect(() => decodeResult('tools/list', { resultType: 'task', taskId: 't1' }, ListToolsResultSchema)).toThrow(new ProtocolViolationError("'tools/list' may not return an task result"));
    expect(() => decodeResult('prompts/get', { resultType: 'task', taskId: 't1' }, CallToolResultSchema)).toThrow(ProtocolViolationError);
    // complete and input_required are unchanged for the method
    expect(decodeResult('tools/call', { content: [] }, CallToolResultSchema).resultType).toBe('complete');
    expect(decodeResult('tools/call', { resultType: 'input_required', requestState: 's' }, CallToolResultSchema).resultType).toBe('input_required');
  });

  it('refuses to claim complete, or a type the method already claims', () => {
    expect(() => registerResultType('tools/call', 'complete', (raw) => raw)).toThrow(InvalidOptionError);
    expect(() => registerResultType('tools/call', 'input_required', (raw) => raw)).toThrow(InvalidOptionError);
  });

  it('gives a method it does not know an entry when a result type is claimed for it', () => {
    registerResultType('tasks/get', 'task', (raw) => raw);
    expect(methodEntry('tasks/get')).toMatchObject({ kind: 'request', idempotent: false, cacheable: false });
    expect(parseResult('tasks/get', { resultType: 'task', taskId: 'x' }, TaskHandleSchema)).toEqual({ resultType: 'task', taskId: 'x' });
  });
});
