import { deepFreeze, isDeepFrozen } from '../../lib/cache/freeze.js';

describe('deepFreeze', () => {
  it('freezes every object and array reachable, in place', () => {
    const value = { tools: [{ name: 'a', inputSchema: { properties: { x: { type: 'string' } } } }], meta: { n: 1 } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.tools)).toBe(true);
    expect(Object.isFrozen(value.tools[0]!.inputSchema.properties.x)).toBe(true);
    expect(isDeepFrozen(value)).toBe(true);
  });

  it('makes mutation throw in strict-mode code (this module) and leaves the value unchanged', () => {
    const value = deepFreeze({ tools: [{ name: 'a' }] });
    expect(() => {
      (value.tools[0] as { name: string }).name = 'b';
    }).toThrow(TypeError);
    expect(() => (value.tools as { name: string }[]).push({ name: 'c' })).toThrow(TypeError);
    expect(value).toEqual({ tools: [{ name: 'a' }] });
  });

  it('passes primitives through and ends at cycles and typed arrays', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
    const cyclic: { self?: unknown; bytes: Uint8Array } = { bytes: new Uint8Array([1, 2]) };
    cyclic.self = cyclic;
    expect(deepFreeze(cyclic)).toBe(cyclic);
    expect(Object.isFrozen(cyclic)).toBe(true);
    expect(isDeepFrozen({})).toBe(false);
    expect(isDeepFrozen('text')).toBe(true);
  });
});
